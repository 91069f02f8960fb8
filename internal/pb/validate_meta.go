package pb

import (
	"strings"
	"time"
)

// checkMeta checks META's keys, their order and their values.
func (v *validator) checkMeta() {
	last := -1 // the place in pabulib's order of the last known key
	for _, m := range v.in.Meta {
		line := v.lines.meta[m.Key]
		i := fieldIndex(metaFields, m.Key)
		switch {
		case i < 0:
			v.add(KindUnknown, line, "META", m.Key, "unknown key %s: pabulib does not define it", clip(m.Key))
			continue
		case i < last:
			v.add(KindOrder, line, "META", m.Key, "key %q must come before %q in pabulib's order", m.Key, metaFields[last].name)
		default:
			last = i
		}
		v.checkValue("META", m.Key, line, metaFields[i], m.Value)
	}
	for _, f := range metaFields {
		if _, ok := v.in.MetaValue(f.name); f.obligatory && !ok {
			v.add(KindMissing, v.metaLine(f.name), "META", f.name, "missing key %s: pabulib requires it", f.name)
		}
	}
	v.checkVoteTypeMeta()
	v.checkRuleMeta()
	v.checkDates()
}

// checkValue checks one value of a known field against its rule.
func (v *validator) checkValue(section, field string, line int, f fieldRule, s string) {
	if strings.TrimSpace(s) != s {
		v.add(KindSpace, line, section, field, "value %s has spaces around it", clip(s))
		s = strings.TrimSpace(s)
	}
	if s == "" || isNone(s) {
		if !f.nullable {
			v.add(KindEmpty, line, section, field, "empty value: pabulib wants one here")
		}
		return
	}
	if msg := kindProblem(f.kind, s); msg != "" {
		kind := KindValue
		if f.kind == listValue {
			kind = KindListSpace
			if section == "VOTES" {
				kind = KindVoteSpace
			}
		}
		v.add(kind, line, section, field, "%s, got %s", msg, clip(s))
		return
	}
	if f.check != nil {
		if msg := f.check(s); msg != "" {
			v.add(KindValue, line, section, field, "%s, got %s", msg, clip(s))
		}
	}
}

// kindProblem says what is wrong with s as a value of kind k, "" if nothing.
func kindProblem(k valueKind, s string) string {
	switch k {
	case intValue:
		if _, ok := parseInt(s); !ok || strings.TrimSpace(s) != s {
			return "expected a whole number"
		}
	case moneyValue:
		if _, msg := parseAmount(s, false); msg != "" {
			return msg
		}
	case floatValue:
		if !isDecimal(strings.TrimPrefix(s, "-")) {
			return "expected a decimal number"
		}
	case dateValue:
		if _, ok := parseDate(s); !ok {
			return "expected a date dd.mm.yyyy (or a year yyyy)"
		}
	case listValue:
		for item := range strings.SplitSeq(s, ",") {
			if strings.TrimSpace(item) != item {
				return "expected a comma-separated list without spaces around the commas"
			}
		}
	}
	return ""
}

// isDecimal reports whether s is digits with at most one decimal point
// among them.
func isDecimal(s string) bool {
	whole, frac, _ := strings.Cut(s, ".")
	digits := func(t string) bool {
		for i := 0; i < len(t); i++ {
			if t[i] < '0' || t[i] > '9' {
				return false
			}
		}
		return true
	}
	return whole+frac != "" && digits(whole) && digits(frac)
}

// parseDate reads a pabulib date: dd.mm.yyyy, a real day, or a year yyyy
// (then its first day).
func parseDate(s string) (time.Time, bool) {
	layout := "02.01.2006"
	if len(s) == 4 {
		layout = "2006"
	}
	if len(s) != len(layout) {
		return time.Time{}, false
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// checkVoteTypeMeta checks the META constraints that depend on the vote
// type.
func (v *validator) checkVoteTypeMeta() {
	vt := v.in.VoteType
	if _, ok := v.metaPresent("max_sum_points"); vt == Cumulative && !ok {
		v.add(KindMissing, v.metaLine("max_sum_points"), "META", "max_sum_points", "missing key max_sum_points: obligatory for cumulative ballots")
	}
	if vt == Approval || vt == Choose1 {
		for _, k := range []string{"min_points", "max_points", "min_sum_points", "max_sum_points", "default_score"} {
			if _, ok := v.metaPresent(k); ok {
				v.add(KindMetaConflict, v.metaLine(k), "META", k, "%s has no meaning for %s ballots", k, vt)
			}
		}
	}
	for _, k := range []string{"min_length", "max_length"} {
		s, ok := v.metaPresent(k)
		n, isInt := parseInt(s)
		if !ok || !isInt {
			continue
		}
		if vt == Choose1 && n != 1 {
			v.add(KindValue, v.metaLine(k), "META", k, "%s is %d; a choose-1 ballot lists exactly one project", k, n)
		}
		if k == "max_length" && n > int64(len(v.in.Projects)) {
			v.add(KindValue, v.metaLine(k), "META", k, "max_length %d is more than the %d projects", n, len(v.in.Projects))
		}
	}
}

// checkRuleMeta checks that the rule has what it needs.
func (v *validator) checkRuleMeta() {
	rule, _ := v.in.MetaValue("rule")
	_, threshold := v.in.MetaValue("min_project_score_threshold")
	switch {
	case rule == "greedy" && threshold:
		v.add(KindValue, v.metaLine("rule"), "META", "rule", "rule greedy with a min_project_score_threshold: the rule is greedy-threshold")
	case rule == "greedy-threshold" && !threshold:
		v.add(KindMissing, v.metaLine("min_project_score_threshold"), "META", "min_project_score_threshold",
			"missing key min_project_score_threshold: rule greedy-threshold needs it")
	}
}

// checkDates checks that voting does not end before it begins.
func (v *validator) checkDates() {
	b, okB := v.in.MetaValue("date_begin")
	e, okE := v.in.MetaValue("date_end")
	begin, okB2 := parseDate(b)
	end, okE2 := parseDate(e)
	if okB && okE && okB2 && okE2 && end.Before(begin) {
		v.add(KindValue, v.metaLine("date_end"), "META", "date_end", "date_end %s is before date_begin %s", e, b)
	}
}
