package age

import (
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestOn(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		birth, on string
		want      int
	}{
		{"2010-11-23", "2026-11-22", 15}, // the day before the birthday
		{"2010-11-23", "2026-11-23", 16}, // the birthday
		{"2010-11-23", "2026-11-24", 16},
		{"2010-11-23", "2026-12-31", 16}, // a later month
		{"2010-11-23", "2027-01-01", 16}, // an earlier month of the next year
		{"2010-11-23", "2026-10-30", 15}, // an earlier month, a later day
		{"2008-02-29", "2026-02-28", 17}, // born on 29 February: not yet in a common year
		{"2008-02-29", "2026-03-01", 18}, // ... but on 1 March
		{"2008-02-29", "2028-02-28", 19}, // in a leap year, not on the 28th
		{"2008-02-29", "2028-02-29", 20}, // ... but on the 29th
		{"2026-11-21", "2026-11-21", 0},  // born today
		{"2026-11-22", "2026-11-21", -1}, // not born yet
		{"1896-01-01", "2026-11-21", 130},
	} {
		if got := On(day(c.birth), day(c.on)); got != c.want {
			t.Errorf("born %s, on %s: %d, want %d", c.birth, c.on, got, c.want)
		}
	}
}

// TestAtTehranDay: the day that counts is the one in Tehran, whatever the
// instant's own location: 21:00 UTC on 22 November is already the 23rd there.
func TestAtTehranDay(t *testing.T) {
	t.Parallel()
	birth := day("2010-11-23")
	if got := At(birth, time.Date(2026, 11, 22, 20, 0, 0, 0, time.UTC)); got != 15 {
		t.Errorf("23:30 on the 22nd in Tehran: %d, want 15", got)
	}
	if got := At(birth, time.Date(2026, 11, 22, 21, 0, 0, 0, time.UTC)); got != 16 {
		t.Errorf("00:30 on the 23rd in Tehran: %d, want 16", got)
	}
	if got := At(birth, time.Date(2026, 11, 23, 0, 0, 0, 0, jalali.Tehran())); got != 16 {
		t.Errorf("midnight of the birthday in Tehran: %d, want 16", got)
	}
}
