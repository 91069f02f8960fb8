package budgeting_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
)

const day = 24 * time.Hour

// ageProcess creates a District 21 process open to anyone signed in, with
// a minimum age, whose phases run from the clock's time: proposals for two
// days, review for one, voting for two.
func ageProcess(t *testing.T, e *apptest.Env, slug string, minAge int) budgeting.Process {
	t.Helper()
	s := e.Clock.Now()
	p, err := e.App.Budget.CreateProcess(context.Background(), 0, budgeting.Process{
		OrgID: e.Org("tehran-district-21").ID, Slug: slug, TitleFa: "من شهردارم " + slug, Rule: "greedy", Ballot: budgeting.Approval,
		Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings, MinAge: minAge,
		Phases: []budgeting.Window{{budgeting.Proposals, s, s.Add(2 * day)}, {budgeting.Review, s.Add(2 * day), s.Add(3 * day)},
			{budgeting.Voting, s.Add(3 * day), s.Add(5 * day)}},
		Headings: []budgeting.Heading{{NameFa: "منطقه ۲۱", NameEn: "District 21", Budget: 100_000_000}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// ageCitizen is a signed-in citizen whose residence staff verified, with
// the date of birth typed in the Jalali calendar ("" for none).
type ageCitizen struct {
	id int64
	c  *apptest.Client
}

func newAgeCitizen(t *testing.T, e *apptest.Env, phone, birth string) ageCitizen {
	t.Helper()
	ctx := context.Background()
	c := e.Citizen(phone)
	res, err := e.App.Identity.SetResidence(ctx, 0, e.Org("tehran-21-villashahr"),
		identity.ResidenceInput{Phone: phone, Source: identity.ByStaff, Birth: birth})
	if err != nil {
		t.Fatal(err)
	}
	return ageCitizen{id: res.UserID, c: c}
}

func proposeIn(e *apptest.Env, p budgeting.Process, author int64) (budgeting.Proposal, error) {
	return e.App.Budget.Submit(context.Background(), author, budgeting.Proposal{ProcessID: p.ID, HeadingID: p.Headings[0].ID,
		CategoryID: 1, Title: fmt.Sprintf("طرح %d", author), Description: "نیمکت پارک", EstimatedCost: 10})
}

func voteIn(e *apptest.Env, p budgeting.Process, voter int64, project int64) error {
	_, err := e.App.Budget.Cast(context.Background(), voter, budgeting.Ballot{HeadingID: p.Headings[0].ID,
		Choices: []budgeting.Choice{{ProposalID: project}}, Paper: voter == 0})
	return err
}

// wantRefused checks that err refuses the person, saying why.
func wantRefused(t *testing.T, err error, what string, says ...string) {
	t.Helper()
	ae, ok := apperr.As(err)
	if !ok || ae.Code != apperr.Forbidden {
		t.Fatalf("%s: error %v, want forbidden", what, err)
	}
	mustContain(t, what, ae.Msg.Fa, says...)
}

const (
	saysNoBirth  = "تاریخ تولد شما ثبت نشده"
	saysOffice   = "دفتر شهرداری منطقه"
	saysTooYoung = "۱۶ سال دارند"
)

// TestMinimumAge: in a process for those aged 16 or over, a person
// proposes and votes only once their recorded date of birth shows they
// are 16 on that day in Tehran; without a recorded date of birth they are
// told to have it verified. Paper ballots and processes without a minimum
// age are not affected.
func TestMinimumAge(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		start := e.Clock.Now() // 1405/08/30 (2026-11-21) 10:00 in Tehran
		moveTo := func(d time.Duration) { e.Clock.Advance(start.Add(d).Sub(e.Clock.Now())) }
		sixteen, anyAge := ageProcess(t, e, "d21-16", 16), ageProcess(t, e, "d21-all", 0)
		unknown := newAgeCitizen(t, e, "09121230001", "")
		teen := newAgeCitizen(t, e, "09121230002", "۱۳۸۹/۹/۱")  // 2010-11-22: sixteen tomorrow
		voter := newAgeCitizen(t, e, "09121230003", "1389/9/4") // 2010-11-25: sixteen on the second day of voting
		adult := newAgeCitizen(t, e, "09121230004", "1369/1/1")

		_, err := proposeIn(e, sixteen, unknown.id)
		wantRefused(t, err, "proposing without a birth date", saysNoBirth, saysOffice)
		_, err = proposeIn(e, sixteen, teen.id)
		wantRefused(t, err, "proposing at fifteen", saysTooYoung)
		for _, who := range []ageCitizen{unknown, teen} {
			if _, err := proposeIn(e, anyAge, who.id); err != nil {
				t.Errorf("without a minimum age, %d could not propose: %v", who.id, err)
			}
		}
		moveTo(13*time.Hour + 59*time.Minute) // 23:59 in Tehran, the eve of the birthday
		_, err = proposeIn(e, sixteen, teen.id)
		wantRefused(t, err, "proposing a minute before turning sixteen", saysTooYoung)
		moveTo(14 * time.Hour) // midnight in Tehran, though still the 21st in UTC
		proposal, err := proposeIn(e, sixteen, teen.id)
		if err != nil {
			t.Fatalf("proposing on the sixteenth birthday: %v", err)
		}
		other, err := proposeIn(e, anyAge, adult.id)
		if err != nil {
			t.Fatal(err)
		}

		moveTo(2 * day)
		for _, id := range []int64{proposal.ID, other.ID} {
			if _, err := e.App.Budget.ReviewProposal(context.Background(), 0, id, budgeting.Verdict{Feasible: true, FinalCost: 10}); err != nil {
				t.Fatal(err)
			}
		}
		moveTo(3 * day) // voting opens on 1405/09/03 (2026-11-24)
		wantRefused(t, voteIn(e, sixteen, unknown.id, proposal.ID), "voting without a birth date", saysNoBirth, saysOffice)
		wantRefused(t, voteIn(e, sixteen, voter.id, proposal.ID), "voting at fifteen", saysTooYoung)
		for _, who := range []ageCitizen{unknown, voter} {
			if err := voteIn(e, anyAge, who.id, other.ID); err != nil {
				t.Errorf("without a minimum age, %d could not vote: %v", who.id, err)
			}
		}
		for _, id := range []int64{adult.id, teen.id, 0} { // 0: a paper ballot, checked at the booth
			if err := voteIn(e, sixteen, id, proposal.ID); err != nil {
				t.Errorf("ballot of %d refused: %v", id, err)
			}
		}
		moveTo(4 * day)
		if err := voteIn(e, sixteen, voter.id, proposal.ID); err != nil {
			t.Errorf("voting on the sixteenth birthday: %v", err)
		}
		if n, _ := e.App.Budget.BallotCount(context.Background(), sixteen.Headings[0].ID); n != 4 {
			t.Errorf("%d ballots in the process for sixteen and over, want 4", n)
		}
	})
}

// TestMinimumAgePages: the process page says who may take part, with the
// age; the proposal form and the ballot say why someone is refused.
func TestMinimumAgePages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		sixteen, anyAge := ageProcess(t, e, "d21-16", 16), ageProcess(t, e, "d21-all", 0)
		unknown := newAgeCitizen(t, e, "09121230001", "")
		teen := newAgeCitizen(t, e, "09121230002", "۱۳۸۹/۹/۱")
		adult := newAgeCitizen(t, e, "09121230004", "1369/1/1")

		anyone := e.Client()
		page := anyone.Get("/budgets/d21-16").Body
		mustContain(t, "process page", page, "هر کس که وارد سامانه شده باشد، با سن ۱۶ سال یا بیشتر")
		mustContain(t, "process page in English", anyone.Get("/budgets/d21-16?lang=en").Body, "Anyone signed in, aged 16 or over")
		mustNotContain(t, "the page of a process without a minimum age", anyone.Get("/budgets/d21-all").Body, "سال یا بیشتر")

		form := "/budgets/d21-16/proposals/new"
		mustContain(t, "proposal form without a birth date", unknown.c.Get(form).Body, `role="alert"`, saysNoBirth, saysOffice)
		mustNotContain(t, "proposal form without a birth date", unknown.c.Get(form).Body, `name="title"`)
		mustContain(t, "proposal form at fifteen", teen.c.Get(form).Body, `role="alert"`, saysTooYoung)
		mustContain(t, "proposal form for an adult", adult.c.Get(form).Body, `name="title"`)
		mustNotContain(t, "proposal form for an adult", adult.c.Get(form).Body, `role="alert"`)
		mustContain(t, "proposal form without a minimum age", unknown.c.Get("/budgets/d21-all/proposals/new").Body, `name="title"`)
		r := teen.c.PostMultipart("/budgets/d21-16/proposals", url.Values{"title": {"نیمکت"}, "description": {"نیمکت پارک"},
			"heading": {strconv.FormatInt(sixteen.Headings[0].ID, 10)}, "category": {"1"}, "estimated_cost": {"۱۰"}}, "files", nil)
		if r.Status != http.StatusForbidden {
			t.Errorf("proposing at fifteen: status %d, want 403", r.Status)
		}
		mustContain(t, "refused proposal", r.Body, saysTooYoung)

		e.Clock.Advance(3 * day)
		ballot := fmt.Sprintf("/budgets/d21-16/vote/%d", sixteen.Headings[0].ID)
		mustContain(t, "ballot without a birth date", unknown.c.Get(ballot).Body, `role="alert"`, saysNoBirth, saysOffice)
		open := "هنوز طرحی برای رأی‌گیری" // no project was proposed: the ballot says so once it lets one vote
		mustNotContain(t, "ballot without a birth date", unknown.c.Get(ballot).Body, open)
		mustContain(t, "ballot for an adult", adult.c.Get(ballot).Body, open)
		mustNotContain(t, "ballot for an adult", adult.c.Get(ballot).Body, `role="alert"`)
		mustContain(t, "ballot without a minimum age", unknown.c.Get(fmt.Sprintf("/budgets/d21-all/vote/%d", anyAge.Headings[0].ID)).Body, open)
	})
}
