package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// TestBatchCommit writes batches by hand, so their make-up is certain
// (concurrent callers form batches as they happen to arrive): a ballot
// that fails in the database fails alone; a voter's two ballots in one
// batch leave the later one, both logged; headings interleaved in arrival
// order each get their own unbroken chain; a caller who left and a ballot
// that waited past the end of voting are not written.
func TestBatchCommit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, p, voters, clock := batchService(t, db)
		now := clock()
		h1, h2 := p.Headings[0].ID, p.Headings[1].ID
		gone, cancel := context.WithCancel(ctx)
		cancel()
		req := func(ctx context.Context, heading, voter int64, choices string, ends time.Time) *castRequest {
			return &castRequest{ctx: ctx, now: clock, votingEnds: ends, headingID: heading, voterID: voter,
				choices: choices, total: 10, receipt: newReceipt(), done: make(chan error, 1)}
		}
		open := now.Add(time.Hour)
		batch := []*castRequest{
			req(ctx, h1, voters[0], "1", open),
			req(ctx, h2, voters[0], "2", open),
			req(ctx, h1, 999999, "3", open), // no such user: the foreign key fails
			req(ctx, h1, voters[1], "4", open),
			req(ctx, h1, voters[0], "5", open),  // replaces "1"
			req(gone, h1, voters[1], "6", open), // the caller left
			req(ctx, h2, voters[1], "7", now),   // voting ended while it waited
			req(ctx, h2, voters[1], "8", open),  //
		}
		(&committer{db: db}).commit(batch)
		for i, r := range batch {
			err := <-r.done
			switch i {
			case 2:
				if err == nil || !store.IsForeignKeyViolation(err) {
					t.Errorf("ballot %d: %v, want its foreign-key violation", i, err)
				}
			case 5:
				if !errors.Is(err, context.Canceled) {
					t.Errorf("ballot %d: %v, want context.Canceled", i, err)
				}
			case 6:
				if err != errNotPhase {
					t.Errorf("ballot %d: %v, want errNotPhase", i, err)
				}
			default:
				if err != nil {
					t.Errorf("ballot %d: %v", i, err)
				}
			}
		}
		for heading, want := range map[int64][]string{h1: {"1", "4", "5"}, h2: {"2", "8"}} {
			c, seq, err := s.chainNow(ctx, heading)
			if err != nil {
				t.Fatal(err)
			}
			if n, err := s.VerifyChain(ctx, heading); err != nil || n != len(want) || seq != int64(n) {
				t.Errorf("heading %d: %d links (counter %d), %v; want %d", heading, n, seq, err, len(want))
			}
			for i, e := range c.Entries {
				if i < len(want) && e.Choices != want[i] {
					t.Errorf("heading %d link %d: %q, want %q (arrival order)", heading, i+1, e.Choices, want[i])
				}
			}
		}
		var choices string
		if err := db.Read.QueryRowContext(ctx, `SELECT choices FROM budget_ballots WHERE heading_id = $1 AND voter_id = $2`,
			h1, voters[0]).Scan(&choices); err != nil || choices != "5" {
			t.Errorf("voter 1's ballot in heading 1: %q %v, want the later one", choices, err)
		}
	})
}

// batchService is a service over db at a fixed instant, with a process
// of a new city open to anyone signed in, in every one of its three
// headings, and two voters.
func batchService(t *testing.T, db *store.DB) (*Service, Process, []int64, func() time.Time) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	people, err := identity.New(ctx, db, clock, nil, log)
	if err != nil {
		t.Fatal(err)
	}
	orgs := org.NewService(db, people, clock)
	city, err := orgs.Create(ctx, 0, nil, org.Input{Slug: "batch-city", Kind: "municipality", NameFa: "شهر"})
	if err != nil {
		t.Fatal(err)
	}
	s := NewService(db, orgs, people, notify.New(db, nil, people, clock, log), clock)
	p, err := s.CreateProcess(ctx, 0, Process{OrgID: city.ID, Slug: "batch", TitleFa: "دسته", Rule: "greedy",
		Ballot: Approval, Eligibility: SignedIn, Scope: AllHeadings,
		Phases:   []Window{{Phase: Voting, Start: now.Add(-time.Hour), End: now.Add(time.Hour)}},
		Headings: []Heading{{NameFa: "الف", Budget: 100}, {NameFa: "ب", Budget: 100}, {NameFa: "پ", Budget: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	var voters []int64
	for _, phone := range []string{"09120000001", "09120000002"} {
		var id int64
		if err := db.Write.QueryRowContext(ctx, `INSERT INTO users (phone, created_at, updated_at) VALUES ($1, 0, 0) RETURNING id`,
			phone).Scan(&id); err != nil {
			t.Fatal(err)
		}
		voters = append(voters, id)
	}
	return s, p, voters, clock
}

// chainNow reads a heading's chain whatever the phase.
func (s *Service) chainNow(ctx context.Context, heading int64) (c ballotchain.Chain, seq int64, err error) {
	err = s.readSnapshot(ctx, func(tx *sql.Tx) error {
		c, seq, err = readChain(ctx, tx, heading)
		return err
	})
	return c, seq, err
}

// TestBatchClaimsSlots: a heading beyond the voter's own takes one of
// their slots in the ballot's own transaction. In one batch, a voter with
// one slot sends ballots to two such headings: the first to arrive takes
// the slot and the second is refused alone, neither stored nor logged,
// while the rest of the batch commits; their ballot to the heading they
// hold passes again, in this batch and later ones.
func TestBatchClaimsSlots(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, p, voters, clock := batchService(t, db)
		h1, h2, h3 := p.Headings[0].ID, p.Headings[1].ID, p.Headings[2].ID
		used := errors.New("no slot left")
		req := func(heading, voter int64, choices string, slots int) *castRequest {
			return &castRequest{ctx: ctx, now: clock, votingEnds: clock().Add(time.Hour), processID: p.ID, headingID: heading,
				voterID: voter, right: voteRight{slots: slots, noSlot: used}, choices: choices, total: 10, receipt: newReceipt(),
				done: make(chan error, 1)}
		}
		commit := func(batch ...*castRequest) []error {
			(&committer{db: db}).commit(batch)
			var errs []error
			for _, r := range batch {
				errs = append(errs, <-r.done)
			}
			return errs
		}
		errs := commit(
			req(h3, voters[0], "1", 1), // takes voter 0's slot: arrives first, though h3 sorts after h2
			req(h1, voters[1], "2", 0), // needs no slot
			req(h2, voters[0], "3", 1), // refused: the slot holds h3
			req(h3, voters[0], "4", 1), // the heading held: passes, replacing "1"
			req(h2, voters[1], "5", 2), // voter 1 has two slots: takes the first
		)
		for i, want := range []error{nil, nil, used, nil, nil} {
			if errs[i] != want {
				t.Errorf("ballot %d: %v, want %v", i, errs[i], want)
			}
		}
		errs = commit(req(h2, voters[0], "6", 1), req(h3, voters[0], "7", 1), req(h3, voters[1], "8", 2))
		for i, want := range []error{used, nil, nil} {
			if errs[i] != want {
				t.Errorf("later batch, ballot %d: %v, want %v", i, errs[i], want)
			}
		}
		for heading, want := range map[int64][]string{h1: {"2"}, h2: {"5"}, h3: {"1", "4", "7", "8"}} {
			c, seq, err := s.chainNow(ctx, heading)
			if n, verr := s.VerifyChain(ctx, heading); err != nil || verr != nil || n != len(want) || seq != int64(n) {
				t.Errorf("heading %d: %d links (counter %d), %v %v; want %d", heading, n, seq, err, verr, len(want))
			}
			for i, e := range c.Entries {
				if i >= len(want) || e.Choices != want[i] {
					t.Errorf("heading %d link %d: %q, want %v", heading, i+1, e.Choices, want)
				}
			}
		}
		chosen, err := s.chosenHeadings(ctx, p.ID, voters[1])
		if err != nil || len(chosen) != 2 || chosen[0] != h2 || chosen[1] != h3 {
			t.Errorf("voter 1's chosen headings: %v %v, want [%d %d]", chosen, err, h2, h3)
		}
	})
}
