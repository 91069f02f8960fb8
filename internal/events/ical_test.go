package events

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"
)

// unfold undoes RFC 5545 folding: a CRLF followed by a space joins lines.
func unfold(s string) string { return strings.ReplaceAll(s, "\r\n ", "") }

// unescape undoes escapeText.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// checkLines checks that every line of a folded text ends in CRLF, holds
// at most 75 octets and is valid UTF-8.
func checkLines(t *testing.T, folded string) {
	t.Helper()
	if !strings.HasSuffix(folded, "\r\n") {
		t.Fatalf("not CRLF-terminated: %q", folded)
	}
	for _, l := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(l) > maxLineOctets {
			t.Fatalf("line of %d octets: %q", len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Fatalf("fold split a character: %q", l)
		}
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("bare line break inside a line: %q", l)
		}
	}
}

func TestEscapeAndFold(t *testing.T) {
	t.Parallel()
	title := "نمایشگاه خواهرشهرها، مهارت‌های حکمرانی شهری; بخش \\ دوم\nتهران"
	if got, want := escapeText(title), `نمایشگاه خواهرشهرها، مهارت‌های حکمرانی شهری\; بخش \\ دوم\nتهران`; got != want {
		t.Errorf("escapeText = %q, want %q", got, want)
	}
	if got := escapeText("a,b\r\nc\rd\x01e"); got != `a\,b\nc\nde` {
		t.Errorf("escapeText = %q", got)
	}
	var b strings.Builder
	foldLine(&b, "SUMMARY:"+escapeText(strings.Repeat(title, 4)))
	checkLines(t, b.String())
	if got := unescape(strings.TrimPrefix(strings.TrimSuffix(unfold(b.String()), "\r\n"), "SUMMARY:")); got != strings.Repeat(title, 4) {
		t.Errorf("round trip = %q", got)
	}
}

// FuzzEscapeFold: for any text, the folded line keeps every line within
// 75 octets without splitting a character, and unfolding and unescaping
// give back the text (with newlines as LF, other controls dropped).
func FuzzEscapeFold(f *testing.F) {
	for _, s := range []string{"", "a,b;c\\d", "سلام، دنیا\nخط دوم", strings.Repeat("ی", 100), "\r\n\r", "\xff\xfe", "😀😀😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		foldLine(&b, "DESCRIPTION:"+escapeText(s))
		out := b.String()
		checkLines(t, out)
		want := strings.ToValidUTF8(s, "\uFFFD")
		want = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(want)
		want = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' || (r >= 0x20 && r != 0x7f) {
				return r
			}
			return -1
		}, want)
		if got := unescape(strings.TrimPrefix(strings.TrimSuffix(unfold(out), "\r\n"), "DESCRIPTION:")); got != want {
			t.Fatalf("round trip of %q = %q, want %q", s, got, want)
		}
	})
}

// TestFeedParses reads the feed back with go-ical, a standard RFC 5545
// parser, and checks each event's fields against what was given.
func TestFeedParses(t *testing.T) {
	t.Parallel()
	tehran := time.FixedZone("IRST", 3*3600+1800)
	evs := []Event{
		{ID: 7, Kind: Exhibition, TitleFa: "نمایشگاه خواهرشهرها، مهارت‌های مدیریت شهری؛ تهران", DescriptionFa: strings.Repeat("توانمندی‌های حکمرانی شهری; ", 8),
			HostOrgID: 1, HostNameFa: "شهرداری تهران", Venue: "مصلای تهران", Status: Held,
			StartsAt: time.Date(2019, 8, 20, 9, 0, 0, 0, tehran), EndsAt: time.Date(2019, 8, 24, 18, 0, 0, 0, tehran)},
		{ID: 8, Kind: BoardSession, TitleFa: "اجلاس هیئت رئیسه", HostCity: "رشت", Status: Cancelled,
			StartsAt: time.Date(2027, 1, 5, 10, 0, 0, 0, tehran), EndsAt: time.Date(2027, 1, 5, 13, 0, 0, 0, tehran)},
	}
	var buf bytes.Buffer
	now := time.Date(2026, 11, 22, 6, 30, 0, 0, time.UTC)
	if err := writeFeed(&buf, "shahr.example", "https://shahr.example", evs, now); err != nil {
		t.Fatal(err)
	}
	checkLines(t, buf.String())
	cal, err := ical.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}
	if v := cal.Props.Get(ical.PropVersion); v == nil || v.Value != "2.0" {
		t.Errorf("VERSION = %v", v)
	}
	got := cal.Events()
	if len(got) != len(evs) {
		t.Fatalf("%d events parsed, want %d", len(got), len(evs))
	}
	for i, e := range evs {
		checkParsed(t, got[i], e)
	}
}

func checkParsed(t *testing.T, ve ical.Event, e Event) {
	t.Helper()
	text := func(name string) string {
		v, err := ve.Props.Text(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		return v
	}
	if got := text(ical.PropSummary); got != e.TitleFa {
		t.Errorf("SUMMARY = %q, want %q", got, e.TitleFa)
	}
	if got := text(ical.PropUID); got != "event-"+strconv.FormatInt(e.ID, 10)+"@shahr.example" {
		t.Errorf("UID = %q", got)
	}
	start, err := ve.DateTimeStart(nil)
	if err != nil || !start.Equal(e.StartsAt) {
		t.Errorf("DTSTART = %v (%v), want %v", start, err, e.StartsAt)
	}
	end, err := ve.DateTimeEnd(nil)
	if err != nil || !end.Equal(e.EndsAt) {
		t.Errorf("DTEND = %v (%v), want %v", end, err, e.EndsAt)
	}
	if got := text(ical.PropDescription); got != e.DescriptionFa {
		t.Errorf("DESCRIPTION = %q, want %q", got, e.DescriptionFa)
	}
	if got, want := text(ical.PropStatus), icalStatus(e.Status); got != want {
		t.Errorf("STATUS = %q, want %q", got, want)
	}
	if got := text(ical.PropLocation); !strings.Contains(got, e.City("fa")) {
		t.Errorf("LOCATION = %q, want the city %q", got, e.City("fa"))
	}
}
