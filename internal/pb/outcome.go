package pb

import "math/big"

// Outcome is what a rule selected and, for every project, what its fate
// rests on: enough to explain each one to a citizen.
type Outcome struct {
	Rule      string  // what was computed, e.g. "greedy", "mes/add1u"
	Selected  []int32 // project indices, in the order the rule selected them
	TotalCost int64
	Budget    int64
	Projects  []Fate // indexed like the profile's projects

	// Equal Shares only.
	PerVoterBudget *big.Rat // each voter's budget in the run that was kept (money units)
	Runs           int      // Equal Shares runs made (more than 1 with the Add1 completion)
	// Comparison: voters who strictly prefer the Equal Shares outcome and
	// the greedy one, and whether the greedy outcome was taken instead.
	PreferMES, PreferGreedy int64
	SwitchedToGreedy        bool
}

// Stage is the step of a rule that funded a project.
type Stage uint8

const (
	StageRule       Stage = iota // the rule itself
	StageCompletion              // greedy completion on the money Equal Shares left
)

// Reason is why a project was or was not funded.
type Reason uint8

const (
	Funded         Reason = iota
	DidNotFit             // greedy: it cost more than the money left when its turn came
	BelowThreshold        // greedy-threshold: too few votes to be eligible
	Stopped               // greedy-no-skip: the count stopped at an earlier project that did not fit
	NoSupport             // nobody voted for it
	Unaffordable          // Equal Shares: its supporters had too little money left
	BudgetReached         // Phragmén: the count stopped before its turn, or it did not fit
	NotInOptimum          // utilitarian: the best use of the budget leaves it out
)

// Fate is one project's result.
type Fate struct {
	Selected bool
	Order    int // 1-based position in the selection order; 0 when not selected
	Stage    Stage
	Reason   Reason
	Votes    int64 // voters supporting it
	Score    int64 // total points, for greedy by score

	// Greedy: its place in the ranking and the money left when its turn came.
	Rank      int
	MoneyLeft int64

	// Equal Shares: the round it was bought in, the most any supporter paid
	// (the equal share; supporters with less paid all they had), how many
	// supporters paid all they had, and, for a project not funded, how
	// much its supporters had left when the count ended.
	Round          int
	Share          *big.Rat
	FullPayers     int64
	SupportersLeft *big.Rat

	// Phragmén: the load its supporters carried after it was bought.
	Load *big.Rat
}

func newOutcome(rule string, pr *Profile) *Outcome {
	o := &Outcome{Rule: rule, Projects: make([]Fate, len(pr.Costs))}
	o.reset(pr)
	return o
}

// reset makes o again what newOutcome made, in the same memory (Add1 counts
// thousands of runs).
func (o *Outcome) reset(pr *Profile) {
	projects, selected := o.Projects, o.Selected[:0]
	clear(projects)
	*o = Outcome{Rule: o.Rule, Budget: pr.Budget, Projects: projects, Selected: selected}
	for p := range o.Projects {
		o.Projects[p].Votes, o.Projects[p].Score = pr.Approvals[p], pr.Scores[p]
		if pr.Approvals[p] == 0 {
			o.Projects[p].Reason = NoSupport
		}
	}
}

// fund records project p as selected at the next position.
func (o *Outcome) fund(pr *Profile, p int32, stage Stage) {
	o.Selected = append(o.Selected, p)
	o.TotalCost += pr.Costs[p]
	f := &o.Projects[p]
	f.Selected, f.Order, f.Stage, f.Reason = true, len(o.Selected), stage, Funded
}

// SelectedIDs returns the selected projects' ids in selection order.
func (o *Outcome) SelectedIDs(pr *Profile) []string {
	ids := make([]string, len(o.Selected))
	for i, p := range o.Selected {
		ids[i] = pr.IDs[p]
	}
	return ids
}

// isSelected reports whether p is in the outcome.
func (o *Outcome) isSelected(p int32) bool { return o.Projects[p].Selected }

// exhaustive reports whether no unselected project fits in the money left.
func (o *Outcome) exhaustive(pr *Profile) bool {
	left := pr.Budget - o.TotalCost
	for p, c := range pr.Costs {
		if !o.Projects[p].Selected && c <= left {
			return false
		}
	}
	return true
}
