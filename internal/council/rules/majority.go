package rules

import (
	"fmt"
)

// Majority is how many of which members a motion needs.
type Majority string

const (
	// OfPresent is more than half of the members present who may vote
	// (اکثریت مطلق حاضرین): Article 15's rule for ordinary decisions.
	OfPresent Majority = "present"
	// OfSeated is more than half of the members holding a seat in the
	// term at that moment, present or not, who may vote.
	OfSeated Majority = "seated"
	// TwoThirdsPresent is two thirds of the members present who may vote.
	TwoThirdsPresent Majority = "two_thirds_present"
	// TwoThirdsSeated is two thirds of the seated members who may vote.
	TwoThirdsSeated Majority = "two_thirds_seated"
	// Absolute is more than half of the council's statutory seats, the
	// number the law gives the city whoever holds them; a vacancy or a
	// recusal never lowers it.
	Absolute Majority = "absolute"
)

// Majorities lists every majority, in the order forms show them.
func Majorities() []Majority {
	return []Majority{OfPresent, OfSeated, TwoThirdsPresent, TwoThirdsSeated, Absolute}
}

// Valid reports whether m is one of Majorities.
func (m Majority) Valid() bool {
	switch m {
	case OfPresent, OfSeated, TwoThirdsPresent, TwoThirdsSeated, Absolute:
		return true
	}
	return false
}

// Snapshot is the chamber at the moment of a vote, kept with the vote.
//
// Recused members (تعارض منافع) are counted in Present, since they sit in
// the session and a session's quorum is about who sits, but they may not
// vote on the item: every majority's base leaves them out, except
// Absolute, whose base is fixed by law.
type Snapshot struct {
	Seats   int // the council's statutory seats (Tehran: 21)
	Seated  int // members holding a seat in the term now, alternates sitting in included
	Present int // seated members in the chamber, recused ones included
	Recused int // present members who declared a conflict of interest on the item
}

// Check reports a snapshot that cannot describe a chamber.
func (s Snapshot) Check() error {
	switch {
	case s.Seats < 1 || s.Seats > MaxSeats:
		return fmt.Errorf("rules: %d seats, want 1..%d", s.Seats, MaxSeats)
	case s.Seated < 0 || s.Seated > s.Seats:
		return fmt.Errorf("rules: %d seated of %d seats", s.Seated, s.Seats)
	case s.Present < 0 || s.Present > s.Seated:
		return fmt.Errorf("rules: %d present of %d seated", s.Present, s.Seated)
	case s.Recused < 0 || s.Recused > s.Present:
		return fmt.Errorf("rules: %d recused of %d present", s.Recused, s.Present)
	}
	return nil
}

// Voters is how many present members may vote on the item.
func (s Snapshot) Voters() int { return s.Present - s.Recused }

// Base is the number a majority is a share of.
func Base(m Majority, s Snapshot) int {
	switch m {
	case OfPresent, TwoThirdsPresent:
		return s.Voters()
	case OfSeated, TwoThirdsSeated:
		return s.Seated - s.Recused
	case Absolute:
		return s.Seats
	}
	panic("rules: unknown majority " + string(m))
}

// Required is the fewest yes votes that adopt a motion needing m: more
// than half of the base (n/2+1) or two thirds of it (⌈2n/3⌉), and never
// fewer than one, so that an empty base adopts nothing.
func Required(m Majority, s Snapshot) int {
	n := Base(m, s)
	var need int
	switch m {
	case TwoThirdsPresent, TwoThirdsSeated:
		need = ceilDiv(2*n, 3)
	default:
		need = n/2 + 1
	}
	return max(need, 1)
}

// ceilDiv is ⌈a/b⌉ for a ≥ 0, b > 0.
func ceilDiv(a, b int) int { return (a + b - 1) / b }

// Quorate reports whether a session with the chamber s is official: at
// least the settings' share of the seated members present (Article 15:
// two thirds). The share is of the seated members, so that a council
// whose vacant seat no alternate can fill may still sit.
func Quorate(s Snapshot, st Settings) bool {
	return s.Seated > 0 && s.Present >= QuorumOf(s.Seated, st)
}

// QuorumOf is the fewest members present that make a session of seated
// members official: ⌈seated × num / den⌉.
func QuorumOf(seated int, st Settings) int {
	return ceilDiv(seated*st.QuorumNum, st.QuorumDen)
}
