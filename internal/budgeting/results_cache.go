package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// resultsCache keeps each heading's latest count. Counting a heading reads
// every ballot and runs the rule, which for a district of a large city is
// hundreds of milliseconds; the inputs change only when a ballot is
// accepted (the heading's ballot_seq moves, in the ballot's transaction)
// or a proposal changes (its updated_at, its status, its final cost). The
// cache is keyed by those, read in one query over the heading's row and
// its proposals, so a hit costs that query and nothing else.
//
// Concurrent first requests for a heading share one computation: the
// first installs an entry and counts, the others wait for it.
type resultsCache struct {
	mu       sync.Mutex
	entries  map[int64]*resultsEntry // by heading id; one (the newest) per heading
	computed atomic.Int64            // how many counts ran, for tests and metrics
}

// resultsKey is everything a heading's count depends on besides the
// process's settings, which do not change once voting has closed.
type resultsKey struct {
	ballotSeq     int64 // bumped with every accepted ballot
	budget        int64
	proposalsAt   int64 // the newest updated_at among the heading's proposals
	feasible      int64 // how many proposals go to the count
	feasibleCosts int64 // the sum of their final costs
}

// resultsEntry is one computation, done or under way.
type resultsEntry struct {
	key  resultsKey
	done chan struct{} // closed when res and err are set
	res  HeadingResult
	err  error
}

func newResultsCache() *resultsCache {
	return &resultsCache{entries: map[int64]*resultsEntry{}}
}

// CachedResults is Results, counted once and reused until the heading's
// ballots or proposals change. Before voting closes it returns the same
// errors as Results. The result is shared: callers must not modify its
// slices.
func (s *Service) CachedResults(ctx context.Context, headingID int64) (HeadingResult, error) {
	key, closed, err := s.resultsKey(ctx, headingID)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !closed) {
		return s.Results(ctx, headingID) // its error says why: no heading, or not closed yet
	}
	if err != nil {
		return HeadingResult{}, err
	}
	c := s.results
	c.mu.Lock()
	e, ok := c.entries[headingID]
	if !ok || e.key != key {
		e = &resultsEntry{key: key, done: make(chan struct{})}
		c.entries[headingID] = e
		// The count runs on its own, so that a request that gives up
		// does not cancel it for the others waiting on it.
		go s.computeResults(context.WithoutCancel(ctx), headingID, e)
	}
	c.mu.Unlock()
	select {
	case <-e.done:
		return e.res, e.err
	case <-ctx.Done():
		return HeadingResult{}, ctx.Err()
	}
}

func (s *Service) computeResults(ctx context.Context, headingID int64, e *resultsEntry) {
	c := s.results
	c.computed.Add(1)
	e.res, e.err = s.Results(ctx, headingID)
	if e.err != nil { // not kept: the next request tries again
		c.mu.Lock()
		if c.entries[headingID] == e {
			delete(c.entries, headingID)
		}
		c.mu.Unlock()
	}
	close(e.done)
}

// ResultsComputed is how many times headings have been counted since the
// service started (cache misses).
func (s *Service) ResultsComputed() int64 { return s.results.computed.Load() }

// resultsKey reads what a heading's count depends on, and whether its
// process's voting has closed, in one query.
func (s *Service) resultsKey(ctx context.Context, headingID int64) (resultsKey, bool, error) {
	var k resultsKey
	var votingEnd time.Time
	err := s.db.Read.QueryRowContext(ctx, `SELECT h.ballot_seq, h.budget,
			(SELECT max(ends_at) FROM budget_phases WHERE process_id = h.process_id AND phase = 'voting'),
			coalesce(max(p.updated_at), 0),
			coalesce(sum(CASE WHEN p.status = 'feasible' THEN 1 ELSE 0 END), 0),
			coalesce(sum(CASE WHEN p.status = 'feasible' THEN coalesce(p.final_cost, p.estimated_cost) ELSE 0 END), 0)
		FROM budget_headings h LEFT JOIN budget_proposals p ON p.heading_id = h.id
		WHERE h.id = $1
		GROUP BY h.id, h.ballot_seq, h.budget, h.process_id`, headingID).
		Scan(&k.ballotSeq, &k.budget, store.Time(&votingEnd), &k.proposalsAt, &k.feasible, &k.feasibleCosts)
	if err != nil {
		return k, false, err
	}
	closed := !votingEnd.IsZero() && !s.now().Before(votingEnd)
	return k, closed, nil
}
