package pb

import (
	"math"
	"math/big"
)

// Phragmen runs sequential Phragmén: voters share the cost of each funded
// project as a load; each round funds the project whose supporters would
// end with the smallest maximal load, (their current loads + cost) divided
// among them. The count stops at the first project that would exceed the
// budget. Loads are compared in float64 and near ties settled exactly, as
// in Equal Shares: a voter's load is always the load set by the last
// funded project it supports, so exact loads are one per funded project.
func Phragmen(pr *Profile, tie Tie) *Outcome {
	o := newOutcome("phragmen", pr)
	ph := &phragmen{pr: pr, o: o, ties: tieRanks(pr, tie.resolve(false))}
	n := len(pr.Costs)
	ph.loadOf = make([]int32, pr.Groups())
	for g := range ph.loadOf {
		ph.loadOf[g] = -1
	}
	ph.exact, ph.recipe = make([]*big.Rat, n), make([][]loadTerm, n)
	ph.loadF, ph.sum = make([]float64, n), make([]float64, n)
	for {
		p := ph.next()
		if p < 0 || o.TotalCost+pr.Costs[p] > pr.Budget {
			break
		}
		ph.fund(p)
	}
	for p := range o.Projects {
		if f := &o.Projects[p]; !f.Selected && f.Reason != NoSupport {
			f.Reason = BudgetReached
		}
	}
	return o
}

// phragmen is the state of one count.
type phragmen struct {
	pr     *Profile
	o      *Outcome
	ties   []int32
	loadOf []int32      // per group: the funded project that set its load, -1 none
	loadF  []float64    // per funded project: the load it set
	exact  []*big.Rat   // the same exactly, worked out only when a near tie needs it
	recipe [][]loadTerm // per funded project: its supporters' loads before it, by the project that set them
	sum    []float64    // per project: its supporters' current loads, weighted
}

// loadTerm is the weight of voters carrying the load a project set.
type loadTerm struct {
	q int32
	w int64
}

// fund buys p: its supporters' loads all become its new maximal load.
func (ph *phragmen) fund(p int32) {
	pr := ph.pr
	ph.o.fund(pr, p, StageRule)
	ph.recipe[p] = ph.loadTerms(p)
	ph.loadF[p] = ph.newLoad(p)
	f := &ph.o.Projects[p]
	f.Round, f.Load = len(ph.o.Selected), ph.exact[p]
	if f.Load == nil {
		f.Load = new(big.Rat).SetFloat64(ph.loadF[p]) // float precision, plenty for people to read
	}
	for _, g := range pr.Supporters(p) {
		old := 0.0
		if ph.loadOf[g] >= 0 {
			old = ph.loadF[ph.loadOf[g]]
		}
		for _, q := range pr.Ballot(g) {
			ph.sum[q] += float64(pr.Weight[g]) * (ph.loadF[p] - old)
		}
		ph.loadOf[g] = p
	}
}

// newLoad is project p's new maximal load in float.
func (ph *phragmen) newLoad(p int32) float64 {
	return (ph.sum[p] + float64(ph.pr.Costs[p])) / float64(ph.pr.Approvals[p])
}

// next returns the project whose funding yields the least new maximal
// load; -1 when no project is left. Near ties are settled exactly.
func (ph *phragmen) next() int32 {
	pr := ph.pr
	best := math.Inf(1)
	var near []int32
	for p := range pr.Costs {
		if ph.o.Projects[p].Selected || pr.Approvals[p] == 0 {
			continue
		}
		l := ph.newLoad(int32(p))
		switch {
		case l*(1+relTol) < best*(1-relTol):
			best, near = l, append(near[:0], int32(p))
		case l*(1-relTol) <= best*(1+relTol):
			near = append(near, int32(p))
			best = math.Min(best, l)
		}
	}
	winner, winLoad := int32(-1), (*big.Rat)(nil)
	for _, p := range near {
		if ph.newLoad(p)*(1-relTol) > best*(1+relTol) {
			continue // left behind by a better candidate found later
		}
		if len(near) == 1 {
			return p
		}
		l := ph.exactLoad(p, ph.loadTerms(p))
		c := -1
		if winner >= 0 {
			c = l.Cmp(winLoad)
		}
		if c < 0 || (c == 0 && ph.ties[p] < ph.ties[winner]) {
			winner, winLoad = p, l
		}
	}
	return winner
}

// loadTerms groups p's supporters by the project that set their load.
func (ph *phragmen) loadTerms(p int32) []loadTerm {
	weightBy := map[int32]int64{}
	for _, g := range ph.pr.Supporters(p) {
		if q := ph.loadOf[g]; q >= 0 {
			weightBy[q] += ph.pr.Weight[g]
		}
	}
	ts := make([]loadTerm, 0, len(weightBy))
	for q, w := range weightBy {
		ts = append(ts, loadTerm{q, w})
	}
	return ts
}

// exactLoad is the maximal load of project p with its supporters' loads
// as in ts, exactly.
func (ph *phragmen) exactLoad(p int32, ts []loadTerm) *big.Rat {
	total := new(big.Rat).SetInt64(ph.pr.Costs[p])
	tmp := new(big.Rat)
	for _, t := range ts {
		total.Add(total, tmp.Mul(ph.exactOf(t.q), ratInt(t.w)))
	}
	return total.Quo(total, ratInt(ph.pr.Approvals[p]))
}

// exactOf is the load funded project q set, exactly.
func (ph *phragmen) exactOf(q int32) *big.Rat {
	if ph.exact[q] == nil {
		ph.exact[q] = ph.exactLoad(q, ph.recipe[q])
	}
	return ph.exact[q]
}
