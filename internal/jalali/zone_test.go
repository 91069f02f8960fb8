package jalali

import (
	"testing"
	"time"
)

func TestTehranOffset(t *testing.T) {
	t.Parallel()
	cases := []struct {
		when string
		want int // seconds east of UTC
	}{
		{"2025-06-01T12:00:00Z", 3*3600 + 30*60}, // no DST since 2022
		{"2025-01-01T12:00:00Z", 3*3600 + 30*60},
		{"2021-06-01T12:00:00Z", 4*3600 + 30*60}, // DST still observed in 2021
	}
	for _, c := range cases {
		u, err := time.Parse(time.RFC3339, c.when)
		if err != nil {
			t.Fatal(err)
		}
		if _, off := u.In(Tehran()).Zone(); off != c.want {
			t.Errorf("Tehran offset at %s = %+d s, want %+d s", c.when, off, c.want)
		}
	}
	if Tehran() == tehranFallback {
		t.Error("Tehran() fell back to a fixed zone; embedded tzdata missing?")
	}
	if first, second := Tehran(), Tehran(); first != second {
		t.Error("Tehran() should load the location once")
	}
}

func TestFromTimeUsesWallClock(t *testing.T) {
	t.Parallel()
	// 2025-03-20T21:00Z is already 00:30 on 2025-03-21 (1404/1/1) in Tehran.
	u := time.Date(2025, 3, 20, 21, 0, 0, 0, time.UTC)
	if got := FromTime(u); got != (Date{1403, 12, 30}) {
		t.Errorf("FromTime(UTC) = %v, want 1403/12/30", got)
	}
	if got := FromTime(u.In(Tehran())); got != (Date{1404, 1, 1}) {
		t.Errorf("FromTime(Tehran) = %v, want 1404/01/01", got)
	}
	if got := Today(u); got != (Date{1404, 1, 1}) {
		t.Errorf("Today = %v, want 1404/01/01", got)
	}
}

func TestInStartOfDay(t *testing.T) {
	t.Parallel()
	d := Date{1405, 8, 30}
	got := d.In(Tehran())
	want := time.Date(2026, 11, 21, 0, 0, 0, 0, Tehran())
	if !got.Equal(want) || got.Location() != Tehran() {
		t.Errorf("In = %v, want %v", got, want)
	}
	// 1400/1/2 = 2021-03-22: the clocks jumped from 24:00 to 01:00, so the
	// day starts at 01:00 +0430.
	got = Date{1400, 1, 2}.In(Tehran())
	if got.Format(time.RFC3339) != "2021-03-22T01:00:00+04:30" {
		t.Errorf("In across DST gap = %v", got)
	}
}

func TestInRepeatedMidnight(t *testing.T) {
	t.Parallel()
	// On 1978-08-05 Tehran fell back from 01:00 +05 to 00:00 +04, so
	// midnight happened twice; the day starts at the first one.
	got := FromGregorian(1978, time.August, 5).In(Tehran())
	if got.Format(time.RFC3339) != "1978-08-05T00:00:00+05:00" {
		t.Errorf("In across repeated midnight = %v", got)
	}
}

// For every day in 1900..2100 (the oracle range), In gives an instant on
// that day whose previous nanosecond is on the previous day. Besides Tehran,
// zones whose DST changes happened at midnight exercise the edge cases.
func TestInIsFirstInstant(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"Asia/Tehran", "America/Sao_Paulo", "America/Havana", "Asia/Beirut", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		checkFirstInstants(t, loc)
	}
}

func checkFirstInstants(t *testing.T, loc *time.Location) {
	last := FromGregorian(2100, time.December, 31)
	for d := FromGregorian(1900, time.January, 1); !last.Before(d); d = d.AddDays(1) {
		s := d.In(loc)
		if got := FromTime(s); got != d {
			t.Fatalf("%s: %v.In() = %v, which is %v", loc, d, s, got)
		}
		if got := FromTime(s.Add(-time.Nanosecond)); got != d.AddDays(-1) {
			t.Fatalf("%s: %v.In() = %v is not the first instant of the day", loc, d, s)
		}
	}
}
