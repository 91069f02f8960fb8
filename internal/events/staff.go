package events

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// staffRoutes are the organizers' pages.
func (h *handlers) staffRoutes() []web.Route {
	manage := h.inEvent()
	exhibitor, material := h.exhibitorKind(), h.materialKind()
	return []web.Route{
		{Method: "GET", Pattern: "/admin/events", Access: web.Staff, Handle: h.staffIndex},
		{Method: "GET", Pattern: "/admin/events/new", Access: organizer, Handle: h.newEvent},
		{Method: "POST", Pattern: "/admin/events", Access: organizer, Form: eventFields, Handle: h.createEvent},
		{Method: "GET", Pattern: "/admin/events/{id}", Access: manage, Handle: h.editEvent},
		{Method: "POST", Pattern: "/admin/events/{id}", Access: manage, Form: eventFields, Handle: h.updateEvent},
		{Method: "POST", Pattern: "/admin/events/{id}/exhibitors", Access: manage, Form: exhibitorFields, Handle: h.addExhibitor},
		{Method: "POST", Pattern: "/admin/events/{id}/materials", Access: manage, Form: materialFields, Uploads: upload.MaxBytes, Handle: h.addMaterial},
		{Method: "GET", Pattern: "/admin/events/{id}/exhibitors/{xid}", Access: manage, Handle: h.editPart(exhibitor)},
		{Method: "POST", Pattern: "/admin/events/{id}/exhibitors/{xid}", Access: manage, Form: exhibitorFields, Handle: h.updatePart(exhibitor)},
		{Method: "POST", Pattern: "/admin/events/{id}/exhibitors/{xid}/delete", Access: manage, Handle: h.deletePart(exhibitor)},
		{Method: "GET", Pattern: "/admin/events/{id}/materials/{mid}", Access: manage, Handle: h.editPart(material)},
		{Method: "POST", Pattern: "/admin/events/{id}/materials/{mid}", Access: manage, Form: materialFields, Handle: h.updatePart(material)},
		{Method: "POST", Pattern: "/admin/events/{id}/materials/{mid}/delete", Access: manage, Handle: h.deletePart(material)},
		{Method: "GET", Pattern: "/admin/events/{id}/registrations", Access: manage, Handle: h.registrations},
		{Method: "POST", Pattern: "/admin/events/{id}/attendance", Access: manage, Handle: h.attendance},
		{Method: "GET", Pattern: "/admin/events/{id}/registrations.csv", Access: manage, Handle: h.exportRegistrations("csv")},
		{Method: "GET", Pattern: "/admin/events/{id}/registrations.xlsx", Access: manage, Handle: h.exportRegistrations("xlsx")},
	}
}

// organizer: a person who organizes events in some organization; the
// service checks the organization they pick.
var organizer = web.AccessFunc("events:organize", func(_ *http.Request, who *auth.Principal) error {
	if who == nil {
		return apperr.ErrUnauthorized
	}
	if !who.CanSomewhere(auth.OrganizeEvents) {
		return apperr.ErrForbidden
	}
	return nil
})

// inEvent requires OrganizeEvents in the owner of the event named by the
// route's {id}; an unknown event is not found for everyone signed in.
func (h *handlers) inEvent() web.Access {
	return web.AccessFunc("event:"+string(auth.OrganizeEvents), func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		e, err := h.eventOf(r)
		if err != nil {
			return err
		}
		if !who.Can(auth.OrganizeEvents, e.OwnerPath) {
			return apperr.ErrForbidden
		}
		return nil
	})
}

type staffIndexPage struct {
	web.Page
	Pager  web.Pager
	Events []staffRow
	CanNew bool
	Search string // ?q=, a title searched
	Past   bool
}

// staffRow is an event as the staff's list shows it.
type staffRow struct {
	eventRow
	Seats string // seats taken, of how many
}

// staffPager pages the staff's list fifty events at a time, with its
// seats' limit; the seats taken are counted for the page alone.
var staffPager = pager{path: "/admin/events", keep: []string{"q", "when"}, size: 50,
	cols: summaryColumns.plus("e.capacity", func(e *Event) []any { return []any{&e.Capacity} })}

// staffIndex lists the events the person organizes (every event, for the
// operator) a page at a time: those not yet over, earliest first, or
// with ?when=past those already begun, latest first; ?q= searches titles.
func (h *handlers) staffIndex(w http.ResponseWriter, r *http.Request) error {
	p := &staffIndexPage{Page: web.NewPage(w, r, "events.staff.title"), Search: r.URL.Query().Get("q"), Past: past(r)}
	p.CanNew = p.Who.CanSomewhere(auth.OrganizeEvents)
	f := Filter{Title: strings.TrimSpace(p.Search)}
	if !p.Who.Superuser {
		if f.OwnedUnder = organizing(p.Who); f.OwnedUnder == nil { // organizes nowhere: nothing to list
			h.web.Render(w, r, http.StatusOK, "events/staff_index", p)
			return nil
		}
	}
	evs, pager, err := staffPager.read(r, h.svc, f)
	if err == nil {
		err = h.svc.countSeats(r.Context(), evs)
	}
	if err != nil {
		return err
	}
	p.Pager = pager
	for _, e := range evs {
		p.Events = append(p.Events, staffRow{eventRow: row(p.L, e), Seats: seats(p.L, e)})
	}
	h.web.Render(w, r, http.StatusOK, "events/staff_index", p)
	return nil
}

// organizing lists the organizations in which who organizes events, and
// so in those below them.
func organizing(who *auth.Principal) []int64 {
	var ids []int64
	for _, g := range who.Grants {
		if g.Role.Allows(auth.OrganizeEvents) {
			ids = append(ids, g.OrgID)
		}
	}
	return ids
}

// seats says how many seats of e are taken, of how many.
func seats(l i18n.Lang, e Event) string {
	if e.Capacity == 0 {
		return l.Tf("events.staff.seats.open", l.Num(e.Registered))
	}
	return l.Tf("events.staff.seats", l.Num(e.Registered), l.Num(e.Capacity))
}

// eventForm is the page on which organizers create or edit an event,
// add exhibitors and attach materials.
type eventForm struct {
	web.Page
	Event      Event
	Action     string
	Kinds      []option
	Statuses   []option
	Orgs       []option
	Init       map[string]string // the stored values, before a submission
	Exhibitors []Exhibitor
	Materials  []Material
}

// F describes one text field of the form.
func (p *eventForm) F(name, label string) field {
	return field{Page: &p.Page, Name: name, Label: label, Value: p.Init[name]}
}

func (h *handlers) formFor(w http.ResponseWriter, r *http.Request, e Event) (*eventForm, error) {
	p := &eventForm{Page: web.NewPage(w, r, "events.staff.new"), Event: e, Action: "/admin/events"}
	if e.ID != 0 {
		p.Title, p.Action = e.Title(p.L), "/admin/events/"+strconv.FormatInt(e.ID, 10)
	}
	p.Kinds = kindOptions(p.L, e.Kind)[1:]
	for _, s := range Statuses {
		p.Statuses = append(p.Statuses, option{Value: string(s), Label: s.Label().In(p.L), Selected: s == e.Status})
	}
	var err error
	if p.Orgs, err = h.grantedOrgs(r, p.L, auth.OrganizeEvents); err != nil {
		return nil, err
	}
	p.Init, err = h.initial(r, e)
	return p, err
}

// initial is the form's values for a stored event.
func (h *handlers) initial(r *http.Request, e Event) (map[string]string, error) {
	if e.ID == 0 {
		return map[string]string{"start_time": "09:00", "end_time": "17:00"}, nil
	}
	slugsOf := make([]string, 0, len(e.Organizers))
	for _, o := range append(e.Organizers, Organizer{OrgID: e.HostOrgID}) {
		if o.OrgID == 0 {
			continue
		}
		org, err := h.svc.orgs.ByID(r.Context(), o.OrgID)
		if err != nil {
			return nil, err
		}
		slugsOf = append(slugsOf, org.Slug)
	}
	v := map[string]string{"title_fa": e.TitleFa, "title_en": e.TitleEn, "venue": e.Venue, "host_city": e.HostCity,
		"start_date": jalaliOf(e.StartsAt), "start_time": clockOf(e.StartsAt), "end_date": jalaliOf(e.EndsAt),
		"end_time": clockOf(e.EndsAt), "capacity": countOf(e.Capacity), "org_quota": countOf(e.OrgQuota),
		"owner": slugsOf[0], "description_fa": e.DescriptionFa, "description_en": e.DescriptionEn, "members_only": onOf(e.MembersOnly)}
	if e.HostOrgID != 0 {
		v["host_org"], slugsOf = slugsOf[len(slugsOf)-1], slugsOf[:len(slugsOf)-1]
	}
	v["organizers"] = strings.Join(slugsOf[1:], " ")
	return v, nil
}

// onOf is a checkbox's value: "on" when ticked.
func onOf(b bool) string {
	if b {
		return "on"
	}
	return ""
}

func jalaliOf(t time.Time) string { return jalali.FromTime(t.In(jalali.Tehran())).String() }
func clockOf(t time.Time) string  { return t.In(jalali.Tehran()).Format("15:04") }
func countOf(n int64) string {
	if n == 0 {
		return ""
	}
	return strconv.FormatInt(n, 10)
}

func (h *handlers) newEvent(w http.ResponseWriter, r *http.Request) error {
	p, err := h.formFor(w, r, Event{Kind: Seminar, Status: Planned})
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "events/staff_event", p)
	return nil
}

func (h *handlers) createEvent(w http.ResponseWriter, r *http.Request) error {
	return h.saveEvent(w, r, Event{}, h.svc.Create)
}

func (h *handlers) editEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	p, err := h.staffEventPage(w, r, e)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "events/staff_event", p)
	return nil
}

// staffEventPage is the form of a stored event with its exhibitors and
// materials.
func (h *handlers) staffEventPage(w http.ResponseWriter, r *http.Request, e Event) (*eventForm, error) {
	p, err := h.formFor(w, r, e)
	if err != nil {
		return nil, err
	}
	if p.Exhibitors, err = h.svc.Exhibitors(r.Context(), e.ID); err != nil {
		return nil, err
	}
	p.Materials, err = h.svc.Materials(r.Context(), e.ID)
	return p, err
}

func (h *handlers) updateEvent(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	return h.saveEvent(w, r, e, h.svc.Update)
}

// saveEvent reads the form over e and stores it with save.
func (h *handlers) saveEvent(w http.ResponseWriter, r *http.Request, e Event,
	save func(ctx context.Context, who *auth.Principal, e Event) (Event, error)) error {
	err := web.ParseForm(w, r) // a field past its bound is shown on the form
	if err == nil {
		err = h.readEvent(r, &e)
	}
	if err == nil {
		e, err = save(r.Context(), web.Who(r), e)
	}
	return h.afterPart(w, r, e, err, "events.staff.saved")
}

func (h *handlers) addExhibitor(w http.ResponseWriter, r *http.Request) error {
	formErr := web.ParseForm(w, r) // a field past its bound is shown on the form
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	x := Exhibitor{EventID: e.ID, ShowcaseFa: r.PostFormValue("showcase_fa"), ShowcaseEn: r.PostFormValue("showcase_en")}
	if err = formErr; err == nil {
		x.OrgID, err = h.orgID(r, "exhibitor")
	}
	if err == nil {
		_, err = h.svc.AddExhibitor(r.Context(), web.Who(r), x)
	}
	return h.afterPart(w, r, e, err, "events.staff.exhibitor.added")
}

// afterPart shows the event's form again with err, or goes back to the
// stored event's page.
func (h *handlers) afterPart(w http.ResponseWriter, r *http.Request, e Event, err error, flash string) error {
	if err != nil {
		p, perr := h.staffEventPage(w, r, e)
		if perr != nil {
			return perr
		}
		return h.web.RenderForm(w, r, err, "events/staff_event", p, p)
	}
	h.web.Flash(w, r, flash)
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10), http.StatusSeeOther)
	return nil
}

func (h *handlers) addMaterial(w http.ResponseWriter, r *http.Request) error {
	files, formErr := upload.ReadMultipart(r, "file")
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	m := Material{EventID: e.ID, TitleFa: r.PostFormValue("material_title_fa"), TitleEn: r.PostFormValue("material_title_en"),
		URL: r.PostFormValue("url")}
	if err = formErr; err == nil { // a field past its bound is shown on the form
		_, err = h.svc.AddMaterial(r.Context(), web.Who(r), m, files)
	}
	return h.afterPart(w, r, e, err, "events.staff.material.added")
}

type registrationsPage struct {
	web.Page
	Event   Event
	Row     eventRow
	Regs    []Registration
	Seats   string
	Present int
}

// OrgName is a registration's organization in the page's language.
func (p *registrationsPage) OrgName(g Registration) string {
	return i18n.Text{Fa: g.OrgNameFa, En: g.OrgNameEn}.In(p.L)
}

func (h *handlers) registrations(w http.ResponseWriter, r *http.Request) error {
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	p := &registrationsPage{Page: web.NewPage(w, r, ""), Event: e, Row: row(web.L(r), e)}
	p.Title = p.L.Tf("events.staff.registrations.title", e.Title(p.L))
	if p.Regs, err = h.svc.Registrations(r.Context(), e.ID); err != nil {
		return err
	}
	for _, g := range p.Regs {
		if g.Active() && g.Attended {
			p.Present++
		}
	}
	p.Seats = p.L.Num(e.Registered)
	h.web.Render(w, r, http.StatusOK, "events/staff_registrations", p)
	return nil
}

func (h *handlers) attendance(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	e, err := h.eventOf(r)
	if err != nil {
		return err
	}
	var present []int64
	for _, v := range r.PostForm["present"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			present = append(present, id)
		}
	}
	if err := h.svc.SetAttendance(r.Context(), web.Who(r), e.ID, present); err != nil {
		return err
	}
	h.web.Flash(w, r, "events.staff.attendance.saved")
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(e.ID, 10)+"/registrations", http.StatusSeeOther)
	return nil
}
