// Package iranid validates and normalizes the Iranian identifiers a resident
// types into a form: the national ID (کد ملی), the mobile number and the
// postal code (کد پستی).
//
// People type these in ASCII, Persian (۰–۹) or Arabic-Indic (٠–٩) digits,
// with spaces, dashes and, when pasted from right-to-left text, invisible
// direction marks. Every function here accepts all of that and returns a
// canonical ASCII string. The results are strings, never integers: leading
// zeros are significant.
//
// The errors are sentinels so that callers can map each to a bilingual message
// (for example "کد ملی باید ۱۰ رقم باشد" / "The national ID must have 10
// digits").
package iranid

import (
	"errors"
	"strings"
	"unicode"
)

var (
	// ErrNationalIDFormat: the national ID is not exactly 10 digits.
	ErrNationalIDFormat = errors.New("iranid: national ID must be exactly 10 digits")
	// ErrNationalIDChecksum: 10 digits, but the check digit does not match,
	// or all ten digits are the same (such codes pass the arithmetic but are
	// never issued).
	ErrNationalIDChecksum = errors.New("iranid: national ID check digit is wrong")
	// ErrMobileFormat: not an Iranian mobile number (09 followed by 9 digits,
	// in one of the accepted international or short forms).
	ErrMobileFormat = errors.New("iranid: not a valid Iranian mobile number")
	// ErrPostalCodeFormat: not 10 digits, or 0 or 2 among the first five.
	ErrPostalCodeFormat = errors.New("iranid: not a valid Iranian postal code")
)

// foldDigits returns s with every separator removed and every digit, in any
// of the three scripts, turned into ASCII. Anything else is kept so the
// caller's length and digit checks reject it. Removed as separators:
// whitespace (including NBSP), format characters such as ZWNJ and the
// direction marks LRM/RLM/ALM that copy-paste from right-to-left text adds,
// the ASCII hyphen and the Unicode dashes and minus sign, and, when
// parens is true, the parentheses of phone numbers.
func foldDigits(s string, parens bool) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '۰' && r <= '۹':
			b.WriteRune('0' + (r - '۰'))
		case r >= '٠' && r <= '٩':
			b.WriteRune('0' + (r - '٠'))
		case r == '-', r >= '\u2010' && r <= '\u2015', r == '\u2212':
			// dash between digit groups: 12345-67890
		case parens && (r == '(' || r == ')'):
			// (0912) 123 4567
		case unicode.IsSpace(r), unicode.Is(unicode.Cf, r):
			// spaces between groups, invisible marks from pasting
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// allASCIIDigits reports whether s is non-empty and made only of 0–9.
func allASCIIDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// NormalizeNationalID checks a national ID (کد ملی) and returns it as 10
// ASCII digits. Digits may be ASCII, Persian or Arabic-Indic; spaces, dashes
// and invisible marks anywhere are ignored. Anything that is not then exactly
// 10 digits is ErrNationalIDFormat: 8- or 9-digit input is not zero-padded,
// because the padded forms of typos would otherwise slip through.
//
// The last digit is a check digit: with d0…d9 from the left,
// s = Σ d_i·(10−i) for i = 0…8 and r = s mod 11; d9 must be r when r < 2,
// else 11 − r. The ten codes of one repeated digit pass that arithmetic but
// are not real IDs. Both failures are ErrNationalIDChecksum.
func NormalizeNationalID(s string) (string, error) {
	id := foldDigits(s, false)
	if len(id) != 10 || !allASCIIDigits(id) {
		return "", ErrNationalIDFormat
	}
	if strings.Count(id, id[:1]) == 10 {
		return "", ErrNationalIDChecksum
	}
	if id[9]-'0' != nationalIDCheckDigit(id) {
		return "", ErrNationalIDChecksum
	}
	return id, nil
}

// nationalIDCheckDigit computes the check digit from the first nine digits of
// a 10-digit ASCII string.
func nationalIDCheckDigit(id string) byte {
	sum := 0
	for i := 0; i < 9; i++ {
		sum += int(id[i]-'0') * (10 - i)
	}
	r := sum % 11
	if r < 2 {
		return byte(r)
	}
	return byte(11 - r)
}

// ValidNationalID reports whether NormalizeNationalID accepts s.
func ValidNationalID(s string) bool {
	_, err := NormalizeNationalID(s)
	return err == nil
}

// NormalizeMobile checks an Iranian mobile number and returns its canonical
// national form "09" + 9 digits, e.g. "09121234567". Accepted, in any digit
// script and with spaces, dashes, parentheses and invisible marks ignored:
//
//	09121234567      national form
//	+989121234567    international, with +
//	00989121234567   international, with the 00 exit code
//	989121234567     international without a prefix
//	9121234567       the 10 digits after the trunk 0
//
// Anything else, including landlines (021…) and "+98 0912…", is
// ErrMobileFormat. The operator prefix (0912, 0935, …) is not checked against
// a list: new ranges keep being issued, and a stale list would lock out real
// subscribers.
func NormalizeMobile(s string) (string, error) {
	t := foldDigits(s, true)
	plus := strings.HasPrefix(t, "+")
	if plus {
		t = t[1:]
	}
	if !allASCIIDigits(t) {
		return "", ErrMobileFormat
	}
	var rest string // the 10 digits starting with 9
	switch {
	case plus:
		// "+" must be followed by the country code 98.
		if len(t) == 12 && strings.HasPrefix(t, "989") {
			rest = t[2:]
		}
	case len(t) == 14 && strings.HasPrefix(t, "00989"):
		rest = t[4:]
	case len(t) == 12 && strings.HasPrefix(t, "989"):
		rest = t[2:]
	case len(t) == 11 && strings.HasPrefix(t, "09"):
		rest = t[1:]
	case len(t) == 10 && t[0] == '9':
		rest = t
	}
	if rest == "" {
		return "", ErrMobileFormat
	}
	return "0" + rest, nil
}

// MobileE164 turns a mobile number into the E.164 form SMS gateways want:
// "09121234567" → "+989121234567". It takes the canonical form returned by
// NormalizeMobile, but accepts anything NormalizeMobile accepts; for input
// that is not a mobile number it returns "".
func MobileE164(canonical string) string {
	n, err := NormalizeMobile(canonical)
	if err != nil {
		return ""
	}
	return "+98" + n[1:]
}

// NormalizePostalCode checks an Iranian postal code (کد پستی) and returns it
// as 10 ASCII digits. It is often written 12345-67890; digits may be in any
// script, and spaces, dashes and invisible marks are ignored. Iran Post does
// not use the digits 0 and 2 in the first five (the route/area part), so the
// strict rule is ^[13-9]{5}[0-9]{5}$. Folk validators add further clauses
// with no official source; they are not applied here.
func NormalizePostalCode(s string) (string, error) {
	p := foldDigits(s, false)
	if len(p) != 10 || !allASCIIDigits(p) {
		return "", ErrPostalCodeFormat
	}
	for i := 0; i < 5; i++ {
		if p[i] == '0' || p[i] == '2' {
			return "", ErrPostalCodeFormat
		}
	}
	return p, nil
}
