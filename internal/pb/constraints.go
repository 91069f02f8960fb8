package pb

import (
	"fmt"
	"math"
	"strings"
)

// Violation is a ballot that breaks a ballot constraint of META, or a
// problem with such a constraint itself.
type Violation struct {
	// Voter is the ballot's voter id; "" when the problem is META itself
	// (an obligatory constraint missing, or a value that is not a number).
	Voter string
	// Index is the ballot's position in Instance.Voters, -1 for a META
	// problem. (An Instance does not keep file lines; the ballot is on line
	// Index+1 of the VOTES rows when the file has no multi-line fields.)
	Index int
	// Constraint is the META key concerned: min_length, max_length,
	// min_sum_cost, max_sum_cost, min_points, max_points, min_sum_points,
	// max_sum_points, or "choose-1" for a choose-1 ballot that does not list
	// exactly one project.
	Constraint string
	// Msg says what the ballot holds and what the constraint allows.
	Msg string
}

func (v Violation) String() string {
	if v.Index < 0 {
		return fmt.Sprintf("META %s: %s", v.Constraint, v.Msg)
	}
	return fmt.Sprintf("voter %q (#%d) breaks %s: %s", v.Voter, v.Index, v.Constraint, v.Msg)
}

// MaxViolations is how many violations CheckConstraints lists.
const MaxViolations = 1000

// CheckConstraints lists the ballots that break the META ballot
// constraints of the instance's vote type: at most MaxViolations of them,
// in ballot order after any META problem; CheckConstraintsLimit also
// counts them all. A ballot breaking several constraints appears once per
// constraint. The data is only reported, never changed.
func (in *Instance) CheckConstraints() []Violation {
	vs, _ := in.CheckConstraintsLimit(MaxViolations)
	return vs
}

// CheckConstraintsLimit is CheckConstraints listing at most limit
// violations (all of them when limit < 0); counts has the number of
// violations per Constraint, all of them counted.
//
// The constraints, with their defaults when META does not give them
// (lengths count the distinct projects a ballot lists):
//   - approval: min_length [1], max_length [number of projects],
//     min_sum_cost [0], max_sum_cost [none], compared exactly in money
//     units (a limit with more decimals than the instance's Scale is
//     rounded in the ballot's favour);
//   - choose-1: exactly one project ("choose-1"; min_length and max_length
//     are not checked separately), min_sum_cost, max_sum_cost;
//   - ordinal: min_length [1], max_length [number of projects];
//   - cumulative: min_length [1], max_length [number of projects],
//     min_points [0] and max_points [max_sum_points] for every listed
//     project, min_sum_points [0], and max_sum_points, which is obligatory:
//     its absence is reported once, with Voter "" and Index -1;
//   - scoring: min_length [1], max_length [number of projects], min_points
//     and max_points [none] for every listed project.
//
// META values that are empty or None count as absent; a value that is not
// a number is reported once (Voter "", Index -1) and that constraint is
// skipped. Integer limits may be written "3" or "3.0". Other META keys
// (per-category limits, say) are not checked.
func (in *Instance) CheckConstraintsLimit(limit int) (list []Violation, counts map[string]int) {
	counts = make(map[string]int)
	add := func(v Violation) {
		counts[v.Constraint]++
		if limit < 0 || len(list) < limit {
			list = append(list, v)
		}
	}
	metaProblem := func(key, format string, args ...any) {
		add(Violation{Index: -1, Constraint: key, Msg: fmt.Sprintf(format, args...)})
	}
	// intLimit reads an integer constraint.
	intLimit := func(key string, def int64, hasDef bool) (int64, bool) {
		s, ok := in.MetaValue(key)
		if !ok || trimSpace(s) == "" || isNone(trimSpace(s)) {
			return def, hasDef
		}
		n, ok := parseIntLoose(s)
		if !ok {
			metaProblem(key, "expected an integer, got %s; not checked", clip(s))
			return def, hasDef
		}
		return n, true
	}
	// moneyLimit reads a cost constraint in money units; ceil rounds a
	// minimum up, a maximum is rounded down.
	moneyLimit := func(key string, ceil bool) (int64, bool) {
		s, ok := in.MetaValue(key)
		if !ok || trimSpace(s) == "" || isNone(trimSpace(s)) {
			return 0, false
		}
		a, msg := parseAmount(s, false)
		if msg != "" {
			metaProblem(key, "%s; not checked", msg)
			return 0, false
		}
		return a.unitsRounded(in.Scale, ceil), true
	}

	vt := in.VoteType
	if vt == "" {
		vt = Approval
	}
	nProj := int64(len(in.Projects))
	minLen, hasMinLen := intLimit("min_length", 1, true)
	maxLen, hasMaxLen := intLimit("max_length", nProj, true)
	var (
		minCost, maxCost       int64
		hasMinCost, hasMaxCost bool
		minPts, maxPts         int64
		hasMinPts, hasMaxPts   bool
		minSum, maxSum         int64
		hasMinSum, hasMaxSum   bool
	)
	switch vt {
	case Approval, Choose1:
		minCost, hasMinCost = moneyLimit("min_sum_cost", true)
		maxCost, hasMaxCost = moneyLimit("max_sum_cost", false)
	case Cumulative:
		minSum, hasMinSum = intLimit("min_sum_points", 0, true)
		maxSum, hasMaxSum = intLimit("max_sum_points", 0, false)
		if s, _ := in.MetaValue("max_sum_points"); trimSpace(s) == "" || isNone(trimSpace(s)) {
			metaProblem("max_sum_points", "missing: obligatory for cumulative ballots; sums of points not bounded")
		}
		minPts, hasMinPts = intLimit("min_points", 0, true)
		maxPts, hasMaxPts = intLimit("max_points", maxSum, hasMaxSum)
	case Scoring:
		minPts, hasMinPts = intLimit("min_points", 0, false)
		maxPts, hasMaxPts = intLimit("max_points", 0, false)
	}

	for i := range in.Voters.Len() {
		vote, points := in.Voters.Vote(i), in.Voters.Points(i)
		bad := func(key, format string, args ...any) {
			add(Violation{Voter: in.Voters.ID(i), Index: i, Constraint: key, Msg: fmt.Sprintf(format, args...)})
		}
		n := int64(len(vote))
		if vt == Choose1 {
			if n != 1 {
				bad("choose-1", "lists %d projects; a choose-1 ballot lists exactly one", n)
			}
		} else {
			if hasMinLen && n < minLen {
				bad("min_length", "lists %d projects; min_length is %d", n, minLen)
			}
			if hasMaxLen && n > maxLen {
				bad("max_length", "lists %d projects; max_length is %d", n, maxLen)
			}
		}
		if hasMinCost || hasMaxCost {
			var sum int64
			for _, p := range vote {
				if p >= 0 && int(p) < len(in.Projects) {
					sum = addSat(sum, in.Projects[p].Cost)
				}
			}
			if hasMinCost && sum < minCost {
				bad("min_sum_cost", "costs %s in total; min_sum_cost is %s",
					FormatMoney(sum, in.Scale), FormatMoney(minCost, in.Scale))
			}
			if hasMaxCost && sum > maxCost {
				bad("max_sum_cost", "costs %s in total; max_sum_cost is %s",
					FormatMoney(sum, in.Scale), FormatMoney(maxCost, in.Scale))
			}
		}
		if hasMinPts || hasMaxPts || hasMinSum || hasMaxSum {
			var sum int64
			lo, hi := -1, -1 // first entries below min_points, above max_points
			nLo, nHi := 0, 0
			for k, x := range points {
				sum = addSat(sum, x)
				if hasMinPts && x < minPts {
					if lo < 0 {
						lo = k
					}
					nLo++
				}
				if hasMaxPts && x > maxPts {
					if hi < 0 {
						hi = k
					}
					nHi++
				}
			}
			if lo >= 0 {
				bad("min_points", "gives %d points to project %s (%d entries below); min_points is %d",
					points[lo], in.projectName(vote, lo), nLo, minPts)
			}
			if hi >= 0 {
				bad("max_points", "gives %d points to project %s (%d entries above); max_points is %d",
					points[hi], in.projectName(vote, hi), nHi, maxPts)
			}
			if hasMinSum && sum < minSum {
				bad("min_sum_points", "gives %d points in total; min_sum_points is %d", sum, minSum)
			}
			if hasMaxSum && sum > maxSum {
				bad("max_sum_points", "gives %d points in total; max_sum_points is %d", sum, maxSum)
			}
		}
	}
	return list, counts
}

// projectName quotes the id of the k-th project of a ballot.
func (in *Instance) projectName(vote []int32, k int) string {
	if k < len(vote) && vote[k] >= 0 && int(vote[k]) < len(in.Projects) {
		return clip(in.Projects[vote[k]].ID)
	}
	return "?"
}

// addSat adds, saturating at the int64 limits.
func addSat(a, b int64) int64 {
	s := a + b
	switch {
	case a > 0 && b > 0 && s < 0:
		return math.MaxInt64
	case a < 0 && b < 0 && s >= 0:
		return math.MinInt64
	}
	return s
}

// parseIntLoose reads an integer written "3", "-3" or "3.0".
func parseIntLoose(s string) (int64, bool) {
	t := trimSpace(s)
	if i := strings.IndexByte(t, '.'); i >= 0 {
		if strings.Trim(t[i+1:], "0") != "" {
			return 0, false
		}
		t = t[:i]
	}
	return parseInt(t)
}
