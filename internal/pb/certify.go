package pb

import "math/big"

// Add1 raises the per-voter budget β one currency unit at a time, and a
// plain scan runs Equal Shares at every step: tens of thousands of runs on
// some real instances, where the outcome changes only every few dozen
// steps. Most steps can be proved to give the outcome of the step before
// without running them, from one fact: with the sequence of funded
// projects held fixed, every voter's budget at every round is a
// non-decreasing function of β, and so every project's ρ at every round is
// non-increasing. (By induction: the share that funds a project solves
// Σ w·min(budget, share) = cost, which falls as budgets rise, and what a
// payer keeps, max(0, budget − share), then rises.)
//
// So for a winner w of round t and another project p, if p's ρ at the top
// of a range of budgets is above w's ρ at its bottom (or equal, and p is
// behind in tie order while both ρ are the same constant), p stays behind
// w throughout the range. A check follows the sequence W of a run at β_a
// to a budget β_b steps above and tests every pair that way over the whole
// range at once; the few pairs that fail are tested again on halves of the
// range, down to single steps, until each either holds at every step or
// flips at a known one. A project the count leaves unaffordable at β_b is
// unaffordable below it too; one that is affordable there is tested the
// same way, step ranges by affordability at their top. The outcome W then
// holds at every step below the first that fails. A test that float
// cannot settle with a clear margin counts as failing, which only makes
// the scan run that step.
//
// What keeps this cheap: a check follows a run's path, so it reuses the
// terms that run built (mes.go) and reads no ballots; testing one pair at
// one step replays only the winners' payments up to its round.

// runInfo is what a run tells the checks: the funded projects and their
// ρ, round by round.
type runInfo struct {
	winners []int32
	rho     []float64
	flat    []bool
}

// lastRunInfo returns the summary of the last run, in ri's memory.
func (e *mesEngine) lastRunInfo(ri runInfo) runInfo {
	ri.winners, ri.rho, ri.flat = ri.winners[:0], ri.rho[:0], ri.flat[:0]
	for _, r := range e.path[:e.depth] {
		ri.winners, ri.rho, ri.flat = append(ri.winners, r.p), append(ri.rho, r.rhoF), append(ri.flat, r.flat)
	}
	return ri
}

// pair is a project p that must not beat round t's winner, or, with t past
// the last round, must stay unaffordable after it.
type pair struct {
	t int
	p int32
}

// stepRange is the budgets from + i·unit for i in 1..n.
type stepRange struct {
	from *big.Rat
	unit int64
}

// at sets x to the budget of step i, and returns it.
func (s stepRange) at(x *big.Rat, i int64) *big.Rat {
	return x.Add(x.SetInt64(i*s.unit), s.from)
}

// provedSteps returns how many steps past s.from (up to n) provably give
// the outcome ri of the run at s.from, and the summary of the check's own
// run at the top step, which is exact when all n are proved (in top's
// memory).
func (e *mesEngine) provedSteps(ri runInfo, s stepRange, n int64, top runInfo) (int64, runInfo) {
	e.reset(s.at(&e.step, n))
	var pending []pair
	for t, w := range ri.winners {
		pending = e.othersBehind(w, t, ri, pending)
		e.follow(w, 0)
	}
	for _, p := range e.order {
		if e.removed[p] {
			continue
		}
		if _, ok := e.evalFloat(p); ok {
			pending = append(pending, pair{len(ri.winners), p}) // affordable (or too close to tell) at the top
		} else {
			e.removed[p] = true
		}
	}
	top = e.lastRunInfo(top)
	if len(pending) == 0 {
		return n, top
	}
	pt := &pairTest{e: e, ri: ri, s: s, pairs: pending, seen: map[int64][]pointEval{}}
	for _, r := range e.path[:e.depth] {
		// Shares only fall as budgets rise: those at the top step start
		// the water-filling at every step below, a pass or two short of
		// the end.
		pt.start = append(pt.start, r.shareF*(1-relTol))
	}
	return pt.firstFailure(1, n, pending) - 1, top
}

// follow pays the winner w of the current round, as the check's sequence
// dictates; start is a share known to be at most w's (or 0).
func (e *mesEngine) follow(w int32, start float64) {
	c, ok := e.evalFrom(w, start)
	var exact *big.Rat
	if !ok || c.tooClose {
		// Budgets only rose since w was bought, so it is affordable;
		// float cannot say so plainly, so the share is found exactly.
		exact = e.waterFill(e.pr.Costs[w], e.termsOf(w))
		c.share, _ = exact.Float64()
	}
	e.pay(w, c.share, exact, nil)
}

// othersBehind adds to pending the projects that may be ahead of round t's
// winner w somewhere in the range: those whose ρ now, at the top of the
// range, is not clearly above w's ρ in the run at the bottom.
func (e *mesEngine) othersBehind(w int32, t int, ri runInfo, pending []pair) []pair {
	tau := ri.rho[t]
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
		if c.tooClose || !e.behind(p, w, c, tau, ri.flat[t]) {
			pending = append(pending, pair{t, p})
		}
	}
	return pending
}

// behind reports whether p, evaluated as c, is behind w whose ρ is tau
// (flat: that ρ is w's constant cost over summed utility).
func (e *mesEngine) behind(p, w int32, c candidate, tau float64, flat bool) bool {
	switch {
	case c.rho-c.err > tau*(1+relTol):
		return true // clearly behind
	case e.twin[p] == e.twin[w] && e.ties[p] > e.ties[w]:
		return true // the same cost and supporters, and behind in tie order
	}
	// Both ρ the same constant, and p loses ties.
	return flat && c.flat && e.flatTie(p, w) && e.ties[p] > e.ties[w]
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

// pairTest finds the first step at which some pair fails. Evaluating
// the pairs at a step replays the winners' payments at that budget, up to
// the last round a pair needs, once for all of them.
type pairTest struct {
	e     *mesEngine
	ri    runInfo
	s     stepRange
	pairs []pair
	seen  map[int64][]pointEval // per step, per pair
	start []float64             // per round, a share at most the winner's at every step
}

// pointEval is a pair at one step: the winner's and p's evaluations.
type pointEval struct {
	w, p        candidate
	pAffordable bool
}

// maxPoints bounds the steps a check evaluates pairs at; past it the pairs
// count as failing where the search stands.
const maxPoints = 48

// firstFailure returns the first step in [i, j] at which one of the pairs
// (indices into t.pairs) may fail, or j+1 if they hold at all of them. A
// pair holds on a range at once when p at its top is behind the winner at
// its bottom.
func (t *pairTest) firstFailure(i, j int64, pairs []pair) int64 {
	if i > j || len(pairs) == 0 {
		return j + 1
	}
	lo, ok1 := t.point(i)
	hi, ok2 := t.point(j)
	if !ok1 || !ok2 {
		return i
	}
	var failing []pair
	for _, pr := range pairs {
		k := t.index(pr)
		if !t.holds(pr, lo[k].w, hi[k]) {
			failing = append(failing, pr)
		}
	}
	switch {
	case len(failing) == 0:
		return j + 1
	case i == j:
		return i
	}
	m := i + (j-i)/2
	if f := t.firstFailure(i, m, failing); f <= m {
		return f
	}
	return t.firstFailure(m+1, j, failing)
}

// index is a pair's position in t.pairs.
func (t *pairTest) index(pr pair) int {
	for k, q := range t.pairs {
		if q == pr {
			return k
		}
	}
	panic("pb: pair not under test")
}

// holds reports whether p, as evaluated at the top of a range, is behind
// the winner w as evaluated at its bottom.
func (t *pairTest) holds(pr pair, w candidate, top pointEval) bool {
	if !top.pAffordable {
		return true
	}
	if pr.t == len(t.ri.winners) || top.p.tooClose || w.tooClose {
		return false // affordable after the last round, or too close to tell
	}
	return t.e.behind(pr.p, t.ri.winners[pr.t], top.p, w.rho+w.err, w.flat)
}

// point evaluates every pair at step i.
func (t *pairTest) point(i int64) ([]pointEval, bool) {
	if pts, ok := t.seen[i]; ok {
		return pts, true
	}
	if len(t.seen) >= maxPoints {
		return nil, false
	}
	e := t.e
	e.reset(t.s.at(&e.step, i))
	pts := make([]pointEval, len(t.pairs))
	last := 0
	for _, pr := range t.pairs {
		last = max(last, pr.t)
	}
	for r, w := range t.ri.winners[:last] {
		t.evalRound(r, pts)
		e.follow(w, t.start[r])
	}
	t.evalRound(last, pts)
	t.seen[i] = pts
	return pts, true
}

// evalRound evaluates, at round r of a replay, the pairs of that round.
func (t *pairTest) evalRound(r int, pts []pointEval) {
	e := t.e
	for k, pr := range t.pairs {
		if pr.t != r {
			continue
		}
		if r < len(t.ri.winners) {
			pts[k].w, _ = e.evalFloat(t.ri.winners[r])
		}
		pts[k].p, pts[k].pAffordable = e.evalFloat(pr.p)
	}
}
