package jalali

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	t.Parallel()
	d := FromGregorian(2026, time.November, 21)
	if d != (Date{1405, 8, 30}) {
		t.Fatalf("2026-11-21 = %v, want 1405/08/30", d)
	}
	checks := []struct{ name, got, want string }{
		{"String", d.String(), "1405/08/30"},
		{"Numeric", d.Numeric(), "1405/08/30"},
		{"NumericFa", d.NumericFa(), "۱۴۰۵/۰۸/۳۰"},
		{"FormatFa", d.FormatFa(), "۳۰ آبان ۱۴۰۵"},
		{"FormatEn", d.FormatEn(), "30 Aban 1405"},
		{"FormatFa day 1", Date{1403, 12, 1}.FormatFa(), "۱ اسفند ۱۴۰۳"},
		{"FormatEn day 1", Date{1403, 12, 1}.FormatEn(), "1 Esfand 1403"},
		{"String padded", Date{99, 1, 2}.String(), "0099/01/02"},
		{"NumericFa Farvardin", Date{1404, 1, 9}.NumericFa(), "۱۴۰۴/۰۱/۰۹"},
		{"Weekday", WeekdayNameFa(d.Weekday()), "شنبه"}, // 2026-11-21 is a Saturday
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestNames(t *testing.T) {
	t.Parallel()
	fa := []string{"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
		"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"}
	en := []string{"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
		"Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand"}
	for i := range 12 {
		if got := MonthNameFa(i + 1); got != fa[i] {
			t.Errorf("MonthNameFa(%d) = %q, want %q", i+1, got, fa[i])
		}
		if got := MonthNameEn(i + 1); got != en[i] {
			t.Errorf("MonthNameEn(%d) = %q, want %q", i+1, got, en[i])
		}
	}
	days := map[time.Weekday]string{
		time.Saturday: "شنبه", time.Sunday: "یکشنبه", time.Monday: "دوشنبه",
		time.Tuesday: "سه\u200cشنبه", time.Wednesday: "چهارشنبه",
		time.Thursday: "پنجشنبه", time.Friday: "جمعه",
	}
	for w, want := range days {
		if got := WeekdayNameFa(w); got != want {
			t.Errorf("WeekdayNameFa(%v) = %q, want %q", w, got, want)
		}
	}
	for _, got := range []string{MonthNameFa(0), MonthNameEn(13), WeekdayNameFa(7), WeekdayNameFa(-1)} {
		if got == "" || got[0] != '%' {
			t.Errorf("out-of-range name = %q, want a %%! marker", got)
		}
	}
}

func BenchmarkFormatFa(b *testing.B) {
	d := Date{1405, 8, 30}
	for b.Loop() {
		_ = d.FormatFa()
	}
}

func BenchmarkString(b *testing.B) {
	d := Date{1405, 8, 30}
	for b.Loop() {
		_ = d.String()
	}
}
