package persian

import (
	"math"
	"testing"
)

func TestToPersianDigits(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"0123456789", "۰۱۲۳۴۵۶۷۸۹"},
		{"٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"},
		{"۰۱۲۳۴۵۶۷۸۹", "۰۱۲۳۴۵۶۷۸۹"},
		{"منطقه 21، پلاک ٤٥", "منطقه ۲۱، پلاک ۴۵"},
		{"1403/12/30", "۱۴۰۳/۱۲/۳۰"},
		{"abc-xyz", "abc-xyz"},
		{"１２", "１２"},         // fullwidth digits are not touched
		{"a\xff1", "a\xff۱"}, // broken bytes pass through
	}
	for _, c := range cases {
		if got := ToPersianDigits(c.in); got != c.want {
			t.Errorf("ToPersianDigits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestToASCIIDigits(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, want string }{
		{"", ""},
		{"۰۱۲۳۴۵۶۷۸۹", "0123456789"},
		{"٠١٢٣٤٥٦٧٨٩", "0123456789"},
		{"0123456789", "0123456789"},
		{"۰۹۱۲ ۱۲۳ ٤٥٦٧", "0912 123 4567"},
		{"۱٬۲۵۰٬۰۰۰ ریال", "1٬250٬000 ریال"}, // only digits change
		{"بدون عدد", "بدون عدد"},
		{"\xff۵", "\xff5"},
	}
	for _, c := range cases {
		if got := ToASCIIDigits(c.in); got != c.want {
			t.Errorf("ToASCIIDigits(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDigitRoundTrip(t *testing.T) {
	t.Parallel()
	s := "کد 0123456789 و ٠١٢٣٤٥٦٧٨٩"
	if got := ToASCIIDigits(ToPersianDigits(s)); got != "کد 0123456789 و 0123456789" {
		t.Errorf("round trip = %q", got)
	}
}

func TestFormatInt(t *testing.T) {
	t.Parallel()
	cases := []struct {
		n      int64
		fa, en string
	}{
		{0, "۰", "0"},
		{7, "۷", "7"},
		{999, "۹۹۹", "999"},
		{1000, "۱٬۰۰۰", "1,000"},
		{12345, "۱۲٬۳۴۵", "12,345"},
		{100000, "۱۰۰٬۰۰۰", "100,000"},
		{1250000, "۱٬۲۵۰٬۰۰۰", "1,250,000"},
		{940000000000, "۹۴۰٬۰۰۰٬۰۰۰٬۰۰۰", "940,000,000,000"},
		{-1, "-۱", "-1"},
		{-999, "-۹۹۹", "-999"},
		{-1250000, "-۱٬۲۵۰٬۰۰۰", "-1,250,000"},
		{math.MaxInt64, "۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۷", "9,223,372,036,854,775,807"},
		{math.MinInt64, "-۹٬۲۲۳٬۳۷۲٬۰۳۶٬۸۵۴٬۷۷۵٬۸۰۸", "-9,223,372,036,854,775,808"},
	}
	for _, c := range cases {
		if got := FormatInt(c.n); got != c.fa {
			t.Errorf("FormatInt(%d) = %q, want %q", c.n, got, c.fa)
		}
		if got := FormatIntEn(c.n); got != c.en {
			t.Errorf("FormatIntEn(%d) = %q, want %q", c.n, got, c.en)
		}
	}
}

func BenchmarkFormatInt(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		FormatInt(-1250000)
	}
}

func TestParseWhole(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]int64{"": 0, "  ": 0, "0": 0, "۱۲۰٬۰۰۰٬۰۰۰": 120_000_000, "120,000,000": 120_000_000,
		"٣٤٥": 345, "۱ ۲۰۰": 1200, "\u200f۷۰۰۰\u200e": 7000, "12\u200c000": 12000} {
		if got, ok := ParseWhole(in); !ok || got != want {
			t.Errorf("ParseWhole(%q) = %d, %v; want %d", in, got, ok, want)
		}
	}
	for _, in := range []string{"-5", "+5", "۱۲.۵", "پانصد", "12a", "99999999999999999999"} {
		if got, ok := ParseWhole(in); ok {
			t.Errorf("ParseWhole(%q) = %d, ok; want refused", in, got)
		}
	}
}
