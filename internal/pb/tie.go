package pb

import (
	"cmp"
	"fmt"
	"slices"
)

// Tie decides between projects a rule finds equally good.
type Tie int

const (
	// TieAuto is the platform's default: file order for the greedy rules
	// (as cities run them and the pabulib checker verifies them), lower
	// cost then more votes for Equal Shares and Phragmén (as the
	// equalshares.net tool and the cities that used it do).
	TieAuto Tie = iota
	// TieID prefers the smaller project id compared as a string ("10" < "9"),
	// the reference library pabutools' default.
	TieID
	// TieCostVotes prefers the cheaper project, then the one more voters
	// support, then the one listed first.
	TieCostVotes
	// TieFile prefers the project listed first in the file.
	TieFile
)

// ParseTie reads a tie rule's name.
func ParseTie(s string) (Tie, error) {
	switch s {
	case "", "auto":
		return TieAuto, nil
	case "id":
		return TieID, nil
	case "cost-votes":
		return TieCostVotes, nil
	case "file":
		return TieFile, nil
	}
	return 0, fmt.Errorf("pb: unknown tie rule %q (want id, cost-votes or file)", s)
}

func (t Tie) String() string {
	return [...]string{"auto", "id", "cost-votes", "file"}[t]
}

// resolve replaces TieAuto by the default for a greedy or a proportional rule.
func (t Tie) resolve(greedy bool) Tie {
	switch {
	case t != TieAuto:
		return t
	case greedy:
		return TieFile
	}
	return TieCostVotes
}

// tieRanks gives every project its place in the tie order: of two
// projects a rule finds equally good, the one with the lower rank wins.
func tieRanks(pr *Profile, t Tie) []int32 {
	order := make([]int32, len(pr.Costs))
	for i := range order {
		order[i] = int32(i)
	}
	switch t {
	case TieID:
		slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(pr.IDs[a], pr.IDs[b]) })
	case TieCostVotes:
		slices.SortStableFunc(order, func(a, b int32) int {
			if c := cmp.Compare(pr.Costs[a], pr.Costs[b]); c != 0 {
				return c
			}
			return cmp.Compare(pr.Approvals[b], pr.Approvals[a])
		})
	}
	rank := make([]int32, len(order))
	for r, p := range order {
		rank[p] = int32(r)
	}
	return rank
}
