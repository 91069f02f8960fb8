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
	ties := tieRanks(pr, tie.resolve(false))
	n := len(pr.Costs)
	loadOf := make([]int32, pr.Groups()) // per group: the funded project that set its load, -1 none
	for g := range loadOf {
		loadOf[g] = -1
	}
	exact := make([]*big.Rat, n) // the load set by each funded project
	loadF := make([]float64, n)
	sum := make([]float64, n) // per project: its supporters' current loads, weighted
	for {
		p, load := phragmenNext(pr, o, ties, sum, loadOf, exact)
		if p < 0 {
			break
		}
		if o.TotalCost+pr.Costs[p] > pr.Budget {
			break
		}
		o.fund(pr, p, StageRule)
		o.Projects[p].Round, o.Projects[p].Load = len(o.Selected), load
		exact[p] = load
		loadF[p], _ = load.Float64()
		for _, g := range pr.Supporters(p) {
			old := 0.0
			if loadOf[g] >= 0 {
				old = loadF[loadOf[g]]
			}
			for _, q := range pr.Ballot(g) {
				sum[q] += float64(pr.Weight[g]) * (loadF[p] - old)
			}
			loadOf[g] = p
		}
	}
	for p := range o.Projects {
		if f := &o.Projects[p]; !f.Selected && f.Reason != NoSupport {
			f.Reason = BudgetReached
		}
	}
	return o
}

// phragmenNext returns the project whose funding yields the least new
// maximal load, and that load exactly; -1 when no project is left.
func phragmenNext(pr *Profile, o *Outcome, ties []int32, sum []float64, loadOf []int32, exact []*big.Rat) (int32, *big.Rat) {
	best := math.Inf(1)
	var near []int32
	var nearLoad []float64
	for p := range pr.Costs {
		if o.Projects[p].Selected || pr.Approvals[p] == 0 {
			continue
		}
		l := (sum[p] + float64(pr.Costs[p])) / float64(pr.Approvals[p])
		switch {
		case l*(1+relTol) < best*(1-relTol):
			best, near, nearLoad = l, append(near[:0], int32(p)), append(nearLoad[:0], l)
		case l*(1-relTol) <= best*(1+relTol):
			near, nearLoad = append(near, int32(p)), append(nearLoad, l)
			best = math.Min(best, l)
		}
	}
	winner, winLoad := int32(-1), (*big.Rat)(nil)
	for i, p := range near {
		if nearLoad[i]*(1-relTol) > best*(1+relTol) {
			continue // left behind by a better candidate found later
		}
		l := phragmenLoad(pr, p, loadOf, exact)
		if winner < 0 {
			winner, winLoad = p, l
			continue
		}
		if c := l.Cmp(winLoad); c < 0 || (c == 0 && ties[p] < ties[winner]) {
			winner, winLoad = p, l
		}
	}
	return winner, winLoad
}

// phragmenLoad is project p's new maximal load, exactly.
func phragmenLoad(pr *Profile, p int32, loadOf []int32, exact []*big.Rat) *big.Rat {
	weightBy := map[int32]int64{}
	for _, g := range pr.Supporters(p) {
		if loadOf[g] >= 0 {
			weightBy[loadOf[g]] += pr.Weight[g]
		}
	}
	total := new(big.Rat).SetInt64(pr.Costs[p])
	tmp := new(big.Rat)
	for q, w := range weightBy {
		total.Add(total, tmp.Mul(exact[q], ratInt(w)))
	}
	return total.Quo(total, ratInt(pr.Approvals[p]))
}
