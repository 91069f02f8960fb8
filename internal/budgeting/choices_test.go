package budgeting

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// The ballot check (checkChoices) against a reference written here in
// the plainest way, with big integers that cannot overflow: on every
// ballot the check accepts exactly what the reference accepts, and
// returns the same total cost.

// source draws the small choices a ballot generator makes: from a
// random generator in the property test, from the fuzzer's bytes in the
// fuzz test.
type source interface{ intn(n int) int }

type rngSource struct{ r *rand.Rand }

func (s rngSource) intn(n int) int { return s.r.IntN(n) }

type bytesSource struct{ b []byte }

func (s *bytesSource) intn(n int) int {
	if len(s.b) == 0 {
		return 0
	}
	v := int(s.b[0])
	s.b = s.b[1:]
	return v % n
}

func draw[T any](s source, xs ...T) T { return xs[s.intn(len(xs))] }

// sometimes is usual three times in four, else any of the others.
func sometimes(s source, usual int64, others []int64) int64 {
	if s.intn(4) > 0 {
		return usual
	}
	return draw(s, others...)
}

// Numbers a ballot's parts are drawn from: small ones, the limits, and
// the ends of int64.
var (
	costs    = []int64{1, 10, 60, 999, MaxRials, math.MaxInt64 / 2, math.MaxInt64/2 + 1, math.MaxInt64}
	budgets  = []int64{1, 100, 1000, MaxRials, math.MaxInt64}
	pointsOf = []int64{0, 1, 2, 5, 10, 100, maxBallotPoints, maxBallotPoints + 1, -1, math.MinInt64, math.MaxInt64}
	otherIDs = []int64{0, -1, 99, math.MaxInt64, math.MinInt64}
)

// randomBallot draws a process whose ballot rules are valid, a heading,
// its projects and a ballot: any length, known and unknown ids,
// repeated ids, any points.
func randomBallot(s source) (Process, Heading, []Proposal, []Choice) {
	p := Process{Ballot: draw(s, Approval, KApproval, Cumulative, Ordinal)}
	switch p.Ballot {
	case KApproval, Ordinal:
		p.MaxChoices = 1 + s.intn(5)
		p.MinChoices = s.intn(p.MaxChoices + 1)
	default:
		p.MinChoices = s.intn(4)
		if s.intn(2) == 1 {
			p.MaxChoices = p.MinChoices + s.intn(4)
		}
	}
	if p.Ballot == Cumulative {
		p.MaxPoints = int(draw(s, int64(1), 3, 10, 100, maxBallotPoints))
	}
	h := Heading{ID: 1, Budget: draw(s, budgets...)}
	var props []Proposal
	for i := range s.intn(7) {
		props = append(props, Proposal{ID: int64(i + 1), HeadingID: 1, FinalCost: sometimes(s, draw[int64](s, 1, 10, 60), costs)})
	}
	var cs []Choice
	for range s.intn(7) {
		id := draw(s, otherIDs...)
		if len(props) > 0 && s.intn(8) > 0 {
			id = props[s.intn(len(props))].ID
		}
		fits := int64(0)
		if p.Ballot == Cumulative {
			fits = 1 + int64(s.intn(3))
		}
		cs = append(cs, Choice{ProposalID: id, Points: sometimes(s, fits, pointsOf)})
	}
	return p, h, props, cs
}

// referenceTotal says whether a ballot follows its rules, and what its
// projects cost: between the least and the most projects, never none;
// each a project of the heading, named once; points only on cumulative
// ballots, each from 1 up, summing to no more than the limit; on an
// approval ballot, costs summing to no more than the budget; and a total
// an int64 can hold.
func referenceTotal(p Process, h Heading, props []Proposal, cs []Choice) (int64, bool) {
	n := len(cs)
	if n == 0 || n < p.MinChoices || (p.MaxChoices > 0 && n > p.MaxChoices) {
		return 0, false
	}
	cost := map[int64]int64{}
	for _, pr := range props {
		cost[pr.ID] = pr.Cost()
	}
	seen := map[int64]bool{}
	total, points := new(big.Int), new(big.Int)
	for _, c := range cs {
		cc, known := cost[c.ProposalID]
		if !known || seen[c.ProposalID] {
			return 0, false
		}
		seen[c.ProposalID] = true
		if (p.Ballot == Cumulative && c.Points < 1) || (p.Ballot != Cumulative && c.Points != 0) {
			return 0, false
		}
		total.Add(total, big.NewInt(cc))
		points.Add(points, big.NewInt(c.Points))
	}
	switch {
	case points.Cmp(big.NewInt(int64(p.MaxPoints))) > 0:
		return 0, false
	case p.Ballot == Approval && total.Cmp(big.NewInt(h.Budget)) > 0:
		return 0, false
	case !total.IsInt64():
		return 0, false
	}
	return total.Int64(), true
}

func checkAgainstReference(t *testing.T, p Process, h Heading, props []Proposal, cs []Choice) {
	t.Helper()
	got, err := checkChoices(p, h, props, cs)
	want, ok := referenceTotal(p, h, props, cs)
	if (err == nil) != ok || (ok && got != want) {
		costs := map[int64]int64{}
		for _, pr := range props {
			costs[pr.ID] = pr.Cost()
		}
		t.Fatalf("%s ballot (choices %d–%d, points %d, budget %d), project costs %v, choices %+v\nchecked: %d, %v; reference: %d, valid %v",
			p.Ballot, p.MinChoices, p.MaxChoices, p.MaxPoints, h.Budget, costs, cs, got, err, want, ok)
	}
}

// TestChoicesProperty draws a quarter of a million ballots.
func TestChoicesProperty(t *testing.T) {
	t.Parallel()
	s := rngSource{rand.New(rand.NewPCG(13, 1405))}
	accepted := 0
	for range 250_000 {
		p, h, props, cs := randomBallot(s)
		checkAgainstReference(t, p, h, props, cs)
		if _, ok := referenceTotal(p, h, props, cs); ok {
			accepted++
		}
	}
	t.Logf("%d of 250,000 ballots drawn follow their rules", accepted)
	if accepted < 10_000 {
		t.Errorf("only %d valid ballots drawn: the generator tests refusals alone", accepted)
	}
}

// FuzzCheckChoices lets the fuzzer draw the ballots.
func FuzzCheckChoices(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{2, 0, 0, 3, 2, 7, 2, 1, 10, 1, 1, 0})
	f.Add([]byte{0, 0, 0, 1, 3, 7, 7, 2, 1, 0, 1, 1, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		p, h, props, cs := randomBallot(&bytesSource{data})
		checkAgainstReference(t, p, h, props, cs)
	})
}

// TestChoicesCannotWrap: the ballots of the issue, which wrapped the
// sums round before.
func TestChoicesCannotWrap(t *testing.T) {
	t.Parallel()
	props := []Proposal{{ID: 1, FinalCost: 10}, {ID: 2, FinalCost: 10}}
	huge := []Proposal{{ID: 1, FinalCost: math.MaxInt64}, {ID: 2, FinalCost: 1}}
	h := Heading{ID: 1, Budget: 100}
	for what, c := range map[string]struct {
		p     Process
		props []Proposal
		cs    []Choice
	}{
		"points wrapping round a limit of 10": {Process{Ballot: Cumulative, MaxPoints: 10}, props,
			[]Choice{{ProposalID: 1, Points: math.MaxInt64}, {ProposalID: 2, Points: 1}}},
		"negative points after huge ones": {Process{Ballot: Cumulative, MaxPoints: 10}, props,
			[]Choice{{ProposalID: 1, Points: math.MaxInt64}, {ProposalID: 2, Points: math.MinInt64}}},
		"costs wrapping round a budget of 100": {Process{Ballot: Approval}, huge, []Choice{{ProposalID: 1, Points: 0}, {ProposalID: 2, Points: 0}}},
		"costs past int64 on a ranked ballot":  {Process{Ballot: Ordinal, MaxChoices: 3}, huge, []Choice{{ProposalID: 1, Points: 0}, {ProposalID: 2, Points: 0}}},
	} {
		if total, err := checkChoices(c.p, h, c.props, c.cs); err == nil {
			t.Errorf("%s: accepted, total %d", what, total)
		}
	}
}
