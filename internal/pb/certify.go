package pb

import "math/big"

// Add1 raises the per-voter budget β one currency unit at a time, and a
// plain scan runs Equal Shares at every step: tens of thousands of runs on
// some real instances. Most steps give the outcome of the step before, and
// that can be proved without running them, from one fact: with the
// sequence of funded projects held fixed, every voter's budget at every
// round is a non-decreasing function of β, and so every project's ρ at
// every round is non-increasing. (By induction: the share that funds a
// project solves Σ w·min(budget, share) = cost, which falls as budgets
// rise, and what a payer keeps, max(0, budget − share), then rises.)
//
// So if a run at β_a funds W = w1, w2, ..., and a simulation at β_b that
// funds the same W shows at every round t that every other project's ρ at
// β_b is above w_t's ρ at β_a (or equal and behind it in tie order), and
// that nothing is affordable at the end, then for every β in [β_a, β_b]
// each w_t beats every other project (its ρ is at most its ρ at β_a, theirs
// at least theirs at β_b) and the count ends where it did: the outcome is
// W throughout. The scan then jumps to β_b. A check that cannot be settled
// with a clear float margin fails, which only means a shorter jump.

// runInfo is what a run at β_a tells the checks: the funded projects and
// their ρ, round by round.
type runInfo struct {
	winners []int32
	rho     []float64
	flat    []bool
}

func (e *mesEngine) lastRunInfo() runInfo {
	ri := runInfo{}
	for _, r := range e.rounds {
		ri.winners, ri.rho, ri.flat = append(ri.winners, r.p), append(ri.rho, r.rhoF), append(ri.flat, r.flat)
	}
	return ri
}

// holdsUpTo reports whether the outcome of the run summarised by ri holds
// for every per-voter budget up to beta.
func (e *mesEngine) holdsUpTo(ri runInfo, beta *big.Rat) bool {
	e.reset(beta)
	o := newOutcome("", e.pr)
	for t, w := range ri.winners {
		if !e.othersBehind(w, ri.rho[t], ri.flat[t]) {
			return false
		}
		c, ok := e.evalFloat(w)
		if !ok || c.tooClose {
			return false // w is affordable at β_b (its supporters are richer), but float cannot say so plainly
		}
		e.pay(w, c.share, nil, o)
	}
	for _, p := range e.order {
		if e.removed[p] {
			continue
		}
		if _, ok := e.evalFloat(p); ok {
			return false // affordable (or too close to tell) after the last round
		}
	}
	return true
}

// othersBehind checks, at this round of the simulation, that every project
// other than w has ρ above tau, w's ρ in the run at β_a (or equal and
// behind w in tie order); flat says w's ρ is the constant cost over its
// supporters' utility.
func (e *mesEngine) othersBehind(w int32, tau float64, flat bool) bool {
	ok := true
	e.reorder()
	for _, p := range e.order {
		if e.removed[p] || p == w {
			continue
		}
		if e.lb[p]*(1-relTol) > tau*(1+relTol) {
			break // lower bounds only rise, and the order is by lower bound
		}
		c, affordable := e.evalFloat(p)
		if !affordable {
			e.removed[p] = true // stays unaffordable: budgets only fall within a count
			continue
		}
		e.lb[p] = c.rho
		switch {
		case c.tooClose:
			ok = false
		case c.rho-c.err > tau*(1+relTol):
			// clearly behind
		case e.twin[p] == e.twin[w] && e.ties[p] > e.ties[w]:
			// the same cost and supporters, and behind in tie order
		case flat && c.flat && e.flatTie(p, w) && e.ties[p] > e.ties[w]:
			// both ρ are the same constant; p loses ties
		default:
			ok = false
		}
		if !ok {
			break
		}
	}
	return ok
}

// flatTie reports whether p, nobody short of its share, has exactly the
// constant ρ that w has: cost over summed utility, compared in integers.
func (e *mesEngine) flatTie(p, w int32) bool {
	pr := e.pr
	if e.utility == CostUtility {
		return pr.Approvals[p] == pr.Approvals[w]
	}
	return pr.Costs[p]*pr.Approvals[w] == pr.Costs[w]*pr.Approvals[p]
}
