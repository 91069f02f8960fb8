package pb

import (
	"encoding/binary"
	"math"
	"math/big"
	"slices"
)

// The Method of Equal Shares gives every voter an equal part of the budget.
// Round by round it buys the project whose supporters can pay for it with
// the smallest payment per unit of utility ρ: each supporter pays ρ times
// their utility, or everything they have left if that is less. A project
// is affordable while its supporters together still have its cost.
//
// Exactness at float speed. A voter's budget is always either zero or the
// per-voter budget less the shares it paid, so voters fall into a few
// "classes" sharing one budget. The engine counts in float64, and keeps
// for every class how it came about (which class paid which round's share
// times what), so that its exact value can be worked out, in rationals,
// whenever it is needed. It is needed when a decision is too close to call
// in float64: two candidates' ρ, a project's cost and its supporters'
// money, or a supporter's budget and its share within a relative 1e-9 (plus
// an absolute allowance of 1e-12 of the per-voter budget per voter) of each
// other. Those decisions are taken in exact arithmetic; all others are
// certain with a wide margin, since float64 errors are near 1e-16 relative.
// Property tests compare the engine with a plain rational implementation.

// relTol is the relative gap below which float comparisons are not trusted.
const relTol = 1e-9

// mesEngine holds the working memory of Equal Shares runs on one profile,
// reused across the runs of the Add1 completion.
type mesEngine struct {
	pr      *Profile
	utility Utility
	ties    []int32
	twin    []int32   // per project, the first project with the same cost and supporters
	wf      []float64 // group weights as floats
	util    []float64 // per project, the uniform utility (cost or 1); unused with points
	totalU  []float64 // per project, its supporters' summed weight × share units

	beta   big.Rat // this run's per-voter budget
	absErr float64 // allowance for the float error of one budget
	class  []int32 // per group, its budget class
	// gb holds each group's budget and weight side by side: the inner
	// loops read both for one supporter, from one cache line.
	gb      []groupBudget
	cls     []classInfo
	rounds  []roundInfo
	lb      []float64 // per project, a lower bound on its ρ (its last computed ρ)
	removed []bool    // per project: selected or no longer affordable
	order   []int32   // candidates, sorted by lb each round

	scratchW []int64 // per class, weight accumulated for one project
	memo     []int32 // per class, where its payers move this round (-1: not yet known)

	explain bool // record the details explanations need (the run that is kept)
	runs    int  // runs made, for benchmarks
}

// groupBudget is a group's budget and weight (its number of voters).
type groupBudget struct{ b, w float64 }

// classInfo is one budget shared by a class of voters.
type classInfo struct {
	f      float64 // the budget
	parent int32   // the class it came from,
	round  int32   // by paying that round's share
	units  int64   // this many times (1 with uniform utilities; the points with points)
	exact  *big.Rat
}

// roundInfo is what a round bought and from whom, enough to recompute its
// share exactly.
type roundInfo struct {
	p      int32
	terms  []exactTerm // the winner's supporters by class, as they were
	shareF float64     // what each paid per voter (uniform) or per point, at most
	share  *big.Rat    // the same, exactly, once needed
	// rhoF is the winner's ρ; flat says nobody was short of its share, so
	// that ρ is its cost over its supporters' utility, a constant.
	rhoF float64
	flat bool
}

func newMESEngine(pr *Profile, u Utility, tie Tie) *mesEngine {
	e := &mesEngine{pr: pr, utility: u, ties: tieRanks(pr, tie.resolve(false)), twin: twins(pr)}
	n, g := len(pr.Costs), pr.Groups()
	e.wf = make([]float64, g)
	for i, w := range pr.Weight {
		e.wf[i] = float64(w)
	}
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
	e.class, e.gb = make([]int32, g), make([]groupBudget, g)
	for i := range e.gb {
		e.gb[i].w = e.wf[i]
	}
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

// shareUnits is how many shares a supporter pays: the share is per voter
// with uniform utilities and per point with points.
func (e *mesEngine) shareUnits(p int32, i int32) int64 {
	if e.utility == PointsUtility {
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

// reset starts a run with every voter holding perVoter. Class 0 holds
// nothing; class 1 the full per-voter budget.
func (e *mesEngine) reset(perVoter *big.Rat) {
	e.beta.Set(perVoter)
	f, _ := perVoter.Float64()
	e.absErr = 1e-12 * f
	e.cls = append(e.cls[:0], classInfo{exact: new(big.Rat)}, classInfo{f: f, exact: &e.beta})
	e.rounds = e.rounds[:0]
	for g := range e.class {
		e.class[g], e.gb[g].b = 1, f
	}
	e.order = e.order[:0]
	for p := range e.removed {
		e.removed[p] = e.pr.Approvals[p] == 0
		e.lb[p] = 0
		e.order = append(e.order, int32(p))
	}
	slices.SortFunc(e.order, func(a, b int32) int { return int(e.ties[a] - e.ties[b]) })
	e.runs++
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

// candidate is a project evaluated in float this round.
type candidate struct {
	p        int32
	rho, err float64 // ρ and how far off it may be
	share    float64
	tooClose bool // affordability too close to call
	flat     bool // nobody is short of the share, with room to spare
}

// bestCandidate returns the affordable project with the least ρ (ties
// broken by the tie rule), its share in float, and its exact share when
// the decision needed exact arithmetic; -1 when none is affordable.
func (e *mesEngine) bestCandidate() (int32, float64, *big.Rat) {
	e.reorder()
	var cands []candidate
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

// decide picks the winner among the candidates that may be best. When
// one is clearly ahead, or the only contenders are twins of it, float
// suffices; otherwise they are compared exactly.
func (e *mesEngine) decide(cands []candidate, best candidate) (int32, float64, *big.Rat) {
	var contenders []candidate
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
	winner, winShare, winRho := int32(-1), (*big.Rat)(nil), (*big.Rat)(nil)
	for _, c := range contenders {
		var share *big.Rat
		if c.tooClose { // affordability itself is in question
			share = e.waterFill(e.pr.Costs[c.p], e.terms(c.p, nil))
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

// evalFloat computes project p's ρ in float64 by water-filling: supporters
// whose budget is below their share pay all they have, the others share
// the rest in proportion to their share units. ok is false when p is
// certainly unaffordable.
func (e *mesEngine) evalFloat(p int32) (candidate, bool) {
	pr := e.pr
	c := float64(pr.Costs[p])
	lo, hi := pr.SupStart[p], pr.SupStart[p+1]
	share := c / e.totalU[p] // if nobody runs short
	for {
		full, total, restU, weight, minRest := e.fillPass(p, lo, hi, share)
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
			return candidate{p: p, rho: rho, share: next, flat: flat,
				err: relTol*rho + e.rhoOfShare(p, weight*e.absErr/restU)}, true
		}
		share = next
	}
}

// fillPass is one pass of water-filling at the given share: what those
// short of it have (full), all supporters' money, the share units of the
// rest, the supporters' weight, and the least budget per share unit among
// the rest.
func (e *mesEngine) fillPass(p, lo, hi int32, share float64) (full, total, restU, weight, minRest float64) {
	pr := e.pr
	minRest = math.Inf(1)
	if e.utility == PointsUtility {
		for i := lo; i < hi; i++ {
			g := pr.SupGroups[i]
			b, w, u := e.gb[g].b, e.gb[g].w, float64(pr.SupPoints[i])
			total += w * b
			weight += w
			if b < share*u {
				full += w * b
			} else {
				restU += w * u
				if b/u < minRest {
					minRest = b / u
				}
			}
		}
		return
	}
	for _, g := range pr.SupGroups[lo:hi] {
		gb := &e.gb[g]
		b, w := gb.b, gb.w
		total += w * b
		weight += w
		if b < share {
			full += w * b
		} else {
			restU += w
			if b < minRest {
				minRest = b
			}
		}
	}
	return
}

// exactTerm is the supporters of a project who share one budget class
// and one number of share units: their total weight.
type exactTerm struct {
	class  int32
	units  int64
	weight int64
}

// terms groups project p's supporters by budget class (and share units).
func (e *mesEngine) terms(p int32, out []exactTerm) []exactTerm {
	pr := e.pr
	lo, hi := pr.SupStart[p], pr.SupStart[p+1]
	if e.utility == PointsUtility {
		for i := lo; i < hi; i++ {
			g := pr.SupGroups[i]
			out = append(out, exactTerm{class: e.class[g], units: pr.SupPoints[i], weight: pr.Weight[g]})
		}
		slices.SortFunc(out, func(a, b exactTerm) int {
			if a.class != b.class {
				return int(a.class - b.class)
			}
			return cmpInt64(a.units, b.units)
		})
		return mergeTerms(out)
	}
	if cap(e.scratchW) < len(e.cls) {
		e.scratchW = make([]int64, 2*len(e.cls))
	}
	w := e.scratchW[:len(e.cls)]
	start := len(out)
	for i := lo; i < hi; i++ {
		g := pr.SupGroups[i]
		k := e.class[g]
		if w[k] == 0 {
			out = append(out, exactTerm{class: k, units: 1})
		}
		w[k] += pr.Weight[g]
	}
	for j := start; j < len(out); j++ {
		out[j].weight, w[out[j].class] = w[out[j].class], 0
	}
	return out
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

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func ratInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

// exact returns class k's budget exactly, working it out from the class
// it came from and the share it paid.
func (e *mesEngine) exact(k int32) *big.Rat {
	c := &e.cls[k]
	if c.exact == nil {
		share := e.exactShare(c.round)
		x := new(big.Rat).Mul(share, ratInt(c.units))
		c.exact = x.Sub(e.exact(c.parent), x)
	}
	return e.cls[k].exact
}

// exactShare returns round r's share exactly.
func (e *mesEngine) exactShare(r int32) *big.Rat {
	ri := &e.rounds[r]
	if ri.share == nil {
		ri.share = e.exactShareOf(e.pr.Costs[ri.p], ri.terms, ri.shareF)
	}
	return ri.share
}

// exactShareNow returns project p's share exactly with the budgets as they
// are now (approx is its share in float), or nil when its supporters
// cannot afford it.
func (e *mesEngine) exactShareNow(p int32, approx float64) *big.Rat {
	return e.exactShareOf(e.pr.Costs[p], e.terms(p, nil), approx)
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
		b, owed := e.cls[t.class].f, approx*float64(t.units)
		slack := relTol*owed + e.absErr
		switch {
		case b >= owed+slack:
			units.Add(units, big.NewInt(t.weight*t.units))
		case b <= owed-slack:
			rest.Sub(rest, tmp.Mul(e.exact(t.class), ratInt(t.weight)))
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
		total.Add(total, tmp.Mul(e.exact(t.class), ratInt(t.weight)))
		units.Add(units, big.NewInt(t.weight*t.units))
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
		rest.Sub(rest, tmp.Mul(e.exact(t.class), ratInt(t.weight)))
		units.Sub(units, big.NewInt(t.weight*t.units))
	}
	return share // reached only when the budgets exactly equal the cost
}

// cmpPerUnit orders terms by budget per share unit, in float when that
// is clear and exactly otherwise.
func (e *mesEngine) cmpPerUnit(a, b exactTerm) int {
	fa, fb := e.cls[a.class].f/float64(a.units), e.cls[b.class].f/float64(b.units)
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

// pay buys project p: every supporter pays the share (times its share
// units), or all it has if that is less. Whether a class pays the share or
// all it has is decided in float when that is clear, exactly otherwise.
func (e *mesEngine) pay(p int32, shareF float64, share *big.Rat, o *Outcome) {
	pr := e.pr
	r := int32(len(e.rounds))
	e.rounds = append(e.rounds, roundInfo{p: p, terms: e.terms(p, nil), shareF: shareF, share: share})
	o.fund(pr, p, StageRule)
	e.removed[p] = true
	var fullPayers int64
	if cap(e.memo) < len(e.cls) {
		e.memo = make([]int32, 2*len(e.cls))
	}
	memo := e.memo[:len(e.cls)]
	var moveTo map[exactTerm]int32 // with points, where memo cannot tell terms apart
	if e.utility == PointsUtility {
		moveTo = make(map[exactTerm]int32, len(e.rounds[r].terms))
	}
	for _, t := range e.rounds[r].terms {
		to := e.afterPayment(t, r)
		if moveTo != nil {
			moveTo[exactTerm{class: t.class, units: t.units}] = to
		} else {
			memo[t.class] = to
		}
		if to == 0 {
			fullPayers += t.weight
		}
	}
	for i := pr.SupStart[p]; i < pr.SupStart[p+1]; i++ {
		g := pr.SupGroups[i]
		to := memo[e.class[g]]
		if moveTo != nil {
			to = moveTo[exactTerm{class: e.class[g], units: pr.SupPoints[i]}]
		}
		e.class[g], e.gb[g].b = to, e.cls[to].f
	}
	if e.explain {
		f := &o.Projects[p]
		f.Round, f.FullPayers = int(r)+1, fullPayers
		f.Share = e.rounds[r].share // exact when the count needed it,
		if f.Share == nil {
			f.Share = new(big.Rat).SetFloat64(shareF) // else to float precision, plenty for people to read
		}
	}
	e.rounds[r].rhoF = e.rhoOfShare(p, shareF)
	e.rounds[r].flat = fullPayers == 0 && e.utility != PointsUtility
}

// afterPayment returns the class the voters of term t move to after
// paying round r's share: 0 when it takes all they have.
func (e *mesEngine) afterPayment(t exactTerm, r int32) int32 {
	if t.class == 0 {
		return 0
	}
	b := e.cls[t.class].f
	owed := e.rounds[r].shareF * float64(t.units)
	slack := relTol*owed + e.absErr
	switch {
	case b <= owed-slack:
		return 0
	case b >= owed+slack:
		return e.newClass(t, r, b-owed)
	}
	// Too close to call: decide exactly.
	left := new(big.Rat).Mul(e.exactShare(r), ratInt(t.units))
	left.Sub(e.exact(t.class), left)
	if left.Sign() <= 0 {
		return 0
	}
	f, _ := left.Float64()
	k := e.newClass(t, r, f)
	e.cls[k].exact = left
	return k
}

// newClass adds the class of voters of term t after round r's share.
func (e *mesEngine) newClass(t exactTerm, r int32, f float64) int32 {
	e.cls = append(e.cls, classInfo{f: f, parent: t.class, round: r, units: t.units})
	return int32(len(e.cls) - 1)
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
		var left float64
		for _, g := range pr.Supporters(int32(p)) {
			left += e.gb[g].w * e.gb[g].b
		}
		f.SupportersLeft, f.Reason = new(big.Rat), Unaffordable
		if c := float64(pr.Costs[p]); math.Abs(left-c) > relTol*c {
			f.SupportersLeft.SetFloat64(left)
			continue
		}
		for _, t := range e.terms(int32(p), nil) {
			f.SupportersLeft.Add(f.SupportersLeft, tmp.Mul(e.exact(t.class), ratInt(t.weight)))
		}
	}
}
