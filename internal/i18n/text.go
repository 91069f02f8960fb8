// Package i18n holds the two interface languages (Persian first, English beside
// it), the message catalogs, and the locale-aware formatting that templates use
// at the last step of rendering: Jalali or Gregorian dates, Persian or ASCII
// digits.
package i18n

// Text is one message in both interface languages. Domain code returns Text
// rather than a bare string so that whoever renders it picks the language.
type Text struct {
	Fa string
	En string
}

// In returns the message in the given language, falling back to Persian.
func (t Text) In(l Lang) string {
	if l == En && t.En != "" {
		return t.En
	}
	return t.Fa
}
