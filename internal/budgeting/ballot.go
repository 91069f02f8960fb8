package budgeting

import (
	"context"
	"crypto/rand"
	"encoding/hex"

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
	errNotEligible = apperr.New(apperr.Forbidden, "شما در این سرفصل حق رأی ندارید.", "You may not vote in this heading.")
	errOverBudget  = apperr.New(apperr.Invalid, "هزینه طرح‌های انتخاب‌شده از بودجه این سرفصل بیشتر است.",
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
// ballot never fails another's transaction.
func (s *Service) cast(ctx context.Context, p Process, h Heading, voterID int64, b Ballot) (castResult, error) {
	if err := s.checkEligible(ctx, p, h, voterID); err != nil {
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
	req := &castRequest{ctx: ctx, now: s.now, votingEnds: w.End, headingID: h.ID, voterID: voterID,
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

// checkEligible applies the process's rules on who votes where. A voter
// must have reached the process's minimum age. With residents only, their
// verified residence must lie in the heading's area; with "own plus one"
// one other heading of the process is allowed too. Anyone signed in may
// vote in every heading.
func (s *Service) checkEligible(ctx context.Context, p Process, h Heading, voterID int64) error {
	if voterID == 0 {
		return nil // paper ballots are checked at the booth
	}
	if err := s.checkAge(ctx, p, voterID); err != nil || p.Eligibility == SignedIn {
		return err
	}
	home, err := s.residentIn(ctx, voterID, h.AreaID)
	if err != nil || home {
		return err
	}
	if p.Scope == AllHeadings {
		if _, err := s.residentIn(ctx, voterID, 0); err == nil {
			return nil
		}
		return errNotEligible
	}
	if p.Scope == OwnPlusOne {
		var others int
		err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots b JOIN budget_headings h ON h.id = b.heading_id
			WHERE h.process_id = $1 AND b.voter_id = $2 AND b.heading_id <> $3`, p.ID, voterID, h.ID).Scan(&others)
		if err != nil {
			return err
		}
		if others == 0 { // (a race between two "other" headings at once may let both in; acceptable for now)
			return nil
		}
	}
	return errNotEligible
}

// residentIn says whether the voter's current residence lies in the area
// (or below it); with area 0, whether the voter has any.
func (s *Service) residentIn(ctx context.Context, voterID, area int64) (bool, error) {
	home, err := s.people.ResidenceArea(ctx, voterID)
	if err != nil || home == 0 || area == 0 {
		return home != 0, err
	}
	places, err := s.orgs.Places(ctx, []int64{home, area})
	if err != nil {
		return false, err
	}
	a, ok := places[area]
	return ok && places[home].Within(a.Path), nil
}

// checkChoices validates a ballot against the process's ballot kind and
// returns its total cost.
func checkChoices(p Process, h Heading, props []Proposal, cs []Choice) (int64, error) {
	cost := map[int64]int64{}
	for _, pr := range props {
		cost[pr.ID] = pr.Cost()
	}
	var total, points int64
	seen := map[int64]bool{}
	for _, c := range cs {
		cc, ok := cost[c.ProposalID]
		if !ok || seen[c.ProposalID] || (p.Ballot == Cumulative) != (c.Points > 0) || c.Points < 0 {
			return 0, errBadChoices
		}
		seen[c.ProposalID] = true
		total, points = total+cc, points+c.Points
	}
	n := len(cs)
	switch {
	case n == 0 || n < p.MinChoices || (p.MaxChoices > 0 && n > p.MaxChoices):
		return 0, errBadChoices
	case p.Ballot == Cumulative && points > int64(p.MaxPoints):
		return 0, errBadChoices
	case p.Ballot == Approval && total > h.Budget:
		return 0, errOverBudget
	}
	return total, nil
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
