package pb

import (
	"slices"
	"strings"
)

// checkColumns checks a PROJECTS or VOTES header: every column known, in
// pabulib's order. It returns each column's rule, nil for unknown ones.
func (v *validator) checkColumns(section string, sec int, cols []string, table []fieldRule) []*fieldRule {
	line := v.lines.headers[sec]
	rules := make([]*fieldRule, len(cols))
	last := -1
	for k, c := range cols {
		i := fieldIndex(table, c)
		switch {
		case i < 0:
			v.add(KindUnknown, line, section, c, "unknown column %s: pabulib does not define it", clip(c))
			continue
		case i < last:
			v.add(KindColumnOrder, line, section, c, "column %q must come before %q", c, table[last].name)
		default:
			last = i
		}
		rules[k] = &table[i]
	}
	return rules
}

// checkCells checks a row's values against its columns' rules.
func (v *validator) checkCells(section string, line int, fields []string, rules []*fieldRule) {
	for k, f := range fields {
		if k < len(rules) && rules[k] != nil {
			v.checkValue(section, rules[k].name, line, *rules[k], f)
		}
	}
}

// checkProjects checks the PROJECTS rows: their values, costs against
// the budget, and the selected projects' total.
func (v *validator) checkProjects() {
	in := v.in
	rules := v.checkColumns("PROJECTS", 1, in.ProjectColumns, projectFields)
	unit := pow10(in.Scale)
	sel := in.ProjectColumn("selected")
	var total, selected int64
	for i, p := range in.Projects {
		line := v.lines.projects[i]
		v.checkCells("PROJECTS", line, p.Fields, rules)
		switch {
		case p.Cost < unit:
			v.add(KindProjectCost, line, "PROJECTS", "cost", "project %s costs %s: less than one unit of money", clip(p.ID), FormatMoney(p.Cost, in.Scale))
		case p.Cost == 999_999_999*unit:
			v.add(KindSentinel, line, "PROJECTS", "cost", "project %s has pabulib's cost 999999999 of a withdrawn project", clip(p.ID))
		case p.Cost > in.Budget:
			v.add(KindProjectCost, line, "PROJECTS", "cost", "project %s costs %s, more than the whole budget %s",
				clip(p.ID), FormatMoney(p.Cost, in.Scale), FormatMoney(in.Budget, in.Scale))
		}
		total = addSat(total, p.Cost)
		if sel >= 0 && strings.TrimSpace(p.Fields[sel]) == "1" {
			selected = addSat(selected, p.Cost)
		}
	}
	if selected > in.Budget {
		v.add(KindOverBudget, v.metaLine("budget"), "META", "budget", "the selected projects cost %s, more than the budget %s",
			FormatMoney(selected, in.Scale), FormatMoney(in.Budget, in.Scale))
	}
	v.checkFullyFunded(total)
}

// checkFullyFunded: a budget that funds every project must say so with
// fully_funded 1 (pabulib keeps such instances apart), and only then.
func (v *validator) checkFullyFunded(total int64) {
	in := v.in
	flag, _ := v.in.MetaValue("fully_funded")
	funded := strings.TrimSpace(flag) == "1"
	switch {
	case !funded && in.Budget >= total && len(in.Projects) > 0:
		v.add(KindFullyFunded, v.metaLine("budget"), "META", "budget",
			"the budget %s funds every project (%s in all): pabulib wants fully_funded 1 then", FormatMoney(in.Budget, in.Scale), FormatMoney(total, in.Scale))
	case funded && in.Budget < total:
		v.add(KindFullyFunded, v.metaLine("fully_funded"), "META", "fully_funded",
			"fully_funded is 1 but the projects cost %s, more than the budget %s", FormatMoney(total, in.Scale), FormatMoney(in.Budget, in.Scale))
	}
}

// checkVotes checks the VOTES rows as written (before Read dropped any
// repeated project): their values, repeated projects, points where they
// have no place or out of order; and counts the votes and points each
// project got, for the PROJECTS columns.
func (v *validator) checkVotes() {
	in := v.in
	rules := v.checkColumns("VOTES", 2, in.VoteColumns, voteFields)
	index := make(map[string]int, len(in.Projects))
	for i, p := range in.Projects {
		index[p.ID] = i
	}
	v.votes, v.score = make([]int64, len(in.Projects)), make([]int64, len(in.Projects))
	pc := slices.Index(in.VoteColumns, "points")
	// The voter (plus one) who last listed each project, and who was last
	// reported listing it twice.
	seen, twice := make([]int, len(in.Projects)), make([]int, len(in.Projects))
	var rr recordReader
	for i := range in.Voters.Len() {
		line := v.lines.voters[i]
		fields := in.Voters.fieldsBy(i, &rr)
		v.checkCells("VOTES", line, fields, rules)
		ids := splitList(fields[1])
		for _, id := range ids {
			p, ok := index[id]
			if !ok {
				continue
			}
			if seen[p] == i+1 && twice[p] != i+1 {
				twice[p] = i + 1
				v.add(KindDuplicateVote, line, "VOTES", "vote", "voter %s lists project %s more than once", clip(in.Voters.ID(i)), clip(id))
			}
			seen[p] = i + 1
			v.votes[p]++
		}
		var points []string
		if pc >= 0 {
			points = splitList(fields[pc])
		}
		v.checkPoints(i, line, len(ids), points)
		v.countScore(index, ids, points, pc >= 0)
	}
	v.checkCounts()
}

// checkPoints checks a ballot's points list against its vote type.
func (v *validator) checkPoints(i, line, n int, points []string) {
	vt := v.in.VoteType
	if len(points) == 0 {
		return
	}
	if vt == Approval || vt == Choose1 {
		v.add(KindPointsUnused, line, "VOTES", "points", "voter %s gives points on a %s ballot", clip(v.in.Voters.ID(i)), vt)
		return
	}
	if !vt.HasPoints() || len(points) != n {
		return
	}
	prev := int64(0)
	for k, s := range points {
		x, _ := parseInt(s)
		if k > 0 && x > prev {
			v.add(KindPointsOrder, line, "VOTES", "vote", "voter %s lists projects in an order that is not by decreasing points", clip(v.in.Voters.ID(i)))
			return
		}
		prev = x
	}
}

// countScore adds a ballot's points to the projects' scores as pabulib's
// checker does: its points when the file has a points column, else n for
// the first of n projects, n-1 for the next, and so on.
func (v *validator) countScore(index map[string]int, ids, points []string, hasPoints bool) {
	for k, id := range ids {
		p, ok := index[id]
		if !ok {
			continue
		}
		switch {
		case !hasPoints:
			v.score[p] += int64(len(ids) - k)
		case k < len(points):
			x, _ := parseInt(points[k])
			v.score[p] = addSat(v.score[p], x)
		}
	}
}

// checkCounts compares the PROJECTS votes and score columns with what the
// ballots give.
func (v *validator) checkCounts() {
	for _, c := range []struct {
		column, kind string
		counted      []int64
	}{{"votes", KindVotesColumn, v.votes}, {"score", KindScoreColumn, v.score}} {
		col := v.in.ProjectColumn(c.column)
		if col < 0 {
			continue
		}
		for i, p := range v.in.Projects {
			s := strings.TrimSpace(p.Fields[col])
			n, ok := int64(0), true
			if s != "" {
				n, ok = parseInt(s)
			}
			if ok && n != c.counted[i] {
				v.add(c.kind, v.lines.projects[i], "PROJECTS", c.column, "project %s has %s %s in PROJECTS; the ballots give %d",
					clip(p.ID), c.column, clip(p.Fields[col]), c.counted[i])
			}
		}
	}
}

// splitList splits a comma list, dropping empty items, as pabulib's tools do.
func splitList(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// constraintKinds maps CheckConstraints' constraints to finding kinds.
var constraintKinds = map[string]string{
	"min_length": KindLength, "max_length": KindLength, "choose-1": KindLength,
	"min_sum_cost": KindCost, "max_sum_cost": KindCost,
	"min_points": KindPoints, "max_points": KindPoints,
	"min_sum_points": KindPointsSum, "max_sum_points": KindPointsSum,
}

// checkConstraints reports the ballots that break the META limits of
// their vote type (CheckConstraints). A META value that is not a number
// is reported by checkMeta already, and so is a missing max_sum_points.
func (v *validator) checkConstraints() {
	list, _ := v.in.CheckConstraintsLimit(-1)
	for _, c := range list {
		if c.Index < 0 {
			continue
		}
		v.add(constraintKinds[c.Constraint], v.lines.voters[c.Index], "VOTES", "vote", "voter %s breaks %s: %s",
			clip(c.Voter), c.Constraint, c.Msg)
	}
}

// checkSelected compares the selected column with what the META rule
// selects, counted as pabulib's checker counts it.
func (v *validator) checkSelected() {
	in := v.in
	official, ok := Official(in)
	if !ok {
		v.add(KindNoSelected, v.lines.headers[1], "PROJECTS", "selected", "no selected column: the outcome cannot be checked against the rule")
		return
	}
	spec, err := SpecFromMeta(in)
	if err != nil {
		return // an unknown rule or a missing threshold: checkMeta reported it
	}
	if in.Rule() == "unknown" {
		v.add(KindRuleUnverified, v.metaLine("rule"), "META", "rule", "the rule is unknown: the selected column cannot be checked")
		return
	}
	spec.FromColumns = true
	r, err := Run(in, spec)
	if err != nil {
		v.add(KindRuleUnverified, v.metaLine("rule"), "META", "rule", "the rule cannot be recomputed: %v", err)
		return
	}
	kind := KindSelected
	if spec.Note != "" { // greedy-custom, greedy-exclusive: a city's own rule, counted as greedy
		kind = KindRuleUnverified
	}
	want := make(map[string]bool, len(official))
	for _, id := range official {
		want[id] = true
	}
	got := map[string]bool{}
	for _, id := range r.Outcome.SelectedIDs(r.Profile) {
		got[id] = true
	}
	for i, p := range in.Projects {
		if got[p.ID] != want[p.ID] {
			v.add(kind, v.lines.projects[i], "PROJECTS", "selected", "project %s is %s, but rule %s %s it",
				clip(p.ID), selectedWord(want[p.ID]), in.Rule(), selectsWord(got[p.ID]))
		}
	}
}

func selectedWord(b bool) string {
	if b {
		return "selected"
	}
	return "not selected"
}

func selectsWord(b bool) string {
	if b {
		return "selects"
	}
	return "does not select"
}
