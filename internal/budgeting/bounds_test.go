package budgeting_test

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
)

const (
	saysRialsFa = "از ۱ تا ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال"
	saysRialsEn = "from 1 to 1,000,000,000,000,000 rials"
	pastInt64   = "۹۲۲۳۳۷۲۰۳۶۸۵۴۷۷۵۸۰۸" // 2^63, in Persian digits
)

// wantBound checks that err refuses a number of the field, naming the
// limits in both languages.
func wantBound(t *testing.T, what string, err error, field, fa, en string) {
	t.Helper()
	ae, ok := apperr.As(err)
	if !ok || ae.Code != apperr.Invalid || len(ae.Fields) == 0 || ae.Fields[0].Name != field {
		t.Fatalf("%s: %v, want it refused as invalid in %s", what, err, field)
	}
	mustContain(t, what, ae.Msg.Fa, fa)
	mustContain(t, what, ae.Msg.En, en)
}

// TestAmountsBounded: every amount of money budgeting takes lies from 1
// (0 for the amount spent) to 10^15 rials, and the headings' budgets
// together too; the ballot limits staff set are bounded. Each refusal
// names the field and its limits, in the service and in the forms,
// where a number past int64 is refused the same way.
func TestAmountsBounded(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Approval)
		p := s.p
		p.ID, p.Slug = 0, "bounded"
		for what, c := range map[string]struct {
			change        func(*budgeting.Process)
			field, fa, en string
		}{
			"a heading's budget of 2^63-1": {func(p *budgeting.Process) { p.Headings[0].Budget = math.MaxInt64 },
				"headings", saysRialsFa, saysRialsEn},
			"budgets past 10^15 together": {func(p *budgeting.Process) { p.Headings[0].Budget, p.Headings[1].Budget = 6e14, 6e14 },
				"headings", "جمع بودجه", "together must be an amount " + saysRialsEn},
			"10,001 points": {func(p *budgeting.Process) { p.MaxPoints = 10_001 }, "max_points", "از ۰ تا ۱۰٬۰۰۰", "from 0 to 10,000"},
			"1,001 choices": {func(p *budgeting.Process) { p.MaxChoices = 1_001 }, "max_choices", "از ۰ تا ۱٬۰۰۰", "from 0 to 1,000"},
		} {
			bad := p
			bad.Headings = append([]budgeting.Heading(nil), p.Headings...)
			c.change(&bad)
			_, err := e.App.Budget.CreateProcess(ctx, 0, bad)
			wantBound(t, what, err, c.field, c.fa, c.en)
		}
		proposal := budgeting.Proposal{ProcessID: s.p.ID, HeadingID: s.p.Headings[0].ID, CategoryID: 1, Title: "سد", Description: "سد بزرگ"}
		proposal.EstimatedCost = budgeting.MaxRials + 1
		_, err := e.App.Budget.Submit(ctx, s.authorID, proposal)
		wantBound(t, "an estimate past 10^15", err, "estimated_cost", saysRialsFa, "The estimated cost must be an amount "+saysRialsEn)
		top := s.submit(t, 0, "گران‌ترین طرح ممکن", budgeting.MaxRials) // the bound itself is allowed
		r := s.author.PostMultipart("/budgets/d21-staff/proposals", url.Values{"title": {"سد"}, "description": {"سد بزرگ"},
			"heading": {strconv.FormatInt(s.p.Headings[0].ID, 10)}, "category": {"1"}, "estimated_cost": {pastInt64}}, "files", nil)
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a proposal costing 2^63 rials: status %d", r.Status)
		}
		mustContain(t, "a proposal costing 2^63 rials", r.Body, "هزینه برآوردی باید مبلغی "+saysRialsFa)

		e.Clock.Advance(time.Hour + time.Minute) // review
		_, err = e.App.Budget.ReviewProposal(ctx, 0, top, budgeting.Verdict{Feasible: true, FinalCost: budgeting.MaxRials + 1})
		wantBound(t, "a final cost past 10^15", err, "final_cost", saysRialsFa, "The final cost must be an amount "+saysRialsEn)
		reviewer := e.Staff("reviewer@d21.example", "tehran-district-21", auth.Reviewer)
		r = reviewer.PostForm(fmt.Sprintf("%s/proposals/%d/review", s.base, top), url.Values{"feasible": {"yes"}, "final_cost": {pastInt64}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a final cost of 2^63 rials: status %d", r.Status)
		}
		mustContain(t, "a final cost of 2^63 rials", r.Body, "هزینه نهایی باید مبلغی "+saysRialsFa, `href="#final_cost"`)
		err = e.App.Budget.UpdateProject(ctx, 0, top, budgeting.ProjectUpdate{Status: budgeting.ProjectPlanned, Spent: budgeting.MaxRials + 1})
		wantBound(t, "spending past 10^15", err, "spent", "از ۰ تا ۱٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰٬۰۰۰ ریال", "The amount spent must be an amount from 0 to")

		admin := e.Staff("runner@d21.example", "tehran-district-21", auth.Admin)
		settings := s.base + "/settings"
		form, ok := admin.Get(settings).Form(settings)
		if !ok {
			t.Fatal("settings page has no form posting to itself")
		}
		r = admin.PostForm(settings, with(form, map[string][]string{"heading_budget": {pastInt64, "۳۰۰٬۰۰۰٬۰۰۰"}}))
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a heading budget of 2^63 rials: status %d", r.Status)
		}
		mustContain(t, "a heading budget of 2^63 rials", r.Body, "بودجه هر سرفصل باید مبلغی "+saysRialsFa)
	})
}

// TestBallotNumbersBounded: the points and ranks a voter or a clerk
// types are bounded by the ballot (points by its limit, ranks by the
// number of projects) and refused past it, or past int64, naming the
// limits; nothing is stored. The JSON API refuses the points that
// wrapped the sum round in the issue.
func TestBallotNumbersBounded(t *testing.T) {
	t.Parallel()
	for _, kind := range []budgeting.BallotKind{budgeting.Cumulative, budgeting.Ordinal} {
		t.Run(string(kind), func(t *testing.T) {
			t.Parallel()
			apptest.Each(t, func(t *testing.T, e *apptest.Env) {
				ctx := context.Background()
				s := newStaffSite(t, e, kind)
				a, b := s.submit(t, 0, "طرح یک", 1000), s.submit(t, 0, "طرح دو", 2000)
				e.Clock.Advance(time.Hour + time.Minute)
				for _, id := range []int64{a, b} {
					if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: 1000}); err != nil {
						t.Fatal(err)
					}
				}
				e.Clock.Advance(time.Hour) // voting
				hd := s.p.Headings[0].ID
				voter := e.Citizen("09125550101")
				field, over, says := "rank-%d", "3", "رتبه هر طرح باید عددی درست از ۱ تا ۲ باشد"
				if kind == budgeting.Cumulative {
					field, over, says = "pts-%d", "11", "امتیاز هر طرح باید عددی درست از ۰ تا ۱۰ باشد"
					r := postJSON(e, voter, fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballot", s.p.ID, hd),
						fmt.Sprintf(`{"choices":[{"id":%d,"points":9223372036854775807},{"id":%d,"points":1}]}`, a, b))
					wantStatus(t, r, http.StatusBadRequest, "points wrapping round the limit")
					mustContain(t, "points wrapping round the limit", r.Body, "no more than 10 points in all")
				}
				for _, typed := range []string{over, pastInt64, "-1", "۲x"} {
					r := voter.PostForm(fmt.Sprintf("/budgets/d21-staff/vote/%d", hd), url.Values{fmt.Sprintf(field, a): {typed}})
					if r.Status != http.StatusUnprocessableEntity {
						t.Errorf("%q on the ballot form: status %d", typed, r.Status)
					}
					mustContain(t, typed+" on the ballot form", r.Body, says)
				}
				clerk := e.Staff("clerk1@d21.example", "tehran-district-21", auth.Secretariat)
				for _, typed := range []string{over, pastInt64} {
					r := clerk.PostForm(s.base+"/paper", url.Values{"heading": {fmt.Sprint(hd)}, "serial": {"1"},
						fmt.Sprintf("value-%d", a): {typed}})
					if r.Status != http.StatusUnprocessableEntity {
						t.Errorf("%q on a paper sheet: status %d", typed, r.Status)
					}
					mustContain(t, typed+" on a paper sheet", r.Body, says)
				}
				if n, _ := e.App.Budget.BallotCount(ctx, hd); n != 0 {
					t.Errorf("%d ballots stored, want none", n)
				}
			})
		})
	}
}
