package budgeting_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/pb"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// clock is a settable time for the service.
type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time  { return time.UnixMilli(c.t.Load()).UTC() }
func (c *clock) set(t time.Time) { c.t.Store(t.UnixMilli()) }

var day0 = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)

func at(days int) time.Time { return day0.AddDate(0, 0, days) }

// services builds the budgeting service over db with its real
// collaborators: the organization tree, identity, and notifications whose
// SMS go to box.
func services(tb testing.TB, db *store.DB, now func() time.Time, box sms.Sender) (*budgeting.Service, *org.Service, *notify.Service) {
	tb.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	people, err := identity.New(context.Background(), db, now, box, log)
	if err != nil {
		tb.Fatal(err)
	}
	orgs := org.NewService(db, people, now)
	notes := notify.New(db, box, people, now, log)
	return budgeting.NewService(db, orgs, people, notes, now), orgs, notes
}

// fixture is a district with two neighbourhoods, residents, and a process
// whose phases run: proposals days 0–10, review 10–20, voting 20–30,
// results 30–40.
type fixture struct {
	db       *store.DB
	clock    *clock
	svc      *budgeting.Service
	box      *outbox         // the SMS the service sent
	notes    *notify.Service // the notifications it stored
	district org.Org
	hoods    []org.Org
	process  budgeting.Process
	voters   []int64 // residents of the first neighbourhood
}

func newFixture(t *testing.T, db *store.DB, ballot budgeting.BallotKind, rule string) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{db: db, clock: &clock{}, box: &outbox{}}
	f.clock.set(day0)
	var orgs *org.Service
	f.svc, orgs, f.notes = services(t, db, f.clock.now, f.box)
	city, err := orgs.Create(ctx, 0, nil, org.Input{Slug: "tehran", Kind: "municipality", NameFa: "شهرداری تهران"})
	if err != nil {
		t.Fatal(err)
	}
	if f.district, err = orgs.Create(ctx, 0, &city, org.Input{Slug: "district-21", Kind: "district", NameFa: "منطقه ۲۱"}); err != nil {
		t.Fatal(err)
	}
	for i, name := range []string{"ویلاشهر", "شهرک دریا"} {
		h, err := orgs.Create(ctx, 0, &f.district, org.Input{Slug: fmt.Sprintf("hood-%d", i+1), Kind: "neighbourhood", NameFa: name})
		if err != nil {
			t.Fatal(err)
		}
		f.hoods = append(f.hoods, h)
	}
	for i := range 5 {
		f.voters = append(f.voters, f.user(t, fmt.Sprintf("0912000000%d", i), f.hoods[0].ID))
	}
	f.process, err = f.svc.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: f.district.ID, Slug: "district-21-1405", TitleFa: "من شهردارم ۱۴۰۵", Rule: rule,
		Ballot: ballot, MaxChoices: 3, MaxPoints: 10, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{{budgeting.Proposals, at(0), at(10)}, {budgeting.Review, at(10), at(20)},
			{budgeting.Voting, at(20), at(30)}, {budgeting.Results, at(30), at(40)}},
		Headings: []budgeting.Heading{{AreaID: f.hoods[0].ID, NameFa: "ویلاشهر", Budget: 100}, {AreaID: f.hoods[1].ID, NameFa: "شهرک دریا", Budget: 50}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// user adds a citizen, resident of home when it is not 0.
func (f *fixture) user(t *testing.T, phone string, home int64) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	if err := f.db.Write.QueryRowContext(ctx, `INSERT INTO users (phone, created_at, updated_at) VALUES ($1, 0, 0) RETURNING id`, phone).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if home != 0 {
		if _, err := f.db.Write.ExecContext(ctx, `INSERT INTO residences (user_id, org_id, source, created_at) VALUES ($1, $2, 'staff', 0)`, id, home); err != nil {
			t.Fatal(err)
		}
	}
	return id
}

// proposals submits and accepts projects with these final costs in the
// first heading, and returns their ids.
func (f *fixture) proposals(t *testing.T, costs ...int64) []int64 {
	t.Helper()
	ctx := context.Background()
	f.clock.set(at(1))
	var ids []int64
	for i, c := range costs {
		p, err := f.svc.Submit(ctx, f.voters[0], budgeting.Proposal{ProcessID: f.process.ID, HeadingID: f.process.Headings[0].ID,
			CategoryID: 1, Title: fmt.Sprintf("طرح %d", i+1), Description: "پارک محله", EstimatedCost: c + 1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	f.clock.set(at(11))
	for i, id := range ids {
		if _, err := f.svc.ReviewProposal(ctx, 1, id, budgeting.Verdict{Feasible: true, FinalCost: costs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	return ids
}

// approve is a ballot for the first heading.
func (f *fixture) approve(ids ...int64) budgeting.Ballot {
	b := budgeting.Ballot{HeadingID: f.process.Headings[0].ID}
	for _, id := range ids {
		b.Choices = append(b.Choices, budgeting.Choice{ProposalID: id})
	}
	return b
}

func wantCode(t *testing.T, err error, code apperr.Code, what string) {
	t.Helper()
	if apperr.CodeOf(err) != code {
		t.Errorf("%s: error %v, want %s", what, err, code)
	}
}

func TestProcessValidation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, budgeting.Approval, "greedy")
		bad := f.process
		bad.Slug = "another"
		bad.Phases = []budgeting.Window{{budgeting.Voting, at(5), at(6)}, {budgeting.Proposals, at(0), at(4)}}
		_, err := f.svc.CreateProcess(context.Background(), 0, bad)
		wantCode(t, err, apperr.Invalid, "phases out of order")
		bad.Phases, bad.Rule = f.process.Phases, "borda"
		_, err = f.svc.CreateProcess(context.Background(), 0, bad)
		wantCode(t, err, apperr.Invalid, "unknown rule")
		dup := f.process
		_, err = f.svc.CreateProcess(context.Background(), 0, dup)
		wantCode(t, err, apperr.Conflict, "a taken slug")
		got, err := f.svc.ProcessBySlug(context.Background(), "district-21-1405")
		if err != nil || len(got.Headings) != 2 || len(got.Phases) != 4 || got.Headings[1].Budget != 50 {
			t.Errorf("read back: %+v %v", got, err)
		}
		if w, ok := got.PhaseAt(at(25)); !ok || w.Phase != budgeting.Voting {
			t.Errorf("phase on day 25: %v %v", w, ok)
		}
	})
}

// A reviewer may not send to the vote a project that costs more than its
// heading's whole budget: no rule could fund it, and the published
// pabulib file would be invalid. At the budget it goes; one rial over is
// refused with the field named, and the proposal stays as it was; the
// heading's budget may not be lowered below it afterwards either.
func TestReviewCostWithinHeading(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, budgeting.Approval, "greedy")
		ctx := context.Background()
		f.clock.set(at(1))
		var ids []int64
		for i := range 2 {
			p, err := f.svc.Submit(ctx, f.voters[0], budgeting.Proposal{ProcessID: f.process.ID, HeadingID: f.process.Headings[0].ID,
				CategoryID: 1, Title: fmt.Sprintf("طرح %d", i+1), Description: "پارک محله", EstimatedCost: 100})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, p.ID)
		}
		f.clock.set(at(11))
		if _, err := f.svc.ReviewProposal(ctx, 1, ids[0], budgeting.Verdict{Feasible: true, FinalCost: 100}); err != nil {
			t.Errorf("a final cost equal to the heading's budget: %v", err)
		}
		_, err := f.svc.ReviewProposal(ctx, 1, ids[1], budgeting.Verdict{Feasible: true, FinalCost: 101})
		if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Name != "final_cost" ||
			!strings.Contains(ae.Msg.Fa, "۱۰۰ ریال") || !strings.Contains(ae.Msg.En, "100 rials") {
			t.Errorf("a final cost one rial over the heading's budget: %v, want invalid final_cost naming the budget", err)
		}
		if p, err := f.svc.Proposal(ctx, ids[1], true); err != nil || p.Status != budgeting.StatusSubmitted || p.FinalCost != 0 {
			t.Errorf("the refused review changed the proposal: %+v %v", p, err)
		}
		// Nor may the heading's budget fall below that project's cost later.
		lower := f.process
		lower.Headings = slices.Clone(f.process.Headings)
		lower.Headings[0].Budget = 99
		_, err = f.svc.UpdateProcess(ctx, 0, lower)
		if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Invalid || !strings.Contains(ae.Msg.En, "(100 rials)") {
			t.Errorf("a heading's budget lowered below a feasible project's cost: %v", err)
		}
		if got, err := f.svc.ProcessBySlug(ctx, f.process.Slug); err != nil || got.Headings[0].Budget != 100 {
			t.Errorf("the refused change moved the budget: %+v %v", got.Headings, err)
		}
		lower.Headings[0].Budget = 100
		if _, err := f.svc.UpdateProcess(ctx, 0, lower); err != nil {
			t.Errorf("a heading's budget equal to its costliest feasible project: %v", err)
		}
	})
}

// TestVotingAndResults runs a heading from proposals to results: the
// phase rules, the budget limit, a changed ballot, eligibility, and a
// result that the published pabulib file reproduces.
func TestVotingAndResults(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "equalshares/add1")
		ids := f.proposals(t, 60, 50, 30, 40)
		heading := f.process.Headings[0].ID
		_, err := f.svc.Cast(ctx, f.voters[0], f.approve(ids[0]))
		wantCode(t, err, apperr.Invalid, "a ballot before voting opens")
		f.clock.set(at(21))
		_, err = f.svc.Cast(ctx, f.voters[0], f.approve(ids[0], ids[1]))
		wantCode(t, err, apperr.Invalid, "a ballot over the budget (110 > 100)")
		outsider := f.user(t, "09129999999", f.hoods[1].ID)
		_, err = f.svc.Cast(ctx, outsider, f.approve(ids[0]))
		wantCode(t, err, apperr.Forbidden, "a resident of another neighbourhood")
		ballots := [][]int64{{ids[1], ids[3]}, {ids[0], ids[2]}, {ids[0]}, {ids[1], ids[2]}, {ids[2], ids[3]}}
		var receipts []string
		for i, b := range ballots {
			r, err := f.svc.Cast(ctx, f.voters[i], f.approve(b...))
			if err != nil {
				t.Fatal(err)
			}
			receipts = append(receipts, r)
		}
		// Voter 0 changes their mind; only the last ballot counts.
		if receipts[0], err = f.svc.Cast(ctx, f.voters[0], f.approve(ids[0], ids[2])); err != nil {
			t.Fatal(err)
		}
		if n, _ := f.svc.BallotCount(ctx, heading); n != 5 {
			t.Errorf("%d ballots, want 5", n)
		}
		_, err = f.svc.Results(ctx, heading)
		wantCode(t, err, apperr.Forbidden, "results before voting closes")
		f.clock.set(at(31))
		res, err := f.svc.Results(ctx, heading)
		if err != nil {
			t.Fatal(err)
		}
		checkPublished(t, f, heading, res, receipts)
	})
}

// checkPublished: the published file, counted by the engine with no
// options, selects what the results say, and holds every receipt's hash.
func checkPublished(t *testing.T, f *fixture, heading int64, res budgeting.HeadingResult, receipts []string) {
	t.Helper()
	var buf bytes.Buffer
	if err := f.svc.WriteBallots(context.Background(), &buf, heading); err != nil {
		t.Fatal(err)
	}
	in, err := pb.Read(&buf)
	if err != nil {
		t.Fatalf("the published file does not read back: %v", err)
	}
	spec, err := pb.SpecFromMeta(in)
	if err != nil {
		t.Fatal(err)
	}
	r, err := pb.Run(in, spec)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, id := range res.Selected {
		want = append(want, strconv.FormatInt(id, 10))
	}
	if got := r.Outcome.SelectedIDs(r.Profile); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("tally of the published file selects %v; the results %v", got, want)
	}
	if res.Rule != "mes/add1" || res.Ballots != 5 || res.TotalCost > res.Budget {
		t.Errorf("results: %+v", res)
	}
	for _, rc := range receipts {
		if in.VoterIndex(ballotchain.ReceiptHash(heading, rc)) < 0 {
			t.Errorf("receipt %s is not in the published file", rc)
		}
	}
	for _, p := range res.Projects {
		if p.Explanation.Fa == "" || p.Explanation.En == "" {
			t.Errorf("project %d has no explanation", p.ID)
		}
	}
}

// TestOneBallotUnderConcurrency: 200 concurrent submissions for one voter
// through two services (as two servers would) leave exactly one ballot,
// and the ballot log stays one unbroken chain.
func TestOneBallotUnderConcurrency(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		ids := f.proposals(t, 60, 50, 30)
		f.clock.set(at(21))
		other, _, _ := services(t, db, f.clock.now, f.box)
		services := []*budgeting.Service{f.svc, other}
		var wg sync.WaitGroup
		var accepted atomic.Int64
		for i := range 200 {
			wg.Go(func() {
				choice := []int64{ids[i%3]}
				if _, err := services[i%2].Cast(ctx, f.voters[0], f.approve(choice...)); err == nil {
					accepted.Add(1)
				} else if apperr.CodeOf(err) == apperr.Invalid {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n, _ := f.svc.BallotCount(ctx, f.process.Headings[0].ID); n != 1 || accepted.Load() == 0 {
			t.Errorf("%d ballots stored, %d accepted; want exactly one stored", n, accepted.Load())
		}
		checkChain(t, db, f.process.Headings[0].ID, accepted.Load())
	})
}

// checkChain recomputes the heading's ballot log.
func checkChain(t *testing.T, db *store.DB, heading, want int64) {
	t.Helper()
	rows, err := db.Read.QueryContext(context.Background(), `SELECT receipt_hash, choices, prev_hash, hash FROM budget_ballot_log WHERE heading_id = $1 ORDER BY id`, heading)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	prev, n := "", int64(0)
	for rows.Next() {
		var rh, choices, p, h string
		if err := rows.Scan(&rh, &choices, &p, &h); err != nil {
			t.Fatal(err)
		}
		if p != prev || h != ballotchain.LinkHash(p, rh, choices) {
			t.Fatalf("log entry %d breaks the chain", n+1)
		}
		prev, n = h, n+1
	}
	if n != want {
		t.Errorf("%d log entries, %d ballots accepted", n, want)
	}
}
