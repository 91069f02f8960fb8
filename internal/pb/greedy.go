package pb

import (
	"cmp"
	"slices"
)

// GreedyOptions chooses among the greedy rules cities run.
type GreedyOptions struct {
	ByScore   bool    // rank by total points instead of votes
	Threshold int64   // only projects with at least this many votes (or points) are eligible; 0 for none
	NoSkip    bool    // stop at the first project that does not fit instead of skipping it
	Tie       Tie     // order of projects with equal votes
	Values    []int64 // rank by these values (a file's PROJECTS votes or score column) instead of counting ballots
}

// Greedy funds projects in decreasing order of votes (or points) while
// the money lasts.
func Greedy(pr *Profile, opt GreedyOptions) *Outcome {
	values := pr.Approvals
	switch {
	case opt.Values != nil:
		values = opt.Values
	case opt.ByScore:
		values = pr.Scores
	}
	o := newOutcome(greedyName(opt), pr)
	left := pr.Budget
	stopped := false
	for rank, p := range rankBy(values, tieRanks(pr, opt.Tie.resolve(true))) {
		f := &o.Projects[p]
		f.Rank, f.MoneyLeft = rank+1, left
		switch {
		case stopped:
			f.Reason = Stopped
		case opt.Threshold > 0 && values[p] < opt.Threshold:
			f.Reason = BelowThreshold
		case pr.Costs[p] <= left:
			o.fund(pr, p, StageRule)
			left -= pr.Costs[p]
		case opt.NoSkip:
			f.Reason, stopped = DidNotFit, true
		default:
			f.Reason = DidNotFit
		}
	}
	return o
}

func greedyName(opt GreedyOptions) string {
	switch {
	case opt.NoSkip:
		return "greedy-no-skip"
	case opt.Threshold > 0:
		return "greedy-threshold"
	}
	return "greedy"
}

// rankBy orders projects by decreasing value, ties by the tie ranks.
func rankBy(values []int64, ties []int32) []int32 {
	order := make([]int32, len(values))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := cmp.Compare(values[b], values[a]); c != 0 {
			return c
		}
		return cmp.Compare(ties[a], ties[b])
	})
	return order
}
