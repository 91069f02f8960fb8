package app_test

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
	"github.com/shahr-city/shahr/internal/web"
)

// TestBallotContextsAcrossServers runs two servers on one database, as
// behind a load balancer. Server A keeps in memory what a heading's
// ballots are checked against; each change made through server B is
// honoured by A's very next ballot: a proposal hidden, the vote's end
// brought forward, a heading's budget lowered or raised and a process's
// limit on choices changed by an operator's fix in the database, a
// session signed out, an account blocked, a residence moved. Only a
// change to the process makes A read it again (a recheck); changes to
// people need no cache: the ballot's batch reads them.
func TestBallotContextsAcrossServers(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			testBallotContexts(t, d)
		})
	}
}

// ballotCase is a change made through server B, and what A's next ballot
// gets after it. before, when set, is a ballot A refuses before the
// change: the next ballot is then the same one.
type ballotCase struct {
	name      string
	before    []int // the projects of a ballot A refuses before the change (by index), or none
	change    func(t *testing.T, f *ballotFixture)
	next      []int
	want      int
	rechecked bool // A read the process again
}

var ballotCases = []ballotCase{
	{name: "proposal hidden", change: func(t *testing.T, f *ballotFixture) {
		if _, err := f.b.App.Budget.Hide(context.Background(), 0, f.projects[0], "تکراری"); err != nil {
			t.Fatal(err)
		}
	}, next: []int{0}, want: http.StatusBadRequest, rechecked: true},
	{name: "voting ends sooner", change: func(t *testing.T, f *ballotFixture) {
		p := f.process
		end := f.clock.Now().Add(time.Hour)
		for i := range p.Phases {
			switch p.Phases[i].Phase {
			case budgeting.Voting:
				p.Phases[i].End = end
			case budgeting.Results:
				p.Phases[i].Start = end
			}
		}
		if _, err := f.b.App.Budget.UpdateProcess(context.Background(), 0, p); err != nil {
			t.Fatal(err)
		}
		f.clock.Advance(2 * time.Hour)
	}, next: []int{1}, want: http.StatusForbidden, rechecked: true},
	{name: "budget lowered", change: func(t *testing.T, f *ballotFixture) {
		f.exec(t, `UPDATE budget_headings SET budget = 50 WHERE id = $1`, f.heading)
	}, next: []int{0}, want: http.StatusBadRequest, rechecked: true},
	{name: "budget raised", before: []int{0, 2}, change: func(t *testing.T, f *ballotFixture) {
		f.exec(t, `UPDATE budget_headings SET budget = 200 WHERE id = $1`, f.heading)
	}, next: []int{0, 2}, want: http.StatusCreated, rechecked: true},
	{name: "fewer choices allowed", change: func(t *testing.T, f *ballotFixture) {
		f.exec(t, `UPDATE budget_processes SET max_choices = 1 WHERE id = $1`, f.process.ID)
	}, next: []int{0, 1}, want: http.StatusBadRequest, rechecked: true},
	{name: "session signed out", change: func(t *testing.T, f *ballotFixture) {
		if err := f.b.App.Identity.SignOut(context.Background(), f.token); err != nil {
			t.Fatal(err)
		}
	}, next: []int{1}, want: http.StatusUnauthorized},
	{name: "account blocked", change: func(t *testing.T, f *ballotFixture) {
		if err := f.b.App.Identity.SetBlocked(context.Background(), 0, f.voter, true); err != nil {
			t.Fatal(err)
		}
	}, next: []int{1}, want: http.StatusUnauthorized},
	{name: "residence moved", change: func(t *testing.T, f *ballotFixture) {
		f.reside(t, f.b, "tehran-21-vardavard")
	}, next: []int{1}, want: http.StatusForbidden},
}

func testBallotContexts(t *testing.T, d store.Dialect) {
	servers := twoServers(t, apptest.DemoURL(t, d))
	for i, c := range ballotCases {
		f := newBallotFixture(t, servers[0], servers[1], i)
		if got := f.post(t, 1); got != http.StatusCreated { // A reads the context and keeps it
			t.Fatalf("%s: the first ballot: %d", c.name, got)
		}
		if c.before != nil {
			if got := f.post(t, c.before...); got != http.StatusBadRequest {
				t.Fatalf("%s: the ballot before the change: %d, want 400", c.name, got)
			}
		}
		rechecks := f.a.App.Budget.BallotRechecks()
		c.change(t, f)
		if got := f.post(t, c.next...); got != c.want {
			t.Errorf("%s: A's next ballot after the change through B: %d, want %d", c.name, got, c.want)
		}
		if n := f.a.App.Budget.BallotRechecks() - rechecks; (n > 0) != c.rechecked {
			t.Errorf("%s: %d rechecks on A, want some: %v", c.name, n, c.rechecked)
		}
	}
}

// ballotFixture is one process in its voting phase, made through server
// A, with three reviewed projects costing 60, 30 and 50 in a heading of
// budget 100 over Villashahr, and a resident of Villashahr signed in.
type ballotFixture struct {
	a, b     *apptest.Env
	clock    *apptest.Clock
	process  budgeting.Process
	heading  int64
	projects []int64
	phone    string
	voter    int64
	token    string
}

func newBallotFixture(t *testing.T, a, b *apptest.Env, n int) *ballotFixture {
	t.Helper()
	ctx := context.Background()
	f := &ballotFixture{a: a, b: b, clock: a.Clock, phone: fmt.Sprintf("0912124%04d", n)}
	start := f.clock.Now()
	p, err := a.App.Budget.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: a.Org("tehran-district-21").ID, Slug: fmt.Sprintf("contexts-%d", n), TitleFa: "آزمون", Rule: "greedy",
		Ballot: budgeting.Approval, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{
			{Phase: budgeting.Proposals, Start: start, End: start.Add(time.Hour)},
			{Phase: budgeting.Review, Start: start.Add(time.Hour), End: start.Add(2 * time.Hour)},
			{Phase: budgeting.Voting, Start: start.Add(2 * time.Hour), End: start.Add(50 * time.Hour)},
			{Phase: budgeting.Results, Start: start.Add(50 * time.Hour), End: start.Add(60 * time.Hour)}},
		Headings: []budgeting.Heading{{AreaID: a.Org("tehran-21-villashahr").ID, NameFa: "ویلاشهر", Budget: 100}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f.process, f.heading = p, p.Headings[0].ID
	client := a.Citizen(f.phone)
	f.token = client.Cookie(web.SessionCookie)
	f.voter = f.reside(t, a, "tehran-21-villashahr")
	costs := []int64{60, 30, 50}
	for i, cost := range costs {
		pr, err := a.App.Budget.Submit(ctx, f.voter, budgeting.Proposal{ProcessID: p.ID, HeadingID: f.heading, CategoryID: 1,
			Title: fmt.Sprintf("طرح %d", i+1), Description: "پارک محله", EstimatedCost: cost})
		if err != nil {
			t.Fatal(err)
		}
		f.projects = append(f.projects, pr.ID)
	}
	f.clock.Advance(time.Hour)
	for i, id := range f.projects {
		if _, err := a.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: costs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	f.clock.Advance(time.Hour) // voting
	if f.process, err = a.App.Budget.Process(ctx, p.ID); err != nil {
		t.Fatal(err)
	}
	return f
}

// reside records the voter's residence in the area, through server e.
func (f *ballotFixture) reside(t *testing.T, e *apptest.Env, area string) int64 {
	t.Helper()
	r, err := e.App.Identity.SetResidence(context.Background(), 0, e.Org(area), identity.ResidenceInput{Phone: f.phone, Source: identity.ByStaff})
	if err != nil {
		t.Fatal(err)
	}
	return r.UserID
}

// exec changes the database directly, as an operator fixing a mistake
// would, through server B's connection.
func (f *ballotFixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	if err := f.b.App.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		_, err := tx.ExecContext(context.Background(), query, args...)
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// post sends the voter's ballot for the projects (by index) to server A
// through the API and returns the status.
func (f *ballotFixture) post(t *testing.T, projects ...int) int {
	t.Helper()
	parts := make([]string, len(projects))
	for i, k := range projects {
		parts[i] = fmt.Sprintf(`{"id":%d}`, f.projects[k])
	}
	req, err := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/processes/%d/headings/%d/ballot", f.a.Server.URL, f.process.ID, f.heading),
		strings.NewReader(`{"choices":[`+strings.Join(parts, ",")+`]}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", web.SessionCookie+"="+f.token)
	resp, err := f.a.Server.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}
