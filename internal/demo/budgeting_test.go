package demo_test

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var ctx = context.Background()

// loaded is a database with the whole demo, and the services a running
// server would use over it.
type loaded struct {
	db   *store.DB
	now  func() time.Time
	orgs *org.Service
	ids  *identity.Service
	svc  *budgeting.Service
	sms  *apptest.Outbox
}

// load runs what `shahr serve --demo` runs at start-up.
func load(t *testing.T, db *store.DB, now func() time.Time) *loaded {
	t.Helper()
	l := services(t, db, now)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	start := time.Now()
	if err := demo.Load(ctx, db, l.orgs, l.ids, now, log); err != nil {
		t.Fatal(err)
	}
	t.Logf("demo loaded on %s in %v", db.Dialect, time.Since(start).Round(time.Millisecond))
	return l
}

// services are the services a server builds over db.
func services(t *testing.T, db *store.DB, now func() time.Time) *loaded {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	l := &loaded{db: db, now: now, sms: &apptest.Outbox{}}
	var err error
	if l.ids, err = identity.New(ctx, db, now, l.sms, log); err != nil {
		t.Fatal(err)
	}
	l.orgs = org.NewService(db, l.ids, now)
	l.svc = budgeting.NewService(db, l.orgs, l.ids, notify.New(db, l.sms, l.ids, now, log), now)
	return l
}

func (l *loaded) again() error {
	return demo.Load(ctx, l.db, l.orgs, l.ids, l.now, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func (l *loaded) process(t *testing.T, slug string) budgeting.Process {
	t.Helper()
	p, err := l.svc.ProcessBySlug(ctx, slug)
	if err != nil {
		t.Fatalf("process %s: %v", slug, err)
	}
	return p
}

// signUp signs a new citizen in with a one-time code, as the web pages do.
func (l *loaded) signUp(t *testing.T, phone string) identity.User {
	t.Helper()
	if _, err := l.ids.RequestCode(ctx, phone, identity.Client{IP: "192.0.2.1"}); err != nil {
		t.Fatal(err)
	}
	in, err := l.ids.VerifyCode(ctx, phone, l.sms.LastCode(t, phone), identity.Client{IP: "192.0.2.1"}, "")
	if err != nil || !in.NewUser {
		t.Fatalf("sign-up %s: %v (new: %v)", phone, err, in.NewUser)
	}
	return in.User
}

func TestBudgetingDemo(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		l := load(t, db, time.Now) // phases around the real clock, as in production
		now := l.now()

		// The finished process: every phase over but implementation.
		p := l.process(t, demo.FinishedSlug)
		if w, ok := p.PhaseAt(now); !ok || w.Phase != budgeting.Implementation {
			t.Fatalf("%s is in phase %v, want implementation", p.Slug, w.Phase)
		}
		if p.Rule != "equalshares/add1" || p.Eligibility != budgeting.Resident || p.Scope != budgeting.OwnHeading ||
			p.Ballot != budgeting.Approval || len(p.Phases) != len(budgeting.PhaseOrder) || len(p.Headings) < 2 || len(p.Headings) > 4 {
			t.Fatalf("finished process: %+v", p)
		}
		ballots, winners := 0, 0
		for _, h := range p.Headings {
			if h.AreaID == 0 || h.Budget < 20_000_000_000 || h.Budget > 50_000_000_000 {
				t.Errorf("heading %s: area %d, budget %d rials", h.NameFa, h.AreaID, h.Budget)
			}
			n, err := l.svc.BallotCount(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			ballots += n
			res, err := l.svc.Results(ctx, h.ID)
			if err != nil {
				t.Fatalf("results of %s: %v", h.NameFa, err)
			}
			var cost, top, bottom int64
			for _, pr := range res.Projects {
				if pr.Selected {
					cost += pr.Cost
				}
				top, bottom = max(top, pr.Votes), min(bottom, pr.Votes)
				if bottom == 0 {
					bottom = pr.Votes
				}
			}
			if res.Ballots != n || len(res.Selected) == 0 || res.TotalCost != cost || cost > h.Budget || cost < h.Budget/2 {
				t.Errorf("results of %s: %d ballots of %d, %d selected costing %d (%d counted) of %d",
					h.NameFa, res.Ballots, n, len(res.Selected), res.TotalCost, cost, h.Budget)
			}
			if top < 2*bottom {
				t.Errorf("results of %s: votes from %d to %d; some projects should be clearly more popular", h.NameFa, bottom, top)
			}
			winners += len(res.Selected)
		}
		if ballots < 3000 {
			t.Fatalf("%d ballots in the finished process, want at least 3,000", ballots)
		}

		// Its proposals went through review.
		props, total, err := l.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: p.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		status := map[string]int{}
		groups, supported := 0, 0
		for _, pr := range props {
			status[pr.Status]++
			if pr.OnBehalfOf != "" {
				groups++
			}
			if pr.Supports > 0 {
				supported++
			}
			switch {
			case pr.Status == budgeting.StatusFeasible && pr.FinalCost <= 0,
				pr.Status == budgeting.StatusInfeasible && pr.ReviewReason == "",
				pr.Status == budgeting.StatusMerged && pr.MergedInto == 0:
				t.Errorf("proposal %d %q: %s, final cost %d, reason %q", pr.ID, pr.Title, pr.Status, pr.FinalCost, pr.ReviewReason)
			}
		}
		if total != len(props) || total < 8*len(p.Headings) || status[budgeting.StatusInfeasible] < 2 ||
			status[budgeting.StatusMerged] != 1 || status[budgeting.StatusSubmitted] != 0 || groups < 3 || supported < total/2 {
			t.Fatalf("%d proposals: %v, %d for groups, %d supported", total, status, groups, supported)
		}

		// Its winners are being built.
		projects, err := l.svc.Projects(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		byStatus, photos := map[string]int{}, 0
		for _, pj := range projects {
			byStatus[pj.Status]++
			if len(pj.Milestones) == 0 || (pj.Status == budgeting.ProjectInProgress && (pj.Progress <= 0 || pj.Progress >= 100 || pj.Spent <= 0)) {
				t.Errorf("project %q: %s at %d%%, %d spent, %d milestones", pj.Proposal.Title, pj.Status, pj.Progress, pj.Spent, len(pj.Milestones))
			}
			for _, m := range pj.Milestones {
				for _, ph := range m.Photos {
					photos++
					a, data, err := l.svc.File(ctx, ph.ID, false)
					if err != nil || !a.IsImage() {
						t.Fatalf("photo %d: %v, %+v", ph.ID, err, a)
					}
					if _, err := png.Decode(bytes.NewReader(data)); err != nil {
						t.Fatalf("photo %d is not a PNG: %v", ph.ID, err)
					}
				}
			}
		}
		if len(projects) != winners || byStatus[budgeting.ProjectDone] == 0 || byStatus[budgeting.ProjectInProgress] == 0 || photos < 2 {
			t.Fatalf("%d projects of %d winners: %v, %d photos", len(projects), winners, byStatus, photos)
		}
		if all := budgeting.RollUp(p, projects); all[len(all)-1].Progress <= 0 || all[len(all)-1].Progress >= 100 {
			t.Fatalf("implementation progress: %+v", all[len(all)-1])
		}

		// Loading again adds nothing.
		before := counts(t, db)
		if err := l.again(); err != nil {
			t.Fatal(err)
		}
		if after := counts(t, db); !slices.Equal(before, after) {
			t.Fatalf("a second load changed the row counts %v → %v", before, after)
		}

		// The open process takes a new visitor's ballot.
		open := l.process(t, demo.VotingSlug)
		if w, ok := open.PhaseAt(now); !ok || w.Phase != budgeting.Voting || open.Eligibility != budgeting.SignedIn ||
			w.End.Sub(now) < 7*24*time.Hour {
			t.Fatalf("%s: phase %v until %v, eligibility %s", open.Slug, w.Phase, w.End, open.Eligibility)
		}
		h := open.Headings[0]
		feasible, err := l.svc.Feasible(ctx, h.ID)
		if err != nil || len(feasible) < 5 {
			t.Fatalf("%d feasible proposals in %s: %v", len(feasible), h.NameFa, err)
		}
		already, _ := l.svc.BallotCount(ctx, h.ID)
		visitor := l.signUp(t, "09351110001")
		receipt, err := l.svc.Cast(ctx, visitor.ID, budgeting.Ballot{HeadingID: h.ID,
			Choices: []budgeting.Choice{{ProposalID: feasible[0].ID}, {ProposalID: feasible[1].ID}}})
		if err != nil || receipt == "" {
			t.Fatalf("a new visitor's ballot: %q, %v", receipt, err)
		}
		if n, _ := l.svc.BallotCount(ctx, h.ID); n != already+1 || already == 0 {
			t.Fatalf("%d ballots after the visitor's, %d before", n, already)
		}

		// The ideas process takes a new visitor's proposal.
		ideas := l.process(t, demo.IdeasSlug)
		if w, ok := ideas.PhaseAt(now); !ok || w.Phase != budgeting.Proposals || ideas.Eligibility != budgeting.SignedIn {
			t.Fatalf("%s: phase %v, eligibility %s", ideas.Slug, w.Phase, ideas.Eligibility)
		}
		pr, err := l.svc.Submit(ctx, visitor.ID, budgeting.Proposal{ProcessID: ideas.ID, HeadingID: ideas.Headings[0].ID,
			CategoryID: feasible[0].CategoryID, Title: "آب‌خوری در ایستگاه مترو", Description: "آب آشامیدنی برای مسافران.",
			EstimatedCost: 300_000_000})
		if err != nil || pr.Status != budgeting.StatusSubmitted {
			t.Fatalf("a new visitor's proposal: %+v, %v", pr, err)
		}
	})
}

// counts are the rows of the tables the demo fills.
func counts(t *testing.T, db *store.DB) []int {
	t.Helper()
	var out []int
	for _, table := range []string{"users", "residences", "organizations", "budget_processes", "budget_headings", "budget_proposals",
		"budget_supports", "budget_review_comments", "budget_ballots", "budget_ballot_log", "budget_projects", "budget_milestones",
		"budget_attachments", "audit_log"} {
		var n int
		if err := db.Read.QueryRowContext(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out = append(out, n)
	}
	return out
}

// Two loads at the same instant give the same outcome: the same winners
// with the same votes, the same implementation reports. The first is the
// tests' snapshot of the demo, loaded at apptest.Start by another process
// or test; the second a fresh load here.
func TestBudgetingDemoIsDeterministic(t *testing.T) {
	t.Parallel()
	now := apptest.NewClock(apptest.Start).Now
	outcome := func(l *loaded) []int64 {
		p := l.process(t, demo.FinishedSlug)
		var out []int64
		for _, h := range p.Headings {
			res, err := l.svc.Results(ctx, h.ID)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res.Selected...)
			for _, pr := range res.Projects {
				out = append(out, pr.ID, pr.Votes)
			}
		}
		projects, err := l.svc.Projects(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, pj := range projects {
			out = append(out, pj.Proposal.ID, int64(pj.Progress), pj.Spent, int64(len(pj.Milestones)))
		}
		return out
	}
	snapshot, err := store.Open(ctx, apptest.DemoURL(t, store.SQLite), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { snapshot.Close() })
	first := outcome(services(t, snapshot, now))
	second := outcome(load(t, storetest.Open(t, store.SQLite), now))
	if !slices.Equal(first, second) {
		t.Fatalf("two loads differ:\n%v\n%v", first, second)
	}
}
