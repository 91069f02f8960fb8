package support

import (
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
)

// People type figures in any digit script, with or without thousands
// separators ("۱۲٬۰۰۰", "12,000") and, for shares, a decimal point
// ("۳۳٫۵"). These read them.

// stripNumber folds digits to ASCII and drops separators and the marks
// copy-paste from RTL text carries.
func stripNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ',', '٬', '،', '\'', ' ', '\u00a0', '\u200c', '\u200e', '\u200f':
			return -1
		case '٫', '/':
			return '.'
		}
		return r
	}, persian.ToASCIIDigits(strings.TrimSpace(s)))
}

// wholeNumber reads a non-negative whole number; "" is 0 and ok.
func wholeNumber(s string) (int64, bool) {
	s = stripNumber(s)
	if s == "" {
		return 0, true
	}
	if strings.ContainsAny(s, "+-.") {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// percentShare reads a percentage with at most two decimals ("33.34") as
// hundredths of a percent (3334); "" is 0 and ok.
func percentShare(s string) (int64, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(stripNumber(s), "%"), "٪")
	if s == "" {
		return 0, true
	}
	whole, frac, _ := strings.Cut(s, ".")
	if len(frac) > 2 || whole == "" && frac == "" {
		return 0, false
	}
	frac += strings.Repeat("0", 2-len(frac))
	if whole == "" {
		whole = "0"
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	return n, err == nil && !strings.ContainsAny(whole+frac, "+-") && n <= fullShare
}
