package budgeting

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
)

// Group commit of ballots.
//
// Every ballot is one upsert into budget_ballots and one link of its
// heading's hash chain. Committed one transaction at a time, a server
// spends most of a ballot's time on BEGIN and COMMIT (and, when commits
// are made durable with fsync, on waiting for the disk), and the heading
// row that orders the chain lets only one of them run anyway. So ballots
// queue per database, and one goroutine at a time takes everything queued
// and writes it in one transaction: per heading, lock the heading row once,
// upsert each ballot and append its link in arrival order, store the new
// chain head, COMMIT. Each caller is answered only after COMMIT returns,
// so a receipt is never handed out for a ballot that is not stored.
//
// The goroutine lives only while there is work: the first ballot to find
// the queue idle starts it, and it ends when it finds the queue empty.
// Ballots are validated before they queue; should a statement still fail
// in a batch, the batch is rolled back and its ballots are written again
// one transaction each, so only the faulty one fails. The one rule the
// batch itself decides, a voter's slot for a heading chosen beyond their
// own (eligibility.go), refuses that ballot alone: it is left out of the
// batch, which commits without it.

// castRequest is a validated ballot waiting for its transaction.
type castRequest struct {
	ctx        context.Context
	now        func() time.Time
	votingEnds time.Time
	processID  int64
	headingID  int64
	voterID    int64     // 0 for a paper ballot
	right      voteRight // the slot to claim, if any
	choices    string
	total      int64
	paper      bool
	receipt    string
	refused    error      // set by the batch's transaction: no slot was left for the heading
	done       chan error // buffered: the writer never waits for the caller
}

// maxBatch bounds one transaction; what is left waits for the next.
const maxBatch = 256

type committer struct {
	db      *store.DB
	queue   []*castRequest
	running bool
}

var (
	committersMu sync.Mutex
	committers   = map[*store.DB]*committer{}
)

// submit queues a validated ballot and waits until it is committed or
// refused. A caller that gives up (its context ends) is dropped from the
// queue if its transaction has not started yet.
func (s *Service) submit(ctx context.Context, req *castRequest) error {
	committersMu.Lock()
	c := committers[s.db]
	if c == nil {
		c = &committer{db: s.db}
		committers[s.db] = c
	}
	c.queue = append(c.queue, req)
	if !c.running {
		c.running = true
		go c.run()
	}
	committersMu.Unlock()
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// run writes batches until the queue is empty.
func (c *committer) run() {
	for {
		committersMu.Lock()
		n := min(len(c.queue), maxBatch)
		batch := slices.Clone(c.queue[:n])
		c.queue = slices.Delete(c.queue, 0, n)
		if n == 0 {
			c.running = false
			delete(committers, c.db)
		}
		committersMu.Unlock()
		if n == 0 {
			return
		}
		c.commit(batch)
	}
}

// commit writes a batch and answers every ballot in it.
func (c *committer) commit(batch []*castRequest) {
	live := make([]*castRequest, 0, len(batch))
	for _, r := range batch {
		switch {
		case r.ctx.Err() != nil:
			r.done <- r.ctx.Err()
		case !r.now().Before(r.votingEnds): // voting closed while it waited
			r.done <- errNotPhase
		default:
			live = append(live, r)
		}
	}
	if len(live) == 0 {
		return
	}
	retry, err := c.write(live)
	if err != nil && retry && len(live) > 1 {
		for _, r := range live { // find the faulty ballot: one transaction each
			_, err := c.write([]*castRequest{r})
			r.done <- cmp.Or(err, r.refused)
		}
		return
	}
	for _, r := range live {
		r.done <- cmp.Or(err, r.refused)
	}
}

// write runs one transaction for the ballots. retry reports that a
// statement failed and nothing was written; after a failed COMMIT the
// ballots must not be written again, for it may have reached the disk.
func (c *committer) write(rs []*castRequest) (retry bool, err error) {
	ctx := context.Background() // one caller leaving must not fail the others
	// The writer syncs at COMMIT (see store's pragmas), so a receipt is
	// never handed out for a ballot a power cut could lose.
	tx, err := c.db.Write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("budgeting: begin ballot batch: %w", err)
	}
	if err := writeBallots(ctx, tx, rs); err != nil {
		tx.Rollback()
		return true, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("budgeting: commit ballot batch: %w", err)
	}
	return false, nil
}

// writeBallots stores the ballots, all but those refused a slot
// (claimHeadings), heading by heading. Per heading: bumping
// ballot_seq by the number of ballots locks the heading row and returns
// the chain head; the ballots (each replacing its voter's earlier one) and
// their chain links are written as two multi-row statements, so a batch
// costs a few round trips to PostgreSQL however many ballots it holds; the
// new head is stored last. (Confirmed paper ballots go through it too, in
// their own transaction: see paper.go.)
func writeBallots(ctx context.Context, tx *sql.Tx, rs []*castRequest) error {
	rs, err := claimHeadings(ctx, tx, rs)
	if err != nil {
		return err
	}
	// Headings in ascending order, each heading's ballots in arrival
	// order: two servers' batches then lock heading rows in the same
	// order and cannot deadlock.
	slices.SortStableFunc(rs, func(a, b *castRequest) int { return cmp.Compare(a.headingID, b.headingID) })
	for len(rs) > 0 {
		n := 1
		for n < len(rs) && rs[n].headingID == rs[0].headingID {
			n++
		}
		group, headingID := rs[:n], rs[0].headingID
		rs = rs[n:]
		var prev string
		if err := tx.QueryRowContext(ctx, `UPDATE budget_headings SET ballot_seq = ballot_seq + $1 WHERE id = $2 RETURNING last_hash`,
			len(group), headingID).Scan(&prev); err != nil {
			return fmt.Errorf("budgeting: lock heading %d: %w", headingID, err)
		}
		ballots, links := make([][]any, 0, len(group)), make([][]any, 0, len(group))
		latest := map[int64]int{} // a voter's row in ballots
		for _, r := range group {
			at := store.Millis(r.now())
			row := []any{headingID, nullID(r.voterID), r.choices, r.total, r.receipt, r.paper, at}
			// One statement may not update a row twice (PostgreSQL refuses):
			// a voter's later ballot in the batch takes their earlier one's place.
			if i, ok := latest[r.voterID]; ok && r.voterID != 0 {
				ballots[i] = row
			} else {
				latest[r.voterID] = len(ballots)
				ballots = append(ballots, row)
			}
			rh := ballotchain.ReceiptHash(headingID, r.receipt)
			hash := ballotchain.LinkHash(prev, rh, r.choices)
			links = append(links, []any{headingID, rh, r.choices, prev, hash, at})
			prev = hash
		}
		if err := store.InsertRows(ctx, tx, `INSERT INTO budget_ballots (heading_id, voter_id, choices, total_cost, receipt, paper, cast_at) VALUES `,
			` ON CONFLICT (heading_id, voter_id) DO UPDATE SET choices = excluded.choices, total_cost = excluded.total_cost,
				receipt = excluded.receipt, cast_at = excluded.cast_at`, ballots, maxBatch); err != nil {
			return fmt.Errorf("budgeting: store ballots: %w", err)
		}
		// The links go in arrival order: their ids order the chain.
		if err := store.InsertRows(ctx, tx, `INSERT INTO budget_ballot_log (heading_id, receipt_hash, choices, prev_hash, hash, at) VALUES `,
			"", links, maxBatch); err != nil {
			return fmt.Errorf("budgeting: log ballots: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE budget_headings SET last_hash = $1 WHERE id = $2`, prev, headingID); err != nil {
			return fmt.Errorf("budgeting: store chain head: %w", err)
		}
	}
	return nil
}

// claimHeadings takes, for each ballot that needs one, a slot among the
// headings its voter chose in the process: the slot that already holds
// its heading, or the first free one. A ballot whose voter's slots all
// hold other headings is refused (r.refused) and left out of the
// ballots it returns (a new slice, in the order given). The primary key (process, voter, slot) makes a
// concurrent transaction that claims the same slot wait for this one
// and then find it taken, on any server. Claims are made in voter order,
// before any heading row is locked, so that two batches take their
// locks in one order and cannot deadlock; a voter's own ballots keep
// their arrival order, and the first wins.
func claimHeadings(ctx context.Context, tx *sql.Tx, rs []*castRequest) ([]*castRequest, error) {
	var claiming []*castRequest
	for _, r := range rs {
		r.refused = nil // a batch written again claims again
		if r.right.slots > 0 {
			claiming = append(claiming, r)
		}
	}
	if len(claiming) == 0 {
		return slices.Clone(rs), nil
	}
	slices.SortStableFunc(claiming, func(a, b *castRequest) int {
		return cmp.Or(cmp.Compare(a.processID, b.processID), cmp.Compare(a.voterID, b.voterID))
	})
	for _, r := range claiming {
		ok, err := claimHeading(ctx, tx, r)
		if err != nil {
			return nil, err
		}
		if !ok {
			r.refused = r.right.noSlot
		}
	}
	return slices.DeleteFunc(slices.Clone(rs), func(r *castRequest) bool { return r.refused != nil }), nil
}

// claimHeading finds or takes the voter's slot for the ballot's heading.
// The upsert returns the heading a slot holds, its own when it was free.
func claimHeading(ctx context.Context, tx *sql.Tx, r *castRequest) (bool, error) {
	for slot := 1; slot <= r.right.slots; slot++ {
		var held int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO budget_chosen_headings (process_id, voter_id, slot, heading_id, at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (process_id, voter_id, slot) DO UPDATE SET heading_id = budget_chosen_headings.heading_id
			RETURNING heading_id`, r.processID, r.voterID, slot, r.headingID, store.Millis(r.now())).Scan(&held); err != nil {
			return false, fmt.Errorf("budgeting: claim heading %d for voter %d: %w", r.headingID, r.voterID, err)
		}
		if held == r.headingID {
			return true, nil
		}
	}
	return false, nil
}
