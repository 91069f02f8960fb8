package budgeting_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
)

// limitsSite is the ideas process, open for proposals, and a citizen who
// proposes and reports through the pages.
type limitsSite struct {
	e       *apptest.Env
	ctx     context.Context
	p       budgeting.Process
	citizen *apptest.Client
	id      int64 // the citizen's account
}

func newLimitsSite(t *testing.T, e *apptest.Env) *limitsSite {
	t.Helper()
	s := &limitsSite{e: e, ctx: context.Background(), citizen: e.Citizen("09128880001")}
	var err error
	if s.p, err = e.App.Budget.ProcessBySlug(s.ctx, demo.IdeasSlug); err != nil {
		t.Fatal(err)
	}
	s.id = s.account(t, "09128880001")
	return s
}

func (s *limitsSite) account(t *testing.T, phone string) int64 {
	t.Helper()
	u, err := s.e.App.Identity.FindByContact(s.ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// propose posts a proposal through its page.
func (s *limitsSite) propose(title string) apptest.Response {
	return s.citizen.PostMultipart("/budgets/"+s.p.Slug+"/proposals", url.Values{"heading": {fmt.Sprint(s.p.Headings[0].ID)},
		"category": {"1"}, "title": {title}, "description": {"شرح " + title}, "estimated_cost": {"10000000"}}, "files", nil)
}

// proposals files n proposals by new authors, ten a day each.
func (s *limitsSite) proposals(t *testing.T, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		phone := fmt.Sprintf("0912888%04d", 100+i/10)
		if i%10 == 0 {
			s.e.Citizen(phone)
		}
		pr, err := s.e.App.Budget.Submit(s.ctx, s.account(t, phone), budgeting.Proposal{ProcessID: s.p.ID, HeadingID: s.p.Headings[0].ID,
			CategoryID: 1, Title: fmt.Sprintf("پیشنهاد %d", i), Description: "شرح", EstimatedCost: 1_000_000})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.ID)
	}
	return ids
}

// refused checks a refusal by the daily limit: 429, saying the limit and
// how long until midnight in Tehran.
func refused(t *testing.T, what string, r apptest.Response, says ...string) {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		t.Fatalf("%s: %d, want 429\n%.1500s", what, r.Status, r.Body)
	}
	for _, w := range append(says, "نیمه‌شب به وقت تهران") {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s: the refusal does not say %q\n%.3000s", what, w, r.Body)
		}
	}
}

func accepted(t *testing.T, what string, r apptest.Response) {
	t.Helper()
	if r.Status != http.StatusSeeOther {
		t.Fatalf("%s: %d, want 303\n%.1500s", what, r.Status, r.Body)
	}
}

// TestDailyProposals: a citizen proposes ten times in a Tehran day; the
// eleventh is refused, 429, saying the limit and that it starts again at
// midnight in Tehran, in how long, and is not stored; still so a minute
// before midnight, and taken a minute after.
func TestDailyProposals(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newLimitsSite(t, e)
		for i := range 10 {
			accepted(t, fmt.Sprintf("proposal %d", i+1), s.propose(fmt.Sprintf("ایده %d", i+1)))
		}
		// The clock stands at 10:00 in Tehran: fourteen hours to midnight.
		refused(t, "the eleventh proposal", s.propose("ایده ۱۱"), "هر حساب در یک روز حداکثر می‌تواند ۱۰ پیشنهاد ثبت کند", "۱۴ ساعت دیگر")
		e.Clock.Advance(13*time.Hour + 59*time.Minute + 30*time.Second)
		refused(t, "at 23:59:30", s.propose("ایده ۱۱"), "۱ دقیقه دیگر")
		if list, _, err := e.App.Budget.Proposals(s.ctx, budgeting.ProposalQuery{ProcessID: s.p.ID, Search: "ایده ۱۱", Limit: 10}); err != nil || len(list) != 0 {
			t.Errorf("a refused proposal was stored: %v %v", list, err)
		}
		e.Clock.Advance(time.Minute)
		accepted(t, "after midnight in Tehran", s.propose("ایده ۱۱"))
	})
}

// TestDailyReports: a citizen reports thirty proposals a day; the next
// report, of a new proposal or again of one reported today, is refused and
// not stored; concurrent reports never pass the limit, on either engine.
func TestDailyReports(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newLimitsSite(t, e)
		ids := s.proposals(t, 40)
		for _, id := range ids[:25] {
			if err := e.App.Budget.Flag(s.ctx, s.id, id, "تکراری"); err != nil {
				t.Fatal(err)
			}
		}
		// Ten at once when five are left: five are taken.
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i, id := range ids[25:35] {
			wg.Go(func() { errs[i] = e.App.Budget.Flag(s.ctx, s.id, id, "تکراری") })
		}
		wg.Wait()
		taken := 0
		for _, err := range errs {
			switch {
			case err == nil:
				taken++
			case !apperr.Is(err, apperr.RateLimited):
				t.Fatalf("a concurrent report: %v", err)
			}
		}
		if taken != 5 {
			t.Errorf("%d of ten concurrent reports taken with five left, want 5", taken)
		}
		flag := func(id int64) apptest.Response {
			return s.citizen.PostForm(fmt.Sprintf("/budgets/%s/proposals/%d/flag", s.p.Slug, id), url.Values{"reason": {"آگهی است"}})
		}
		refused(t, "the 31st report", flag(ids[35]), "هر حساب در یک روز حداکثر می‌تواند ۳۰ پیشنهاد را گزارش کند")
		refused(t, "a report made again", flag(ids[0]), "۳۰ پیشنهاد را گزارش کند")
		if flags, err := e.App.Budget.OpenFlags(s.ctx, s.p.ID); err != nil || countReason(flags, "آگهی است") != 0 {
			t.Errorf("refused reports were stored: %v", err)
		}
		e.Clock.Advance(14*time.Hour + time.Minute)
		accepted(t, "a report the next day", flag(ids[35]))
	})
}

// TestDailyComments: a reviewer writes two hundred comments a day; the
// next is refused on the proposal's page and not stored.
func TestDailyComments(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newLimitsSite(t, e)
		id := s.proposals(t, 1)[0]
		reviewer := e.Staff("reviewer@limits.example", "tehran-district-21", auth.Reviewer)
		u, err := e.App.Identity.FindByContact(s.ctx, "reviewer@limits.example")
		if err != nil {
			t.Fatal(err)
		}
		for i := range 200 {
			if err := e.App.Budget.AddComment(s.ctx, u.ID, id, fmt.Sprintf("یادداشت %d", i)); err != nil {
				t.Fatal(err)
			}
		}
		page := fmt.Sprintf("/admin/budgets/%d/proposals/%d", s.p.ID, id)
		refused(t, "the 201st comment", reviewer.PostForm(page+"/comments", url.Values{"body": {"یادداشت تازه"}}),
			"هر حساب در یک روز حداکثر می‌تواند ۲۰۰ یادداشت بررسی بنویسد")
		if cs, err := e.App.Budget.Comments(s.ctx, id); err != nil || len(cs) != 200 {
			t.Errorf("%d comments stored, want 200 (%v)", len(cs), err)
		}
		e.Clock.Advance(14*time.Hour + time.Minute) // a new day; staff sessions last twelve hours
		reviewer = e.SignInStaff("reviewer@limits.example", apptest.StaffPassword)
		accepted(t, "a comment the next day", reviewer.PostForm(page+"/comments", url.Values{"body": {"یادداشت تازه"}}))
	})
}

func countReason(flags []budgeting.FlagReport, reason string) int {
	n := 0
	for _, f := range flags {
		if f.Reason == reason {
			n++
		}
	}
	return n
}

// TestRollUpDoesNotOverflow: two hundred headings of projects at the
// largest cost, half done, roll up to half done; costs times percents
// summed in int64 would pass 2^63 at the 93rd heading.
func TestRollUpDoesNotOverflow(t *testing.T) {
	t.Parallel()
	var p budgeting.Process
	var projects []budgeting.Project
	for i := range int64(200) {
		p.Headings = append(p.Headings, budgeting.Heading{ID: i + 1})
		projects = append(projects, budgeting.Project{Status: budgeting.ProjectInProgress, Progress: 50,
			Proposal: budgeting.Proposal{HeadingID: i + 1, EstimatedCost: 1_000_000_000_000_000}})
	}
	roll := budgeting.RollUp(p, projects)
	total := roll[len(roll)-1]
	if total.Progress != 50 || total.Cost != 200_000_000_000_000_000 || roll[0].Progress != 50 {
		t.Errorf("the whole process: %+v; the first heading: %+v", total, roll[0])
	}
}
