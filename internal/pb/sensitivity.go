package pb

import "math"

// Add1 raises the per-voter budget β one currency unit at a time, and a
// naive scan runs Equal Shares at every step: hundreds of thousands of
// runs on some real instances. But the outcome only changes where some
// decision of the count changes, and between such points every budget is
// an affine function of β (each payment is an affine function of the
// budgets it depends on). So each run also computes, in float64, how far β
// can rise before any decision could flip: which supporters of each
// winner pay all they have, which project wins each round, whether each
// unfunded project is affordable. The scan then jumps over every step
// strictly below that point; those steps are certain to give the same
// outcome. The bound is taken with wide safety margins (float errors can
// only make it smaller), and the runs that are made are exact, so the scan
// finds the same budget and outcome as stepping one unit at a time.

// safety is the relative margin the bound keeps below each crossing.
const safety = 1e-6

// crossing returns how far β may rise before an affine quantity that is
// g0 now and changes by slope per unit of β changes sign: +Inf when it
// moves away from zero, 0 when it is too close to zero to tell. scale is
// the size of the numbers g0 is the difference of, for the error margin.
func crossing(g0, slope, scale, slopeScale float64, positive bool) float64 {
	if !positive {
		g0, slope = -g0, -slope
	}
	errG := relTol * scale
	if g0 <= errG {
		return 0 // on the boundary, or too close to know which side
	}
	errS := relTol * slopeScale
	if slope >= -errS {
		if slope >= 0 {
			return math.Inf(1)
		}
		slope = -errS // nearly flat: assume the worst
	}
	return (g0 - errG) / (-slope + errS) * (1 - safety)
}

// affineShare is a project's share in float: its value now and how it
// changes with β, and the weight (or weight × points) of those paying it.
type affineShare struct {
	q0, qs float64
	restU  float64
}

// shareAffine water-fills project p in float, the way evalFloat does,
// and returns its share with its rate of change, and the least distance
// in β at which one of its supporters would switch between paying the
// share and paying all it has. ok is false when p is unaffordable; then
// dist is how far β must rise for its supporters to afford it.
func (e *mesEngine) shareAffine(p int32) (s affineShare, dist float64, ok bool) {
	pr := e.pr
	c := float64(pr.Costs[p])
	lo, hi := pr.SupStart[p], pr.SupStart[p+1]
	var total, totalS float64
	for i := lo; i < hi; i++ {
		g := pr.SupGroups[i]
		total += e.wf[g] * e.budgetF[g]
		totalS += e.wf[g] * e.cls[e.class[g]].slope
	}
	if total < c {
		return s, crossing(total-c, totalS, c, totalS, false), false
	}
	q := c / e.shareWeight(p, lo, hi)
	for {
		var full, fullS, restU float64
		minRest := math.Inf(1)
		for i := lo; i < hi; i++ {
			g := pr.SupGroups[i]
			b, w, u := e.budgetF[g], e.wf[g], float64(e.shareUnits(p, i))
			if b < q*u {
				full += w * b
				fullS += w * e.cls[e.class[g]].slope
			} else {
				restU += w * u
				minRest = math.Min(minRest, b/u)
			}
		}
		next := (c - full) / restU
		if restU == 0 || next <= minRest {
			if restU == 0 {
				return s, 0, true // everyone pays all: on the edge of affordability
			}
			s = affineShare{q0: next, qs: -fullS / restU, restU: restU}
			return s, e.switchDistance(p, s), true
		}
		q = next
	}
}

// shareWeight is the weight (or weight × points) among p's supporters.
func (e *mesEngine) shareWeight(p int32, lo, hi int32) float64 {
	var w float64
	for i := lo; i < hi; i++ {
		w += e.wf[e.pr.SupGroups[i]] * float64(e.shareUnits(p, i))
	}
	return w
}

// switchDistance is how far β can rise before a supporter of p switches
// between paying the share and paying all it has.
func (e *mesEngine) switchDistance(p int32, s affineShare) float64 {
	pr := e.pr
	dist := math.Inf(1)
	for i := pr.SupStart[p]; i < pr.SupStart[p+1]; i++ {
		g := pr.SupGroups[i]
		u := float64(e.shareUnits(p, i))
		b, bs := e.budgetF[g], e.cls[e.class[g]].slope
		g0, gs := b-u*s.q0, bs-u*s.qs
		dist = math.Min(dist, crossing(g0, gs, math.Max(b, u*s.q0), math.Abs(bs)+math.Abs(u*s.qs), g0 > 0))
	}
	return dist
}

// rho turns a share into ρ (per unit of utility) for project p.
func (e *mesEngine) rho(p int32, s affineShare) (float64, float64) {
	if e.utility == PointsUtility {
		return s.q0, s.qs
	}
	return s.q0 / e.util[p], s.qs / e.util[p]
}

// roundBound is how far β can rise before this round's decision could
// change: the winner's payers, the winner itself, or an unaffordable
// project becoming affordable. It also returns the winner's share, for
// the budgets' rates of change after payment.
func (e *mesEngine) roundBound(w int32, o *Outcome) (float64, affineShare) {
	sw, dist, _ := e.shareAffine(w)
	rw0, rws := e.rho(w, sw)
	for p := range e.pr.Costs {
		if int32(p) == w || o.Projects[p].Selected || e.pr.Approvals[p] == 0 {
			continue
		}
		sp, d, ok := e.shareAffine(int32(p))
		dist = math.Min(dist, d)
		if !ok {
			continue
		}
		rp0, rps := e.rho(int32(p), sp)
		// p must stay behind the winner (or tied and behind it in tie order).
		scale := math.Max(math.Abs(rp0), math.Abs(rw0))
		if math.Abs(rp0-rw0) <= relTol*scale {
			// Tied or nearly. When nobody is short of money for either,
			// both ρ are constants and the order taken now holds; twins
			// (same cost, same supporters) never part either.
			if (rps == 0 && rws == 0) || e.twin[p] == e.twin[w] {
				continue
			}
			return 0, sw
		}
		dist = math.Min(dist, crossing(rp0-rw0, rps-rws, scale, math.Abs(rps)+math.Abs(rws), true))
	}
	return dist, sw
}

// finalBound is how far β can rise before a project left unfunded at the
// end of the count becomes affordable.
func (e *mesEngine) finalBound(o *Outcome) float64 {
	dist := math.Inf(1)
	for p := range e.pr.Costs {
		if o.Projects[p].Selected || e.pr.Approvals[p] == 0 {
			continue
		}
		if _, d, ok := e.shareAffine(int32(p)); !ok {
			dist = math.Min(dist, d)
		} else {
			return 0 // affordable after all: too close to call in float
		}
	}
	return dist
}
