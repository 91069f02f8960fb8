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

// ruleKeys computes each key of expected.json.
var ruleKeys = func() map[string]func(in *Instance) *Outcome {
	m := map[string]func(in *Instance) *Outcome{}
	for key, s := range ReferenceKeys {
		m[key] = func(in *Instance) *Outcome {
			r, err := Run(in, s)
			if err != nil {
				panic(err) // every key's spec is valid
			}
			return r.Outcome
		}
	}
	return m
}()

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
	t.Parallel()
	all := loadExpected(t, filepath.Join("testdata", "expected.json"))
	for file, entries := range all {
		t.Run(file, func(t *testing.T) {
			in, err := readFile(filepath.Join("testdata", file))
			if err != nil {
				t.Fatal(err)
			}
			checkExpected(t, in, entries)
		})
	}
}

func TestExpectedOutcomesSharedCorpus(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	all := loadExpected(t, filepath.Join(dir, "expected.json"))
	for file, entries := range all {
		t.Run(file, func(t *testing.T) {
			in, err := readFile(filepath.Join(dir, file))
			if err != nil {
				t.Fatal(err)
			}
			checkExpected(t, in, entries)
		})
	}
}
