package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
)

// A lean ballot path: what a ballot is checked against, kept in memory,
// and what only the database can say of it, settled in the transaction
// that stores it.
//
// A ballot is checked against its heading's process (phases, ballot kind
// and limits, who votes where), the heading (budget, area) and the
// heading's feasible proposals (ids and costs): its ballot context.
// Reading them for every ballot was most of its cost. They change rarely,
// and never unseen: the database moves the process's version on in the
// transaction of every write to them (migration 0022's triggers). So a
// server keeps each heading's context as read at one version, and a
// ballot is checked against it before it queues (the phase, the choices
// and their costs). The batch's transaction then reads, with one
// statement, the versions of the processes its ballots were checked
// against: a ballot whose process has moved on is not written, and its
// caller checks it again against a context read afresh (castBy), for a
// later batch. Refusals go through the batch too, so that a refusal from
// a context gone stale (voting extended, a budget raised through another
// server) is checked again like an acceptance.
//
// The voter is read in the batch's transaction as well, never before:
// one statement reads, for every ballot of the batch, its session (the
// API's ballot route does not authenticate beforehand: web.SignedInTx)
// and its voter's standing, date of birth and residence
// (identity.VotersIn), and the eligibility rules decide on what it read
// (eligibleWith). So a ballot runs no statement of its own, the facts it
// is judged by are those of the transaction that stores it, and a session
// revoked, an account blocked or a residence moved through any server
// holds for the next batch of every one, with no cache of people to keep.

// ballotContext is what a heading's ballots are checked against, read at
// one version of its process. It is shared: never modified once stored.
type ballotContext struct {
	process  Process
	heading  Heading
	feasible []Proposal // ids and costs only, by id
	version  int64
}

// ballotState is a Service's ballot contexts, by heading, and what its
// batches did, for metrics and tests.
type ballotState struct {
	mu       sync.RWMutex
	contexts map[int64]*ballotContext
	loading  map[int64]*contextRead // reads under way, by heading, which other ballots wait for
	batches  atomic.Int64           // ballot transactions committed
	rechecks atomic.Int64           // ballots checked again after their process moved on
}

// contextRead is one read of a heading's context, under way or done.
type contextRead struct {
	done chan struct{} // closed when bc and err are set
	bc   *ballotContext
	err  error
}

func newBallotState() *ballotState {
	return &ballotState{contexts: map[int64]*ballotContext{}, loading: map[int64]*contextRead{}}
}

// BallotBatches is how many ballot transactions this service's ballots
// were committed in since it started.
func (s *Service) BallotBatches() int64 { return s.voting.batches.Load() }

// BallotRechecks is how many ballots were checked again since the service
// started, because the process they were checked against had changed.
func (s *Service) BallotRechecks() int64 { return s.voting.rechecks.Load() }

// ballotContext returns a heading's context: the one kept, or one read
// now. The ballots that find none at once (the first ones, or all those
// after a change) share one read.
func (s *Service) ballotContext(ctx context.Context, headingID int64) (*ballotContext, error) {
	v := s.voting
	v.mu.RLock()
	bc := v.contexts[headingID]
	v.mu.RUnlock()
	if bc != nil {
		return bc, nil
	}
	v.mu.Lock()
	bc, read := v.contexts[headingID], v.loading[headingID]
	if bc == nil && read == nil {
		read = &contextRead{done: make(chan struct{})}
		v.loading[headingID] = read
		// The read runs on its own, so that a request that gives up does
		// not fail it for the others waiting.
		go s.readBallotContext(context.WithoutCancel(ctx), headingID, read)
	}
	v.mu.Unlock()
	if bc != nil {
		return bc, nil
	}
	select {
	case <-read.done:
		return read.bc, read.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// readBallotContext reads a heading's context from one snapshot and keeps
// it (not when the read fails: the next ballot tries again).
func (s *Service) readBallotContext(ctx context.Context, headingID int64, read *contextRead) {
	bc := &ballotContext{}
	err := s.readSnapshot(ctx, func(tx *sql.Tx) error {
		var processID int64
		err := tx.QueryRowContext(ctx, `SELECT p.id, p.version FROM budget_headings h JOIN budget_processes p ON p.id = h.process_id
			WHERE h.id = $1`, headingID).Scan(&processID, &bc.version)
		if err = store.NotFound(err, errNoProcess); err != nil {
			return err
		}
		if bc.process, err = loadProcess(ctx, tx, "id = $1", processID); err != nil {
			return err
		}
		bc.heading, _ = bc.process.Heading(headingID)
		bc.feasible, err = store.QueryAll(ctx, tx, func(r store.Scanner) (Proposal, error) {
			var p Proposal
			return p, r.Scan(&p.ID, &p.EstimatedCost, &p.FinalCost)
		}, `SELECT id, estimated_cost, coalesce(final_cost, 0) FROM budget_proposals
			WHERE heading_id = $1 AND status = 'feasible' ORDER BY id`, headingID)
		return err
	})
	if err == nil {
		bc.process, err = s.placed(ctx, bc.process, nil)
	}
	v := s.voting
	v.mu.Lock()
	if read.err = err; err == nil {
		read.bc = bc
		v.contexts[headingID] = bc
	}
	delete(v.loading, headingID)
	v.mu.Unlock()
	close(read.done)
}

// forgetBallotContext drops a heading's context read at version, found
// stale, so the next ballot reads it again; a newer one already read stays.
func (s *Service) forgetBallotContext(headingID, version int64) {
	s.voting.mu.Lock()
	defer s.voting.mu.Unlock()
	if kept := s.voting.contexts[headingID]; kept != nil && kept.version <= version {
		delete(s.voting.contexts, headingID)
	}
}

// voterKey names a ballot's voter: by the session token of an API
// request, which the batch authenticates, or by the account id of a voter
// already signed in (the ballot form) or named by the caller (Cast).
type voterKey struct {
	token string
	id    int64
}

// maxChecks bounds how often one ballot is checked against a fresh
// context; a process would have to change at every batch to use them up.
const maxChecks = 3

// castBy checks a ballot against its heading's context and commits it in
// a batch (batch.go), whose transaction settles the rest (settle): who
// the voter is, whether the context still holds, and the eligibility
// rules. A ballot checked against a context found stale is checked again.
// The voter's account id comes back whenever the batch found it.
func (s *Service) castBy(ctx context.Context, voter voterKey, headingID int64, b Ballot) (castResult, error) {
	for range maxChecks {
		bc, err := s.ballotContext(ctx, headingID)
		if err != nil {
			return castResult{}, err
		}
		req := s.ballotRequest(ctx, bc, voter, b)
		err = s.submit(ctx, req)
		if err != nil && ctx.Err() != nil {
			return castResult{}, err // the caller left: the writer may still hold req
		}
		res := castResult{VoterID: req.voterID}
		if !errors.Is(err, errStale) {
			if err == nil {
				res.Receipt, res.TotalCost = req.receipt, req.total
			}
			return res, err
		}
		s.voting.rechecks.Add(1)
		s.forgetBallotContext(headingID, bc.version)
	}
	return castResult{}, errProcessMoving
}

// ballotRequest checks a ballot against a context: the phase, then the
// choices. A refusal is kept for the batch to confirm.
func (s *Service) ballotRequest(ctx context.Context, bc *ballotContext, voter voterKey, b Ballot) *castRequest {
	p, h := bc.process, bc.heading
	req := &castRequest{ctx: ctx, now: s.now, headingID: h.ID, voterID: voter.id, paper: b.Paper, receipt: newReceipt(),
		done: make(chan error, 1), check: &ballotCheck{svc: s, context: bc, token: voter.token}}
	if w, ok := p.PhaseAt(s.now()); !ok || w.Phase != Voting {
		req.check.refusal = errNotPhase
		return req
	}
	w, _ := p.Window(Voting)
	req.votingEnds = w.End
	req.choices = ballotchain.EncodeChoices(b.Choices)
	req.total, req.check.refusal = checkChoices(p, h, bc.feasible, b.Choices)
	return req
}
