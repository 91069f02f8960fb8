package pb

import (
	"errors"
	"fmt"
)

// ErrIntractable is returned when the utilitarian optimum would need more
// memory or time than this package allows itself.
var ErrIntractable = errors.New("pb: the utilitarian optimum is not tractable for this instance")

// The dynamic-programming tables are bounded: one row of maxTableCells
// 8-byte cells (128 MiB) and a choice table of maxChoiceBits bits (128 MiB).
const (
	maxTableCells = 1 << 24
	maxChoiceBits = 1 << 30
)

// Utilitarian returns a set of projects of greatest total approval (the sum,
// over funded projects, of the voters supporting each) within the budget,
// exactly, by dynamic programming over total approval or over the budget
// (divided by the greatest common divisor of the costs), whichever is
// smaller. Among optimal sets it keeps the one found first with projects
// considered in tie order, which is deterministic.
func Utilitarian(pr *Profile, tie Tie) (*Outcome, error) {
	order := rankBy(make([]int64, len(pr.Costs)), tieRanks(pr, tie.resolve(false)))
	var values int64
	for _, a := range pr.Approvals {
		values += a
	}
	unit := gcdAll(pr.Costs, pr.Budget)
	capacity := pr.Budget / unit
	fits := func(cols int64) bool {
		return cols < maxTableCells && int64(len(order))*(cols+1) <= maxChoiceBits
	}
	var chosen []bool
	switch {
	case fits(values) && (values <= capacity || !fits(capacity)):
		chosen = knapsackByValue(pr, order, values)
	case fits(capacity):
		chosen = knapsackByCost(pr, order, unit, capacity)
	default:
		return nil, fmt.Errorf("%w: %d projects, total approval %d, budget %d in steps of %d",
			ErrIntractable, len(pr.Costs), values, pr.Budget, unit)
	}
	o := newOutcome("utilitarian", pr)
	for _, p := range order {
		if chosen[p] {
			o.fund(pr, p, StageRule)
		} else if o.Projects[p].Reason != NoSupport {
			o.Projects[p].Reason = NotInOptimum
		}
	}
	return o, nil
}

func gcdAll(costs []int64, budget int64) int64 {
	g := budget
	for _, c := range costs {
		if c > 0 {
			g = gcd(g, c)
		}
	}
	return max(g, 1)
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// knapsackByValue: least cost to reach each total approval.
func knapsackByValue(pr *Profile, order []int32, total int64) []bool {
	const inf = int64(1) << 62
	cost := make([]int64, total+1)
	for v := range cost {
		cost[v] = inf
	}
	cost[0] = 0
	took := newBits(len(order), int(total)+1)
	for i, p := range order {
		a, c := pr.Approvals[p], pr.Costs[p]
		for v := total; v >= a; v-- {
			if cost[v-a] != inf && cost[v-a]+c < cost[v] {
				cost[v] = cost[v-a] + c
				took.set(i, int(v))
			}
		}
	}
	best := int64(0)
	for v := total; v >= 0; v-- {
		if cost[v] <= pr.Budget {
			best = v
			break
		}
	}
	chosen := make([]bool, len(pr.Costs))
	for i := len(order) - 1; i >= 0; i-- {
		if took.get(i, int(best)) {
			chosen[order[i]] = true
			best -= pr.Approvals[order[i]]
		}
	}
	return chosen
}

// knapsackByCost: greatest total approval for each budget (in cost units).
func knapsackByCost(pr *Profile, order []int32, unit, capacity int64) []bool {
	value := make([]int64, capacity+1)
	took := newBits(len(order), int(capacity)+1)
	for i, p := range order {
		a, c := pr.Approvals[p], pr.Costs[p]/unit
		for b := capacity; b >= c; b-- {
			if value[b-c]+a > value[b] {
				value[b] = value[b-c] + a
				took.set(i, int(b))
			}
		}
	}
	chosen := make([]bool, len(pr.Costs))
	b := capacity
	for i := len(order) - 1; i >= 0; i-- {
		if took.get(i, int(b)) {
			chosen[order[i]] = true
			b -= pr.Costs[order[i]] / unit
		}
	}
	return chosen
}

// bits is a rows × cols bit table.
type bits struct {
	cols int
	w    []uint64
}

func newBits(rows, cols int) bits { return bits{cols: cols, w: make([]uint64, (rows*cols+63)/64)} }
func (b bits) set(r, c int)       { i := r*b.cols + c; b.w[i/64] |= 1 << (i % 64) }
func (b bits) get(r, c int) bool  { i := r*b.cols + c; return b.w[i/64]&(1<<(i%64)) != 0 }
