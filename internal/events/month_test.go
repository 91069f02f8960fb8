package events_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/jalali"
)

var (
	gridRow  = regexp.MustCompile(`(?s)<tr>(<td.*?)</tr>`)
	gridCell = regexp.MustCompile(`(?s)<td class="([^"]*)"[^>]*>(.*?)</td>|<td class="blank"></td>`)
	dayNo    = regexp.MustCompile(`<span class="day" aria-hidden="true">([^<]*)</span>`)
)

// gridCells reads a month grid's cells, week by week: for each, its day
// in the page's digits ("" for a blank) and its class and contents.
type gridDay struct{ day, class, body string }

func readGrid(t *testing.T, body string) [][]gridDay {
	t.Helper()
	var weeks [][]gridDay
	for _, row := range gridRow.FindAllStringSubmatch(body, -1) {
		var week []gridDay
		for _, c := range gridCell.FindAllStringSubmatch(row[1], -1) {
			d := gridDay{class: c[1], body: c[2]}
			if m := dayNo.FindStringSubmatch(c[2]); m != nil {
				d.day = m[1]
			}
			week = append(week, d)
		}
		if len(week) != 7 {
			t.Fatalf("a week of %d days: %.300s", len(week), row[0])
		}
		weeks = append(weeks, week)
	}
	return weeks
}

// TestMonthGrid: the grid of Azar 1405 starts on the weekday the
// calendar tables give for its first day, counts its 30 days in Persian
// digits, shows an event on each day it runs, marks today only in
// today's month, and its links cross the year from Esfand to Farvardin
// and back; a bad month is refused.
func TestMonthGrid(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		// 1405/09/01 is 2026-11-22 in the conversion table
		// (internal/jalali/testdata), a Sunday: the second column of a
		// week that starts on Saturday.
		first, _ := jalali.New(1405, 9, 1)
		if y, m, d := first.Gregorian(); y != 2026 || m != time.November || d != 22 || first.Weekday() != time.Sunday {
			t.Fatalf("1405/09/01 is %d-%d-%d, a %s", y, m, d, first.Weekday())
		}
		ev := newEvent(t, e, func(ev *events.Event) { ev.Kind, ev.TitleFa = events.Seminar, title })
		two := newEvent(t, e, func(ev *events.Event) { // 1405/09/29 to 1405/10/02
			ev.TitleFa = "دوره آموزشی چهار روزه"
			ev.StartsAt = jalali.Date{Year: 1405, Month: 9, Day: 29}.In(jalali.Tehran()).Add(9 * time.Hour)
			ev.EndsAt = jalali.Date{Year: 1405, Month: 10, Day: 2}.In(jalali.Tehran()).Add(17 * time.Hour)
		})
		c := e.Client()
		r := c.Get("/events?month=1405-09")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "آذر ۱۴۰۵") {
			t.Fatalf("Azar 1405: %d", r.Status)
		}
		weeks := readGrid(t, r.Body)
		if weeks[0][0].day != "" || weeks[0][1].day != "۱" || !strings.Contains(r.Body, `<th scope="col">شنبه</th><th scope="col">یکشنبه</th>`) {
			t.Errorf("the first week: %q, %q", weeks[0][0].day, weeks[0][1].day)
		}
		on := map[string]string{} // day → its cell
		for _, w := range weeks {
			for _, d := range w {
				on[d.day] = d.body
			}
		}
		if _, ok := on["۳۰"]; !ok || len(on) != 31 { // thirty days and the blank
			t.Errorf("Azar has %d distinct cells", len(on))
		}
		// The event starts a week after the test clock, 1405/08/30: on the 7th.
		link := `href="/events/` + strconv.FormatInt(ev.ID, 10) + `"`
		for day, cell := range on {
			if strings.Contains(cell, link) != (day == "۷") {
				t.Errorf("the seminar on day %q: %v", day, strings.Contains(cell, link))
			}
		}
		link2 := `href="/events/` + strconv.FormatInt(two.ID, 10) + `"`
		if !strings.Contains(on["۲۹"], link2) || !strings.Contains(on["۳۰"], link2) || strings.Contains(on["۲۸"], link2) {
			t.Error("the four-day course is not on Azar 29 and 30 alone")
		}
		if r := c.Get("/events?month=1405-10"); !strings.Contains(readGrid(t, r.Body)[0][3].body, link2) {
			t.Error("the course is not on Dey 1, a Tuesday")
		}
		if strings.Contains(r.Body, `aria-current="date"`) {
			t.Error("Azar marks a today")
		}
		today := regexp.MustCompile(`class="today[^"]*" aria-current="date">\s*<span class="day" aria-hidden="true">۳۰</span>`)
		for _, month := range []string{"۱۴۰۵-۰۸", ""} { // Persian digits; empty for this month
			if r := c.Get("/events?month=" + month); !today.MatchString(r.Body) || !strings.Contains(r.Body, "آبان ۱۴۰۵") {
				t.Errorf("month %q: Aban 1405 does not mark its 30th as today", month)
			}
		}
		checkMonthLinks(t, c)
	})
}

// checkMonthLinks follows the next link from Esfand 1405 into Farvardin
// 1406 and the previous one back; 1403 is a leap year, whose Esfand has
// a 30th day, and 1405 is not.
func checkMonthLinks(t *testing.T, c *apptest.Client) {
	t.Helper()
	esfand := getCalendar(t, c, "/events?month=1405-12&kind=seminar")
	if esfand.next != "/events?kind=seminar&month=1406-01" || esfand.prev != "/events?kind=seminar&month=1405-11" {
		t.Errorf("Esfand 1405 links to %q and %q", esfand.prev, esfand.next)
	}
	farvardin := getCalendar(t, c, esfand.next)
	if !strings.Contains(farvardin.body, "فروردین ۱۴۰۶") || farvardin.prev != "/events?kind=seminar&month=1405-12" {
		t.Errorf("Farvardin 1406: back to %q", farvardin.prev)
	}
	if strings.Contains(esfand.body, `aria-hidden="true">۳۰<`) || !strings.Contains(getCalendar(t, c, "/events?month=1403-12").body, `aria-hidden="true">۳۰<`) {
		t.Error("Esfand's length: 29 days in 1405, 30 in the leap year 1403")
	}
	for _, bad := range []string{"1405-13", "1405", "next"} {
		if r := c.Get("/events?month=" + bad); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "۱۴۰۵-۰۹") {
			t.Errorf("month %q: %d", bad, r.Status)
		}
	}
}
