package budgeting

import (
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
)

// Bounds on the numbers people type into budgeting.
//
// Every amount of money is at most MaxRials, far above any
// participatory budget, so that a sum of the few thousand amounts a
// heading can hold stays far inside int64; sums are bounded as they grow
// as well (addWithin in ballot.go). The limits a process sets on its
// ballots are bounded too, so the points and choice counts a ballot is
// checked against are small numbers.
const (
	MaxRials int64 = 1_000_000_000_000_000 // 10^15 rials

	maxBallotChoices = 1_000  // the fewest and the most projects a ballot names, as staff set them
	maxBallotPoints  = 10_000 // the points a cumulative ballot spreads
)

// bound is a number field's limits: its form name, what it is in words
// (to start a sentence), the least and the most it may be, and whether
// it is an amount of rials.
type bound struct {
	field       string
	fa, en      string
	least, most int64
	rials       bool
}

// check refuses a number outside the bound, naming the field and the
// limits.
func (b bound) check(n int64) error {
	if n < b.least || n > b.most {
		return errBound(b)
	}
	return nil
}

// read takes a number as people type it: Persian, Arabic or ASCII
// digits, with or without thousands separators, and "ریال" after an
// amount. Anything but digits is notDigits; digits past the bound, even
// past int64, are the bound's error, which says what the limits are.
func (b bound) read(typed string, notDigits error) (int64, error) {
	s := strings.TrimSuffix(persian.StripNumber(typed), "ریال")
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, notDigits
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil { // digits only: the number is past int64
		return 0, errBound(b)
	}
	return n, b.check(n)
}

// checkBounds applies the bounds to a process: its ballots' limits, each
// heading's budget and their sum.
func (p Process) checkBounds() error {
	for _, n := range []struct {
		b bound
		v int
	}{{minChoices, p.MinChoices}, {maxChoices, p.MaxChoices}, {maxPoints, p.MaxPoints}} {
		if err := n.b.check(int64(n.v)); err != nil {
			return err
		}
	}
	var total int64
	for _, h := range p.Headings {
		if err := headingBudget.check(h.Budget); err != nil {
			return err
		}
		var ok bool
		if total, ok = addWithin(total, h.Budget, MaxRials); !ok {
			return errBound(processBudget)
		}
	}
	return nil
}

// typedNumber reads a number typed beside a project on a ballot: 0 when
// nothing is typed, else a whole number within b.
func typedNumber(typed string, b bound) (int64, error) {
	if strings.TrimSpace(typed) == "" {
		return 0, nil
	}
	return b.read(typed, errBound(b))
}
