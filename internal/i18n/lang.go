package i18n

import (
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
)

// Lang is an interface language.
type Lang string

const (
	Fa Lang = "fa" // the default: right-to-left, Jalali dates, Persian digits
	En Lang = "en"
)

// Parse returns the language for a code, and whether it is one we serve.
func Parse(code string) (Lang, bool) {
	switch Lang(code) {
	case Fa, En:
		return Lang(code), true
	}
	return Fa, false
}

// Dir is the writing direction for the html dir attribute.
func (l Lang) Dir() string {
	if l == En {
		return "ltr"
	}
	return "rtl"
}

// Other is the language a switch link offers.
func (l Lang) Other() Lang {
	if l == En {
		return Fa
	}
	return En
}

// Name is the language's own name, for the switch link.
func (l Lang) Name() string {
	if l == En {
		return "English"
	}
	return "فارسی"
}

var (
	catalogMu sync.RWMutex
	catalog   = map[string]Text{}
)

// Register adds messages to the catalog. Modules call it from init; a key
// registered twice is a programming error.
func Register(msgs map[string]Text) {
	catalogMu.Lock()
	defer catalogMu.Unlock()
	for k, v := range msgs {
		if _, dup := catalog[k]; dup {
			panic("i18n: message registered twice: " + k)
		}
		catalog[k] = v
	}
}

// Lookup returns the message for key, and whether it exists.
func Lookup(key string) (Text, bool) {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	t, ok := catalog[key]
	return t, ok
}

// Keys lists every registered key (for the catalog completeness test).
func Keys() []string {
	catalogMu.RLock()
	defer catalogMu.RUnlock()
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	return keys
}

// T translates a catalog key. A missing key shows itself bracketed, so that a
// page never breaks but the gap is visible (and a test forbids it).
func (l Lang) T(key string) string {
	if t, ok := Lookup(key); ok {
		return t.In(l)
	}
	return "[" + key + "]"
}

// Tf translates a key whose message holds fmt verbs, formatting numbers in
// the language's digits.
func (l Lang) Tf(key string, args ...any) string {
	return l.Digits(fmt.Sprintf(l.T(key), args...))
}

// Text picks a bilingual text's message.
func (l Lang) Text(t Text) string { return t.In(l) }

// Num formats an integer with thousands separators in the language's digits.
func (l Lang) Num(n int64) string {
	if l == En {
		return persian.FormatIntEn(n)
	}
	return persian.FormatInt(n)
}

// Int formats an integer without separators (years, counts, district numbers).
func (l Lang) Int(n int) string { return l.Digits(strconv.Itoa(n)) }

// Digits renders the digits of s in the language's script.
func (l Lang) Digits(s string) string {
	if l == En {
		return persian.ToASCIIDigits(s)
	}
	return persian.ToPersianDigits(s)
}

// Date formats an instant's calendar day in Tehran time: Jalali in prose for
// Persian ("۳۰ آبان ۱۴۰۵"), Gregorian for English ("21 Nov 2026").
func (l Lang) Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(jalali.Tehran())
	if l == En {
		return t.Format("2 Jan 2006")
	}
	return jalali.FromTime(t).FormatFa()
}

// DateNumeric formats an instant's day for tables: "۱۴۰۵/۰۸/۳۰" or "2026-11-21".
func (l Lang) DateNumeric(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(jalali.Tehran())
	if l == En {
		return t.Format("2006-01-02")
	}
	return jalali.FromTime(t).NumericFa()
}

// DateTime formats an instant with its Tehran wall-clock time.
func (l Lang) DateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return l.DateNumeric(t) + " " + l.Digits(t.In(jalali.Tehran()).Format("15:04"))
}
