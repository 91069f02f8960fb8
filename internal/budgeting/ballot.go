package budgeting

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/store"
)

// Choice is one project on a ballot; Points only on cumulative ballots.
type Choice struct {
	ProposalID int64
	Points     int64
}

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

// castResult is an accepted ballot: its receipt and what its projects
// cost; and its voter, whom an API request names only by its session.
type castResult struct {
	Receipt   string
	TotalCost int64
	VoterID   int64
}

// cast validates a ballot for heading h and commits it with others
// waiting (see batch.go, and ballot_context.go for what it is checked
// against: p is the caller's reading, for its page). Everything that can
// refuse a ballot is decided before it is written, so one bad ballot
// never fails another's transaction.
func (s *Service) cast(ctx context.Context, _ Process, h Heading, voterID int64, b Ballot) (castResult, error) {
	return s.castBy(ctx, voterKey{id: voterID}, h.ID, b)
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

func encodeChoices(cs []Choice) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = strconv.FormatInt(c.ProposalID, 10)
		if c.Points > 0 {
			parts[i] += ":" + strconv.FormatInt(c.Points, 10)
		}
	}
	return strings.Join(parts, ",")
}

func decodeChoices(s string) ([]Choice, error) {
	var out []Choice
	for part := range strings.SplitSeq(s, ",") {
		id, pts, _ := strings.Cut(part, ":")
		c := Choice{}
		var err error
		if c.ProposalID, err = strconv.ParseInt(id, 10, 64); err != nil {
			return nil, fmt.Errorf("budgeting: stored ballot %q: %w", s, err)
		}
		if pts != "" {
			if c.Points, err = strconv.ParseInt(pts, 10, 64); err != nil {
				return nil, fmt.Errorf("budgeting: stored ballot %q: %w", s, err)
			}
		}
		out = append(out, c)
	}
	return out, nil
}

// newReceipt is 128 random bits, in hex: unguessable, so its hash can
// stand for the voter in published files.
func newReceipt() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ReceiptHash is what published files show for a ballot: a hash of its
// receipt keyed by the heading, which only the receipt's holder can
// match to their ballot.
func ReceiptHash(headingID int64, receipt string) string {
	sum := sha256.Sum256([]byte("shahr-ballot:" + strconv.FormatInt(headingID, 10) + ":" + receipt))
	return hex.EncodeToString(sum[:12])
}

// ChainHash is one link of the ballot log: SHA-256 over the previous
// link, the receipt hash and the choices.
func ChainHash(prev, receiptHash, choices string) string {
	sum := sha256.Sum256([]byte(prev + "\n" + receiptHash + "\n" + choices))
	return hex.EncodeToString(sum[:])
}

// BallotCount is how many voters have a ballot in the heading.
func (s *Service) BallotCount(ctx context.Context, headingID int64) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots WHERE heading_id = $1`, headingID).Scan(&n)
	return n, err
}

// storedBallot is a counted ballot: its receipt's hash and choices.
type storedBallot struct {
	receiptHash string
	choices     []Choice
	paper       bool
}

func (s *Service) ballots(ctx context.Context, headingID int64) ([]storedBallot, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (storedBallot, error) {
		var receipt, text string
		var b storedBallot
		if err := r.Scan(&receipt, &text, &b.paper); err != nil {
			return b, err
		}
		var err error
		b.receiptHash = ReceiptHash(headingID, receipt)
		b.choices, err = decodeChoices(text)
		return b, err
	}, `SELECT receipt, choices, paper FROM budget_ballots WHERE heading_id = $1 ORDER BY id`,
		headingID)
}
