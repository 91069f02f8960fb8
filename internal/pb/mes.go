package pb

import (
	"cmp"
	"encoding/binary"
	"math"
	"math/big"
	mathbits "math/bits"
	"slices"
)

// The Method of Equal Shares gives every voter an equal part of the budget.
// Round by round it buys the project whose supporters can pay for it with
// the smallest payment per unit of utility ρ: each supporter pays ρ times
// their utility, or everything they have left if that is less. A project
// is affordable while its supporters together still have its cost.
//
// Exactness at float speed. A voter's budget is the per-voter budget less
// the shares it paid (or zero), so voters with the same history of
// payments share one budget: they form a "class", and a project's
// supporters are a short list of classes with their weights (its terms).
// The engine counts in float64, and keeps for every class how it came
// about (which class paid which round's share times what), so that its
// exact value can be worked out, in rationals, whenever it is needed. It is
// needed when a decision is too close to call in float64: two candidates'
// ρ, a project's cost and its supporters' money, or a supporter's budget
// and its share within a relative 1e-9 (plus an absolute allowance of
// 1e-12 of the per-voter budget per voter) of each other. Those decisions
// are taken in exact arithmetic; all others are certain with a wide
// margin, since float64 errors are near 1e-16 relative. Property tests
// compare the engine with a plain rational implementation.
//
// Reuse across runs. Classes follow histories, not amounts, so they do not
// depend on the per-voter budget: two runs that buy the same projects in
// the same first t rounds have the same classes and the same terms for
// every project at those rounds. The engine keeps the path of its last
// run, with the terms it built at each round, and a later run (the Add1
// completion makes thousands, at other budgets) reuses them for as long as
// it buys what the kept path bought. Building a project's terms reads its
// ballots; evaluating it from its terms does not, and costs a small
// fraction of that.

// relTol is the relative gap below which float comparisons are not trusted.
const relTol = 1e-9

// mesEngine holds the working memory of Equal Shares runs on one profile,
// reused across the runs of the Add1 completion.
type mesEngine struct {
	pr      *Profile
	utility Utility
	ties    []int32
	twin    []int32   // per project, the first project with the same cost and supporters
	util    []float64 // per project, the uniform utility (cost or 1); unused with points
	totalU  []float64 // per project, its supporters' summed weight × share units

	beta   big.Rat // this run's per-voter budget
	absErr float64 // allowance for the float error of one budget
	class  []int32 // per group, its class at the current round
	cls    []classInfo
	f      []float64 // per class, its budget in this run (apart from cls: the inner loops read only this)
	// path holds the rounds of the current run (path[:depth]) and, beyond
	// them, those of the run before that bought the same projects first.
	path    []pathRound
	depth   int
	moved   int       // rounds whose payers class already shows (moves wait until terms need building)
	lb      []float64 // per project, a lower bound on its ρ (its last computed ρ)
	removed []bool    // per project: selected or no longer affordable
	order   []int32   // candidates, sorted by lb each round

	scratchW []int64     // per class, weight accumulated for one project
	memo     []int32     // per class, where its payers move this round
	cands    []candidate // this round's candidates that may be best

	// The Add1 scan's checks (certify.go): the summaries of two runs, and
	// room for budgets.
	infos      [2]runInfo
	from, step big.Rat

	explain bool // record the details explanations need (the run that is kept)
}

// classInfo is the budget shared by voters with one history of payments.
// Class 0 holds the full per-voter budget; every other class is the voters
// of a parent class who paid a round's share a number of times.
type classInfo struct {
	exact  *big.Rat // the budget in this run, exactly, once needed
	parent int32
	round  int32
	units  int64 // shares paid (1 with uniform utilities; the points with points)
}

// pathRound is one round of the kept path: the project bought, the terms
// of every project evaluated at its start, and the classes its payers
// moved to. Terms depend only on the rounds before, so they stay valid
// when a later run buys something else in this round.
type pathRound struct {
	p        int32         // the project bought (-1: none yet)
	start    int32         // classes before this round's
	terms    [][]exactTerm // per project, its supporters by class at the start of the round
	children []int32       // per term of p, the class its voters moved to
	// arena holds the terms: they are cut from it rather than allocated
	// one slice per project, and when the round is dropped from the path
	// its slot keeps arena, terms and children for the round that takes it.
	arena []exactTerm

	// This run's figures.
	shareF float64  // what each paid per voter (uniform) or per point, at most
	share  *big.Rat // the same, exactly, once needed
	// rhoF is the winner's ρ; flat says nobody was short of its share, so
	// that ρ is its cost over its supporters' utility, a constant.
	rhoF float64
	flat bool
}

func newMESEngine(pr *Profile, u Utility, tie Tie) *mesEngine {
	if pr.Voters > math.MaxInt32 {
		panic("pb: Equal Shares counts fewer than 2^31 voters") // terms keep weights in 32 bits
	}
	e := &mesEngine{pr: pr, utility: u, ties: tieRanks(pr, tie.resolve(false)), twin: twins(pr)}
	n := len(pr.Costs)
	e.util, e.totalU = make([]float64, n), make([]float64, n)
	for p := range pr.Costs {
		e.util[p] = 1
		if u == CostUtility {
			e.util[p] = float64(pr.Costs[p])
		}
		e.totalU[p] = float64(pr.Approvals[p])
		if u == PointsUtility {
			e.totalU[p] = float64(pr.Scores[p])
		}
	}
	e.class = make([]int32, pr.Groups())
	e.cls, e.f = []classInfo{{}}, []float64{0}
	e.lb, e.removed, e.order = make([]float64, n), make([]bool, n), make([]int32, 0, n)
	return e
}

// twins maps each project to the first one with the same cost and the
// same supporters: such projects are tied in every round.
func twins(pr *Profile) []int32 {
	first := map[string]int32{}
	twin := make([]int32, len(pr.Costs))
	var key []byte
	for p := range pr.Costs {
		key = binary.AppendVarint(key[:0], pr.Costs[p])
		for i := pr.SupStart[p]; i < pr.SupStart[p+1]; i++ {
			key = binary.AppendUvarint(key, uint64(pr.SupGroups[i]))
			if pr.HasPoints() {
				key = binary.AppendVarint(key, pr.SupPoints[i])
			}
		}
		if q, ok := first[string(key)]; ok {
			twin[p] = q
		} else {
			first[string(key)], twin[p] = int32(p), int32(p)
		}
	}
	return twin
}

// utilityAt is the utility of the supporter at slot i for project p.
func (e *mesEngine) utilityAt(p int32, i int32) int64 {
	switch e.utility {
	case CostUtility:
		return e.pr.Costs[p]
	case PointsUtility:
		return e.pr.SupPoints[i]
	}
	return 1
}

// rhoOfShare turns project p's share into ρ, per unit of utility.
func (e *mesEngine) rhoOfShare(p int32, share float64) float64 {
	if e.utility == PointsUtility {
		return share
	}
	return share / e.util[p]
}

// reset starts a run with every voter holding perVoter.
func (e *mesEngine) reset(perVoter *big.Rat) {
	e.beta.Set(perVoter)
	f := ratFloat(perVoter)
	e.absErr = 1e-12 * f
	e.f[0], e.cls[0].exact = f, &e.beta
	for k := 1; k < len(e.cls); k++ {
		e.cls[k].exact = nil
	}
	e.depth, e.moved = 0, -1 // -1: class still shows the last run
	e.order = e.order[:0]
	for p := range e.removed {
		e.removed[p] = e.pr.Approvals[p] == 0
		e.lb[p] = 0
		e.order = append(e.order, int32(p))
	}
	slices.SortFunc(e.order, func(a, b int32) int { return int(e.ties[a] - e.ties[b]) })
}

// run performs one Equal Shares count with the given per-voter budget and
// records it in o (which must be fresh).
func (e *mesEngine) run(perVoter *big.Rat, o *Outcome) {
	e.reset(perVoter)
	for {
		p, share, exact := e.bestCandidate()
		if p < 0 {
			break
		}
		e.pay(p, share, exact, o)
	}
}

// round returns the kept path's entry for the current round, adding one
// when the path ends here: in the slot of a round dropped earlier, reusing
// its memory, when there is one.
func (e *mesEngine) round() *pathRound {
	if e.depth == len(e.path) {
		if e.depth < cap(e.path) {
			e.path = e.path[:e.depth+1]
		} else {
			e.path = append(e.path, pathRound{})
		}
		r := &e.path[e.depth]
		if r.terms == nil {
			r.terms = make([][]exactTerm, len(e.pr.Costs))
		}
		clear(r.terms)
		*r = pathRound{p: -1, start: int32(len(e.cls)), terms: r.terms, children: r.children[:0], arena: r.arena[:0]}
	}
	return &e.path[e.depth]
}

// termsOf returns project p's terms at the current round, building them
// from its ballots the first time the path reaches this round with p.
func (e *mesEngine) termsOf(p int32) []exactTerm {
	r := e.round()
	if r.terms[p] == nil {
		e.catchUp()
		r.terms[p] = e.buildTerms(r, p)
	}
	return r.terms[p]
}

// catchUp moves the payers of the rounds paid so far into their classes.
// Runs that reuse the kept path throughout never need to.
func (e *mesEngine) catchUp() {
	if e.moved < 0 {
		clear(e.class)
		e.moved = 0
	}
	for ; e.moved < e.depth; e.moved++ {
		r := &e.path[e.moved]
		e.move(r.p, r)
	}
}

// candidate is a project evaluated in float this round.
type candidate struct {
	p        int32
	rho, err float64 // ρ and how far off it may be
	share    float64
	tooClose bool    // affordability too close to call
	flat     bool    // nobody is short of the share, with room to spare, but those with nothing left
	payers   float64 // when flat, how many supporters pay the share
}

// bestCandidate returns the affordable project with the least ρ (ties
// broken by the tie rule), its share in float, and its exact share when
// the decision needed exact arithmetic; -1 when none is affordable.
func (e *mesEngine) bestCandidate() (int32, float64, *big.Rat) {
	e.reorder()
	cands := e.cands[:0]
	best := candidate{p: -1, rho: math.Inf(1)}
	for _, p := range e.order {
		if e.removed[p] {
			continue
		}
		if e.lb[p]*(1-relTol) > best.rho+best.err {
			break // lower bounds only rise: nothing further can win
		}
		c, ok := e.evalFloat(p)
		if !ok {
			e.removed[p] = true
			continue
		}
		e.lb[p] = c.rho // a lower bound still: water-filling approaches ρ from below
		if c.tooClose || c.rho-c.err <= best.rho+best.err {
			cands = append(cands, c)
		}
		if !c.tooClose && c.rho < best.rho {
			best = c
		}
	}
	e.cands = cands
	return e.decide(cands, best)
}

// reorder keeps the candidates sorted by lower bound (then tie order),
// dropping those removed. Only the few evaluated this round moved, and
// only up, so an insertion sort does it in about one pass.
func (e *mesEngine) reorder() {
	o := e.order[:0]
	for _, p := range e.order {
		if !e.removed[p] {
			o = append(o, p)
		}
	}
	for i := 1; i < len(o); i++ {
		for j := i; j > 0 && e.before(o[j], o[j-1]); j-- {
			o[j], o[j-1] = o[j-1], o[j]
		}
	}
	e.order = o
}

func (e *mesEngine) before(a, b int32) bool {
	if e.lb[a] != e.lb[b] {
		return e.lb[a] < e.lb[b]
	}
	return e.ties[a] < e.ties[b]
}

// decide picks the winner among the candidates that may be best (keeping
// the contenders in cands). When one is clearly ahead, or the only
// contenders are twins of it, float suffices; otherwise they are compared
// exactly.
func (e *mesEngine) decide(cands []candidate, best candidate) (int32, float64, *big.Rat) {
	contenders := cands[:0]
	for _, c := range cands {
		if c.tooClose || c.rho-c.err <= best.rho+best.err {
			contenders = append(contenders, c)
		}
	}
	if len(contenders) == 0 {
		return -1, 0, nil
	}
	if e.sameTwins(contenders) {
		w := slices.MinFunc(contenders, func(a, b candidate) int { return int(e.ties[a.p] - e.ties[b.p]) })
		return w.p, w.share, nil
	}
	if e.allFlat(contenders) {
		// Each ρ is a constant, compared exactly in integers: the usual
		// case of projects with as many supporters (with cost utilities,
		// ρ is one over the number of supporters).
		w := slices.MinFunc(contenders, func(a, b candidate) int {
			if c := e.flatCmp(a, b); c != 0 {
				return c
			}
			return int(e.ties[a.p] - e.ties[b.p])
		})
		return w.p, w.share, nil
	}
	winner, winShare, winRho := int32(-1), (*big.Rat)(nil), (*big.Rat)(nil)
	for _, c := range contenders {
		var share *big.Rat
		if c.tooClose { // affordability itself is in question
			share = e.waterFill(e.pr.Costs[c.p], e.termsOf(c.p))
		} else {
			share = e.exactShareNow(c.p, c.share)
		}
		if share == nil {
			e.removed[c.p] = true
			continue
		}
		rho := e.exactRho(c.p, share)
		if winner < 0 || rho.Cmp(winRho) < 0 || (rho.Cmp(winRho) == 0 && e.ties[c.p] < e.ties[winner]) {
			winner, winShare, winRho = c.p, share, rho
		}
	}
	if winner < 0 {
		return -1, 0, nil
	}
	f, _ := winShare.Float64()
	return winner, f, winShare
}

// sameTwins reports whether every contender is certain to be affordable
// and a twin of the others (so their ρ are equal, exactly).
func (e *mesEngine) sameTwins(cs []candidate) bool {
	for _, c := range cs {
		if c.tooClose || e.twin[c.p] != e.twin[cs[0].p] {
			return false
		}
	}
	return true
}

// allFlat reports whether every contender is certain to be affordable
// with none of its supporters short of its share but those with nothing
// left, so that its ρ is its cost over the utility of those with money.
func (e *mesEngine) allFlat(cs []candidate) bool {
	for _, c := range cs {
		if c.tooClose || !c.flat {
			return false
		}
	}
	return true
}

// flatCmp compares the ρ of two flat candidates exactly, in integers: the
// cost over the number n of supporters with money left, times their
// utility; that is 1/n with cost utilities and cost/n with approval ones.
func (e *mesEngine) flatCmp(a, b candidate) int {
	na, nb := uint64(a.payers), uint64(b.payers) // whole numbers of voters, exact in float64
	if e.utility == CostUtility {
		return cmp.Compare(nb, na)
	}
	hp, lp := mathbits.Mul64(uint64(e.pr.Costs[a.p]), nb)
	hq, lq := mathbits.Mul64(uint64(e.pr.Costs[b.p]), na)
	if hp != hq {
		return cmp.Compare(hp, hq)
	}
	return cmp.Compare(lp, lq)
}

// evalFloat computes project p's ρ in float64 by water-filling: supporters
// whose budget is below their share pay all they have, the others share
// the rest in proportion to their share units. ok is false when p is
// certainly unaffordable.
func (e *mesEngine) evalFloat(p int32) (candidate, bool) {
	return e.evalFrom(p, 0)
}

// evalFrom is evalFloat starting the water-filling from a share known to
// be at most p's (the least share, the cost over all share units, if
// that is more).
func (e *mesEngine) evalFrom(p int32, start float64) (candidate, bool) {
	c := float64(e.pr.Costs[p])
	ts := e.termsOf(p)
	share := max(c/e.totalU[p], start) // c/totalU: if nobody runs short
	for {
		var full, total, restU, weight, minRest float64
		if e.utility == PointsUtility {
			full, total, restU, weight, minRest = e.fillPass(ts, share)
		} else {
			full, total, restU, minRest = e.fillPassUnit(ts, share)
			weight = e.totalU[p]
		}
		slack := relTol*c + weight*e.absErr
		switch {
		case total < c-slack:
			return candidate{}, false
		case total <= c+slack || restU == 0:
			return candidate{p: p, rho: e.rhoOfShare(p, share), share: share, tooClose: true}, true
		}
		next := (c - full) / restU
		if next <= minRest {
			if next < share {
				next = share
			}
			rho := e.rhoOfShare(p, next)
			flat := full == 0 && e.utility != PointsUtility && minRest >= next*(1+relTol)+e.absErr
			return candidate{p: p, rho: rho, share: next, flat: flat, payers: restU,
				err: relTol*rho + e.rhoOfShare(p, weight*e.absErr/restU)}, true
		}
		share = next
	}
}

// fillPass is one pass of water-filling at the given share over a
// project's terms: what those short of it have (full), all supporters'
// money, the share units of the rest, the supporters' weight, and the
// least budget per share unit among the rest.
func (e *mesEngine) fillPass(ts []exactTerm, share float64) (full, total, restU, weight, minRest float64) {
	minRest = math.Inf(1)
	f := e.f
	for _, t := range ts {
		b, w, u := f[t.class], float64(t.weight), float64(t.units)
		total += w * b
		weight += w
		if b < share*u {
			full += w * b
		} else {
			restU += w * u
			if b < minRest*u { // (a division only when the least changes)
				minRest = b / u
			}
		}
	}
	return
}

// fillPassUnit is fillPass for terms of one share unit each (cost and
// approval utilities), the inner loop of most counts: the supporters'
// weight is the project's totalU, and nothing is multiplied by units.
func (e *mesEngine) fillPassUnit(ts []exactTerm, share float64) (full, total, restU, minRest float64) {
	minRest = math.Inf(1)
	f := e.f
	for _, t := range ts {
		b, w := f[t.class], float64(t.weight)
		total += w * b
		if b < share {
			full += w * b
		} else {
			restU += w
			minRest = min(minRest, b)
		}
	}
	return
}

// exactTerm is the supporters of a project who share one budget class
// and one number of share units: their total weight.
type exactTerm struct {
	class  int32
	weight int32 // (a profile has fewer than 2^31 voters: newMESEngine checks)
	units  int64
}

// buildTerms groups project p's supporters by class (and share units),
// reading its ballots, into round r's arena.
func (e *mesEngine) buildTerms(r *pathRound, p int32) []exactTerm {
	pr := e.pr
	lo, hi := pr.SupStart[p], pr.SupStart[p+1]
	start := len(r.arena)
	if e.utility == PointsUtility {
		r.arena = reserve(r.arena, int(hi-lo)) // at most a term per supporter
		for i := lo; i < hi; i++ {
			g := pr.SupGroups[i]
			r.arena = append(r.arena, exactTerm{class: e.class[g], units: pr.SupPoints[i], weight: int32(pr.Weight[g])})
		}
		out := r.arena[start:]
		slices.SortFunc(out, cmpTerms)
		r.arena = r.arena[:start+len(mergeTerms(out))]
		return r.arena[start:len(r.arena):len(r.arena)]
	}
	if cap(e.scratchW) < len(e.cls) {
		e.scratchW = make([]int64, 2*len(e.cls))
	}
	w := e.scratchW[:len(e.cls)]
	r.arena = reserve(r.arena, min(int(hi-lo), len(e.cls))) // at most a term per supporter, and per class
	for i := lo; i < hi; i++ {
		g := pr.SupGroups[i]
		k := e.class[g]
		if w[k] == 0 {
			r.arena = append(r.arena, exactTerm{class: k, units: 1})
		}
		w[k] += pr.Weight[g]
	}
	out := r.arena[start:len(r.arena):len(r.arena)]
	for j := range out {
		out[j].weight, w[out[j].class] = int32(w[out[j].class]), 0
	}
	return out
}

// reserve returns s with room for n more elements. When it must grow, its
// capacity at least doubles: append grows large slices by a quarter, which
// copies a growing arena several times over.
func reserve[T any](s []T, n int) []T {
	if cap(s)-len(s) >= n {
		return s
	}
	return slices.Grow(s, max(n, cap(s)))
}

// cmpTerms orders terms by class, then share units.
func cmpTerms(a, b exactTerm) int {
	if a.class != b.class {
		return int(a.class - b.class)
	}
	return cmp.Compare(a.units, b.units)
}

func mergeTerms(ts []exactTerm) []exactTerm {
	out := ts[:0]
	for _, t := range ts {
		if n := len(out); n > 0 && out[n-1].class == t.class && out[n-1].units == t.units {
			out[n-1].weight += t.weight
			continue
		}
		out = append(out, t)
	}
	return out
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// ratFloat is x.Float64(), without allocating when x's numerator and
// denominator are exact in float64 (per-voter budgets are): then one
// division rounds correctly, as Float64 does.
func ratFloat(x *big.Rat) float64 {
	const exact = 1 << 53
	n := x.Num()
	if n.IsInt64() && -exact <= n.Int64() && n.Int64() <= exact {
		if x.IsInt() {
			return float64(n.Int64())
		}
		if d := x.Denom(); d.IsInt64() && d.Int64() <= exact {
			return float64(n.Int64()) / float64(d.Int64())
		}
	}
	f, _ := x.Float64()
	return f
}

// ratZero is a shared exact zero; exact budgets are never changed in place.
var ratZero = new(big.Rat)

// exact returns class k's budget exactly, working it out from the class
// it came from and the share it paid.
func (e *mesEngine) exact(k int32) *big.Rat {
	c := &e.cls[k]
	if c.exact == nil {
		x := new(big.Rat).Mul(e.exactShare(c.round), ratInt(c.units))
		x.Sub(e.exact(c.parent), x)
		if x.Sign() < 0 {
			x.SetInt64(0) // it paid all it had
		}
		e.cls[k].exact = x
	}
	return e.cls[k].exact
}

// exactShare returns round r's share exactly.
func (e *mesEngine) exactShare(r int32) *big.Rat {
	ri := &e.path[r]
	if ri.share == nil {
		ri.share = e.exactShareOf(e.pr.Costs[ri.p], ri.terms[ri.p], ri.shareF)
	}
	return ri.share
}

// exactShareNow returns project p's share exactly with the budgets as they
// are now (approx is its share in float), or nil when its supporters
// cannot afford it.
func (e *mesEngine) exactShareNow(p int32, approx float64) *big.Rat {
	return e.exactShareOf(e.pr.Costs[p], e.termsOf(p), approx)
}

// exactShareOf finds the exact share for a cost and its supporters.
// Usually the float share already tells, with room to spare, which
// supporters pay all they have and which pay the share; then only the
// former's budgets are needed exactly (and when there are none, the share
// is just the cost over the share units, from integers). Otherwise the
// whole water-filling is done exactly.
func (e *mesEngine) exactShareOf(cost int64, ts []exactTerm, approx float64) *big.Rat {
	rest := ratInt(cost)
	units := new(big.Int)
	tmp := new(big.Rat)
	for _, t := range ts {
		b, owed := e.f[t.class], approx*float64(t.units)
		slack := relTol*owed + e.absErr
		switch {
		case b >= owed+slack:
			units.Add(units, big.NewInt(int64(t.weight)*t.units))
		case b <= owed-slack:
			rest.Sub(rest, tmp.Mul(e.exact(t.class), ratInt(int64(t.weight))))
		default:
			return e.waterFill(cost, ts)
		}
	}
	if units.Sign() == 0 {
		return e.waterFill(cost, ts)
	}
	return rest.Quo(rest, new(big.Rat).SetInt(units))
}

// waterFill finds the share s with Σ weight × min(budget, s × units) =
// cost, exactly, or nil when the budgets do not reach the cost. Terms are
// taken in ascending order of budget per share unit: those before the
// first whose budget covers its shares pay all they have.
func (e *mesEngine) waterFill(cost int64, ts []exactTerm) *big.Rat {
	c := ratInt(cost)
	total, tmp := new(big.Rat), new(big.Rat)
	units := new(big.Int)
	for _, t := range ts {
		total.Add(total, tmp.Mul(e.exact(t.class), ratInt(int64(t.weight))))
		units.Add(units, big.NewInt(int64(t.weight)*t.units))
	}
	if total.Cmp(c) < 0 {
		return nil
	}
	ts = slices.Clone(ts)
	slices.SortFunc(ts, e.cmpPerUnit)
	rest := new(big.Rat).Set(c)
	share := new(big.Rat)
	for _, t := range ts {
		share.Quo(rest, new(big.Rat).SetInt(units))
		if tmp.Mul(share, ratInt(t.units)).Cmp(e.exact(t.class)) <= 0 {
			return share
		}
		rest.Sub(rest, tmp.Mul(e.exact(t.class), ratInt(int64(t.weight))))
		units.Sub(units, big.NewInt(int64(t.weight)*t.units))
	}
	return share // reached only when the budgets exactly equal the cost
}

// cmpPerUnit orders terms by budget per share unit, in float when that
// is clear and exactly otherwise.
func (e *mesEngine) cmpPerUnit(a, b exactTerm) int {
	fa, fb := e.f[a.class]/float64(a.units), e.f[b.class]/float64(b.units)
	if d := fa - fb; math.Abs(d) > relTol*math.Max(fa, fb)+e.absErr {
		if d < 0 {
			return -1
		}
		return 1
	}
	x := new(big.Rat).Mul(e.exact(a.class), ratInt(b.units))
	return x.Cmp(new(big.Rat).Mul(e.exact(b.class), ratInt(a.units)))
}

// exactRho turns an exact share into ρ for project p.
func (e *mesEngine) exactRho(p int32, share *big.Rat) *big.Rat {
	if e.utility == PointsUtility {
		return share
	}
	return new(big.Rat).Quo(share, ratInt(e.utilityAt(p, e.pr.SupStart[p])))
}

// pay buys project p and records it in o: every supporter pays the share
// (times its share units), or all it has if that is less, and moves to
// the class of its new history. Whether a class pays the share or all it has is decided in
// float when that is clear, exactly otherwise.
func (e *mesEngine) pay(p int32, shareF float64, share *big.Rat, o *Outcome) {
	pr := e.pr
	r := e.round()
	ts := r.terms[p]
	if r.p != p { // the kept path bought something else here: it ends
		e.path = e.path[:e.depth+1]
		e.cls, e.f = e.cls[:r.start], e.f[:r.start]
		r.p, r.children = p, reserve(r.children[:0], len(ts))
		e.cls, e.f = reserve(e.cls, len(ts)), reserve(e.f, len(ts))
		for _, t := range ts {
			r.children = append(r.children, int32(len(e.cls)))
			e.cls = append(e.cls, classInfo{parent: t.class, round: int32(e.depth), units: t.units})
			e.f = append(e.f, 0)
		}
	}
	r.shareF, r.share = shareF, share
	if o != nil { // nil: a check, which only follows a known outcome
		o.fund(pr, p, StageRule)
	}
	e.removed[p] = true
	var fullPayers int64
	for i, t := range ts {
		if e.setBudget(r.children[i], t) {
			fullPayers += int64(t.weight)
		}
	}
	if e.explain {
		f := &o.Projects[p]
		f.Round, f.FullPayers = e.depth+1, fullPayers
		f.Share = r.share // exact when the count needed it,
		if f.Share == nil {
			f.Share = new(big.Rat).SetFloat64(shareF) // else to float precision, plenty for people to read
		}
	}
	r.rhoF = e.rhoOfShare(p, shareF)
	r.flat = fullPayers == 0 && e.utility != PointsUtility
	e.depth++
}

// move puts round r's payers in the classes of their new histories.
func (e *mesEngine) move(p int32, r *pathRound) {
	pr := e.pr
	if e.utility == PointsUtility { // terms differ by share units too
		ts := r.terms[p] // sorted by class, then units
		for i := pr.SupStart[p]; i < pr.SupStart[p+1]; i++ {
			g := pr.SupGroups[i]
			k, _ := slices.BinarySearchFunc(ts, exactTerm{class: e.class[g], units: pr.SupPoints[i]}, cmpTerms)
			e.class[g] = r.children[k]
		}
		return
	}
	if cap(e.memo) < len(e.cls) {
		e.memo = make([]int32, 2*len(e.cls))
	}
	memo := e.memo[:len(e.cls)]
	for i, t := range r.terms[p] {
		memo[t.class] = r.children[i]
	}
	for _, g := range pr.Supporters(p) {
		e.class[g] = memo[e.class[g]]
	}
}

// setBudget works out the budget of class k, the voters of term t after
// paying the current round's share, and reports whether that took all
// they had.
func (e *mesEngine) setBudget(k int32, t exactTerm) bool {
	b := e.f[t.class]
	owed := e.path[e.depth].shareF * float64(t.units)
	slack := relTol*owed + e.absErr
	c := &e.cls[k]
	switch {
	case b <= owed-slack:
		e.f[k], c.exact = 0, ratZero // certainly all it had: exactly nothing left
		return true
	case b >= owed+slack:
		e.f[k], c.exact = b-owed, nil
		return false
	}
	// Too close to call: decide exactly.
	c.exact = nil
	x := e.exact(k)
	e.f[k], _ = x.Float64()
	return x.Sign() == 0
}

// recordLeftovers notes, for every project the last run did not fund,
// how much its supporters had left when the count ended. The figure is for
// explanations: float precision serves, except next to the project's cost,
// where it is computed exactly so that "less than the cost" stays true.
func (e *mesEngine) recordLeftovers(o *Outcome) {
	pr := e.pr
	tmp := new(big.Rat)
	for p := range o.Projects {
		f := &o.Projects[p]
		if f.Selected || pr.Approvals[p] == 0 {
			continue
		}
		ts := e.termsOf(int32(p))
		_, left, _, _, _ := e.fillPass(ts, 0)
		f.SupportersLeft, f.Reason = new(big.Rat), Unaffordable
		if c := float64(pr.Costs[p]); math.Abs(left-c) > relTol*c {
			f.SupportersLeft.SetFloat64(left)
			continue
		}
		for _, t := range ts {
			f.SupportersLeft.Add(f.SupportersLeft, tmp.Mul(e.exact(t.class), ratInt(int64(t.weight))))
		}
	}
}
