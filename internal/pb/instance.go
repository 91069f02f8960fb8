// Package pb is participatory budgeting without a database or HTTP: the
// pabulib .pb file format, the selection rules cities use (greedy in its
// variants, the Method of Equal Shares with its completions, sequential
// Phragmén, the utilitarian optimum), exact where exactness decides who is
// funded, and an explanation of every outcome in Persian and English.
package pb

import (
	"slices"
	"strconv"
	"strings"
)

// VoteType is the kind of ballot an instance holds.
type VoteType string

const (
	Approval   VoteType = "approval"   // a set of approved projects
	Choose1    VoteType = "choose-1"   // exactly one project; counted as approval
	Ordinal    VoteType = "ordinal"    // projects from most to least preferred
	Cumulative VoteType = "cumulative" // points spread over projects
	Scoring    VoteType = "scoring"    // a score per project
)

// VoteTypes lists every vote type.
var VoteTypes = []VoteType{Approval, Choose1, Ordinal, Cumulative, Scoring}

// HasPoints reports whether ballots of this type carry points.
func (t VoteType) HasPoints() bool { return t == Cumulative || t == Scoring }

// Instance is one participatory-budgeting election: its description
// (META), the projects and the ballots. Money values (budget, costs) are
// integers in units of 10^-Scale of the currency, so that "4000.0" and
// decimal costs are exact.
type Instance struct {
	Meta     []MetaEntry // in file order
	Budget   int64
	Scale    int // decimal places kept for money; 0 when every amount is whole
	VoteType VoteType

	ProjectColumns []string // the PROJECTS header: project_id, cost, then the rest
	Projects       []Project

	VoteColumns []string // the VOTES header: voter_id, vote, then the rest
	Voters      Voters
}

// MetaEntry is one key;value row of META.
type MetaEntry struct{ Key, Value string }

// Project is one row of PROJECTS.
type Project struct {
	ID     string
	Cost   int64    // in money units
	Fields []string // every column's text as written, in ProjectColumns order ("" when missing)
}

// MetaValue returns the value of a META key.
func (in *Instance) MetaValue(key string) (string, bool) {
	for _, m := range in.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// MetaInt returns an integer META value; ok is false when it is absent or
// not a whole number. Surrounding spaces and a zero fraction ("3.0", as
// files written from spreadsheets have) are accepted.
func (in *Instance) MetaInt(key string) (int64, bool) {
	v, ok := in.MetaValue(key)
	if !ok {
		return 0, false
	}
	v = strings.TrimSpace(v)
	if whole, frac, dot := strings.Cut(v, "."); dot && strings.Trim(frac, "0") == "" && whole != "" {
		v = whole
	}
	n, err := strconv.ParseInt(v, 10, 64)
	return n, err == nil
}

// Rule is the META rule, "unknown" when absent.
func (in *Instance) Rule() string {
	if v, ok := in.MetaValue("rule"); ok && v != "" {
		return v
	}
	return "unknown"
}

// ProjectColumn returns the index of a PROJECTS column, or -1.
func (in *Instance) ProjectColumn(name string) int { return slices.Index(in.ProjectColumns, name) }

// ProjectIndex returns the index of the project with the given id, or -1.
func (in *Instance) ProjectIndex(id string) int {
	return slices.IndexFunc(in.Projects, func(p Project) bool { return p.ID == id })
}

// Field returns a project's value in a named column, and whether the
// column exists and the value is present.
func (in *Instance) Field(p int, column string) (string, bool) {
	c := in.ProjectColumn(column)
	if c < 0 || c >= len(in.Projects[p].Fields) || in.Projects[p].Fields[c] == "" {
		return "", false
	}
	return in.Projects[p].Fields[c], true
}

// VoterIndex returns the index of the voter with the given id, or -1.
func (in *Instance) VoterIndex(id string) int {
	for i := range in.Voters.Len() {
		if in.Voters.ID(i) == id {
			return i
		}
	}
	return -1
}
