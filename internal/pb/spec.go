package pb

import (
	"fmt"
	"strings"
)

// Spec names a rule and its options, as `shahr tally` flags or a file's
// META rule describe it.
type Spec struct {
	Rule       string // greedy, greedy-threshold, greedy-no-skip, mes, phragmen, utilitarian
	ByScore    bool   // greedy: rank by points instead of votes
	Threshold  int64  // greedy-threshold: the least votes (or points) to be eligible
	Utility    Utility
	Completion Completion
	// IntegralStart, Exhaustive and Comparison: see MESOptions.
	IntegralStart, Exhaustive, Comparison bool
	Tie                                   Tie
	// FromColumns ranks greedy rules by the file's PROJECTS votes (or
	// score) column, as the pabulib checker verifies cities' results,
	// instead of counting the ballots.
	FromColumns bool
	Note        string // what was assumed, for people to read
}

// Rules lists the rule names a Spec accepts.
var Rules = []string{"greedy", "greedy-threshold", "greedy-no-skip", "mes", "phragmen", "utilitarian"}

// SpecFromMeta reads the rule a file's META names: the rule the city ran.
// Rules pabulib labels but cannot describe exactly (greedy-custom,
// greedy-exclusive) and unknown are counted as greedy, with a note.
// Greedy ranks by points when the file has a PROJECTS score column or its
// ballots carry points, as the pabulib checker does.
func SpecFromMeta(in *Instance) (Spec, error) {
	s := Spec{ByScore: in.VoteType.HasPoints() || in.ProjectColumn("score") >= 0}
	rule := in.Rule()
	base, comparison := strings.CutSuffix(rule, "-comparison")
	s.Comparison = comparison
	switch base {
	case "greedy", "greedy-no-skip":
		s.Rule = base
	case "greedy-threshold":
		s.Rule = base
		t, ok := in.MetaInt("min_project_score_threshold")
		if !ok {
			return s, fmt.Errorf("pb: rule greedy-threshold needs META min_project_score_threshold")
		}
		s.Threshold = t
	case "equalshares":
		s.Rule = "mes"
	case "equalshares/add1":
		// pabulib's definition: whole currency units from floor(B/n),
		// stopping only when the next budget overspends.
		s.Rule, s.Completion, s.IntegralStart = "mes", Add1, true
	case "unknown", "":
		s.Rule, s.Note = "greedy", "the file names no rule; counted as greedy"
	case "greedy-custom", "greedy-exclusive":
		s.Rule, s.Note = "greedy", fmt.Sprintf("the file's rule %q is city-specific; counted as plain greedy", rule)
	default:
		return s, fmt.Errorf("pb: unknown rule %q in META", rule)
	}
	if comparison && s.Rule != "mes" {
		return s, fmt.Errorf("pb: rule %q: only Equal Shares has a comparison step", rule)
	}
	return s, nil
}

// ReferenceKeys are the rule keys of pabulib/expected.json, the outcomes
// the reference library pabutools computed (its EXPECTED.md says what
// each means): each with the Spec that computes the same, ties broken by
// project id as pabutools does.
var ReferenceKeys = map[string]Spec{
	"greedy_cost":             {Rule: "greedy", Tie: TieID},
	"greedy_score":            {Rule: "greedy", ByScore: true, Tie: TieID},
	"mes_cost":                {Rule: "mes", Tie: TieID},
	"mes_cost_add1":           {Rule: "mes", Completion: Add1, Exhaustive: true, Tie: TieID},
	"mes_cost_add1u":          {Rule: "mes", Completion: Add1U, Exhaustive: true, Tie: TieID},
	"mes_cost_add1_int":       {Rule: "mes", Completion: Add1, IntegralStart: true, Exhaustive: true, Tie: TieID},
	"mes_cost_add1u_int":      {Rule: "mes", Completion: Add1U, IntegralStart: true, Exhaustive: true, Tie: TieID},
	"mes_cost_add1_int_noexh": {Rule: "mes", Completion: Add1, IntegralStart: true, Tie: TieID},
	"seq_phragmen":            {Rule: "phragmen", Tie: TieID},
}

// Result is a rule's outcome with the profile it was computed on.
type Result struct {
	Profile *Profile
	Outcome *Outcome
}

// Run computes the rule a Spec names on an instance.
func Run(in *Instance, s Spec) (Result, error) {
	points := (s.Rule == "mes" && s.Utility == PointsUtility) || (strings.HasPrefix(s.Rule, "greedy") && s.ByScore)
	pr := NewProfile(in, points)
	var o *Outcome
	switch s.Rule {
	case "greedy", "greedy-threshold", "greedy-no-skip":
		opt := GreedyOptions{ByScore: s.ByScore, Threshold: s.Threshold, NoSkip: s.Rule == "greedy-no-skip", Tie: s.Tie}
		if s.FromColumns {
			opt.Values = columnValues(in, s.ByScore)
		}
		o = Greedy(pr, opt)
	case "mes":
		o = MES(pr, MESOptions{Utility: s.Utility, Completion: s.Completion, IntegralStart: s.IntegralStart,
			Exhaustive: s.Exhaustive, Comparison: s.Comparison, Tie: s.Tie, Unit: pow10(in.Scale)})
	case "phragmen":
		o = Phragmen(pr, s.Tie)
	case "utilitarian":
		var err error
		if o, err = Utilitarian(pr, s.Tie); err != nil {
			return Result{}, err
		}
	default:
		return Result{}, fmt.Errorf("pb: unknown rule %q (want one of %s)", s.Rule, strings.Join(Rules, ", "))
	}
	return Result{Profile: pr, Outcome: o}, nil
}

// columnValues reads the PROJECTS score (or votes) column; nil when the
// file has neither, and then the ballots are counted.
func columnValues(in *Instance, byScore bool) []int64 {
	col := in.ProjectColumn("votes")
	if byScore && in.ProjectColumn("score") >= 0 {
		col = in.ProjectColumn("score")
	}
	if col < 0 {
		return nil
	}
	values := make([]int64, len(in.Projects))
	for i, p := range in.Projects {
		var v int64
		if _, err := fmt.Sscan(p.Fields[col], &v); err != nil {
			return nil
		}
		values[i] = v
	}
	return values
}

// Official returns the projects a file marks as selected (its PROJECTS
// selected column equal to 1), and whether it has that column.
func Official(in *Instance) ([]string, bool) {
	col := in.ProjectColumn("selected")
	if col < 0 {
		return nil, false
	}
	var ids []string
	for _, p := range in.Projects {
		if strings.TrimSpace(p.Fields[col]) == "1" {
			ids = append(ids, p.ID)
		}
	}
	return ids, true
}
