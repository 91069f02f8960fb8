package jalali

import (
	"strconv"
	"time"
)

var monthNamesFa = [12]string{
	"فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور",
	"مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
}

var monthNamesEn = [12]string{
	"Farvardin", "Ordibehesht", "Khordad", "Tir", "Mordad", "Shahrivar",
	"Mehr", "Aban", "Azar", "Dey", "Bahman", "Esfand",
}

// Indexed by time.Weekday (Sunday = 0). The Persian week starts on Saturday.
var weekdayNamesFa = [7]string{
	"یکشنبه", "دوشنبه", "سه\u200cشنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه",
}

// MonthNameFa returns the Persian name of month m (1..12). Like
// time.Month.String, it returns "%!Month(m)" for other values instead of
// panicking.
func MonthNameFa(m int) string {
	if m < 1 || m > 12 {
		return badName("Month", m)
	}
	return monthNamesFa[m-1]
}

// MonthNameEn returns the English transliteration of month m (1..12), or
// "%!Month(m)" for other values.
func MonthNameEn(m int) string {
	if m < 1 || m > 12 {
		return badName("Month", m)
	}
	return monthNamesEn[m-1]
}

// WeekdayNameFa returns the Persian name of w, or "%!Weekday(w)" if w is not
// a valid time.Weekday.
func WeekdayNameFa(w time.Weekday) string {
	if w < time.Sunday || w > time.Saturday {
		return badName("Weekday", int(w))
	}
	return weekdayNamesFa[w]
}

func badName(kind string, v int) string {
	return "%!" + kind + "(" + strconv.Itoa(v) + ")"
}

// String returns d as "1405/08/30": year padded to 4 digits, month and day
// to 2, ASCII digits. Parse accepts this form back.
func (d Date) String() string {
	var buf [32]byte // on the stack: the only allocation is the result
	b := appendPadded(buf[:0], d.Year, 4)
	b = append(b, '/')
	b = appendPadded(b, d.Month, 2)
	b = append(b, '/')
	b = appendPadded(b, d.Day, 2)
	return string(b)
}

// Numeric is the same as String; it exists to pair with NumericFa.
func (d Date) Numeric() string { return d.String() }

// NumericFa returns d as "۱۴۰۵/۰۸/۳۰" (String with Persian digits).
func (d Date) NumericFa() string { return persianDigits(d.String()) }

// FormatFa returns d as "۳۰ آبان ۱۴۰۵": day without padding, Persian month
// name, Persian digits.
func (d Date) FormatFa() string {
	var buf [64]byte // on the stack: the only allocation is the result
	b := appendIntFa(buf[:0], d.Day)
	b = append(b, ' ')
	b = append(b, MonthNameFa(d.Month)...)
	b = append(b, ' ')
	b = appendIntFa(b, d.Year)
	return string(b)
}

// FormatEn returns d as "30 Aban 1405".
func (d Date) FormatEn() string {
	return strconv.Itoa(d.Day) + " " + MonthNameEn(d.Month) + " " + strconv.Itoa(d.Year)
}

// appendPadded appends v in decimal, left-padded with zeros to width.
// Negative values (only possible in invalid Dates) keep their sign.
func appendPadded(b []byte, v, width int) []byte {
	var num [24]byte
	digits := strconv.AppendInt(num[:0], int64(v), 10)
	if v < 0 {
		b = append(b, '-')
		digits = digits[1:]
	}
	for i := len(digits); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, digits...)
}

// appendIntFa appends v in decimal with Persian digits.
func appendIntFa(b []byte, v int) []byte {
	var num [24]byte
	return appendPersianDigits(b, strconv.AppendInt(num[:0], int64(v), 10))
}

// persianDigits replaces ASCII digits with Persian ones (U+06F0..U+06F9).
func persianDigits(s string) string {
	return string(appendPersianDigits(make([]byte, 0, 2*len(s)), []byte(s)))
}

// appendPersianDigits appends src with each ASCII digit replaced by its
// two-byte UTF-8 Persian form (U+06F0 is 0xDB 0xB0, up to U+06F9 0xDB 0xB9).
func appendPersianDigits(b, src []byte) []byte {
	for _, c := range src {
		if c >= '0' && c <= '9' {
			b = append(b, 0xDB, 0xB0+c-'0')
		} else {
			b = append(b, c)
		}
	}
	return b
}
