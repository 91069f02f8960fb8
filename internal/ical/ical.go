// Package ical writes iCalendar (RFC 5545) content lines: TEXT values
// escaped, lines folded at 75 octets, instants in UTC. It is pure, so it is
// fuzzed on its own; the events module's feed (and, later, the council's
// sessions) are written with it.
package ical

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxLineOctets is how long a content line may be, CRLF excluded (§3.1).
const MaxLineOctets = 75

// Text escapes a TEXT value (§3.3.11): backslash, semicolon and comma
// escaped, every newline (CRLF, LF or a lone CR) as \n, and other control
// characters, which TEXT may not hold, dropped. Invalid UTF-8 becomes
// U+FFFD, since a feed is declared UTF-8.
func Text(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r == '\t' || (r >= 0x20 && r != 0x7f):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Time is an instant in UTC, as DTSTART, DTEND and DTSTAMP carry it.
func Time(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Writer gathers a calendar's content lines.
type Writer struct{ b strings.Builder }

// Line writes the content line "name:value" (value already escaped where
// it is TEXT), ending in CRLF, folded so that no line is longer than 75
// octets: each continuation starts with a space, and a fold never falls
// inside a UTF-8 character.
func (w *Writer) Line(name, value string) {
	line := name + ":" + value
	limit := MaxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > limit-utf8.UTFMax && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.b.WriteString(line[:cut])
		w.b.WriteString("\r\n ")
		line = line[cut:]
		limit = MaxLineOctets - 1 // the leading space counts
	}
	w.b.WriteString(line)
	w.b.WriteString("\r\n")
}

// String is everything written so far.
func (w *Writer) String() string { return w.b.String() }

// WriteTo writes the calendar to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	n, err := io.WriteString(out, w.b.String())
	return int64(n), err
}

// CheckLines reports the first way folded breaks the rules of content
// lines that a reader relies on: every line ends in CRLF, holds at most 75
// octets, is valid UTF-8 and has no bare line break. Tests of every feed
// check their output with it.
func CheckLines(folded string) error {
	if !strings.HasSuffix(folded, "\r\n") {
		return errors.New("ical: not CRLF-terminated")
	}
	for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		switch {
		case len(l) > MaxLineOctets:
			return fmt.Errorf("ical: a line of %d octets: %q", len(l), l)
		case !utf8.ValidString(l):
			return fmt.Errorf("ical: a fold split a character: %q", l)
		case strings.ContainsAny(l, "\r\n"):
			return fmt.Errorf("ical: a bare line break inside a line: %q", l)
		}
	}
	return nil
}
