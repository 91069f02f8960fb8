package pb

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// validApproval is a small valid approval file: every obligatory key, the
// ballot limits, votes and selected columns that match the ballots and
// the greedy rule (by votes, then file order: 1 and 3 fit, 2 and 4 not).
// Its lines are numbered in the comments of the broken cases below.
const validApproval = `META
key;value
description;Test approval
country;Iran
unit;Tehran
district;District 21
subunit;Central Tehransar
instance;test-1404
num_projects;4
num_votes;5
budget;100
vote_type;approval
rule;greedy
date_begin;01.03.2025
date_end;20.03.2025
min_length;1
max_length;3
max_sum_cost;100
language;fa
currency;IRR
PROJECTS
project_id;cost;votes;name;selected
1;60;3;one;1
2;50;2;two;0
3;30;3;three;1
4;40;1;four;0
VOTES
voter_id;vote;voting_method
a;1,3;internet
b;1;paper
c;2,3;internet
d;1,4;internet
e;2,3;internet
`

// validCumulative is a small valid cumulative file: scores are the points
// given, greedy ranks by them (x 6, y 5, z 1; x and y fit).
const validCumulative = `META
key;value
description;Test cumulative
country;Iran
unit;Tehran
instance;test-cumulative
num_projects;3
num_votes;3
budget;100
vote_type;cumulative
rule;greedy
date_begin;2025
date_end;2025
min_length;1
min_points;1
max_points;5
max_sum_points;6
currency;IRR
PROJECTS
project_id;cost;votes;score;name;selected
x;50;3;6;ex;1
y;40;3;5;why;1
z;30;1;1;zed;0
VOTES
voter_id;vote;points
v1;x,y;4,2
v2;y,x;2,1
v3;x,y,z;1,1,1
`

func mustValidate(t *testing.T, text string, opt ValidateOptions) *Report {
	t.Helper()
	rep, err := Validate(strings.NewReader(text), opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func findings(rep *Report) string {
	var b strings.Builder
	for _, f := range rep.Findings {
		b.WriteString("\n  " + f.String())
	}
	return b.String()
}

// The two base files are valid, with nothing to warn about.
func TestValidateBaseFiles(t *testing.T) {
	t.Parallel()
	for name, text := range map[string]string{"approval": validApproval, "cumulative": validCumulative} {
		if rep := mustValidate(t, text, ValidateOptions{}); rep.Errors+rep.Warnings != 0 {
			t.Errorf("%s: %d errors, %d warnings:%s", name, rep.Errors, rep.Warnings, findings(rep))
		}
	}
}

// Each broken file is a valid one with one edit, and fails with the error
// the edit makes, on the line it is on.
func TestValidateBroken(t *testing.T) {
	t.Parallel()
	assen, err := os.ReadFile("testdata/Netherlands_Assen_2024.pb")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		base     string
		old, new string
		kind     string
		line     int
	}{
		{"missing key", validApproval, "country;Iran\n", "", KindMissing, 4}, // where unit now is
		{"key out of order", validApproval, "description;Test approval\ncountry;Iran", "country;Iran\ndescription;Test approval", KindOrder, 4},
		{"wrong num_votes", validApproval, "num_votes;5", "num_votes;6", KindCount, 10},
		{"wrong num_projects", validApproval, "num_projects;4", "num_projects;3", KindCount, 9},
		{"duplicate vote", validApproval, "a;1,3;internet", "a;1,3,1;internet", KindDuplicateVote, 29},
		{"over max_length", validApproval, "max_length;3", "max_length;1", KindLength, 29},
		{"under min_length", validApproval, "min_length;1", "min_length;2", KindLength, 30},
		{"empty ballot", validApproval, "b;1;paper", "b;;paper", KindLength, 30},
		{"over max_sum_cost", validApproval, "max_sum_cost;100", "max_sum_cost;85", KindCost, 29},
		{"unknown META key", validApproval, "language;fa", "lang;fa", KindUnknown, 19},
		{"unknown column", validApproval, "project_id;cost;votes;name;selected", "project_id;cost;votes;title;selected", KindUnknown, 22},
		{"selected inconsistent", validApproval, "2;50;2;two;0", "2;50;2;two;1", KindSelected, 24},
		{"selected over budget", validApproval, "4;40;1;four;0", "4;40;1;four;1", KindOverBudget, 11},
		{"selected (Equal Shares)", string(assen), "13;1000;21;Samen koken en eten;1", "13;1000;21;Samen koken en eten;0", KindSelected, 26},
		{"bad vote_type", validApproval, "vote_type;approval", "vote_type;plurality", KindParse, 12},
		{"choose-1 ballots", validApproval, "vote_type;approval", "vote_type;choose-1", KindLength, 29},
		{"choose-1 limits", validApproval, "vote_type;approval", "vote_type;choose-1", KindValue, 17},
		{"unknown rule", validApproval, "rule;greedy", "rule;lottery", KindValue, 13},
		{"threshold missing", validApproval, "rule;greedy", "rule;greedy-threshold", KindMissing, 19},
		{"bad date", validApproval, "date_end;20.03.2025", "date_end;31.02.2025", KindValue, 15},
		{"dates reversed", validApproval, "date_begin;01.03.2025", "date_begin;01.04.2025", KindValue, 15},
		{"empty value", validApproval, "4;40;1;four;0", "4;40;1;;0", KindEmpty, 26},
		{"None value", validApproval, "instance;test-1404", "instance;", KindEmpty, 8},
		{"space around a value", validApproval, "1;60;3;one;1", "1;60;3;one ;1", KindSpace, 23},
		{"comma in a cost", validApproval, "3;30;3;three;1", "3;30,0;3;three;1", KindValue, 25},
		{"cost over the budget", validApproval, "4;40;1;four;0", "4;140;1;four;0", KindProjectCost, 26},
		{"zero cost", validApproval, "4;40;1;four;0", "4;0;1;four;0", KindProjectCost, 26},
		{"fully funded unflagged", validApproval, "budget;100", "budget;1000", KindFullyFunded, 11},
		{"wrong votes column", validApproval, "1;60;3;one;1", "1;60;4;one;1", KindVotesColumn, 23},
		{"points on approval", validApproval, "voter_id;vote;voting_method", "voter_id;vote;points", KindPointsUnused, 29},
		{"bad voting_method", validApproval, "b;1;paper", "b;1;post", KindValue, 30},
		{"points over limit", validCumulative, "max_points;5", "max_points;3", KindPoints, 26},
		{"points below limit", validCumulative, "v3;x,y,z;1,1,1", "v3;x,y,z;1,1,0", KindPoints, 28},
		{"points sum over limit", validCumulative, "max_sum_points;6", "max_sum_points;5", KindPointsSum, 26},
		{"max_sum_points missing", validCumulative, "max_sum_points;6\n", "", KindMissing, 17},
		{"wrong score column", validCumulative, "x;50;3;6;ex;1", "x;50;3;7;ex;1", KindScoreColumn, 21},
		{"points not a number", validCumulative, "v2;y,x;2,1", "v2;y,x;2,one", KindParse, 27},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Count(tc.base, tc.old) != 1 {
				t.Fatalf("%q is not once in the base file", tc.old)
			}
			text := strings.Replace(tc.base, tc.old, tc.new, 1)
			rep := mustValidate(t, text, ValidateOptions{})
			if !slices.ContainsFunc(rep.Findings, func(f Finding) bool {
				return f.Severity == SevError && f.Kind == tc.kind && f.Line == tc.line
			}) || rep.Valid() {
				t.Errorf("want an error %s on line %d; got:%s\n%s", tc.kind, tc.line, findings(rep), numbered(text))
			}
		})
	}
}

// Warnings do not make a file invalid; Allow turns an error into one.
func TestValidateWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		allow      []string
		kind       string
		line       int
	}{
		{"blank line", strings.Replace(validApproval, "PROJECTS\n", "PROJECTS\n\n", 1), nil, KindBlankLine, 22},
		{"byte order mark", "\uFEFF" + validApproval, nil, KindBOM, 1},
		{"points out of order", strings.Replace(validCumulative, "v2;y,x;2,1", "v2;x,y;1,2", 1), nil, KindPointsOrder, 27},
		{"space in a category list", withCategories(validApproval, "a, b"), nil, KindListSpace, 23},
		{"no selected column", strings.NewReplacer(";name;selected\n", ";name\n", "one;1\n", "one\n", "two;0\n", "two\n",
			"three;1\n", "three\n", "four;0\n", "four\n").Replace(validApproval), nil, KindNoSelected, 22},
		{"unknown rule label", strings.Replace(validApproval, "rule;greedy", "rule;unknown", 1), nil, KindRuleUnverified, 13},
		{"a city's own rule", strings.NewReplacer("rule;greedy", "rule;greedy-custom", "three;1", "three;0", "four;0", "four;1").Replace(validApproval),
			nil, KindRuleUnverified, 25},
		{"allowed duplicate", strings.Replace(validApproval, "a;1,3;internet", "a;1,3,3;internet", 1),
			[]string{KindDuplicateVote, KindVotesColumn}, KindDuplicateVote, 29},
		{"points limit on approval", strings.Replace(validApproval, "max_sum_cost;100", "max_sum_cost;100\nmax_points;3", 1), nil, KindMetaConflict, 19},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep := mustValidate(t, tc.text, ValidateOptions{Allow: tc.allow})
			if !rep.Valid() {
				t.Fatalf("not valid:%s", findings(rep))
			}
			if !slices.ContainsFunc(rep.Findings, func(f Finding) bool {
				return f.Severity == SevWarning && f.Kind == tc.kind && f.Line == tc.line
			}) {
				t.Errorf("want a warning %s on line %d; got:%s", tc.kind, tc.line, findings(rep))
			}
		})
	}
}

// withCategories adds a category column to validApproval's projects, the
// first project's category being first.
func withCategories(text, first string) string {
	return strings.NewReplacer(";name;selected\n", ";name;category;selected\n", "one;1\n", "one;"+first+";1\n",
		"two;0\n", "two;b;0\n", "three;1\n", "three;c;1\n", "four;0\n", "four;;0\n").Replace(text)
}

// A report lists at most PerKind findings of a kind and counts them all.
func TestValidatePerKind(t *testing.T) {
	t.Parallel()
	text := strings.Replace(validApproval, "max_sum_cost;100", "max_sum_cost;10", 1)
	rep := mustValidate(t, text, ValidateOptions{PerKind: 2})
	if n := rep.Counts[KindCost].N; n != 5 {
		t.Errorf("%d ballot-cost findings counted, want 5", n)
	}
	listed := 0
	for _, f := range rep.Findings {
		if f.Kind == KindCost {
			listed++
		}
	}
	if listed != 2 || !slices.IsSortedFunc(rep.Findings, func(a, b Finding) int { return a.Line - b.Line }) {
		t.Errorf("%d listed, want 2, by line:%s", listed, findings(rep))
	}
}

// sharedQuirks are the known quirks of the shared pabulib files: errors
// of pabulib's rules that real files have, allowed (reported as warnings)
// for these files only. Shared README: Grochów has 2 ballots listing a
// project twice, Częstochowa one (579 four times), and the PROJECTS votes
// column counts every listing.
var sharedQuirks = map[string][]string{
	"Poland_Warszawa_2026_Grochow.pb": {KindDuplicateVote},
	"Poland_Czestochowa_2020.pb":      {KindDuplicateVote},
}

// Every shared pabulib file is valid, its known quirks aside, and the
// warnings are those listed here by file and kind.
func TestValidateSharedCorpus(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	if len(files) != len(pbioCorpus) {
		t.Fatalf("%d shared files, want %d", len(files), len(pbioCorpus))
	}
	total := map[string]int{}
	for _, path := range files {
		name := filepath.Base(path)
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := Validate(f, ValidateOptions{Allow: sharedQuirks[name]})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if !rep.Valid() {
			t.Errorf("%s: %d errors:%s", name, rep.Errors, findings(rep))
		}
		got := map[string]int{}
		for kind, c := range rep.Counts {
			got[kind] = c.N
			total[kind] += c.N
		}
		if want := sharedWarnings[name]; !maps.Equal(got, want) {
			t.Errorf("%s: warnings %v, want %v:%s", name, got, want, findings(rep))
		}
	}
	t.Logf("%d files; warnings by kind: %v", len(files), total)
}

// sharedWarnings are what Validate warns about in each shared file: no
// selected column, a rule it cannot recompute (unknown, or Poznań's own
// greedy-custom, which funds V.7 where plain greedy would), the known
// repeated projects, and spaces after the commas of category lists
// (Łódź, the Mechanical Turk file), which pabulib's checker calls errors
// but change no count.
var sharedWarnings = map[string]map[string]int{
	"Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb": {KindNoSelected: 1},
	"France_Toulouse_2022.pb":                                  {KindNoSelected: 1},
	"Hungary_Budapest_2024.pb":                                 {KindRuleUnverified: 1},
	"Hungary_Veszprem_2025.pb":                                 {KindRuleUnverified: 1},
	"Netherlands_Amsterdam_309.pb":                             {KindNoSelected: 1},
	"Netherlands_Assen_2024.pb":                                {},
	"Poland_Czestochowa_2020.pb":                               {KindNoSelected: 1, KindDuplicateVote: 1},
	"Poland_Gdynia_2020.pb":                                    {},
	"Poland_Katowice_2021.pb":                                  {},
	"Poland_Krakow_2021.pb":                                    {},
	"Poland_Lodz_2024.pb":                                      {KindListSpace: 20},
	"Poland_Poznan_2023_5_-_Grunwald_Polnoc_Grunwald_Poludnie_Stary_Grunwald.pb": {KindRuleUnverified: 1},
	"Poland_Warszawa_2020_Mokotow.pb":                                            {},
	"Poland_Warszawa_2026_Grochow.pb":                                            {KindDuplicateVote: 2},
	"Poland_Wieliczka_2023_Green_Budget.pb":                                      {},
	"Poland_Wroclaw_2021.pb":                                                     {},
	"Poland_Zabrze_2020.pb":                                                      {KindNoSelected: 1},
	"Switzerland_Zurich_D10.pb":                                                  {KindNoSelected: 1},
	"Switzerland_Zurich_S5.pb":                                                   {KindNoSelected: 1},
	"US_Stanford_Dataset_PB_Cambridge_2019_vote_approvals.pb":                    {KindNoSelected: 1},
	"Worldwide_Mechanical_Turk_Ranking_value_7.pb":                               {KindNoSelected: 1, KindListSpace: 12},
}

// Every testdata file is valid too (the quirks of its shared original
// allowed).
func TestValidateTestdata(t *testing.T) {
	t.Parallel()
	for _, path := range pbioTestdataFiles(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if rep := mustValidate(t, string(data), ValidateOptions{Allow: sharedQuirks[filepath.Base(path)]}); !rep.Valid() {
			t.Errorf("%s:%s", filepath.Base(path), findings(rep))
		}
	}
}

// Validate never panics; a file it accepts reads, writes back, and the
// file written is valid too.
func FuzzValidate(f *testing.F) {
	f.Add(validApproval)
	f.Add(validCumulative)
	f.Add(strings.Replace(validApproval, "a;1,3;internet", "a;1,3,1;internet", 1))
	f.Add(strings.Replace(validCumulative, "v2;y,x;2,1", "v2;x,y;1,2", 1))
	f.Add("\uFEFF" + strings.ReplaceAll(validApproval, "\n", "\r\n"))
	for _, name := range []string{"Netherlands_Assen_2024.pb", "Switzerland_Zurich_D10.pb"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(string(data))
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		rep, err := Validate(strings.NewReader(text), ValidateOptions{})
		if err != nil {
			t.Fatalf("Validate: %v", err)
		}
		if !rep.Valid() {
			return
		}
		in, err := Read(strings.NewReader(text))
		if err != nil {
			t.Fatalf("valid, but Read fails: %v", err)
		}
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatalf("valid, but Write fails: %v", err)
		}
		again := mustValidate(t, buf.String(), ValidateOptions{})
		if !again.Valid() {
			t.Fatalf("valid, but not once written again:%s\n%s", findings(again), buf.String())
		}
	})
}

// For a message when a case fails: the file with line numbers.
func numbered(text string) string {
	var b strings.Builder
	for i, l := range strings.Split(text, "\n") {
		fmt.Fprintf(&b, "%3d %s\n", i+1, l)
	}
	return b.String()
}
