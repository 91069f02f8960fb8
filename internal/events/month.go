package events

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// The calendar's month view: a Jalali month as a grid of weeks that start
// on Saturday, as Iranian calendars do, each day listing the events that
// run on it. On a phone the stylesheet turns the grid into a list of the
// days that have events.

var errMonth = apperr.New(apperr.Invalid, "ماه را به شکل ۱۴۰۵-۰۹ بنویسید (سال و ماه شمسی).",
	"Write the month as 1405-09 (Jalali year and month).")

// parseMonth reads "1405-09" (any digits) as the month's first day.
func parseMonth(s string) (jalali.Date, error) {
	y, m, ok := strings.Cut(persian.ToASCIIDigits(strings.TrimSpace(s)), "-")
	if !ok {
		return jalali.Date{}, errMonth
	}
	year, err1 := strconv.Atoi(y)
	month, err2 := strconv.Atoi(m)
	d, err := jalali.New(year, month, 1)
	if err1 != nil || err2 != nil || err != nil || year < 1300 || year > 1500 {
		return jalali.Date{}, errMonth
	}
	return d, nil
}

// monthParam writes a month as ?month= takes it.
func monthParam(d jalali.Date) string { return fmt.Sprintf("%04d-%02d", d.Year, d.Month) }

// shiftMonth is the first day of the month n months from d's.
func shiftMonth(d jalali.Date, n int) jalali.Date {
	i := d.Year*12 + d.Month - 1 + n
	return jalali.Date{Year: i / 12, Month: i%12 + 1, Day: 1}
}

// monthHref links to d's month with r's filters.
func monthHref(r *http.Request, d jalali.Date) string {
	v := calendarPager.kept(r)
	v.Del("when")
	v.Set("month", monthParam(d))
	return "/events?" + v.Encode()
}

// monthName is "آذر ۱۴۰۵" or "Azar 1405".
func monthName(l i18n.Lang, d jalali.Date) string {
	if l == i18n.En {
		return jalali.MonthNameEn(d.Month) + " " + strconv.Itoa(d.Year)
	}
	return jalali.MonthNameFa(d.Month) + " " + l.Int(d.Year)
}

// weekdayName is a weekday's name in l.
func weekdayName(l i18n.Lang, w time.Weekday) string {
	if l == i18n.En {
		return w.String()
	}
	return jalali.WeekdayNameFa(w)
}

// column is a weekday's place in a week that starts on Saturday.
func column(w time.Weekday) int { return (int(w) + 1) % 7 }

// dayCell is one square of the grid; a blank one (Day 0) pads the first
// and last weeks.
type dayCell struct {
	Day     int
	Label   string // the day's number in the page's digits
	Date    string // the whole date, for the day list of a phone
	Today   bool
	Events  []eventLink
	Weekday string
}

type eventLink struct {
	ID        int64
	Title     string
	Cancelled bool
}

type monthPage struct {
	web.Page
	Month    string // its name
	Param    string // as ?month= takes it
	Weekdays []string
	Weeks    [][]dayCell
	Empty    bool      // no event runs in the month
	Pager    web.Pager // the months before and after, and the list
	Kinds    []option
	City     string
	Query    string
}

// month answers /events?month=1405-09; an empty month is this one.
func (h *handlers) month(w http.ResponseWriter, r *http.Request) error {
	today := jalali.Today(h.svc.now())
	first := jalali.Date{Year: today.Year, Month: today.Month, Day: 1}
	if s := r.URL.Query().Get("month"); s != "" {
		var err error
		if first, err = parseMonth(s); err != nil {
			return err
		}
	}
	f := filterOf(r)
	next := shiftMonth(first, 1)
	f.From, f.To = first.In(jalali.Tehran()), next.In(jalali.Tehran())
	evs, err := h.svc.list(r.Context(), summaryColumns, f)
	if err != nil {
		return err
	}
	p := &monthPage{Page: web.NewPage(w, r, ""), City: f.City, Kinds: kindOptions(web.L(r), f.Kind)}
	p.Month, p.Param = monthName(p.L, first), monthParam(first)
	p.Title = p.L.Tf("events.month.title", p.Month)
	p.Query = calendarPager.kept(r).Encode()
	prev := shiftMonth(first, -1)
	p.Pager = web.Pager{Label: p.T("events.month.nav"), Prev: monthHref(r, prev), PrevText: monthName(p.L, prev),
		Next: monthHref(r, next), NextText: monthName(p.L, next), Here: p.T("events.month.list"), HereURL: "/events?" + p.Query}
	for i := range 7 {
		p.Weekdays = append(p.Weekdays, weekdayName(p.L, time.Weekday((i+6)%7)))
	}
	p.Weeks, p.Empty = grid(p.L, first, today, evs), len(evs) == 0
	h.web.Render(w, r, http.StatusOK, "events/month", p)
	return nil
}

// grid lays out first's month in weeks from Saturday, each day with the
// events (earliest first) that run on it.
func grid(l i18n.Lang, first, today jalali.Date, evs []Event) [][]dayCell {
	days := make([]dayCell, jalali.MonthLength(first.Year, first.Month))
	for i := range days {
		d := first.AddDays(i)
		days[i] = dayCell{Day: i + 1, Label: l.Int(i + 1), Today: d == today, Weekday: weekdayName(l, d.Weekday()),
			Date: l.Date(d.In(jalali.Tehran()))}
	}
	for _, e := range evs {
		from, to := dayIndex(first, e.StartsAt), dayIndex(first, e.EndsAt.Add(-time.Nanosecond))
		for i := max(from, 0); i <= min(to, len(days)-1); i++ {
			days[i].Events = append(days[i].Events, eventLink{ID: e.ID, Title: e.Title(l), Cancelled: e.Status == Cancelled})
		}
	}
	cells := make([]dayCell, column(first.Weekday()), 42)
	cells = append(cells, days...)
	for len(cells)%7 != 0 {
		cells = append(cells, dayCell{})
	}
	var weeks [][]dayCell
	for i := 0; i < len(cells); i += 7 {
		weeks = append(weeks, cells[i:i+7])
	}
	return weeks
}

// dayIndex is how many days t's day (in Tehran) falls after first,
// counted on the days' Gregorian dates at UTC midnight, which are always
// 24 hours apart.
func dayIndex(first jalali.Date, t time.Time) int {
	return int(utcDay(jalali.FromTime(t.In(jalali.Tehran()))).Sub(utcDay(first)) / (24 * time.Hour))
}

func utcDay(d jalali.Date) time.Time {
	y, m, day := d.Gregorian()
	return time.Date(y, m, day, 0, 0, 0, 0, time.UTC)
}
