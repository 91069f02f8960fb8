package support

import (
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
)

// People type figures in any digit script, with or without thousands
// separators ("۱۲٬۰۰۰", "12,000") and, for shares, a decimal point
// ("۳۳٫۵"). These read them.

// wholeNumber reads a non-negative whole number; "" is 0 and ok.
var wholeNumber = persian.ParseWhole

// decimalPoint reads the Persian decimal mark (and the slash often typed
// for it) as a point.
var decimalPoint = strings.NewReplacer("٫", ".", "/", ".")

// percentShare reads a percentage with at most two decimals ("33.34") as
// hundredths of a percent (3334); "" is 0 and ok.
func percentShare(s string) (int64, bool) {
	s = strings.TrimSuffix(strings.TrimSuffix(decimalPoint.Replace(persian.StripNumber(s)), "%"), "٪")
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
