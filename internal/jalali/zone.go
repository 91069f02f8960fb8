package jalali

import (
	"sync"
	"time"
	_ "time/tzdata" // embed the zone database: Tehran() must not depend on the host's zoneinfo
)

// tehranFallback is used only if the embedded database somehow lacks the
// zone. Iran has had no DST since 2022, so +03:30 is right for current dates.
var tehranFallback = time.FixedZone("+0330", 3*3600+30*60)

var tehran = sync.OnceValue(func() *time.Location {
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		return tehranFallback
	}
	return loc
})

// Tehran returns the Asia/Tehran location (loaded once, from the embedded
// zone database when the host has none).
func Tehran() *time.Location { return tehran() }

// FromTime returns the Jalali date of t's wall-clock date in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return FromGregorian(y, m, d)
}

// Today returns the current Jalali date in Iran for the instant now. Taking
// now as a parameter keeps callers testable.
func Today(now time.Time) Date { return FromTime(now.In(Tehran())) }

// In returns the first instant of day d in loc, normally midnight. Around
// old DST changes midnight can be missing (Iran 1979-2022 sprang forward at
// 24:00, so the day began at 01:00) or repeated (1978-08-05 fell back from
// 01:00 to 00:00); In returns the transition in the first case and the
// earlier midnight in the second. Like time.Date, it panics if loc is nil.
func (d Date) In(loc *time.Location) time.Time {
	y, m, day := d.Gregorian()
	t := time.Date(y, m, day, 0, 0, 0, 0, loc)
	if !onDay(t, y, m, day) {
		// time.Date resolved a missing midnight to the previous evening; the
		// day starts where that zone period ends.
		if _, end := t.ZoneBounds(); !end.IsZero() {
			return end
		}
		return t
	}
	if e, ok := earlierMidnight(t, y, m, day); ok {
		return e
	}
	return t
}

// earlierMidnight looks for the same wall-clock midnight in the zone period
// before t's, which exists when clocks were turned back over midnight.
func earlierMidnight(t time.Time, y int, m time.Month, day int) (time.Time, bool) {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return time.Time{}, false
	}
	_, off := start.Add(-time.Nanosecond).Zone()
	wall := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix()
	c := time.Unix(wall-int64(off), 0).In(t.Location())
	return c, c.Before(start) && isMidnightOf(c, y, m, day)
}

func onDay(t time.Time, y int, m time.Month, day int) bool {
	ty, tm, td := t.Date()
	return ty == y && tm == m && td == day
}

func isMidnightOf(t time.Time, y int, m time.Month, day int) bool {
	h, mi, s := t.Clock()
	return onDay(t, y, m, day) && h == 0 && mi == 0 && s == 0 && t.Nanosecond() == 0
}
