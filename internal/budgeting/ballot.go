package budgeting

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"math"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/store"
)

// Choice is one project on a ballot; Points only on cumulative ballots.
type Choice = ballotchain.Choice

// Ballot is a voter's choices in one heading.
type Ballot struct {
	HeadingID int64
	Choices   []Choice // in the voter's order (most preferred first when ordinal)
	Paper     bool     // entered by staff from a paper ballot
}

var (
	errOverBudget = apperr.New(apperr.Invalid, "هزینه طرح‌های انتخاب‌شده از بودجه این سرفصل بیشتر است.",
		"The projects you chose cost more than this heading's budget.")
	errBadChoices = apperr.New(apperr.Invalid, "انتخاب‌های برگه رأی با قواعد این فرایند نمی‌خواند.",
		"The ballot's choices do not follow this process's rules.")
)

// Cast stores a voter's ballot while voting is open, replacing any earlier
// ballot of theirs in the heading, and returns its receipt once the
// ballot is committed. The database's unique (heading, voter) key keeps
// one ballot per voter under any number of concurrent requests and
// servers; the heading's hash chain logs every accepted ballot in order.
func (s *Service) Cast(ctx context.Context, voterID int64, b Ballot) (string, error) {
	p, h, err := s.openHeading(ctx, b.HeadingID)
	if err != nil {
		return "", err
	}
	c, err := s.cast(ctx, p, h, voterID, b)
	return c.Receipt, err
}

// castResult is an accepted ballot: its receipt and what its projects cost.
type castResult struct {
	Receipt   string
	TotalCost int64
}

// cast validates a ballot for a heading of p (in its voting phase) and
// commits it with others waiting (see batch.go). Everything that can
// refuse a ballot is checked here, before it joins a batch, so one bad
// ballot never fails another's transaction; only the slot of a heading
// chosen beyond the voter's own is taken in the batch's transaction,
// and a ballot refused there is left out of it alone.
func (s *Service) cast(ctx context.Context, p Process, h Heading, voterID int64, b Ballot) (castResult, error) {
	right, err := s.mayVote(ctx, p, h, voterID)
	if err != nil {
		return castResult{}, err
	}
	props, err := s.Feasible(ctx, h.ID)
	if err != nil {
		return castResult{}, err
	}
	total, err := checkChoices(p, h, props, b.Choices)
	if err != nil {
		return castResult{}, err
	}
	w, _ := p.Window(Voting)
	req := &castRequest{ctx: ctx, now: s.now, votingEnds: w.End, processID: p.ID, headingID: h.ID, voterID: voterID, right: right,
		choices: ballotchain.EncodeChoices(b.Choices), total: total, paper: b.Paper, receipt: newReceipt(), done: make(chan error, 1)}
	if err := s.submit(ctx, req); err != nil {
		return castResult{}, err
	}
	return castResult{Receipt: req.receipt, TotalCost: total}, nil
}

// openHeading finds a heading whose process is in its voting phase.
func (s *Service) openHeading(ctx context.Context, headingID int64) (Process, Heading, error) {
	p, h, err := s.headingProcess(ctx, headingID)
	if err != nil {
		return p, h, err
	}
	if w, ok := p.PhaseAt(s.now()); !ok || w.Phase != Voting {
		return p, Heading{}, errNotPhase
	}
	return p, h, nil
}

// headingProcess returns a heading and the process it belongs to.
func (s *Service) headingProcess(ctx context.Context, headingID int64) (Process, Heading, error) {
	var processID int64
	err := s.db.Read.QueryRowContext(ctx, `SELECT process_id FROM budget_headings WHERE id = $1`, headingID).Scan(&processID)
	if err != nil {
		return Process{}, Heading{}, store.NotFound(err, errNoProcess)
	}
	p, err := s.Process(ctx, processID)
	if err != nil {
		return p, Heading{}, err
	}
	h, _ := p.Heading(headingID)
	return p, h, nil
}

// checkChoices validates a ballot against the process's ballot kind and
// returns its total cost. Sums are bounded as they grow (addWithin), so
// no choice of numbers can wrap them round: points never pass the
// ballot's limit, an approval ballot's cost never passes the heading's
// budget, and no cost sum passes the largest int64.
func checkChoices(p Process, h Heading, props []Proposal, cs []Choice) (int64, error) {
	if err := p.checkChoiceCount(len(cs)); err != nil {
		return 0, err
	}
	cost := make(map[int64]int64, len(props))
	for _, pr := range props {
		cost[pr.ID] = pr.Cost()
	}
	limit := int64(math.MaxInt64)
	if p.Ballot == Approval {
		limit = h.Budget
	}
	var total, points int64
	seen := make(map[int64]bool, len(cs))
	for _, c := range cs {
		cc, ok := cost[c.ProposalID]
		if !ok || seen[c.ProposalID] || (p.Ballot == Cumulative) != (c.Points > 0) || c.Points < 0 {
			return 0, errBadChoices
		}
		seen[c.ProposalID] = true
		if points, ok = addWithin(points, c.Points, int64(p.MaxPoints)); !ok {
			return 0, errPoints(p.MaxPoints)
		}
		if total, ok = addWithin(total, cc, limit); !ok {
			if p.Ballot == Approval {
				return 0, errOverBudget
			}
			return 0, errBadChoices // past the largest int64: only costs no form accepts could add up so
		}
	}
	return total, nil
}

// checkChoiceCount applies the ballot's limits on how many projects it
// names.
func (p Process) checkChoiceCount(n int) error {
	switch {
	case n == 0:
		return errNoChoices
	case n < p.MinChoices:
		return errFewChoices(p.MinChoices)
	case p.MaxChoices > 0 && n > p.MaxChoices:
		return errManyChoices(p.MaxChoices)
	}
	return nil
}

// addWithin adds n to sum unless the result would pass limit, which it
// then reports without computing it: for 0 <= sum <= limit and n >= 0,
// limit-sum cannot overflow.
func addWithin(sum, n, limit int64) (int64, bool) {
	if n > limit-sum {
		return sum, false
	}
	return sum + n, true
}

// newReceipt is 128 random bits, in hex: unguessable, so its hash can
// stand for the voter in published files.
func newReceipt() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// BallotCount is how many voters have a ballot in the heading.
func (s *Service) BallotCount(ctx context.Context, headingID int64) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots WHERE heading_id = $1`, headingID).Scan(&n)
	return n, err
}
