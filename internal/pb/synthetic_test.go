package pb

import (
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// syntheticCity is a generated "I am Mayor" round the size of Tehran's
// third: about 2 million participants and 3,000 projects across 374
// neighbourhoods. Each neighbourhood has its own budget and projects;
// every voter approves one to five projects of their own neighbourhood,
// the popular ones more often, and one voter in ten also approves one to
// three projects elsewhere in the city (which count only in the
// city-wide budget).
type syntheticCity struct {
	hoods    []*Profile // per neighbourhood, its own projects and budget
	cityWide *Profile   // every project, one budget (the neighbourhoods' together)
	voters   int64
}

// citySize is how big a generated city is.
type citySize struct{ voters, projects, hoods int }

// tehran is the size of Tehran's third round.
var tehran = citySize{voters: 2_000_000, projects: 3_000, hoods: 374}

func newSyntheticCity(seed uint64, size citySize) *syntheticCity {
	r := rand.New(rand.NewPCG(seed, seed^0x5eed))
	// Neighbourhood sizes vary about tenfold, as Tehran's do.
	share := make([]float64, size.hoods)
	var total float64
	for h := range share {
		share[h] = math.Exp(r.NormFloat64() * 0.6)
		total += share[h]
	}
	// Projects: at least three per neighbourhood, the rest by size.
	perHood := make([]int, size.hoods)
	for h := range perHood {
		perHood[h] = 3
	}
	for range size.projects - 3*size.hoods {
		perHood[pickWeighted(r, share, total)]++
	}
	first := make([]int32, size.hoods+1) // global index of each neighbourhood's first project
	for h, n := range perHood {
		first[h+1] = first[h] + int32(n)
	}
	ids, costs := make([]string, size.projects), make([]int64, size.projects)
	for p := range ids {
		ids[p] = fmt.Sprintf("P%04d", p)
		// Between 0.5 and 20 billion rials, spread evenly in log scale.
		costs[p] = int64(5e8 * math.Exp(r.Float64()*math.Log(40)))
	}
	hoodBudget, cityBudget := make([]int64, size.hoods), int64(0)
	for h := range hoodBudget {
		var sum int64
		for p := first[h]; p < first[h+1]; p++ {
			sum += costs[p]
		}
		hoodBudget[h] = sum * 3 / 10 // about a third of what is proposed
		cityBudget += hoodBudget[h]
	}
	city := NewProfileBuilder(cityBudget, ids, costs, false)
	c := &syntheticCity{}
	var local, global []int32
	for h := range size.hoods {
		n := perHood[h]
		hb := NewProfileBuilder(hoodBudget[h], ids[first[h]:first[h+1]], costs[first[h]:first[h+1]], false)
		popularity := make([]float64, n)
		var popTotal float64
		for i := range popularity {
			popularity[i] = 1 / float64(i+1) // Zipf: a few projects draw most votes
			popTotal += popularity[i]
		}
		voters := int(share[h] / total * float64(size.voters))
		if h == size.hoods-1 {
			voters = size.voters - int(c.voters)
		}
		for range voters {
			local = local[:0]
			for range 1 + r.IntN(min(5, n)) {
				p := int32(pickWeighted(r, popularity, popTotal))
				if !slices.Contains(local, p) {
					local = append(local, p)
				}
			}
			hb.Add(local, nil)
			global = global[:0]
			for _, p := range local {
				global = append(global, first[h]+p)
			}
			if r.IntN(10) == 0 {
				for range 1 + r.IntN(3) {
					if p := int32(r.IntN(size.projects)); !slices.Contains(global, p) {
						global = append(global, p)
					}
				}
			}
			city.Add(global, nil)
		}
		c.voters += int64(voters)
		c.hoods = append(c.hoods, hb.Profile())
	}
	c.cityWide = city.Profile()
	return c
}

// pickWeighted draws an index with probability proportional to its weight.
func pickWeighted(r *rand.Rand, w []float64, total float64) int {
	x := r.Float64() * total
	for i, v := range w {
		if x < v {
			return i
		}
		x -= v
	}
	return len(w) - 1
}

// peakHeap samples the live heap while a phase runs and reports its
// highest point: figures for people, never a test condition.
type peakHeap struct {
	peak atomic.Uint64
	stop chan struct{}
	done chan struct{}
}

func startPeakHeap() *peakHeap {
	runtime.GC()
	h := &peakHeap{stop: make(chan struct{}), done: make(chan struct{})}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() {
		metrics.Read(sample)
		if v := sample[0].Value.Uint64(); v > h.peak.Load() {
			h.peak.Store(v)
		}
	}
	read()
	go func() {
		defer close(h.done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-h.stop:
				read()
				return
			case <-tick.C:
				read()
			}
		}
	}()
	return h
}

// megabytes stops the sampling and returns the peak in MB.
func (h *peakHeap) megabytes() float64 {
	close(h.stop)
	<-h.done
	return float64(h.peak.Load()) / (1 << 20)
}

// TestSyntheticTehran counts a Tehran-sized round: greedy and Equal Shares
// (with the add1u completion cities use) in each of the 374 neighbourhoods,
// and greedy and plain Equal Shares on one city-wide budget. It checks what
// must hold at any size (every outcome within its budget; a few
// neighbourhoods against the exact reference) and logs the time and the
// peak heap of each phase (go test -v -run SyntheticTehran ./internal/pb).
func TestSyntheticTehran(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("generates 2 million ballots; skipped with -short")
	}
	var report strings.Builder
	phase := func(name string, f func()) {
		h := startPeakHeap()
		start := time.Now()
		f()
		fmt.Fprintf(&report, "  %-46s %8.1f ms  peak heap %6.0f MB\n", name, float64(time.Since(start).Microseconds())/1000, h.megabytes())
	}
	var c *syntheticCity
	phase("generate 2,000,000 ballots, 3,000 projects", func() { c = newSyntheticCity(2026, tehran) })
	if c.voters != int64(tehran.voters) || len(c.cityWide.Costs) != tehran.projects || len(c.hoods) != tehran.hoods {
		t.Fatalf("generated %d voters, %d projects, %d neighbourhoods", c.voters, len(c.cityWide.Costs), len(c.hoods))
	}
	hoodMES := make([]*Outcome, len(c.hoods))
	phase("greedy, each of 374 neighbourhoods", func() {
		for _, pr := range c.hoods {
			withinBudget(t, pr, Greedy(pr, GreedyOptions{Tie: TieCostVotes}))
		}
	})
	phase("Equal Shares add1u, each of 374 neighbourhoods", func() {
		for i, pr := range c.hoods {
			hoodMES[i] = MES(pr, MESOptions{Completion: Add1U, IntegralStart: true, Exhaustive: true, Tie: TieCostVotes})
			withinBudget(t, pr, hoodMES[i])
		}
	})
	phase("greedy, one city-wide budget", func() {
		withinBudget(t, c.cityWide, Greedy(c.cityWide, GreedyOptions{Tie: TieCostVotes}))
	})
	var city *Outcome
	phase("Equal Shares, one city-wide budget", func() {
		city = MES(c.cityWide, MESOptions{Tie: TieCostVotes})
		withinBudget(t, c.cityWide, city)
	})
	t.Logf("%d voters (%d distinct ballots city-wide), %d projects, %d neighbourhoods:\n%s",
		c.voters, c.cityWide.Groups(), len(c.cityWide.Costs), len(c.hoods), report.String())
	if len(city.Selected) == 0 {
		t.Fatal("city-wide Equal Shares funded nothing")
	}
	for _, h := range []int{0, 187, 373} {
		pr := c.hoods[h]
		got := MES(pr, MESOptions{Tie: TieCostVotes})
		want := referenceMES(pr, new(big.Rat).SetFrac64(pr.Budget, pr.Voters), CostUtility, tieRanks(pr, TieCostVotes))
		if !slices.Equal(got.Selected, want) {
			t.Errorf("neighbourhood %d: Equal Shares %v, the exact reference %v", h, got.Selected, want)
		}
	}
}

func withinBudget(t *testing.T, pr *Profile, o *Outcome) {
	t.Helper()
	if o.TotalCost > pr.Budget {
		t.Fatalf("%s spent %d of a budget of %d", o.Rule, o.TotalCost, pr.Budget)
	}
}
