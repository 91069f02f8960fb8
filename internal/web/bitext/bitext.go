// Package bitext holds what the practices library and the services
// catalog share about their texts: each is written in Persian with an
// optional English version, shown in the page's language when the author
// gave it and in Persian, marked as such, otherwise; and each is found by
// a Persian-normalized search over a stored key.
package bitext

import (
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Shown is one text as a page shows it: the words and, when they are not
// in the page's language, the language they are in ("fa"), for the
// element's lang and dir attributes.
type Shown struct {
	Text string
	Lang string // "" when the text is in the page's language
}

// Show picks en on an English page when the author gave it, else fa.
func Show(l i18n.Lang, fa, en string) Shown {
	if l == i18n.En && strings.TrimSpace(en) == "" && fa != "" {
		return Shown{Text: fa, Lang: "fa"}
	}
	return Shown{Text: i18n.Text{Fa: fa, En: en}.In(l)}
}

// Key is the stored search key of texts: each text's persian.SearchKey,
// English lower-cased, joined by spaces. SearchKey drops spaces inside a
// text, so the joining spaces keep one search word from matching across
// two texts.
func Key(texts ...string) string {
	keys := make([]string, 0, len(texts))
	for _, t := range texts {
		if k := persian.SearchKey(strings.ToLower(t)); k != "" {
			keys = append(keys, k)
		}
	}
	return strings.Join(keys, " ")
}

// likeEscaper makes a key's LIKE wildcards literal.
var likeEscaper = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`)

// Search adds to w the conditions that a search asks of column: one LIKE
// per word typed, all of them to match (none when no word was typed).
// Words are split before they are keyed, so "بودجه مشارکتی" finds
// "بودجه‌ریزی مشارکتی".
func Search(w *store.Where, column, query string) {
	for _, word := range strings.Fields(persian.Normalize(query)) {
		if k := persian.SearchKey(strings.ToLower(word)); k != "" {
			w.Add(column+` LIKE ? ESCAPE '\'`, "%"+likeEscaper.Replace(k)+"%")
		}
	}
}

// Invalid is a form error on one field, in both languages.
func Invalid(field, fa, en string) *apperr.Error {
	e := apperr.New(apperr.Invalid, fa, en)
	e.Fields = append(e.Fields, apperr.Field{Name: field, Msg: e.Msg})
	return e
}

// Phone reports whether s reads as a telephone number: digits in any
// script, with spaces, hyphens and a leading-plus allowed, three (a short
// number such as 137) to twenty digits.
func Phone(s string) bool {
	digits := 0
	for _, r := range persian.ToASCIIDigits(s) {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == ' ' || r == '-' || r == '+':
		default:
			return false
		}
	}
	return digits >= 3 && digits <= 20
}
