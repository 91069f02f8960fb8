package jalali

import (
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"
)

// Parse reads a Jalali date written as
//
//	1398/5/30   1398/05/30   1398-05-30          (year/month/day)
//	11 اسفند 1399   30 Aban 1405                  (day, month name, year)
//
// in ASCII, Persian (۰-۹) or Arabic-Indic (٠-٩) digits, which may be mixed.
// Surrounding white space is trimmed and bidi control marks (LRM, RLM, ALM,
// embeddings and isolates), which copy-paste from RTL text often carries,
// are ignored. Persian month names match with Arabic yeh/kaf, without the
// madda of آ, and with tatweel, ZWNJ or diacritics; English names match case
// insensitively. Errors wrap ErrSyntax, ErrUnknownMonth, ErrYearRange,
// ErrMonthRange or ErrDayRange.
func Parse(s string) (Date, error) {
	d, err := parse(foldDigits(s))
	if err != nil {
		return Date{}, fmt.Errorf("jalali: parsing %q: %w", clip(s), err)
	}
	return d, nil
}

func parse(s string) (Date, error) {
	fields := strings.Fields(s)
	want := 3 // "day month year"
	switch {
	case len(fields) == 0:
		return Date{}, fmt.Errorf("%w: empty input", ErrSyntax)
	case strings.ContainsAny(fields[0], "/-") || len(fields) == 1:
		want = 1 // "year/month/day"
	}
	switch {
	case len(fields) > want:
		return Date{}, fmt.Errorf("%w: unexpected trailing text %q", ErrSyntax, clip(strings.Join(fields[want:], " ")))
	case len(fields) < want:
		return Date{}, fmt.Errorf("%w: want Y/M/D or \"D month Y\"", ErrSyntax)
	case want == 1:
		return parseNumeric(fields[0])
	}
	return parseTextual(fields)
}

// parseNumeric handles Y/M/D and Y-M-D; the two separators may not be mixed.
func parseNumeric(s string) (Date, error) {
	if strings.Contains(s, "/") && strings.Contains(s, "-") {
		return Date{}, fmt.Errorf("%w: mixed separators / and -", ErrSyntax)
	}
	sep := "/"
	if !strings.Contains(s, sep) {
		sep = "-"
	}
	parts := strings.Split(s, sep)
	if len(parts) != 3 {
		return Date{}, fmt.Errorf("%w: want year/month/day", ErrSyntax)
	}
	var v [3]int
	for i, p := range parts {
		n, ok := atoi(p)
		if !ok {
			return Date{}, fmt.Errorf("%w: %q is not a number", ErrSyntax, clip(p))
		}
		v[i] = n
	}
	return v3(v[0], v[1], v[2])
}

// parseTextual handles "day monthname year".
func parseTextual(f []string) (Date, error) {
	day, ok := atoi(f[0])
	if !ok {
		return Date{}, fmt.Errorf("%w: day %q is not a number", ErrSyntax, clip(f[0]))
	}
	m, ok := monthByName()[nameKey(f[1])]
	if !ok {
		return Date{}, fmt.Errorf("%w: %q", ErrUnknownMonth, clip(f[1]))
	}
	year, ok := atoi(f[2])
	if !ok {
		return Date{}, fmt.Errorf("%w: year %q is not a number", ErrSyntax, clip(f[2]))
	}
	return v3(year, m, day)
}

func v3(y, m, d int) (Date, error) {
	if err := validate(y, m, d); err != nil {
		return Date{}, err
	}
	return Date{y, m, d}, nil
}

// atoi parses a non-empty run of ASCII digits. Values saturate at a large
// bound instead of overflowing; validation then reports them out of range.
func atoi(s string) (int, bool) {
	const limit = 1_000_000_000
	if s == "" {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if n < limit {
			n = n*10 + int(c-'0')
		}
	}
	return n, true
}

// foldDigits maps Persian and Arabic-Indic digits to ASCII and drops bidi
// control marks, leaving everything else (including invalid UTF-8) as is.
func foldDigits(s string) string {
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r >= '۰' && r <= '۹':
			sb.WriteByte(byte('0' + r - '۰'))
		case r >= '٠' && r <= '٩':
			sb.WriteByte(byte('0' + r - '٠'))
		case isBidiMark(r):
		default:
			sb.WriteString(s[i : i+size]) // raw bytes, so bad UTF-8 stays bad
		}
		i += size
	}
	return sb.String()
}

func isBidiMark(r rune) bool {
	return r == '\u200e' || r == '\u200f' || r == '\u061c' ||
		(r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// monthByName maps the nameKey of every accepted month spelling to 1..12.
// It is built at the first Parse of a month name, not at start-up.
var monthByName = sync.OnceValue(func() map[string]int {
	m := make(map[string]int)
	for i := range 12 {
		m[nameKey(monthNamesFa[i])] = i + 1
		m[nameKey(monthNamesEn[i])] = i + 1
	}
	// Common alternative spellings.
	for name, month := range map[string]int{
		"امرداد": 5, "Amordad": 5, "Dei": 10,
	} {
		m[nameKey(name)] = month
	}
	return m
})

// nameKey folds the spelling differences that occur in month names typed on
// different keyboards: Arabic yeh and kaf, آ without madda, ZWNJ/ZWJ,
// tatweel, Arabic diacritics, and ASCII letter case.
func nameKey(s string) string {
	var sb strings.Builder
	for _, r := range s {
		switch {
		case r == 'ي' || r == 'ى':
			r = 'ی'
		case r == 'ك':
			r = 'ک'
		case r == 'آ':
			r = 'ا'
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r == '\u200c' || r == '\u200d' || r == 'ـ' ||
			(r >= '\u064b' && r <= '\u0655') || r == '\u0670':
			continue
		}
		sb.WriteRune(r)
	}
	return sb.String()
}

// clip shortens s for error messages so huge inputs do not produce huge
// errors; it cuts on a rune boundary.
func clip(s string) string {
	const maxLen = 40
	if len(s) <= maxLen {
		return s
	}
	cut := maxLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
