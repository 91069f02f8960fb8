// Package jalali implements the Jalali (Solar Hijri, Persian) calendar used
// in Iran: conversion to and from the Gregorian calendar, formatting in
// Persian and English, and parsing of the usual written forms.
//
// Leap years follow the 33-year arithmetic rule, a leap year being one with
// (25*y+11) mod 33 < 8. This is the rule used by ICU and jalaali-js, and it
// matches the official University of Tehran list for 1206..1498 AP. The
// 2820-year (Birashk) rule is deliberately not used: it is wrong for 1403/1404.
package jalali

import (
	"errors"
	"fmt"
	"time"
)

// Date is a day in the Jalali calendar. Month is 1..12 (Farvardin..Esfand).
// The zero Date is not valid; use New or Valid to check values from outside.
type Date struct{ Year, Month, Day int }

// MinYear and MaxYear bound the years that New, Valid and Parse accept, so
// that every day-count computation stays far away from integer overflow.
// 1..3000 AP is 622..3621 CE.
const (
	MinYear = 1
	MaxYear = 3000
)

// Sentinel errors. New and Parse wrap them with details, so callers test with
// errors.Is and humans read the full message.
var (
	ErrSyntax       = errors.New("invalid date syntax")
	ErrYearRange    = errors.New("year out of range")
	ErrMonthRange   = errors.New("month out of range")
	ErrDayRange     = errors.New("day out of range")
	ErrUnknownMonth = errors.New("unknown month name")
)

// New returns the date y/m/d, or an error wrapping ErrYearRange,
// ErrMonthRange or ErrDayRange.
func New(y, m, d int) (Date, error) {
	if err := validate(y, m, d); err != nil {
		return Date{}, fmt.Errorf("jalali: %w", err)
	}
	return Date{y, m, d}, nil
}

// validate returns an unprefixed error so that New and Parse can each add
// their own context.
func validate(y, m, d int) error {
	switch {
	case y < MinYear || y > MaxYear:
		return fmt.Errorf("%w: %d not in %d..%d", ErrYearRange, y, MinYear, MaxYear)
	case m < 1 || m > 12:
		return fmt.Errorf("%w: %d not in 1..12", ErrMonthRange, m)
	case m == 12 && d == 30 && !IsLeap(y):
		return fmt.Errorf("%w: %s 30 does not exist, %d is not a leap year", ErrDayRange, MonthNameEn(m), y)
	case d < 1 || d > MonthLength(y, m):
		return fmt.Errorf("%w: %s has %d days, not %d", ErrDayRange, MonthNameEn(m), MonthLength(y, m), d)
	}
	return nil
}

// Valid reports whether d is a real calendar day within MinYear..MaxYear.
func (d Date) Valid() bool { return validate(d.Year, d.Month, d.Day) == nil }

// IsLeap reports whether Jalali year y has 366 days (Esfand 30 exists).
func IsLeap(year int) bool { return floorMod(25*year+11, 33) < 8 }

// MonthLength returns the number of days in month (1..12) of year, or 0 for a
// month outside 1..12. The first six months have 31 days, the next five 30,
// and Esfand 29 or 30.
func MonthLength(year, month int) int {
	switch {
	case month >= 1 && month <= 6:
		return 31
	case month >= 7 && month <= 11:
		return 30
	case month == 12 && IsLeap(year):
		return 30
	case month == 12:
		return 29
	}
	return 0
}

// Day numbers: the conversions go through a count of days, so that both
// directions are exact integer arithmetic with no iteration over years.
const (
	daysPerCycle = 33*365 + 8 // a 33-year cycle has exactly 8 leap years
	// unixDayOfEpoch is the days since 1970-01-01 of 1/1/1 AP (622-03-21
	// proleptic Gregorian), anchored on 1404/1/1 = 2025-03-21.
	unixDayOfEpoch = -492268
)

// leapsThrough counts leap years in 1..n (negative for n < 0). Closed form of
// the sum of IsLeap: since 25 ≡ -8 (mod 33), year k is leap exactly when
// floor((8k+29)/33) steps up at k.
func leapsThrough(n int) int { return floorDiv(8*n+29, 33) }

// daysBeforeYear is the number of days from 1/1/1 to y/1/1.
func daysBeforeYear(y int) int { return 365*(y-1) + leapsThrough(y-1) }

// daysBeforeMonth is the number of days from the start of the year to m/1.
func daysBeforeMonth(m int) int {
	if m <= 7 {
		return 31 * (m - 1)
	}
	return 186 + 30*(m-7)
}

// unixDay returns d as days since 1970-01-01 (the Unix epoch day).
func (d Date) unixDay() int {
	return daysBeforeYear(d.Year) + daysBeforeMonth(d.Month) + d.Day - 1 + unixDayOfEpoch
}

// fromUnixDay is the inverse of unixDay. Cycle q (years 33q+1..33q+33)
// starts exactly q*daysPerCycle days after 1/1/1, so splitting by cycle first
// keeps the arithmetic small for any input and bounds the year search to
// the 33 years of one cycle (in practice one step).
func fromUnixDay(u int) Date {
	n := u - unixDayOfEpoch // days since 1/1/1
	q, r := floorDiv(n, daysPerCycle), floorMod(n, daysPerCycle)
	k := r / 366 // year offset in the cycle, at most one too small
	for k < 32 && daysBeforeYear(k+2) <= r {
		k++
	}
	doy := r - daysBeforeYear(k+1) // 0-based day of year
	m := 1
	for m < 12 && daysBeforeMonth(m+1) <= doy {
		m++
	}
	return Date{Year: 33*q + k + 1, Month: m, Day: doy - daysBeforeMonth(m) + 1}
}

// FromGregorian converts a Gregorian date. Out-of-range month or day values
// are normalized the way time.Date does (e.g. February 30 is March 1 or 2).
func FromGregorian(y int, m time.Month, day int) Date {
	secs := time.Date(y, m, day, 0, 0, 0, 0, time.UTC).Unix()
	return fromUnixDay(int(floorDiv64(secs, 86400)))
}

// Gregorian returns the proleptic Gregorian year, month and day of d.
func (d Date) Gregorian() (int, time.Month, int) {
	return time.Unix(int64(d.unixDay())*86400, 0).UTC().Date()
}

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Weekday(floorMod(d.unixDay()+4, 7)) // 1970-01-01 was a Thursday
}

// AddDays returns the date n days after d (before d if n is negative).
func (d Date) AddDays(n int) Date { return fromUnixDay(d.unixDay() + n) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return sign(d.Year - o.Year)
	case d.Month != o.Month:
		return sign(d.Month - o.Month)
	}
	return sign(d.Day - o.Day)
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// floorDiv and floorMod round toward minus infinity, which the day-count
// formulas need for dates before their epochs. The divisor must be positive.
func floorDiv(a, b int) int {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}

func floorMod(a, b int) int {
	r := a % b
	if r < 0 {
		r += b
	}
	return r
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b < 0 {
		q--
	}
	return q
}
