package persian

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	persianThousands = '\u066c' // ٬ ARABIC THOUSANDS SEPARATOR, the Persian digit-group mark
)

// ToPersianDigits replaces ASCII digits 0–9 and Arabic-Indic digits ٠–٩ with
// Persian digits ۰–۹ and leaves every other character as it is. The Persian
// interface shows numbers in Persian digits; Arabic-Indic ٤ ٥ ٦ look different
// from Persian ۴ ۵ ۶, so they are converted too.
func ToPersianDigits(s string) string {
	return mapDigits(s, func(r rune) rune {
		switch {
		case r >= '0' && r <= '9':
			return persian0 + (r - '0')
		case r >= arabic0 && r <= arabic0+9:
			return persian0 + (r - arabic0)
		}
		return r
	})
}

// ToASCIIDigits replaces Persian digits ۰–۹ and Arabic-Indic digits ٠–٩ with
// ASCII 0–9 and leaves every other character as it is. People type IDs, phone
// numbers and amounts in any of the three scripts; code that parses them wants
// ASCII.
func ToASCIIDigits(s string) string {
	return mapDigits(s, func(r rune) rune {
		switch {
		case r >= persian0 && r <= persian0+9:
			return '0' + (r - persian0)
		case r >= arabic0 && r <= arabic0+9:
			return '0' + (r - arabic0)
		}
		return r
	})
}

// mapDigits applies f to every rune of s, allocating only when f changes
// something. Invalid UTF-8 bytes are copied through untouched.
func mapDigits(s string, f func(rune) rune) string {
	// Find the first rune that changes; most strings have none.
	first := -1
	for i, r := range s {
		if r == utf8.RuneError {
			continue
		}
		if f(r) != r {
			first = i
			break
		}
	}
	if first < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:first])
	for i := first; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 {
			b.WriteString(s[i : i+size]) // keep a broken byte as it was
		} else {
			b.WriteRune(f(r))
		}
		i += size
	}
	return b.String()
}

// FormatInt writes n in Persian digits with the Persian thousands separator
// U+066C (٬) between groups of three: 1250000 → "۱٬۲۵۰٬۰۰۰". A negative
// number gets a leading ASCII hyphen-minus "-" (U+002D), which every font has;
// wrap the result in <bdi> in right-to-left text so the sign stays on the
// number's left.
func FormatInt(n int64) string {
	return formatGrouped(n, persian0, persianThousands)
}

// FormatIntEn writes n in ASCII digits with a comma between groups of three:
// 1250000 → "1,250,000", -1250000 → "-1,250,000".
func FormatIntEn(n int64) string {
	return formatGrouped(n, '0', ',')
}

func formatGrouped(n int64, zero, sep rune) string {
	// Work on the magnitude as uint64 so math.MinInt64 has no overflow.
	u := uint64(n)
	if n < 0 {
		u = -u
	}
	// At most 20 digits and 6 separators, each at most 3 bytes in UTF-8,
	// plus the sign: 79 bytes. Fill from the right.
	var buf [80]byte
	i := len(buf)
	for digits := 0; ; digits++ {
		if digits > 0 && digits%3 == 0 {
			i -= utf8.RuneLen(sep)
			utf8.EncodeRune(buf[i:], sep)
		}
		d := zero + rune(u%10)
		i -= utf8.RuneLen(d)
		utf8.EncodeRune(buf[i:], d)
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// StripNumber folds a typed number's digits to ASCII and drops what people
// type or paste inside numbers: thousands separators (, ٬ ، '), spaces,
// ZWNJ and the bidi marks copy-paste from right-to-left text carries.
func StripNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ',', '٬', '،', '\'', ' ', '\u00a0', '\u200c', '\u200e', '\u200f':
			return -1
		}
		return r
	}, ToASCIIDigits(strings.TrimSpace(s)))
}

// ParseWhole reads a whole number of zero or more typed in any digit
// script, with or without separators ("۱۲۰٬۰۰۰٬۰۰۰", "120,000,000").
// Empty input is 0 and ok; forms that require a value check for it first.
// Signs are refused: every figure people type here is a count or an
// amount.
func ParseWhole(s string) (int64, bool) {
	s = StripNumber(s)
	if s == "" {
		return 0, true
	}
	if strings.ContainsAny(s, "+-") {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
