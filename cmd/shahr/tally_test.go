package main_test

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The tally tests use the pabulib instances the pb package keeps.
const pbTestdata = "../../internal/pb/testdata"

var assen = filepath.Join(pbTestdata, "Netherlands_Assen_2024.pb")

// tallyOutput is the JSON `shahr tally --format json` prints.
type tallyOutput struct {
	Rule         string         `json:"rule"`
	Selected     []string       `json:"selected"`
	TotalCost    json.Number    `json:"total_cost"`
	Budget       json.Number    `json:"budget"`
	Summary      map[string]any `json:"summary"`
	Explanations map[string]struct {
		Selected bool   `json:"selected"`
		Fa       string `json:"fa"`
		En       string `json:"en"`
	} `json:"explanations"`
}

func tallyJSON(t *testing.T, stdin string, args ...string) tallyOutput {
	t.Helper()
	out, err := shahr(t, stdin, append([]string{"tally", "--format", "json"}, args...)...)
	if err != nil {
		t.Fatalf("tally %v: %v\n%s", args, err, out)
	}
	var j tallyOutput
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("tally %v printed no JSON: %v\n%s", args, err, out)
	}
	return j
}

// expectedOrder reads what pabutools selected, in its order, from the
// test copy of expected.json.
func expectedOrder(t *testing.T, file, key string) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(pbTestdata, "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]map[string]struct {
		Order     []string `json:"selection_order"`
		TotalCost string   `json:"total_cost"`
	}
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	return all[file][key].Order
}

func TestTallyJSON(t *testing.T) {
	t.Parallel()
	j := tallyJSON(t, "", "--rule", "mes", "--completion", "add1u", "--exhaustive", "--tie", "id", assen)
	if want := expectedOrder(t, "Netherlands_Assen_2024.pb", "mes_cost_add1u"); !slices.Equal(j.Selected, want) {
		t.Errorf("selected %v, pabutools %v", j.Selected, want)
	}
	// Assen's budget is 100,000 EUR; pabutools' outcome costs 88,700.
	if j.Rule != "mes/add1u" || j.TotalCost != "88700" || j.Budget != "100000" {
		t.Errorf("rule %q, total_cost %s, budget %s", j.Rule, j.TotalCost, j.Budget)
	}
	if len(j.Explanations) != 14 {
		t.Errorf("%d explanations, want one per project (14)", len(j.Explanations))
	}
	for id, e := range j.Explanations {
		if e.Selected != slices.Contains(j.Selected, id) || e.Fa == "" || e.En == "" {
			t.Errorf("project %s: %+v", id, e)
		}
	}
	if _, ok := j.Summary["selected"]; ok || j.Summary["fa"] == "" {
		t.Errorf("summary: %v", j.Summary)
	}
}

// TestTallyDefaultsToTheFileRule: with no --rule the file's META rule
// (Assen: equalshares/add1) is counted; its outcome is the city's official one.
func TestTallyDefaultsToTheFileRule(t *testing.T) {
	t.Parallel()
	j := tallyJSON(t, "", assen)
	official := []string{"2", "3", "5", "6", "9", "11", "12", "13", "14"}
	if got := slices.Sorted(slices.Values(j.Selected)); j.Rule != "mes/add1" || !slices.Equal(got, slices.Sorted(slices.Values(official))) {
		t.Errorf("rule %s selected %v, the city selected %v", j.Rule, got, official)
	}
	data, err := os.ReadFile(assen)
	if err != nil {
		t.Fatal(err)
	}
	if stdin := tallyJSON(t, string(data), "-"); !slices.Equal(stdin.Selected, j.Selected) {
		t.Errorf("from standard input %v, from the file %v", stdin.Selected, j.Selected)
	}
}

func TestTallyText(t *testing.T) {
	t.Parallel()
	out, err := shahr(t, "", "tally", "--rule", "greedy", "--tie", "id", assen)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	want := strings.Join(expectedOrder(t, "Netherlands_Assen_2024.pb", "greedy_cost"), ", ")
	for _, s := range []string{"rule: greedy (ties: id)", "selected, in order: " + want + "\n", "project  cost", "Funded: it ranked 1 with"} {
		if !strings.Contains(out, s) {
			t.Errorf("text output lacks %q:\n%s", s, out)
		}
	}
	fa, err := shahr(t, "", "tally", "--rule", "greedy", "--lang", "fa", assen)
	if err != nil || !strings.Contains(fa, "تأمین شد: با") {
		t.Errorf("--lang fa: %v\n%s", err, fa)
	}
}

func TestTallyCheck(t *testing.T) {
	t.Parallel()
	out, err := shahr(t, "", "tally", "--check", assen)
	if err != nil || !strings.Contains(out, "OK: the same projects") {
		t.Fatalf("check of Assen's official outcome: %v\n%s", err, out)
	}
	// Mark project 7, which the city did not fund, as selected.
	data, err := os.ReadFile(assen)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	changed := false
	for i, l := range lines {
		if f := strings.Split(l, ";"); len(f) > 4 && f[0] == "7" && f[4] == "0" {
			f[4], changed = "1", true
			lines[i] = strings.Join(f, ";")
		}
	}
	if !changed {
		t.Fatal("project 7's row not found in the Assen file")
	}
	tampered := filepath.Join(t.TempDir(), "assen.pb")
	if err := os.WriteFile(tampered, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = shahr(t, "", "tally", "--check", tampered)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 || !strings.Contains(out, "only in the file: [7]") {
		t.Errorf("check of a tampered file: %v\n%s", err, out)
	}
	noColumn := filepath.Join(pbTestdata, "Switzerland_Zurich_S5.pb")
	if out, err := shahr(t, "", "tally", "--check", noColumn); err == nil || !strings.Contains(out, "no PROJECTS selected column") {
		t.Errorf("check of a file without a selected column: %v\n%s", err, out)
	}
}

func TestTallyRejectsBadInput(t *testing.T) {
	t.Parallel()
	broken := filepath.Join(t.TempDir(), "broken.pb")
	os.WriteFile(broken, []byte("META\nkey;value\nbudget;ten\n"), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--rule", "borda", assen}, `unknown --rule "borda"`},
		{[]string{"--format", "xml", assen}, `--format is text or json, not "xml"`},
		{[]string{"--lang", "de", assen}, `--lang is en or fa, not "de"`},
		{[]string{"--by", "cost", assen}, `--by is votes or score`},
		{[]string{"--utility", "joy", "--rule", "mes", assen}, `--utility is cost, approval or points`},
		{[]string{"--completion", "add2", "--rule", "mes", assen}, `add2`},
		{[]string{"--tie", "coin", assen}, `unknown tie rule "coin"`},
		{[]string{"--add1-start", "late", assen}, `--add1-start is exact or integral`},
		{[]string{"--rule", "greedy-threshold", assen}, `needs META min_project_score_threshold`},
		{[]string{filepath.Join(t.TempDir(), "missing.pb")}, `no such file`},
		{[]string{broken}, `line 3`},
		{[]string{}, `give one .pb file`},
	} {
		out, err := shahr(t, "", append([]string{"tally"}, c.args...)...)
		if err == nil || !strings.Contains(out, c.want) {
			t.Errorf("tally %v: %v, want an error saying %q\n%s", c.args, err, c.want, out)
		}
	}
}

// TestTallyBench times the rules of expected.json over a folder holding
// one small file and prints the table.
func TestTallyBench(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const file = "Switzerland_Zurich_S5.pb"
	data, err := os.ReadFile(filepath.Join(pbTestdata, file))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, file), data, 0o644)
	raw, _ := os.ReadFile(filepath.Join(pbTestdata, "expected.json"))
	var all map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	one, _ := json.Marshal(map[string]json.RawMessage{file: all[file]})
	os.WriteFile(filepath.Join(dir, "expected.json"), one, 0o644)
	out, err := shahr(t, "", "tally-bench", "--repeat", "1", dir)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, key := range []string{"greedy_cost", "mes_cost_add1u_int", "seq_phragmen"} {
		if !strings.Contains(out, "| Switzerland_Zurich_S5 | 180 | 24 | "+key+" |") {
			t.Errorf("no row for %s:\n%s", key, out)
		}
	}
}
