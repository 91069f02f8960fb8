package pb

import (
	"fmt"
	"math/big"
)

// Completion is what Equal Shares does about the money it leaves unspent.
type Completion int

const (
	NoCompletion Completion = iota
	// Add1 raises every voter's budget one currency unit at a time and
	// keeps the last outcome that stays within the real budget.
	Add1
	// Add1U is Add1, then greedy by votes on the money still left.
	Add1U
)

// ParseCompletion reads a completion's name.
func ParseCompletion(s string) (Completion, error) {
	switch s {
	case "", "none":
		return NoCompletion, nil
	case "add1":
		return Add1, nil
	case "add1u":
		return Add1U, nil
	}
	return 0, fmt.Errorf("pb: unknown completion %q (want none, add1 or add1u)", s)
}

// MESOptions configures the Method of Equal Shares.
type MESOptions struct {
	Utility    Utility
	Completion Completion
	// IntegralStart starts Add1 from the per-voter budget rounded down to a
	// whole currency unit (the equalshares.net way) instead of the exact
	// budget divided by the number of voters (pabutools' way).
	IntegralStart bool
	// Exhaustive also stops Add1 as soon as the outcome leaves no money
	// for any further project.
	Exhaustive bool
	// Comparison takes greedy by votes instead when more voters strictly
	// prefer its outcome (counting, for each voter, the funded projects
	// they voted for).
	Comparison bool
	Tie        Tie
	// Unit is one currency unit in money units (10^Scale); Add1 steps by it.
	Unit int64
}

// Name describes the options as a rule label.
func (opt MESOptions) Name() string {
	name := "mes"
	switch opt.Completion {
	case Add1:
		name += "/add1"
	case Add1U:
		name += "/add1u"
	}
	if opt.Comparison {
		name += "-comparison"
	}
	return name
}

// MES runs the Method of Equal Shares. With PointsUtility the profile
// must carry points (NewProfile(in, true)).
func MES(pr *Profile, opt MESOptions) *Outcome {
	if opt.Unit <= 0 {
		opt.Unit = 1
	}
	e := newMESEngine(pr, opt.Utility, opt.Tie)
	perVoter := new(big.Rat).SetFrac64(pr.Budget, max(pr.Voters, 1))
	var o *Outcome
	if opt.Completion == NoCompletion {
		o = newOutcome(opt.Name(), pr)
		e.explain = true
		e.run(perVoter, o)
		o.PerVoterBudget, o.Runs = perVoter, 1
	} else {
		kept, runs := add1(e, opt, perVoter)
		// Run the kept budget again, recording what explanations need.
		o = newOutcome(opt.Name(), pr)
		e.explain = true
		e.run(kept, o)
		o.PerVoterBudget, o.Runs = kept, runs
	}
	e.recordLeftovers(o)
	if opt.Completion == Add1U {
		fillGreedy(pr, o, e.ties)
	}
	if opt.Comparison {
		o = compareWithGreedy(pr, o, opt)
	}
	return o
}

// add1 is the Add1 completion: Equal Shares with the per-voter budget
// raised one unit at a time. It returns the last per-voter budget whose
// outcome stays within the budget, and the steps counted.
func add1(e *mesEngine, opt MESOptions, exact *big.Rat) (*big.Rat, int) {
	pr := e.pr
	b := new(big.Rat).Set(exact)
	if opt.IntegralStart {
		units := new(big.Int).Quo(exact.Num(), new(big.Int).Mul(exact.Denom(), big.NewInt(opt.Unit)))
		b.SetInt(units.Mul(units, big.NewInt(opt.Unit)))
	}
	supported, supportedCost := 0, int64(0)
	for p, a := range pr.Approvals {
		if a > 0 {
			supported, supportedCost = supported+1, supportedCost+pr.Costs[p]
		}
	}
	if supportedCost <= pr.Budget {
		// Add1 would step until every supported project is funded, which
		// can take as many steps as the projects cost units. Fund them all
		// at once, in the order Equal Shares buys them when every voter
		// alone could pay for everything.
		b.SetInt64(max(supportedCost, 1))
		return b, 1
	}
	// After a run the scan proves how many of the next steps give its
	// outcome too (certify.go), checking a stretch of steps at a time,
	// and jumps over them; the stretch doubles while whole stretches hold.
	// Where a check stops short, the next step is run. Where the outcome
	// changes at almost every step, checks prove nothing and cost about
	// what a run does, so after each check that proves nothing the scan
	// waits longer (up to 16 runs) before checking again. The steps count
	// every step, made or jumped, as a unit-by-unit scan would.
	//
	// Every run is counted into the same outcome's memory (reset), and
	// the last per-voter budget within the budget is kept in its own.
	var kept *big.Rat
	var runs int
	o := newOutcome(opt.Name(), pr)
	unit := new(big.Rat).SetInt64(opt.Unit)
	stretch, wait, backoff := int64(1), 0, 1
	for steps := int64(0); ; {
		o.reset(pr)
		e.run(b, o)
		if o.TotalCost > pr.Budget {
			if kept != nil {
				runs = int(steps + 1) // the steps include this last one
			}
			break // overspends: the previous outcome stands
		}
		if kept == nil {
			kept = new(big.Rat)
		}
		kept.Set(b)
		steps++
		runs = int(steps)
		// The supported projects cost more than the budget, so a high
		// enough per-voter budget funds them all and overspends: the loop
		// ends, after at most their total cost in steps.
		if opt.Exhaustive && o.exhaustive(pr) {
			break
		}
		var jumped int64
		if wait > 0 {
			wait--
		} else if jumped, stretch = e.extend(b, opt.Unit, stretch); jumped == 0 {
			wait, backoff = backoff, min(backoff*2, 16)
		} else {
			backoff = 1
		}
		steps += jumped
		runs = int(steps)
		kept.Set(b)
		b.Add(b, unit)
	}
	return kept, runs // kept is nil when even the first run overspent (possible only with an integral start above B/n)
}

// extend proves how many steps past b the outcome of the run just made at
// b holds, a stretch at a time, and moves b to the last step proved. It
// returns the steps proved and the stretch to start from next time.
func (e *mesEngine) extend(b *big.Rat, unit, stretch int64) (int64, int64) {
	// The summaries of the runs alternate between two buffers of the
	// engine, kept for the next call.
	info, spare := e.lastRunInfo(e.infos[0]), e.infos[1]
	var total int64
	for {
		proved, top := e.provedSteps(info, stepRange{from: e.from.Set(b), unit: unit}, stretch, spare)
		total += proved
		b.Add(b, e.from.SetInt64(proved*unit))
		if proved < stretch {
			e.infos = [2]runInfo{info, top}
			return total, max(proved, 1)
		}
		info, spare, stretch = top, info, min(stretch*2, 1<<40)
	}
}

// fillGreedy funds, with the money the outcome leaves, further projects
// in decreasing order of votes, skipping those that do not fit.
func fillGreedy(pr *Profile, o *Outcome, ties []int32) {
	left := pr.Budget - o.TotalCost
	for rank, p := range rankBy(pr.Approvals, ties) {
		f := &o.Projects[p]
		if f.Selected || pr.Approvals[p] == 0 {
			continue
		}
		f.Rank, f.MoneyLeft = rank+1, left
		if pr.Costs[p] <= left {
			o.fund(pr, p, StageCompletion)
			left -= pr.Costs[p]
		}
	}
}

// compareWithGreedy returns the greedy-by-votes outcome instead of the
// Equal Shares one when more voters strictly prefer it.
func compareWithGreedy(pr *Profile, mes *Outcome, opt MESOptions) *Outcome {
	g := Greedy(pr, GreedyOptions{Tie: opt.Tie})
	var preferMES, preferGreedy int64
	for grp := range pr.Weight {
		var sm, sg int
		for _, p := range pr.Ballot(int32(grp)) {
			if mes.isSelected(p) {
				sm++
			}
			if g.isSelected(p) {
				sg++
			}
		}
		switch {
		case sm > sg:
			preferMES += pr.Weight[grp]
		case sg > sm:
			preferGreedy += pr.Weight[grp]
		}
	}
	out := mes
	if preferGreedy > preferMES {
		out = g
		out.SwitchedToGreedy = true
	}
	out.Rule = mes.Rule
	out.PreferMES, out.PreferGreedy = preferMES, preferGreedy
	return out
}
