package events

import (
	"net/http"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// pageRoutes are the public calendar, an event's page, the exports and
// the registration pages of member organizations' staff.
func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/events", Access: web.Public, Handle: h.calendar},
		{Method: "GET", Pattern: "/events.csv", Access: web.Public, Handle: h.exportEvents("csv")},
		{Method: "GET", Pattern: "/events.xlsx", Access: web.Public, Handle: h.exportEvents("xlsx")},
		{Method: "GET", Pattern: "/events/{id}", Access: web.Public, Handle: h.eventPage},
		{Method: "GET", Pattern: "/event-files/{fid}", Access: web.Public, Handle: h.file},
		{Method: "GET", Pattern: "/events/{id}/register", Access: h.applicant(), Handle: h.registerForm},
		{Method: "POST", Pattern: "/events/{id}/register", Access: h.applicant(), Form: registerFields, Handle: h.register},
		{Method: "POST", Pattern: "/events/{id}/registrations/{rid}/cancel", Access: h.canceller(), Handle: h.cancel},
	}
}

// eventOf loads the event named by the route's {id}.
func (h *handlers) eventOf(r *http.Request) (Event, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Event{}, err
	}
	return h.svc.Event(r.Context(), id)
}

// applicant requires a person who acts for some organization in networks;
// the service checks the organization they register for.
func (h *handlers) applicant() web.Access {
	return web.AccessFunc("events:apply", func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		if _, err := h.eventOf(r); err != nil {
			return err
		}
		if !who.CanSomewhere(auth.Apply) {
			return apperr.ErrForbidden
		}
		return nil
	})
}

// canceller requires the registering organization's staff or the
// event's organizers.
func (h *handlers) canceller() web.Access {
	return web.AccessFunc("events:cancel-registration", func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		e, g, err := h.registrationOf(r)
		if err != nil {
			return err
		}
		if !MayCancel(who, e, g) {
			return apperr.ErrForbidden
		}
		return nil
	})
}

func (h *handlers) registrationOf(r *http.Request) (Event, Registration, error) {
	e, err := h.eventOf(r)
	if err != nil {
		return e, Registration{}, err
	}
	rid, err := web.PathID(r, "rid")
	if err != nil {
		return e, Registration{}, err
	}
	g, err := h.svc.Registration(r.Context(), e.ID, rid)
	return e, g, err
}

// eventRow is an event as lists show it.
type eventRow struct {
	ID                      int64
	Title, Kind, When, City string
	Status                  string
	Cancelled               bool
}

func row(l i18n.Lang, e Event) eventRow {
	return eventRow{ID: e.ID, Title: e.Title(l), Kind: e.Kind.Label().In(l), When: when(l, e), City: e.City(l),
		Status: e.Status.Label().In(l), Cancelled: e.Status == Cancelled}
}

// when says when an event runs: one day with its hours, or a span of days.
func when(l i18n.Lang, e Event) string {
	start, end := e.StartsAt.In(jalali.Tehran()), e.EndsAt.In(jalali.Tehran())
	if jalali.FromTime(start) == jalali.FromTime(end.Add(-time.Second)) {
		return l.Date(start) + "، " + l.Digits(start.Format("15:04")+"–"+end.Format("15:04"))
	}
	return l.Date(start) + " – " + l.Date(end.Add(-time.Second))
}

// monthGroup is the events of one Jalali month.
type monthGroup struct {
	Name   string
	Events []eventRow
}

// byMonth groups events, already in order, by the Jalali month they start in.
func byMonth(l i18n.Lang, evs []Event) []monthGroup {
	var out []monthGroup
	last := jalali.Date{}
	for _, e := range evs {
		d := jalali.FromTime(e.StartsAt.In(jalali.Tehran()))
		if len(out) == 0 || d.Year != last.Year || d.Month != last.Month {
			name := jalali.MonthNameFa(d.Month)
			if l == i18n.En {
				name = jalali.MonthNameEn(d.Month)
			}
			out = append(out, monthGroup{Name: name + " " + l.Int(d.Year)})
			last = d
		}
		out[len(out)-1].Events = append(out[len(out)-1].Events, row(l, e))
	}
	return out
}

type option struct {
	Value, Label string
	Selected     bool
}

type calendarPage struct {
	web.Page
	Pager     web.Pager
	Months    []monthGroup
	Kinds     []option
	City      string
	Past      bool
	Query     string // the filters, for the downloads
	MonthLink string // this month's grid with the same filters
}

// filterOf reads the calendar's filters from the query string.
func filterOf(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Kind: Kind(q.Get("kind")), City: q.Get("city")}
}

// calendarPager pages the calendar a hundred events at a time.
var calendarPager = pager{path: "/events", keep: []string{"kind", "city", "when"}, size: 100, cols: summaryColumns}

// calendar answers /events: the events not yet over, earliest first
// (?when=past: those already begun, latest first), a page at a time, or
// with ?month= a month's grid.
func (h *handlers) calendar(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Has("month") {
		return h.month(w, r)
	}
	f := filterOf(r)
	p := &calendarPage{Page: web.NewPage(w, r, "events.calendar.title"), City: f.City, Past: past(r)}
	p.Query = calendarPager.kept(r).Encode()
	p.MonthLink = monthHref(r, jalali.Today(h.svc.now()))
	evs, pager, err := calendarPager.read(r, h.svc, f)
	if err != nil {
		return err
	}
	p.Pager = pager
	p.Months = byMonth(p.L, evs)
	p.Kinds = kindOptions(p.L, f.Kind)
	h.web.Render(w, r, http.StatusOK, "events/index", p)
	return nil
}

func kindOptions(l i18n.Lang, selected Kind) []option {
	out := []option{{Value: "", Label: l.T("events.kind.any"), Selected: selected == ""}}
	for _, k := range Kinds {
		out = append(out, option{Value: string(k), Label: k.Label().In(l), Selected: k == selected})
	}
	return out
}

type eventPage struct {
	web.Page
	Event       Event
	Row         eventRow
	Description string
	Organizers  []string
	Exhibitors  []Exhibitor
	Materials   []Material
	Seats       string // seats left, or "" without a limit
	Quota       string
	CanRegister bool
	CanManage   bool
	Venue       string
	Audience    string // who may register
}

// audience says who may register for e.
func audience(l i18n.Lang, e Event) string {
	if e.MembersOnly {
		return l.Tf("events.audience.members", e.Owner().Name(l))
	}
	return l.T("events.audience.all")
}

func (h *handlers) eventPage(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	p := &eventPage{Page: web.NewPage(w, r, ""), Event: e}
	p.Title, p.Row, p.Description, p.Venue, p.Audience = e.Title(p.L), row(p.L, e), e.Description(p.L), e.Venue, audience(p.L, e)
	for _, o := range e.Organizers {
		p.Organizers = append(p.Organizers, o.Name(p.L))
	}
	if left, ok := e.SeatsLeft(); ok {
		p.Seats = p.L.Num(left)
	}
	if e.OrgQuota > 0 {
		p.Quota = p.L.Num(e.OrgQuota)
	}
	p.CanRegister = e.Status == Open && p.Who.CanSomewhere(auth.Apply)
	p.CanManage = p.Who.Can(auth.OrganizeEvents, e.OwnerPath)
	if p.Exhibitors, err = h.svc.Exhibitors(r.Context(), e.ID); err != nil {
		return err
	}
	if p.Materials, err = h.svc.Materials(r.Context(), e.ID); err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "events/event", p)
	return nil
}

// file serves a material's file.
func (h *handlers) file(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	m, data, err := h.svc.File(r.Context(), id)
	if err != nil {
		return err
	}
	upload.Serve(w, m.Name, m.ContentType, data)
	return nil
}

// The feed's window: a calendar that subscribes to it sees the recent
// past and the coming year, not every event an installation ever held.
const (
	feedMonthsBack  = 3
	feedMonthsAhead = 12
)

// feed answers GET /events.ics: the events overlapping the three months
// past and the twelve to come, optionally of one organizer (?org=slug)
// or one kind (?kind=).
func (h *handlers) feed(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	now := h.svc.now()
	f := Filter{Kind: Kind(q.Get("kind")), From: now.AddDate(0, -feedMonthsBack, 0), To: now.AddDate(0, feedMonthsAhead, 0)}
	if slug := q.Get("org"); slug != "" {
		o, err := h.svc.orgs.BySlug(r.Context(), slug)
		if err != nil {
			return err
		}
		f.OrgID = o.ID
	}
	evs, err := h.svc.list(r.Context(), detailColumns, f)
	if err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	return writeFeed(w, r.Host, scheme+"://"+r.Host, evs, h.svc.now())
}
