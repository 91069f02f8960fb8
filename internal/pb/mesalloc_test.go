package pb

import (
	"math/big"
	"slices"
	"testing"
)

// TestMESRunsAllocateNothing: once the engine's buffers have grown, a run
// of Equal Shares allocates nothing, in any of its rounds, including those
// that build terms afresh because the run leaves the kept path (the Add1
// completion makes thousands of runs; Toulouse 2022 once allocated 268 MB
// in 1.3 million allocations).
// Not parallel: testing.AllocsPerRun counts the whole process's allocations.
func TestMESRunsAllocateNothing(t *testing.T) {
	for _, c := range []struct {
		file    string
		utility Utility
	}{
		{"testdata/Poland_Wieliczka_2023_Green_Budget.pb", CostUtility},
		{"testdata/Poland_Warszawa_2026_Grochow.pb", ApprovalUtility},
		{"testdata/Switzerland_Zurich_D10.pb", PointsUtility},
	} {
		in, err := readFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		pr := NewProfile(in, c.utility == PointsUtility)
		e := newMESEngine(pr, c.utility, TieID)
		// Per-voter budgets from B/n up, each giving another outcome than
		// the one before, so that every run leaves the path of the last.
		var budgets []*big.Rat
		var last []int32
		o := newOutcome("mes", pr)
		for b := new(big.Rat).SetFrac64(pr.Budget, pr.Voters); len(budgets) < 4 && o.TotalCost <= 2*pr.Budget; b.Add(b, big.NewRat(pr.Budget/pr.Voters/8+1, 1)) {
			o.reset(pr)
			e.run(b, o)
			if !slices.Equal(o.Selected, last) {
				budgets, last = append(budgets, new(big.Rat).Set(b)), slices.Clone(o.Selected)
			}
		}
		if len(budgets) < 2 {
			t.Fatalf("%s: found %d per-voter budgets with distinct outcomes", c.file, len(budgets))
		}
		runAll := func() {
			for _, b := range budgets {
				o.reset(pr)
				e.run(b, o)
			}
		}
		runAll() // the buffers grow to their size
		if n := testing.AllocsPerRun(10, runAll); n != 0 {
			t.Errorf("%s: %d runs of Equal Shares allocate %v times", c.file, len(budgets), n)
		}
	}
}
