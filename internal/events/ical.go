package events

import (
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/ical"
)

// The iCalendar feed (RFC 5545), its lines written by package ical.

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
	var c ical.Writer
	line := c.Line
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", "-//Shahr//Events//FA")
	line("CALSCALE", "GREGORIAN")
	line("X-WR-CALNAME", ical.Text("رویدادهای شبکه شهرها"))
	for _, e := range evs {
		id := strconv.FormatInt(e.ID, 10)
		line("BEGIN", "VEVENT")
		line("UID", "event-"+id+"@"+host)
		line("DTSTAMP", ical.Time(now))
		line("DTSTART", ical.Time(e.StartsAt))
		line("DTEND", ical.Time(e.EndsAt))
		line("SUMMARY", ical.Text(e.TitleFa))
		if e.DescriptionFa != "" {
			line("DESCRIPTION", ical.Text(e.DescriptionFa))
		}
		line("LOCATION", ical.Text(strings.Trim(e.Venue+"، "+e.City(i18n.Fa), "، ")))
		line("URL", base+"/events/"+id)
		line("STATUS", icalStatus(e.Status))
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	_, err := c.WriteTo(w)
	return err
}
