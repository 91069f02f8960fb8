package jalali

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strconv"
	"testing"
	"time"
)

// oracleRow is one line of testdata/jalali_1900_2100.csv.gz (made with ICU).
type oracleRow struct {
	g time.Time
	j Date
}

func readCSV(t testing.TB, path string, gz bool) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if gz {
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	}
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs[1:] // header
}

func mustAtoi(t testing.TB, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("bad number %q in oracle: %v", s, err)
	}
	return n
}

func loadOracle(t testing.TB) []oracleRow {
	t.Helper()
	recs := readCSV(t, "testdata/jalali_1900_2100.csv.gz", true)
	rows := make([]oracleRow, 0, len(recs))
	for _, rec := range recs {
		g, err := time.Parse(time.DateOnly, rec[0])
		if err != nil {
			t.Fatal(err)
		}
		j := Date{mustAtoi(t, rec[1]), mustAtoi(t, rec[2]), mustAtoi(t, rec[3])}
		rows = append(rows, oracleRow{g, j})
	}
	return rows
}

func TestOracle(t *testing.T) {
	t.Parallel()
	rows := loadOracle(t)
	if len(rows) != 73414 {
		t.Fatalf("oracle has %d rows, want 73414", len(rows))
	}
	bad := 0
	for i, r := range rows {
		gy, gm, gd := r.g.Date()
		if got := FromGregorian(gy, gm, gd); got != r.j {
			t.Errorf("FromGregorian(%s) = %v, want %v", r.g.Format(time.DateOnly), got, r.j)
			bad++
		}
		if y, m, d := r.j.Gregorian(); y != gy || m != gm || d != gd {
			t.Errorf("%v.Gregorian() = %d-%02d-%02d, want %s", r.j, y, m, d, r.g.Format(time.DateOnly))
			bad++
		}
		if !r.j.Valid() {
			t.Errorf("%v.Valid() = false", r.j)
			bad++
		}
		if w := r.j.Weekday(); w != r.g.Weekday() {
			t.Errorf("%v.Weekday() = %v, want %v", r.j, w, r.g.Weekday())
			bad++
		}
		// Consecutive rows are consecutive days, which exercises AddDays.
		if i > 0 && rows[i-1].j.AddDays(1) != r.j {
			t.Errorf("%v.AddDays(1) = %v, want %v", rows[i-1].j, rows[i-1].j.AddDays(1), r.j)
			bad++
		}
		if bad > 20 {
			t.Fatal("too many failures")
		}
	}
}

func TestLeapYearsOracle(t *testing.T) {
	t.Parallel()
	recs := readCSV(t, "testdata/jalali_leap_years_1206_1498.csv", false)
	if len(recs) != 293 {
		t.Fatalf("leap oracle has %d rows, want 293", len(recs))
	}
	for _, rec := range recs {
		y := mustAtoi(t, rec[0])
		want := rec[1] == "1" // leap_33year_icu_jalaalijs
		if got := IsLeap(y); got != want {
			t.Errorf("IsLeap(%d) = %v, want %v", y, got, want)
		}
		if got, wantLen := MonthLength(y, 12), map[bool]int{true: 30, false: 29}[want]; got != wantLen {
			t.Errorf("MonthLength(%d, 12) = %d, want %d", y, got, wantLen)
		}
		// The Nowruz column extends the conversion check to 1827..2119.
		g, err := time.Parse(time.DateOnly, rec[5])
		if err != nil {
			t.Fatal(err)
		}
		if got := FromGregorian(g.Date()); got != (Date{y, 1, 1}) {
			t.Errorf("FromGregorian(%s) = %v, want %d/01/01", rec[5], got, y)
		}
	}
}

func TestLeap1403(t *testing.T) {
	t.Parallel()
	if !IsLeap(1403) {
		t.Error("1403 must be a leap year")
	}
	if IsLeap(1404) {
		t.Error("1404 must not be a leap year")
	}
	checks := []struct {
		j    Date
		g    string
		want bool
	}{
		{Date{1403, 12, 30}, "2025-03-20", true},
		{Date{1404, 1, 1}, "2025-03-21", true},
		{Date{1404, 12, 29}, "2026-03-20", true},
		{Date{1405, 1, 1}, "2026-03-21", true},
	}
	for _, c := range checks {
		y, m, d := c.j.Gregorian()
		if got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly); got != c.g {
			t.Errorf("%v.Gregorian() = %s, want %s", c.j, got, c.g)
		}
	}
	if _, err := New(1404, 12, 30); err == nil {
		t.Error("New(1404, 12, 30) succeeded; 1404 is not leap")
	}
	if _, err := New(1403, 12, 30); err != nil {
		t.Errorf("New(1403, 12, 30): %v", err)
	}
}

// leapsThrough is a closed form; check it against summing IsLeap, including
// negative years, where floor division matters.
func TestLeapsThroughClosedForm(t *testing.T) {
	t.Parallel()
	sum := 0
	for n := 0; n <= 3400; n++ {
		if n > 0 && IsLeap(n) {
			sum++
		}
		if got := leapsThrough(n); got != sum {
			t.Fatalf("leapsThrough(%d) = %d, want %d", n, got, sum)
		}
	}
	sum = 0
	for n := 0; n >= -3400; n-- {
		if got := leapsThrough(n); got != sum {
			t.Fatalf("leapsThrough(%d) = %d, want %d", n, got, sum)
		}
		if IsLeap(n) {
			sum-- // moving below n removes year n from 1..n
		}
	}
}

// Every day of the whole supported range survives unixDay -> fromUnixDay,
// and consecutive days are consecutive day numbers.
func TestDayNumberRoundTrip(t *testing.T) {
	t.Parallel()
	prev := Date{MinYear, 1, 1}.unixDay() - 1
	for y := MinYear; y <= MaxYear; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= MonthLength(y, m); d++ {
				j := Date{y, m, d}
				u := j.unixDay()
				if u != prev+1 {
					t.Fatalf("%v: day number %d follows %d", j, u, prev)
				}
				prev = u
				if got := fromUnixDay(u); got != j {
					t.Fatalf("fromUnixDay(%d) = %v, want %v", u, got, j)
				}
			}
		}
	}
	// Proleptic dates before year 1 still round trip (AddDays may go there).
	epoch := Date{1, 1, 1}.unixDay()
	for u := epoch - 20000; u < epoch; u++ {
		if got := fromUnixDay(u).unixDay(); got != u {
			t.Fatalf("day %d round trips to %d", u, got)
		}
	}
}

func TestEpoch(t *testing.T) {
	t.Parallel()
	if y, m, d := (Date{1, 1, 1}).Gregorian(); y != 622 || m != time.March || d != 21 {
		t.Errorf("1/1/1 = %d-%d-%d, want 622-03-21 (proleptic Gregorian)", y, m, d)
	}
}

func TestNewAndValid(t *testing.T) {
	t.Parallel()
	good := []Date{{1, 1, 1}, {3000, 12, 29}, {1405, 6, 31}, {1405, 7, 30}, {1403, 12, 30}}
	for _, d := range good {
		if _, err := New(d.Year, d.Month, d.Day); err != nil || !d.Valid() {
			t.Errorf("New(%v) = %v, Valid = %v", d, err, d.Valid())
		}
	}
	bad := []struct {
		d    Date
		kind error
	}{
		{Date{}, ErrYearRange},
		{Date{3001, 1, 1}, ErrYearRange},
		{Date{1405, 0, 1}, ErrMonthRange},
		{Date{1405, 13, 1}, ErrMonthRange},
		{Date{1405, 1, 0}, ErrDayRange},
		{Date{1405, 1, 32}, ErrDayRange},
		{Date{1405, 7, 31}, ErrDayRange},
		{Date{1404, 12, 30}, ErrDayRange},
	}
	for _, c := range bad {
		_, err := New(c.d.Year, c.d.Month, c.d.Day)
		if !errors.Is(err, c.kind) || c.d.Valid() {
			t.Errorf("New(%v) = %v, want %v; Valid = %v", c.d, err, c.kind, c.d.Valid())
		}
	}
}

func TestCompare(t *testing.T) {
	t.Parallel()
	a, b := Date{1404, 12, 29}, Date{1405, 1, 1}
	if !a.Before(b) || b.Before(a) || a.Before(a) {
		t.Error("Before is wrong")
	}
	if a.Compare(b) != -1 || b.Compare(a) != 1 || a.Compare(a) != 0 {
		t.Error("Compare is wrong")
	}
	if c, d := (Date{1405, 2, 1}), (Date{1405, 1, 31}); !c.After(d) || d.After(c) {
		t.Error("After is wrong")
	}
	if got := a.AddDays(-366).AddDays(366); got != a {
		t.Errorf("AddDays round trip = %v", got)
	}
}

func BenchmarkFromGregorian(b *testing.B) {
	for i := 0; b.Loop(); i++ {
		_ = FromGregorian(2000+i%100, time.Month(1+i%12), 1+i%28)
	}
}

func BenchmarkGregorian(b *testing.B) {
	d := Date{1405, 8, 30}
	for b.Loop() {
		_, _, _ = d.Gregorian()
	}
}
