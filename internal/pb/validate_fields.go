package pb

import "strings"

// The field names and kinds of values pabulib knows, in the order its
// checker (pabulib/checker, pabulib_helpers/fields.py) wants them: META
// keys in this order, and the columns of PROJECTS and VOTES. A name not
// listed is an unknown field.

// valueKind is what a field's text must be.
type valueKind uint8

const (
	textValue  valueKind = iota
	intValue             // a whole number: "3", not "3.0"
	moneyValue           // an amount: a non-negative decimal number with a point
	floatValue           // a decimal number, maybe negative
	listValue            // comma-separated, no spaces around the commas
	dateValue            // dd.mm.yyyy or yyyy
)

// fieldRule is one known field.
type fieldRule struct {
	name       string
	kind       valueKind
	obligatory bool
	nullable   bool                  // may be empty (or None)
	check      func(v string) string // "" when v is allowed, else what is wrong
}

// metaFields are the META keys in pabulib's order.
var metaFields = []fieldRule{
	{name: "description", obligatory: true},
	{name: "country", obligatory: true},
	{name: "unit", obligatory: true},
	{name: "district"},
	{name: "subunit"},
	{name: "instance", obligatory: true},
	{name: "num_projects", kind: intValue, obligatory: true},
	{name: "num_votes", kind: intValue, obligatory: true},
	{name: "budget", kind: moneyValue, obligatory: true},
	{name: "vote_type", obligatory: true, check: oneOf("approval", "ordinal", "cumulative", "scoring", "choose-1")},
	{name: "rule", obligatory: true, check: oneOf(metaRules...)},
	{name: "date_begin", kind: dateValue, obligatory: true},
	{name: "date_end", kind: dateValue, obligatory: true},
	{name: "min_length", kind: intValue},
	{name: "max_length", kind: intValue},
	{name: "min_sum_cost", kind: moneyValue},
	{name: "max_sum_cost", kind: moneyValue},
	{name: "min_points", kind: intValue},
	{name: "max_points", kind: intValue},
	{name: "min_sum_points", kind: intValue},
	{name: "max_sum_points", kind: intValue},
	{name: "default_score", kind: intValue},
	{name: "min_project_cost", kind: intValue},
	{name: "max_project_cost", kind: intValue},
	{name: "min_project_score_threshold", kind: intValue},
	{name: "neighborhoods", kind: listValue},
	{name: "subdistricts", kind: listValue},
	{name: "categories", kind: listValue},
	{name: "edition"},
	{name: "language", check: letters(2, 'a', 'z', "an ISO 639-1 code: two lower-case letters")},
	{name: "currency", check: letters(3, 'A', 'Z', "an ISO 4217 code: three capital letters")},
	{name: "fully_funded", kind: intValue, check: oneOf("1")},
	{name: "experimental", kind: intValue, check: oneOf("1")},
	{name: "comment", check: numberedComment},
	{name: "acknowledgments"},
	{name: "leftover_budget"},
	{name: "budget_per_category", kind: listValue},
	{name: "budget_per_neighborhood", kind: listValue},
	{name: "min_length_per_category", kind: intValue},
	{name: "max_length_per_category", kind: intValue},
	{name: "min_sum_cost_per_category", kind: listValue},
	{name: "max_sum_cost_per_category", kind: listValue},
}

// metaRules are the rule labels pabulib accepts.
var metaRules = []string{"greedy", "greedy-no-skip", "greedy-threshold", "greedy-exclusive", "greedy-custom",
	"equalshares", "equalshares-comparison", "equalshares/add1", "equalshares/add1-comparison", "unknown"}

// projectFields are the PROJECTS columns.
var projectFields = []fieldRule{
	{name: "project_id", obligatory: true},
	{name: "cost", kind: moneyValue, obligatory: true},
	{name: "votes", kind: intValue},
	{name: "score", kind: intValue},
	{name: "name"},
	{name: "category", kind: listValue, nullable: true},
	{name: "beneficiaries", kind: listValue, nullable: true},
	{name: "selected", kind: intValue, check: oneOf("0", "1", "2", "3")},
	{name: "neighborhood"},
	{name: "subunit"},
	{name: "district"},
	{name: "description"},
	{name: "proposer"},
	{name: "public_id"},
	{name: "latitude", kind: floatValue, nullable: true},
	{name: "longitude", kind: floatValue, nullable: true},
}

// voteFields are the VOTES columns.
var voteFields = []fieldRule{
	{name: "voter_id", obligatory: true},
	{name: "vote", kind: listValue, obligatory: true},
	{name: "points", kind: listValue},
	{name: "age", nullable: true, check: age},
	{name: "sex", nullable: true, check: oneOf("M", "F", "O")},
	{name: "voting_method", check: oneOf("internet", "paper")},
	{name: "district", nullable: true},
	{name: "neighborhood", nullable: true},
	{name: "education", nullable: true},
	{name: "topic_preference_transport", kind: intValue},
	{name: "topic_preference_culture", kind: intValue},
	{name: "topic_preference_nature", kind: intValue},
	{name: "district_preference"},
	{name: "time_taken_seconds", kind: intValue},
	{name: "format_easiness"},
	{name: "format_expressiveness"},
	{name: "format_rank"},
}

// fieldIndex finds a field's place in its table, -1 when unknown.
func fieldIndex(table []fieldRule, name string) int {
	for i, f := range table {
		if f.name == name {
			return i
		}
	}
	return -1
}

func oneOf(allowed ...string) func(string) string {
	return func(v string) string {
		for _, a := range allowed {
			if v == a {
				return ""
			}
		}
		return "expected one of " + strings.Join(allowed, ", ")
	}
}

// letters allows exactly n letters from lo to hi.
func letters(n int, lo, hi byte, want string) func(string) string {
	return func(v string) string {
		if len(v) != n {
			return "expected " + want
		}
		for i := 0; i < n; i++ {
			if v[i] < lo || v[i] > hi {
				return "expected " + want
			}
		}
		return ""
	}
}

// numberedComment: pabulib numbers comments "#1: ... #2: ...".
func numberedComment(v string) string {
	if len(v) < 4 || v[:4] != "#1: " {
		return `expected numbered comments starting "#1: "`
	}
	return ""
}

// age is a whole number or a bracket such as "40-59".
func age(v string) string {
	if _, ok := parseInt(v); ok {
		return ""
	}
	lo, hi, ok := strings.Cut(v, "-")
	if a, okA := parseUint(lo); ok && okA {
		if b, okB := parseUint(hi); okB && a <= b {
			return ""
		}
	}
	return `expected an age or a bracket such as "40-59"`
}

// parseUint reads digits only.
func parseUint(s string) (int64, bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, false
	}
	return parseInt(s)
}
