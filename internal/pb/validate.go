package pb

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Validate checks a .pb file against pabulib's published format rules
// (shared/pabulib/FORMAT.md, the format page of pabulib.org and the
// rules of pabulib's checker) and reports what breaks them, each finding
// with the line of the file it concerns:
//
//   - the file must read (Read's errors: sections, headers, quoting,
//     numbers, ids, ballots naming unknown projects);
//   - META: the obligatory keys (description, country, unit, instance,
//     num_projects, num_votes, budget, vote_type, rule, date_begin,
//     date_end) present and non-empty, every key known and in pabulib's
//     order, values of their type (dates dd.mm.yyyy or yyyy, the rule a
//     pabulib label, ...), num_projects and num_votes equal to the rows,
//     the constraints of the vote type (max_sum_points for cumulative,
//     lengths of 1 for choose-1, max_length at most num_projects);
//   - PROJECTS and VOTES: known columns, values of their type, no empty
//     value where pabulib wants one, no space around a value, costs above
//     zero and within the budget, the votes and score columns equal to
//     what the ballots give, the selected projects within the budget and,
//     where fully_funded is not set, a budget that does not fund them all;
//   - ballots: no project listed twice, lengths, costs and points within
//     the META limits (CheckConstraints), no points on approval ballots;
//   - the selected column equal to what the META rule selects, counted
//     as pabulib's checker counts it (greedy rules by the votes or score
//     column, file order between equals).
//
// Findings are errors (the file is not valid pabulib) or warnings (it is,
// but something deserves a look: blank lines, a byte order mark, spaces
// after the commas of a category list, no selected column, a rule that
// cannot be verified, points not in decreasing order, a column out of
// pabulib's order). ValidateOptions.Allow turns kinds of errors that are
// a file's known quirks into warnings. Validate returns an error only
// when r does; it never panics.
func Validate(r io.Reader, opt ValidateOptions) (*Report, error) {
	text, err := readAll(r)
	if err != nil {
		return nil, err
	}
	v := newValidator(opt)
	if strings.HasPrefix(text, "\uFEFF") {
		v.add(KindBOM, 1, "", "", "the file starts with a UTF-8 byte order mark, which pabulib's checker reads as part of the title META")
		text = text[len("\uFEFF"):]
	}
	in, err := Read(strings.NewReader(text))
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			return nil, err
		}
		kind := KindParse
		if pe.Section == "META" && (pe.Field == "num_projects" || pe.Field == "num_votes") {
			kind = KindCount
		}
		v.add(kind, pe.Line, pe.Section, pe.Field, "%s", pe.Msg)
		return v.done(), nil
	}
	v.in, v.lines = in, mapLines(text)
	for _, line := range v.lines.blank {
		v.add(KindBlankLine, line, "", "", "blank line: pabulib's checker removes it and warns")
	}
	v.checkMeta()
	v.checkProjects()
	v.checkVotes()
	v.checkConstraints()
	v.checkSelected()
	return v.done(), nil
}

// ValidateOptions tune Validate.
type ValidateOptions struct {
	// Allow lists kinds of findings (Kind* constants) that are a file's
	// known quirks: they are reported as warnings instead of errors.
	Allow []string
	// PerKind is how many findings of one kind are listed (every one is
	// counted); 0 means DefaultPerKind.
	PerKind int
}

// DefaultPerKind is how many findings of a kind a Report lists by default.
const DefaultPerKind = 20

// Severity says whether a finding makes a file invalid.
type Severity uint8

const (
	SevError   Severity = iota // the file is not valid pabulib
	SevWarning                 // valid, but worth a look
)

func (s Severity) String() string {
	if s == SevWarning {
		return "warning"
	}
	return "error"
}

// The kinds of findings.
const (
	KindParse          = "parse"             // Read rejects the file
	KindCount          = "count"             // num_projects or num_votes differs from the rows
	KindMissing        = "missing-key"       // an obligatory META key is absent
	KindOrder          = "key-order"         // a META key before one it must follow
	KindColumnOrder    = "column-order"      // a PROJECTS or VOTES column out of pabulib's order (warning)
	KindUnknown        = "unknown-field"     // a META key or column pabulib does not know
	KindValue          = "bad-value"         // a value not of its field's type or domain
	KindEmpty          = "empty-value"       // an empty (or None) value where pabulib wants one
	KindSpace          = "cell-space"        // spaces around a value
	KindListSpace      = "list-space"        // spaces around the commas of a category or META list (warning)
	KindVoteSpace      = "vote-space"        // spaces around the commas of a vote or points list
	KindBlankLine      = "blank-line"        // (warning)
	KindBOM            = "byte-order-mark"   // (warning)
	KindDuplicateVote  = "duplicate-vote"    // a ballot lists a project twice
	KindLength         = "ballot-length"     // min_length, max_length, choose-1
	KindCost           = "ballot-cost"       // min_sum_cost, max_sum_cost
	KindPoints         = "points"            // min_points, max_points
	KindPointsSum      = "points-sum"        // min_sum_points, max_sum_points
	KindPointsOrder    = "points-order"      // points not in decreasing order (warning)
	KindPointsUnused   = "unexpected-points" // points on an approval or choose-1 ballot
	KindProjectCost    = "project-cost"      // a cost of zero, or above the budget
	KindSentinel       = "sentinel-cost"     // pabulib's 999999999 "withdrawn" cost (warning)
	KindVotesColumn    = "votes-column"      // PROJECTS votes differs from the ballots
	KindScoreColumn    = "score-column"      // PROJECTS score differs from the ballots
	KindOverBudget     = "over-budget"       // the selected projects cost more than the budget
	KindFullyFunded    = "fully-funded"      // the budget funds every project without fully_funded, or the flag is wrong
	KindSelected       = "selected"          // the selected column differs from the META rule's outcome
	KindNoSelected     = "no-selected"       // no selected column (warning)
	KindRuleUnverified = "rule-unverified"   // the rule cannot be recomputed (warning)
	KindMetaConflict   = "meta-conflict"     // a points limit on approval ballots (warning)
)

// warningKinds are the kinds that never make a file invalid.
var warningKinds = []string{KindColumnOrder, KindListSpace, KindBlankLine, KindBOM, KindPointsOrder,
	KindSentinel, KindNoSelected, KindRuleUnverified, KindMetaConflict}

// Finding is one thing Validate reports.
type Finding struct {
	Severity Severity
	Kind     string
	Line     int    // 1-based line of the file; 0 when the file is empty
	Section  string // META, PROJECTS or VOTES; "" for the file as a whole
	Field    string // the META key or the column, "" for a whole row
	Msg      string
}

func (f Finding) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "line %d: %s [%s]", f.Line, f.Severity, f.Kind)
	if f.Section != "" {
		b.WriteString(" " + f.Section)
	}
	if f.Field != "" {
		b.WriteString(" " + strconv.Quote(f.Field))
	}
	b.WriteString(": " + f.Msg)
	return b.String()
}

// Report is what Validate found.
type Report struct {
	Findings []Finding        // by line; at most PerKind of each kind
	Counts   map[string]Count // every finding, by kind
	Errors   int
	Warnings int
}

// Count is how many findings of a kind a file has, and their severity.
type Count struct {
	Severity Severity
	N        int
}

// Valid reports whether the file has no error.
func (r *Report) Valid() bool { return r.Errors == 0 }

// validator is one run of Validate.
type validator struct {
	rep     *Report
	allow   []string
	perKind int
	in      *Instance
	lines   fileLines
	// From the ballots, as pabulib's checker counts them: every listed
	// occurrence of a project, and its points (a ballot without a points
	// column gives its projects n, n-1, ..., 1).
	votes, score []int64
}

func newValidator(opt ValidateOptions) *validator {
	v := &validator{rep: &Report{Counts: map[string]Count{}}, allow: opt.Allow, perKind: opt.PerKind}
	if v.perKind <= 0 {
		v.perKind = DefaultPerKind
	}
	return v
}

// add reports a finding of kind at line.
func (v *validator) add(kind string, line int, section, field, format string, args ...any) {
	sev := SevError
	if slices.Contains(warningKinds, kind) || slices.Contains(v.allow, kind) {
		sev = SevWarning
	}
	c := v.rep.Counts[kind]
	c.Severity, c.N = sev, c.N+1
	v.rep.Counts[kind] = c
	if sev == SevError {
		v.rep.Errors++
	} else {
		v.rep.Warnings++
	}
	if c.N <= v.perKind {
		v.rep.Findings = append(v.rep.Findings, Finding{Severity: sev, Kind: kind, Line: line, Section: section,
			Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

func (v *validator) done() *Report {
	slices.SortStableFunc(v.rep.Findings, func(a, b Finding) int { return a.Line - b.Line })
	return v.rep
}

// fileLines are where the records of a file Read accepted lie.
type fileLines struct {
	titles, headers [3]int         // of META, PROJECTS, VOTES
	meta            map[string]int // each META key's line
	projects        []int          // each PROJECTS row's line
	voters          []int          // each VOTES row's line
	blank           []int          // the first line of each run of blank lines between records
}

// mapLines finds the line of every record of src, which Read accepted, by
// lexing it again as Read does.
func mapLines(src string) fileLines {
	fl := fileLines{meta: map[string]int{}}
	p := &pbParser{}
	p.lx.src = src
	sec, wantHeader, prevEnd := -1, false, 0
	for {
		ok, err := p.next()
		if err != nil || !ok {
			return fl
		}
		line := p.lx.recLine
		if line > prevEnd+1 && prevEnd > 0 {
			fl.blank = append(fl.blank, prevEnd+1)
		}
		prevEnd = p.lx.line
		if t := slices.Index([]string{"META", "PROJECTS", "VOTES"}, p.title()); t >= 0 {
			sec, wantHeader, fl.titles[t] = t, true, line
			continue
		}
		switch {
		case wantHeader:
			wantHeader, fl.headers[sec] = false, line
		case sec == 0:
			fl.meta[p.lx.field(0)] = line
		case sec == 1:
			fl.projects = append(fl.projects, line)
		case sec == 2:
			fl.voters = append(fl.voters, line)
		}
	}
}

// metaLine is the line of a META key, or where a missing one belongs:
// the line of the first key present that must follow it, else the title
// PROJECTS.
func (v *validator) metaLine(key string) int {
	if l, ok := v.lines.meta[key]; ok {
		return l
	}
	if i := fieldIndex(metaFields, key); i >= 0 {
		for _, m := range v.in.Meta {
			if j := fieldIndex(metaFields, m.Key); j > i {
				return v.lines.meta[m.Key]
			}
		}
	}
	return v.lines.titles[1]
}

// metaPresent returns a META value that is there and not empty.
func (v *validator) metaPresent(key string) (string, bool) {
	s, ok := v.in.MetaValue(key)
	return s, ok && strings.TrimSpace(s) != ""
}
