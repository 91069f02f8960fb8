package pb

import (
	"math"
	"strconv"
)

// Money in an Instance is an int64 count of 10^-Scale currency units (see
// Instance.Scale). The helpers here turn the decimal text of a .pb file
// into that form and back, exactly: no floating point is involved.

// maxMoneyScale is the largest Scale an instance can have: 10^18 is the
// largest power of ten an int64 holds.
const maxMoneyScale = 18

// FormatMoney writes v, a count of 10^-scale currency units, as a decimal
// with exactly scale digits after the point (none, and no point, when
// scale <= 0): FormatMoney(400000, 0) = "400000", FormatMoney(40000, 1) =
// "4000.0", FormatMoney(12345, 2) = "123.45", FormatMoney(-5, 2) = "-0.05".
func FormatMoney(v int64, scale int) string {
	if scale <= 0 {
		return strconv.FormatInt(v, 10)
	}
	neg := v < 0
	u := uint64(v)
	if neg {
		u = -u // two's complement: also right for math.MinInt64
	}
	digits := strconv.FormatUint(u, 10)
	if len(digits) <= scale {
		pad := make([]byte, scale+1-len(digits))
		for i := range pad {
			pad[i] = '0'
		}
		digits = string(pad) + digits
	}
	cut := len(digits) - scale
	s := digits[:cut] + "." + digits[cut:]
	if neg {
		s = "-" + s
	}
	return s
}

// amount is a non-negative decimal read from the file: mant × 10^-dec, with
// dec the number of significant decimal places (trailing zeros after the
// point dropped, so "4000.0" is {4000, 0} and "123.450" is {12345, 2}).
type amount struct {
	mant int64
	dec  int
}

// parseAmount reads a non-negative decimal number: digits, optionally one
// decimal separator and more digits ("400000", "4000.0", "123.45", ".5",
// "5."). Surrounding spaces are ignored. The separator is a point, or also
// a comma when comma is true (pabutools accepts "12,5" in costs). On
// failure it returns a message saying what was expected.
func parseAmount(s string, comma bool) (amount, string) {
	t := trimSpace(s)
	if t == "" {
		return amount{}, "missing: expected a non-negative number"
	}
	if t[0] == '-' {
		return amount{}, "negative amount " + clip(s) + ": expected a non-negative number"
	}
	var (
		mant      int64
		dec       int
		seenSep   bool
		digits    int
		fracZeros int // zeros after the point not yet known to be significant
	)
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			if seenSep && c == '0' {
				fracZeros++
				continue
			}
			if seenSep && dec+fracZeros+1 > maxMoneyScale {
				return amount{}, "amount " + clip(s) + " has more than 18 significant decimal places"
			}
			// Flush zeros that turned out to be significant, then c.
			for k := 0; k <= fracZeros; k++ {
				d := int64(0)
				if k == fracZeros {
					d = int64(c - '0')
				}
				if mant > (math.MaxInt64-d)/10 {
					return amount{}, "amount " + clip(s) + " is too large"
				}
				mant = mant*10 + d
			}
			if seenSep {
				dec += fracZeros + 1
			}
			fracZeros = 0
		case c == '.' || (c == ',' && comma):
			if seenSep {
				return amount{}, "expected a number, got " + clip(s)
			}
			seenSep = true
		case c == ',':
			return amount{}, "decimal comma in " + clip(s) + ": expected a number with a decimal point"
		default:
			return amount{}, "expected a number, got " + clip(s)
		}
	}
	if digits == 0 {
		return amount{}, "expected a number, got " + clip(s)
	}
	return amount{mant: mant, dec: dec}, ""
}

// pow10 returns 10^n for 0 <= n <= 18.
func pow10(n int) int64 {
	p := int64(1)
	for ; n > 0; n-- {
		p *= 10
	}
	return p
}

// units converts a to a count of 10^-scale units; ok is false when the
// result does not fit an int64 or a has more decimals than scale.
func (a amount) units(scale int) (int64, bool) {
	if a.dec > scale || scale > maxMoneyScale {
		return 0, false
	}
	f := pow10(scale - a.dec)
	if a.mant > math.MaxInt64/f {
		return 0, false
	}
	return a.mant * f, true
}

// unitsRounded converts a to 10^-scale units, rounding down (up when ceil)
// if a has more decimals than scale, and saturating at math.MaxInt64.
func (a amount) unitsRounded(scale int, ceil bool) int64 {
	if scale > maxMoneyScale {
		scale = maxMoneyScale
	}
	if a.dec > scale {
		f := pow10(a.dec - scale)
		q := a.mant / f
		if ceil && a.mant%f != 0 {
			q++
		}
		return q
	}
	v, ok := a.units(scale)
	if !ok {
		return math.MaxInt64
	}
	return v
}

// trimSpace removes ASCII spaces and tabs around s.
func trimSpace(s string) string {
	i, j := 0, len(s)
	for i < j && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	for j > i && (s[j-1] == ' ' || s[j-1] == '\t') {
		j--
	}
	return s[i:j]
}

// clip quotes s for an error message, shortened when long.
func clip(s string) string {
	const limit = 60
	if len(s) > limit {
		cut := limit
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}
