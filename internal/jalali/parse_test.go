package jalali

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseGood(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Date
	}{
		{"1398/5/30", Date{1398, 5, 30}},
		{"1398/05/30", Date{1398, 5, 30}},
		{"1398-05-30", Date{1398, 5, 30}},
		{"۱۳۹۸/۵/۳۰", Date{1398, 5, 30}},
		{"١٣٩٨/٠٥/٣٠", Date{1398, 5, 30}}, // Arabic-Indic digits
		{"۱۳98/0۵/٣٠", Date{1398, 5, 30}}, // mixed scripts
		{"  1398/5/30\t\n", Date{1398, 5, 30}},
		{"\u200f1398/5/30\u200f", Date{1398, 5, 30}}, // RLM from RTL text
		{"11 اسفند 1399", Date{1399, 12, 11}},
		{"۱۱ اسفند ۱۳۹۹", Date{1399, 12, 11}},
		{"۳۰ آبان ۱۴۰۵", Date{1405, 8, 30}},
		{"30 Aban 1405", Date{1405, 8, 30}},
		{"30 aban 1405", Date{1405, 8, 30}},
		{"30  ABAN\u00a01405", Date{1405, 8, 30}}, // NBSP and double space
		{"1 ارديبهشت 1400", Date{1400, 2, 1}},     // Arabic yeh
		{"1 اردیبهشت 1400", Date{1400, 2, 1}},
		{"5 دي 1402", Date{1402, 10, 5}},
		{"5 ابان 1402", Date{1402, 8, 5}},   // آ typed without madda
		{"5 اذر 1402", Date{1402, 9, 5}},    // same for آذر
		{"5 امرداد 1402", Date{1402, 5, 5}}, // older name of Mordad
		{"5 مـرداد 1402", Date{1402, 5, 5}}, // tatweel
		{"9 Ordibehesht 1403", Date{1403, 2, 9}},
		{"30 Esfand 1403", Date{1403, 12, 30}},
		{"1403/12/30", Date{1403, 12, 30}},
		{"0099/01/02", Date{99, 1, 2}},
		{"3000/12/29", Date{3000, 12, 29}},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if err != nil || got != c.want {
			t.Errorf("Parse(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
}

func TestParseBad(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in      string
		kind    error
		mention string // a word the message must contain
	}{
		{"", ErrSyntax, "empty"},
		{"   ", ErrSyntax, "empty"},
		{"1398/13/01", ErrMonthRange, "13"},
		{"1398/0/01", ErrMonthRange, "0"},
		{"1398/07/31", ErrDayRange, "Mehr"},
		{"31 مهر 1398", ErrDayRange, "Mehr"},
		{"1404/12/30", ErrDayRange, "leap"},
		{"30 اسفند 1404", ErrDayRange, "leap"},
		{"1398/01/32", ErrDayRange, "32"},
		{"1398/01/00", ErrDayRange, "Farvardin"},
		{"11 فلان 1399", ErrUnknownMonth, "فلان"},
		{"30 Abaan 1405", ErrUnknownMonth, "Abaan"},
		{"30 May 1405", ErrUnknownMonth, "May"},
		{"1398/05/30x", ErrSyntax, "30x"},
		{"1398/05/30 extra", ErrSyntax, "trailing"},
		{"11 اسفند 1399 foo", ErrSyntax, "trailing"},
		{"1398/05", ErrSyntax, "year/month/day"},
		{"1398/05/30/1", ErrSyntax, "year/month/day"},
		{"1398/05-30", ErrSyntax, "mixed"},
		{"1398//30", ErrSyntax, "number"},
		{"/1398/05/30", ErrSyntax, "year/month/day"},
		{"1398/05/", ErrSyntax, "number"},
		{"+1398/05/30", ErrSyntax, "number"},
		{"13980530", ErrSyntax, "year/month/day"},
		{"30 Aban", ErrSyntax, ""},
		{"x Aban 1405", ErrSyntax, "day"},
		{"30 Aban 14o5", ErrSyntax, "year"},
		{"0/01/01", ErrYearRange, "0"},
		{"3001/01/01", ErrYearRange, "3001"},
		{"99999999999999999999999/01/01", ErrYearRange, ""},
		{"1398/99999999999999999999/01", ErrMonthRange, ""},
	}
	for _, c := range cases {
		got, err := Parse(c.in)
		if !errors.Is(err, c.kind) {
			t.Errorf("Parse(%q) = %v, %v; want error %v", c.in, got, err, c.kind)
			continue
		}
		if !strings.Contains(err.Error(), c.mention) || !strings.HasPrefix(err.Error(), "jalali: ") {
			t.Errorf("Parse(%q) error %q should start with \"jalali: \" and mention %q", c.in, err, c.mention)
		}
		if got != (Date{}) {
			t.Errorf("Parse(%q) returned %v with an error", c.in, got)
		}
	}
}

func TestParseLongInputErrorIsClipped(t *testing.T) {
	t.Parallel()
	_, err := Parse(strings.Repeat("۱", 10000))
	if err == nil || len(err.Error()) > 200 {
		t.Errorf("error for a long input is %d bytes", len(err.Error()))
	}
}

// Every day of 1300..1500 and the edges of the supported range survive
// String and FormatFa (and the other formats) through Parse.
func TestParseRoundTrip(t *testing.T) {
	t.Parallel()
	check := func(d Date) {
		for _, s := range []string{d.String(), d.FormatFa(), d.NumericFa(), d.FormatEn()} {
			if got, err := Parse(s); err != nil || got != d {
				t.Fatalf("Parse(%q) = %v, %v; want %v", s, got, err, d)
			}
		}
	}
	last := Date{1500, 12, 29}
	for d := (Date{1300, 1, 1}); !last.Before(d); d = d.AddDays(1) {
		check(d)
	}
	for _, d := range []Date{{1, 1, 1}, {9, 9, 9}, {999, 12, 30}, {3000, 12, 29}} {
		check(d)
	}
	// Today, whatever it is, also round trips.
	check(Today(time.Now()))
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"1398/5/30", "1398-05-30", "۱۳۹۸/۵/۳۰", "11 اسفند 1399", "30 Aban 1405",
		"1404/12/30", "1 ارديبهشت 1400", "\xff/\xfe/1", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s)
		if err != nil {
			return
		}
		if !d.Valid() {
			t.Fatalf("Parse(%q) = %v, which is not Valid", s, d)
		}
		for _, out := range []string{d.String(), d.FormatFa()} {
			if d2, err := Parse(out); err != nil || d2 != d {
				t.Fatalf("Parse(%q) = %v; Parse(%q) = %v, %v", s, d, out, d2, err)
			}
		}
		if y, m, day := d.Gregorian(); FromGregorian(y, m, day) != d {
			t.Fatalf("%v does not survive Gregorian round trip", d)
		}
	})
}
