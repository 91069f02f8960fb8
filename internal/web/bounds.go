package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
)

// Bound is the limit on one field of a form: a text's length or a whole
// number's range. Every field a person types is bounded at the edge, so
// that no form stores a 15 MB description or a fee that overflows when it
// is multiplied, and a refusal names the field and its limit in both
// languages. A route lists its form's bounds (Route.Form); ParseForm and
// CheckForm refuse a form outside them before the handler reads it.
type Bound struct {
	Name     string // the field's name in the form
	Label    string // the catalog key of its label, which messages name
	Number   bool   // a whole number from Min to Max; else a text of at most Max characters
	Min, Max int64
	Required bool // an empty field is refused too
}

// Text bounds a text field to maxRunes characters, counted once the text
// is normalized as it is stored (see normalizeText).
func Text(name, label string, maxRunes int) Bound {
	return Bound{Name: name, Label: label, Max: int64(maxRunes)}
}

// Number bounds a whole number typed in any digits to lo..hi; an empty
// field is an absent number.
func Number(name, label string, lo, hi int64) Bound {
	return Bound{Name: name, Label: label, Number: true, Min: lo, Max: hi}
}

// Require is b with an empty field refused.
func (b Bound) Require() Bound {
	b.Required = true
	return b
}

// Limits several modules' forms share, in characters.
const (
	MaxTitle  = 200  // a title or a name, on one line
	MaxReason = 2000 // a reason, a note, a reference's wording
	MaxEmail  = 254  // an email address (RFC 5321's longest path)
	MaxPhone  = 32   // a telephone number with its spaces and signs
	MaxURL    = 2000 // a web address
)

// Fields are the bounds of one form's fields. A field sent several times
// (a list of rows) has every value bounded.
type Fields []Bound

// urlEncodedRune is the most bytes one character of a form's text takes
// on the wire: a Persian letter is two bytes of UTF-8, each written %XX.
const urlEncodedRune = 6

// maxNumberBytes is the most a whole number takes on the wire: 19 digits
// in a two-byte script, a sign and six separators, each written %XX.
const maxNumberBytes = 26 * urlEncodedRune

// bodySize is how large a body of these fields, filled to their limits in
// Persian, may be.
func (fs Fields) bodySize() int64 {
	var n int64
	for _, b := range fs {
		n += int64(len(b.Name)) + 2
		if b.Number {
			n += maxNumberBytes
		} else {
			n += b.Max * urlEncodedRune
		}
	}
	return n
}

// check refuses a form with values outside their bounds, with one error
// that names every field refused.
func (fs Fields) check(form url.Values) error {
	var bad []apperr.Field
	for _, b := range fs {
		if msg, ok := b.check(form); !ok {
			bad = append(bad, apperr.Field{Name: b.Name, Msg: msg})
		}
	}
	if len(bad) == 0 {
		return nil
	}
	fa, en := make([]string, len(bad)), make([]string, len(bad))
	for i, f := range bad {
		fa[i], en[i] = f.Msg.Fa, f.Msg.En
	}
	e := apperr.New(apperr.OutOfBounds, strings.Join(fa, " "), strings.Join(en, " "))
	e.Fields = bad
	return e
}

// check bounds every value of b's field in form.
func (b Bound) check(form url.Values) (i18n.Text, bool) {
	given := false
	for _, v := range form[b.Name] {
		if !b.Number {
			v = normalizeText(v)
		}
		if strings.TrimSpace(v) == "" {
			continue
		}
		given = true
		if msg, ok := b.checkOne(v); !ok {
			return msg, false
		}
	}
	if b.Required && !given {
		return b.requiredMessage(), false
	}
	return i18n.Text{}, true
}

// checkOne bounds one value that is not empty.
func (b Bound) checkOne(v string) (i18n.Text, bool) {
	if !b.Number {
		if n := utf8.RuneCountInString(v); int64(n) > b.Max {
			return b.lengthMessage(n), false
		}
		return i18n.Text{}, true
	}
	if n, ok := ParseNumber(v); !ok || n < b.Min || n > b.Max {
		return b.rangeMessage(), false
	}
	return i18n.Text{}, true
}

// normalizeText is a text as it is counted: the line breaks browsers send
// (CR LF) as one, combining sequences composed (NFC), so that a character
// counts as a reader sees it, and the ends trimmed, as every module trims.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	return strings.TrimSpace(s)
}

// ParseNumber reads a whole number as people type it: Persian, Arabic or
// ASCII digits, with or without thousands separators and spaces, with an
// optional sign before it. ok is false for anything else, and for a number
// int64 cannot hold.
func ParseNumber(s string) (n int64, ok bool) {
	s = persian.StripNumber(s)
	sign := ""
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "-"):
		s, sign = s[1:], "-"
	case strings.HasPrefix(s, "\u2212"): // the minus sign word processors type
		s, sign = s[len("\u2212"):], "-"
	}
	if s == "" || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.ParseInt(sign+s, 10, 64)
	return n, err == nil
}

// FormInt is a whole-number field of a checked form, 0 when it is empty;
// the route's bound has refused any other value already.
func FormInt(r *http.Request, name string) int64 {
	n, _ := ParseNumber(r.PostFormValue(name))
	return n
}

// label is the field's label in both languages; its name when the
// catalog has none.
func (b Bound) label() i18n.Text {
	if t, ok := i18n.Lookup(b.Label); ok {
		return t
	}
	return i18n.Text{Fa: b.Name, En: b.Name}
}

func (b Bound) lengthMessage(n int) i18n.Text {
	l := b.label()
	return i18n.Text{
		Fa: fmt.Sprintf("«%s» حداکثر %s نویسه است؛ متن فرستاده‌شده %s نویسه دارد.", l.Fa, persian.FormatInt(b.Max), persian.FormatInt(int64(n))),
		En: fmt.Sprintf("%s must be at most %s characters; the text sent has %s.", l.En, persian.FormatIntEn(b.Max), persian.FormatIntEn(int64(n))),
	}
}

func (b Bound) rangeMessage() i18n.Text {
	l := b.label()
	return i18n.Text{
		Fa: fmt.Sprintf("«%s» باید عددی درست از %s تا %s باشد.", l.Fa, persian.FormatInt(b.Min), persian.FormatInt(b.Max)),
		En: fmt.Sprintf("%s must be a whole number from %s to %s.", l.En, persian.FormatIntEn(b.Min), persian.FormatIntEn(b.Max)),
	}
}

func (b Bound) requiredMessage() i18n.Text {
	l := b.label()
	return i18n.Text{Fa: fmt.Sprintf("«%s» را پر کنید.", l.Fa), En: fmt.Sprintf("%s is required.", l.En)}
}
