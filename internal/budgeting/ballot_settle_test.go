package budgeting

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"regexp"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestBatchSettles builds one batch by hand, so its make-up is certain,
// of ballots checked against their heading's context as castBy checks
// them, and commits it: one transaction settles every one, with the
// answer a ballot checked from scratch would get. A live session of a
// resident is written; a voter named by account id (the ballot form) too;
// a session signed out, a token nobody holds and a resident of another
// area are refused (401, 401, 403), before what the context said of their
// choices; a refusal by a current context (over budget) stands; a ballot
// or a refusal checked against a context the process has since moved on
// from is sent back to be checked again (errStale), not answered.
func TestBatchSettles(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newSettleFixture(t, db)
		alice, bob, carol := f.signIn(t, "09120000011", f.hood), f.signIn(t, "09120000012", f.elsewhere), f.signIn(t, "09120000013", f.hood)
		if err := f.people.SignOut(ctx, carol.token); err != nil {
			t.Fatal(err)
		}
		old, err := f.s.ballotContext(ctx, f.heading)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Write.ExecContext(ctx, `UPDATE budget_processes SET title_fa = 'تازه' WHERE id = $1`, f.process); err != nil {
			t.Fatal(err)
		}
		f.s.forgetBallotContext(f.heading, old.version)
		bc, err := f.s.ballotContext(ctx, f.heading)
		if err != nil || bc.version == old.version {
			t.Fatalf("the context read again: %v, version %d (was %d)", err, bc.version, old.version)
		}
		fits, over := f.ballot(0), f.ballot(0, 1)
		batch := []*castRequest{
			f.s.ballotRequest(ctx, bc, voterKey{token: alice.token}, fits),
			f.s.ballotRequest(ctx, bc, voterKey{id: alice.id}, fits),
			f.s.ballotRequest(ctx, bc, voterKey{token: carol.token}, fits),
			f.s.ballotRequest(ctx, bc, voterKey{token: "nobody's"}, over),
			f.s.ballotRequest(ctx, bc, voterKey{token: bob.token}, over),
			f.s.ballotRequest(ctx, bc, voterKey{token: alice.token}, over),
			f.s.ballotRequest(ctx, old, voterKey{token: alice.token}, fits),
			f.s.ballotRequest(ctx, old, voterKey{token: alice.token}, over),
		}
		want := []error{nil, nil, apperr.ErrUnauthorized, apperr.ErrUnauthorized, errNotYourHeading, errOverBudget, errStale, errStale}
		batches := f.s.BallotBatches()
		(&committer{db: db}).commit(batch)
		for i, r := range batch {
			if err := <-r.done; !errors.Is(err, want[i]) {
				t.Errorf("ballot %d: %v, want %v", i, err, want[i])
			}
		}
		if n := f.s.BallotBatches() - batches; n != 1 {
			t.Errorf("%d transactions for the batch, want 1", n)
		}
		if n, err := f.s.VerifyChain(ctx, f.heading); err != nil || n != 2 {
			t.Errorf("%d links (%v), want the 2 ballots written", n, err)
		}
		if batch[0].voterID != alice.id {
			t.Errorf("the session's voter is %d, want %d", batch[0].voterID, alice.id)
		}
	})
}

// settleFixture is a city with two neighbourhoods (in a district) and a
// process that votes now, with one heading over the first neighbourhood
// (budget 100) and two feasible projects costing 60 and 50.
type settleFixture struct {
	people           *identity.Service
	texts            texts
	s                *Service
	city, hood       org.Org
	elsewhere        org.Org // another neighbourhood
	process, heading int64
	projects         []int64
}

type signedIn struct {
	id    int64
	token string
}

func newSettleFixture(t *testing.T, db *store.DB) *settleFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := &settleFixture{texts: make(texts, 1)}
	var err error
	if f.people, err = identity.New(ctx, db, clock, f.texts, log); err != nil {
		t.Fatal(err)
	}
	orgs := org.NewService(db, f.people, clock)
	if f.city, err = orgs.Create(ctx, 0, nil, org.Input{Slug: "settle-city", Kind: "municipality", NameFa: "شهر"}); err != nil {
		t.Fatal(err)
	}
	district, err := orgs.Create(ctx, 0, &f.city, org.Input{Slug: "settle-district", Kind: "district", NameFa: "منطقه"})
	if err != nil {
		t.Fatal(err)
	}
	if f.hood, err = orgs.Create(ctx, 0, &district, org.Input{Slug: "settle-hood", Kind: "neighbourhood", NameFa: "محله"}); err != nil {
		t.Fatal(err)
	}
	if f.elsewhere, err = orgs.Create(ctx, 0, &district, org.Input{Slug: "settle-hood-2", Kind: "neighbourhood", NameFa: "محله دیگر"}); err != nil {
		t.Fatal(err)
	}
	f.s = NewService(db, orgs, f.people, notify.New(db, nil, f.people, clock, log), clock)
	p, err := f.s.CreateProcess(ctx, 0, Process{OrgID: f.city.ID, Slug: "settle", TitleFa: "آزمون", Rule: "greedy",
		Ballot: Approval, Eligibility: Resident, Scope: OwnHeading,
		Phases:   []Window{{Phase: Voting, Start: now.Add(-time.Hour), End: now.Add(time.Hour)}},
		Headings: []Heading{{AreaID: f.hood.ID, NameFa: "محله", Budget: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	f.process, f.heading = p.ID, p.Headings[0].ID
	author := f.signIn(t, "09120000010", org.Org{})
	for _, cost := range []int64{60, 50} {
		var id int64
		if err := db.Write.QueryRowContext(ctx, `INSERT INTO budget_proposals (process_id, heading_id, author_id, category_id,
			title, description, search_key, estimated_cost, status, created_at, updated_at)
			VALUES ($1, $2, $3, 1, 'طرح', 'شرح', 'طرح', $4, 'feasible', 0, 0) RETURNING id`, f.process, f.heading, author.id, cost).Scan(&id); err != nil {
			t.Fatal(err)
		}
		f.projects = append(f.projects, id)
	}
	return f
}

// signIn signs a citizen in with a one-time code and, unless area is
// zero, records their residence there.
func (f *settleFixture) signIn(t *testing.T, phone string, area org.Org) signedIn {
	t.Helper()
	ctx := context.Background()
	c := identity.Client{IP: "192.0.2.1"}
	if _, err := f.people.RequestCode(ctx, phone, c); err != nil {
		t.Fatal(err)
	}
	code := sixDigits.FindString(persian.ToASCIIDigits((<-f.texts).Text))
	in, err := f.people.VerifyCode(ctx, phone, code, c, "")
	if err != nil {
		t.Fatal(err)
	}
	if area.ID != 0 {
		if _, err := f.people.SetResidence(ctx, 0, area, identity.ResidenceInput{Phone: phone, Source: identity.ByStaff}); err != nil {
			t.Fatal(err)
		}
	}
	return signedIn{id: in.User.ID, token: in.Token}
}

// ballot approves the projects (by index).
func (f *settleFixture) ballot(projects ...int) Ballot {
	b := Ballot{HeadingID: f.heading}
	for _, i := range projects {
		b.Choices = append(b.Choices, Choice{ProposalID: f.projects[i]})
	}
	return b
}

// texts is an SMS gateway that hands each message to the test.
type texts chan sms.Message

func (c texts) Send(_ context.Context, m sms.Message) error {
	c <- m
	return nil
}

var sixDigits = regexp.MustCompile(`[0-9]{6}`)
