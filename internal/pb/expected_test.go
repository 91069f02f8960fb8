package pb

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// expectedEntry is one rule's outcome as the reference library pabutools
// computed it (see testdata/README.md and shared/pabulib/EXPECTED.md).
type expectedEntry struct {
	Selected       []string `json:"selected"`
	SelectionOrder []string `json:"selection_order"`
	TotalCost      string   `json:"total_cost"`
	PerVoterBudget *int64   `json:"per_voter_budget"`
	Runs           *int     `json:"mes_runs"`
	Timeout        *float64 `json:"pabutools_timeout_seconds"`
}

type expectedInfo struct {
	MetaRule         string   `json:"meta_rule"`
	OfficialSelected []string `json:"official_selected"`
}

// ruleKeys maps each key of expected.json to the options that compute it,
// as EXPECTED.md describes them.
var ruleKeys = map[string]func(in *Instance) *Outcome{
	"greedy_cost": func(in *Instance) *Outcome { return Greedy(NewProfile(in, false), GreedyOptions{Tie: TieID}) },
	"greedy_score": func(in *Instance) *Outcome {
		return Greedy(NewProfile(in, true), GreedyOptions{ByScore: true, Tie: TieID})
	},
	"mes_cost":                mesKey(NoCompletion, false, false),
	"mes_cost_add1":           mesKey(Add1, false, true),
	"mes_cost_add1u":          mesKey(Add1U, false, true),
	"mes_cost_add1_int":       mesKey(Add1, true, true),
	"mes_cost_add1u_int":      mesKey(Add1U, true, true),
	"mes_cost_add1_int_noexh": mesKey(Add1, true, false),
	"seq_phragmen":            func(in *Instance) *Outcome { return Phragmen(NewProfile(in, false), TieID) },
}

func mesKey(c Completion, integral, exhaustive bool) func(in *Instance) *Outcome {
	return func(in *Instance) *Outcome {
		return MES(NewProfile(in, false), MESOptions{Utility: CostUtility, Completion: c, IntegralStart: integral,
			Exhaustive: exhaustive, Tie: TieID, Unit: unitOf(in)})
	}
}

func unitOf(in *Instance) int64 { return pow10(in.Scale) }
func loadExpected(t *testing.T, path string) map[string]map[string]json.RawMessage {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	return all
}

// checkExpected computes every rule the reference file lists for one
// instance and compares selection order, set, cost and (for Add1) the
// per-voter budget and number of runs.
func checkExpected(t *testing.T, in *Instance, entries map[string]json.RawMessage) {
	for key, raw := range entries {
		if key == "_info" {
			continue
		}
		var want expectedEntry
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		rule, ok := ruleKeys[key]
		if !ok {
			t.Errorf("%s: no rule for this key", key)
			continue
		}
		if want.Timeout != nil {
			continue // pabutools did not finish: nothing to compare with
		}
		t.Run(key, func(t *testing.T) {
			got := rule(in)
			pr := &Profile{IDs: projectIDs(in)}
			ids := got.SelectedIDs(pr)
			if key == "seq_phragmen" {
				// pabutools' Phragmén reports its set, in id order, not the order of selection.
				ids = slices.Sorted(slices.Values(ids))
			}
			if !slices.Equal(ids, want.SelectionOrder) {
				t.Fatalf("selection order\n got  %v\n want %v", ids, want.SelectionOrder)
			}
			if cost := FormatMoney(got.TotalCost, in.Scale); !sameAmount(cost, want.TotalCost) {
				t.Errorf("total cost %s, want %s", cost, want.TotalCost)
			}
			if want.PerVoterBudget != nil {
				pvb := new(big.Rat).Quo(got.PerVoterBudget, new(big.Rat).SetInt64(unitOf(in)))
				if !pvb.IsInt() || pvb.Num().Int64() != *want.PerVoterBudget || got.Runs != *want.Runs {
					t.Errorf("per-voter budget %s after %d runs, want %d after %d", pvb.RatString(), got.Runs, *want.PerVoterBudget, *want.Runs)
				}
			}
		})
	}
}

func projectIDs(in *Instance) []string {
	ids := make([]string, len(in.Projects))
	for i, p := range in.Projects {
		ids[i] = p.ID
	}
	return ids
}

// sameAmount compares decimal amounts ("4000" and "4000.0" are equal).
func sameAmount(a, b string) bool {
	x, ok1 := new(big.Rat).SetString(a)
	y, ok2 := new(big.Rat).SetString(b)
	return ok1 && ok2 && x.Cmp(y) == 0
}

func TestExpectedOutcomes(t *testing.T) {
	all := loadExpected(t, filepath.Join("testdata", "expected.json"))
	for file, entries := range all {
		t.Run(file, func(t *testing.T) {
			in, err := ReadFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			checkExpected(t, in, entries)
		})
	}
}

// sharedDir is the whole shared corpus, next to the repository.
func sharedDir(t *testing.T) string {
	dir := filepath.Join("..", "..", "..", "shared", "pabulib")
	if _, err := os.Stat(filepath.Join(dir, "expected.json")); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", dir)
		}
		t.Skipf("%s is not here; skipping the whole shared corpus", dir)
	}
	return dir
}

func TestExpectedOutcomesSharedCorpus(t *testing.T) {
	dir := sharedDir(t)
	all := loadExpected(t, filepath.Join(dir, "expected.json"))
	for file, entries := range all {
		t.Run(file, func(t *testing.T) {
			in, err := ReadFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			checkExpected(t, in, entries)
		})
	}
}
