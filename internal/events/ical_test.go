package events

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	shahrical "github.com/shahr-city/shahr/internal/ical"
)

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
	if err := shahrical.CheckLines(buf.String()); err != nil {
		t.Fatal(err)
	}
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
