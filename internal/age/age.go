// Package age counts a person's age in whole years, as the rules on who
// may take part need it: from the date of birth staff record when they
// verify a residence, to the day of the action in Iran.
package age

import (
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
)

// On returns how old, in whole years, someone born on the calendar day of
// birth is on the calendar day of day; each is read in its own location.
// A year is added on the birthday itself; someone born on 29 February
// turns a year older on 1 March in years without one. Before birth the
// result is negative.
func On(birth, day time.Time) int {
	by, bm, bd := birth.Date()
	y, m, d := day.Date()
	years := y - by
	if m < bm || (m == bm && d < bd) {
		years-- // this year's birthday is still ahead
	}
	return years
}

// At returns the age at the instant now, on that instant's date in Tehran.
func At(birth, now time.Time) int { return On(birth, now.In(jalali.Tehran())) }
