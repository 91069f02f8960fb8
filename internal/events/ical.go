package events

import (
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shahr-city/shahr/internal/i18n"
)

// The iCalendar feed (RFC 5545). Its two pure parts, escaping TEXT values
// and folding long lines, are fuzzed in ical_test.go.

// maxLineOctets is how long a content line may be, CRLF excluded (§3.1).
const maxLineOctets = 75

// escapeText writes a TEXT value (§3.3.11): backslash, semicolon and
// comma escaped, every newline (CRLF, LF or a lone CR) as \n, and other
// control characters, which TEXT may not hold, dropped. Invalid UTF-8
// becomes U+FFFD, since the feed is declared UTF-8.
func escapeText(s string) string {
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

// foldLine writes one content line ending in CRLF, folded so that no line
// is longer than 75 octets: each continuation starts with a space, and a
// fold never falls inside a UTF-8 character.
func foldLine(b *strings.Builder, line string) {
	limit := maxLineOctets
	for len(line) > limit {
		cut := limit
		for cut > limit-utf8.UTFMax && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLineOctets - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
}

// icalTime is an instant in UTC, as DTSTART and DTEND carry it.
func icalTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// icalStatus maps an event's status to a VEVENT's.
func icalStatus(s Status) string {
	switch s {
	case Cancelled:
		return "CANCELLED"
	case Planned:
		return "TENTATIVE"
	}
	return "CONFIRMED"
}

// writeFeed writes evs as one VCALENDAR. host makes the events' UIDs
// stable across requests; base is the site's address for their URLs.
func writeFeed(w io.Writer, host, base string, evs []Event, now time.Time) error {
	var b strings.Builder
	line := func(name, value string) { foldLine(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Shahr//Events//FA")
	line("CALSCALE", "GREGORIAN")
	line("X-WR-CALNAME", escapeText("رویدادهای شبکه شهرها"))
	for _, e := range evs {
		id := strconv.FormatInt(e.ID, 10)
		line("BEGIN", "VEVENT")
		line("UID", "event-"+id+"@"+host)
		line("DTSTAMP", icalTime(now))
		line("DTSTART", icalTime(e.StartsAt))
		line("DTEND", icalTime(e.EndsAt))
		line("SUMMARY", escapeText(e.TitleFa))
		if e.DescriptionFa != "" {
			line("DESCRIPTION", escapeText(e.DescriptionFa))
		}
		line("LOCATION", escapeText(strings.Trim(e.Venue+"، "+e.City(i18n.Fa), "، ")))
		line("URL", base+"/events/"+id)
		line("STATUS", icalStatus(e.Status))
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := io.WriteString(w, b.String())
	return err
}
