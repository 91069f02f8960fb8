package rules

import "fmt"

// Tally is a vote's counts, one per seated member: a present member who
// may vote says yes, no or abstain (one who presses nothing abstains);
// the others are absent or recused.
type Tally struct {
	Yes, No, Abstain, Absent, Recused int
}

// Result is what became of a motion.
type Result string

const (
	Adopted  Result = "adopted"
	Rejected Result = "rejected"
	// NoQuorum: the session was not official when the vote was taken, so
	// the vote has no outcome at all, neither adopted nor rejected.
	NoQuorum Result = "no_quorum"
)

// Outcome is a decided vote, with the numbers a public page shows beside
// it.
type Outcome struct {
	Result   Result
	Majority Majority
	Base     int // the number the majority is a share of
	Required int // the fewest yes votes that adopt
}

// Check reports a tally that does not match the chamber it was taken in.
func (t Tally) Check(s Snapshot) error {
	if err := s.Check(); err != nil {
		return err
	}
	switch {
	case t.Yes < 0 || t.No < 0 || t.Abstain < 0:
		return fmt.Errorf("rules: negative votes in %+v", t)
	case t.Absent != s.Seated-s.Present:
		return fmt.Errorf("rules: %d absent, but %d of %d seated are not present", t.Absent, s.Seated-s.Present, s.Seated)
	case t.Recused != s.Recused:
		return fmt.Errorf("rules: %d recused in the tally, %d in the chamber", t.Recused, s.Recused)
	case t.Yes+t.No+t.Abstain != s.Voters():
		return fmt.Errorf("rules: %d votes cast by %d members who may vote", t.Yes+t.No+t.Abstain, s.Voters())
	}
	return nil
}

// Decide returns the outcome of a vote needing m, taken in the chamber s
// under the settings st, or an error when the tally and the chamber
// disagree (a vote is never decided from inconsistent numbers).
func Decide(t Tally, s Snapshot, m Majority, st Settings) (Outcome, error) {
	if !m.Valid() {
		return Outcome{}, fmt.Errorf("rules: unknown majority %q", m)
	}
	if err := t.Check(s); err != nil {
		return Outcome{}, err
	}
	o := Outcome{Majority: m, Base: Base(m, s), Required: Required(m, s)}
	switch {
	case !Quorate(s, st):
		o.Result = NoQuorum
	case t.Yes >= o.Required:
		o.Result = Adopted
	default:
		o.Result = Rejected
	}
	return o, nil
}
