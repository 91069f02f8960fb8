package pb

import (
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"
)

// The reference implementations below are the textbook rules in exact
// rational arithmetic, one voter group at a time, with no shortcuts: no
// budget classes, no floats, no lazy evaluation. Property tests check that
// the fast engines pick exactly what these pick.

func referenceMES(pr *Profile, perVoter *big.Rat, u Utility, ties []int32) []int32 {
	budget := make([]*big.Rat, pr.Groups())
	for g := range budget {
		budget[g] = new(big.Rat).Set(perVoter)
	}
	selected := make([]bool, len(pr.Costs))
	var order []int32
	for {
		best, bestRho := int32(-1), (*big.Rat)(nil)
		for p := range pr.Costs {
			if selected[p] || pr.Approvals[p] == 0 {
				continue
			}
			rho := referenceRho(pr, int32(p), budget, u)
			if rho == nil {
				continue
			}
			if best < 0 || rho.Cmp(bestRho) < 0 || (rho.Cmp(bestRho) == 0 && ties[p] < ties[best]) {
				best, bestRho = int32(p), rho
			}
		}
		if best < 0 {
			return order
		}
		selected[best] = true
		order = append(order, best)
		for i := pr.SupStart[best]; i < pr.SupStart[best+1]; i++ {
			g := pr.SupGroups[i]
			pay := new(big.Rat).Mul(bestRho, ratInt(refUtility(pr, best, i, u)))
			if pay.Cmp(budget[g]) > 0 {
				pay.Set(budget[g])
			}
			budget[g].Sub(budget[g], pay)
		}
	}
}

func refUtility(pr *Profile, p, i int32, u Utility) int64 {
	switch u {
	case CostUtility:
		return pr.Costs[p]
	case PointsUtility:
		return pr.SupPoints[i]
	}
	return 1
}

// referenceRho finds the least ρ with Σ w·min(b, ρ·u) = cost by trying each
// supporter in turn as the first who pays the share.
func referenceRho(pr *Profile, p int32, budget []*big.Rat, u Utility) *big.Rat {
	type sup struct {
		b    *big.Rat
		w, u int64
	}
	var sups []sup
	total := new(big.Rat)
	for i := pr.SupStart[p]; i < pr.SupStart[p+1]; i++ {
		g := pr.SupGroups[i]
		s := sup{budget[g], pr.Weight[g], refUtility(pr, p, i, u)}
		sups = append(sups, s)
		total.Add(total, new(big.Rat).Mul(s.b, ratInt(s.w)))
	}
	cost := ratInt(pr.Costs[p])
	if total.Cmp(cost) < 0 {
		return nil
	}
	slices.SortFunc(sups, func(a, b sup) int {
		return new(big.Rat).Mul(a.b, ratInt(b.u)).Cmp(new(big.Rat).Mul(b.b, ratInt(a.u)))
	})
	for k := range sups {
		paid, restU := new(big.Rat), new(big.Rat)
		for _, s := range sups[:k] {
			paid.Add(paid, new(big.Rat).Mul(s.b, ratInt(s.w)))
		}
		for _, s := range sups[k:] {
			restU.Add(restU, ratInt(s.w*s.u))
		}
		rho := new(big.Rat).Sub(cost, paid)
		rho.Quo(rho, restU)
		if new(big.Rat).Mul(rho, ratInt(sups[k].u)).Cmp(sups[k].b) <= 0 {
			return rho
		}
	}
	return nil
}

func referencePhragmen(pr *Profile, ties []int32) []int32 {
	load := make([]*big.Rat, pr.Groups())
	for g := range load {
		load[g] = new(big.Rat)
	}
	selected := make([]bool, len(pr.Costs))
	var order []int32
	var spent int64
	for {
		best, bestLoad := int32(-1), (*big.Rat)(nil)
		for p := range pr.Costs {
			if selected[p] || pr.Approvals[p] == 0 {
				continue
			}
			l := ratInt(pr.Costs[p])
			for _, g := range pr.Supporters(int32(p)) {
				l.Add(l, new(big.Rat).Mul(load[g], ratInt(pr.Weight[g])))
			}
			l.Quo(l, ratInt(pr.Approvals[p]))
			if best < 0 || l.Cmp(bestLoad) < 0 || (l.Cmp(bestLoad) == 0 && ties[p] < ties[best]) {
				best, bestLoad = int32(p), l
			}
		}
		if best < 0 || spent+pr.Costs[best] > pr.Budget {
			return order
		}
		selected[best], spent = true, spent+pr.Costs[best]
		order = append(order, best)
		for _, g := range pr.Supporters(best) {
			load[g].Set(bestLoad)
		}
	}
}

// randomProfile makes a small instance in which ties are common: few
// distinct costs, few voters, repeated ballots.
func randomProfile(r *rand.Rand, withPoints bool) *Profile {
	nProjects := 1 + r.IntN(7)
	in := &Instance{VoteType: Approval}
	if withPoints {
		in.VoteType = Cumulative
	}
	costs := []int64{1, 2, 3, 4, 6, 10, 12, 30}
	var total int64
	for p := range nProjects {
		c := costs[r.IntN(len(costs))] * int64(1+r.IntN(3))
		in.Projects = append(in.Projects, Project{ID: string(rune('a' + p)), Cost: c})
		total += c
	}
	in.Budget = 1 + r.Int64N(total+1)
	var voters []Voter
	for range 1 + r.IntN(12) {
		var v Voter
		for p := range nProjects {
			if r.IntN(2) == 0 {
				v.Vote = append(v.Vote, int32(p))
				v.Points = append(v.Points, int64(1+r.IntN(3)))
			}
		}
		for range 1 + r.IntN(3) {
			voters = append(voters, v)
		}
	}
	in.Voters = NewVoters(voters)
	return NewProfile(in, withPoints)
}

func TestMESMatchesExactReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 4000 {
		u := Utility(i % 3)
		pr := randomProfile(r, u == PointsUtility)
		tie := []Tie{TieID, TieCostVotes, TieFile}[i%3]
		got := MES(pr, MESOptions{Utility: u, Tie: tie})
		perVoter := new(big.Rat).SetFrac64(pr.Budget, max(pr.Voters, 1))
		want := referenceMES(pr, perVoter, u, tieRanks(pr, tie))
		if !slices.Equal(got.Selected, want) {
			t.Fatalf("case %d (%s, utility %d, tie %s): MES selected %v, the exact reference %v", i, pr, u, tie, got.Selected, want)
		}
	}
}

func TestAdd1MatchesExactReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 1500 {
		pr := randomProfile(r, false)
		integral, exhaustive := i%2 == 0, i%3 == 0
		got := MES(pr, MESOptions{Completion: Add1, IntegralStart: integral, Exhaustive: exhaustive, Tie: TieID})
		want := referenceAdd1(pr, CostUtility, integral, exhaustive, tieRanks(pr, TieID))
		if !slices.Equal(got.Selected, want) {
			t.Fatalf("case %d (%s, integral %v, exhaustive %v): Add1 selected %v, the exact reference %v",
				i, pr, integral, exhaustive, got.Selected, want)
		}
	}
}

// TestAdd1JumpsMatchExactReference uses costs in the hundreds, so that the
// Add1 scan is hundreds of steps long and jumps over most of them: every
// utility, both starts, with and without stopping at exhaustive outcomes.
func TestAdd1JumpsMatchExactReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 240 {
		u := Utility(i % 3)
		pr := randomProfileScaled(r, u == PointsUtility, 37)
		integral, exhaustive := i%2 == 0, i%5 < 3
		got := MES(pr, MESOptions{Utility: u, Completion: Add1, IntegralStart: integral, Exhaustive: exhaustive, Tie: TieID})
		want := referenceAdd1(pr, u, integral, exhaustive, tieRanks(pr, TieID))
		if !slices.Equal(got.Selected, want) {
			t.Fatalf("case %d (%s, utility %d, integral %v, exhaustive %v): Add1 selected %v, the exact reference %v",
				i, pr, u, integral, exhaustive, got.Selected, want)
		}
	}
}

// randomProfileScaled is randomProfile with every cost multiplied.
func randomProfileScaled(r *rand.Rand, withPoints bool, scale int64) *Profile {
	pr := randomProfile(r, withPoints)
	for p := range pr.Costs {
		pr.Costs[p] *= scale
	}
	pr.Budget *= scale
	return pr
}

// referenceAdd1 steps the per-voter budget by 1 and keeps the last
// outcome within the budget.
func referenceAdd1(pr *Profile, u Utility, integral, exhaustive bool, ties []int32) []int32 {
	b := new(big.Rat).SetFrac64(pr.Budget, max(pr.Voters, 1))
	if integral {
		b.SetInt64(pr.Budget / max(pr.Voters, 1))
	}
	var supportedCost int64
	for p, a := range pr.Approvals {
		if a > 0 {
			supportedCost += pr.Costs[p]
		}
	}
	if supportedCost <= pr.Budget { // the documented shortcut: everything at once
		return referenceMES(pr, ratInt(max(supportedCost, 1)), u, ties)
	}
	var kept []int32
	for {
		w := referenceMES(pr, b, u, ties)
		var cost int64
		chosen := map[int32]bool{}
		for _, p := range w {
			cost += pr.Costs[p]
			chosen[p] = true
		}
		if cost > pr.Budget {
			return kept
		}
		kept = w
		full := true
		for p, c := range pr.Costs {
			if !chosen[int32(p)] && c <= pr.Budget-cost {
				full = false
			}
		}
		if exhaustive && full {
			return kept
		}
		b.Add(b, ratInt(1))
	}
}

func TestPhragmenMatchesExactReference(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 4000 {
		pr := randomProfile(r, false)
		tie := []Tie{TieID, TieCostVotes, TieFile}[i%3]
		got := Phragmen(pr, tie)
		want := referencePhragmen(pr, tieRanks(pr, tie))
		if !slices.Equal(got.Selected, want) {
			t.Fatalf("case %d (%s, tie %s): Phragmén selected %v, the exact reference %v", i, pr, tie, got.Selected, want)
		}
	}
}

// TestProvedStepsAreSound checks the Add1 scan's proofs directly: after a
// run at some per-voter budget, every step a check claims must give the
// same sequence of funded projects as the exact reference run there.
func TestProvedStepsAreSound(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(9, 10))
	claimed := 0
	for i := range 600 {
		u := Utility(i % 3)
		pr := randomProfileScaled(r, u == PointsUtility, 23)
		e := newMESEngine(pr, u, TieID)
		from := new(big.Rat).SetFrac64(pr.Budget+r.Int64N(pr.Budget+1), max(pr.Voters, 1))
		e.run(from, newOutcome("", pr))
		info := e.lastRunInfo(runInfo{})
		n := 1 + r.Int64N(64)
		proved, _ := e.provedSteps(info, stepRange{from: from, unit: 1}, n, runInfo{})
		for k := int64(1); k <= proved; k++ {
			b := new(big.Rat).Add(from, ratInt(k))
			if want := referenceMES(pr, b, u, tieRanks(pr, TieID)); !slices.Equal(want, info.winners) {
				t.Fatalf("case %d (%s, utility %d): proved %d steps past %s, but at step %d the reference buys %v, not %v",
					i, pr, u, proved, from.FloatString(3), k, want, info.winners)
			}
		}
		claimed += int(proved)
	}
	if claimed < 1000 {
		t.Fatalf("the checks proved only %d steps in all: the test does not exercise them", claimed)
	}
}
