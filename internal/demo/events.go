package demo

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
)

// The events demo (seeds 001, 002 and 000): Tehran's sister-cities and
// urban-governance exhibition with its exhibitors, the assembly of council
// chairs' sessions in the first two years of the councils' fifth term,
// and two events still ahead: a Metropolis training course with
// registrations and the assembly's next general session.

// eventsDemo is what the loader works with.
type eventsDemo struct {
	d    Deps
	svc  *events.Service
	orgs map[string]org.Org
}

// operatorPrincipal stands for the installation's operator; the demo's
// audit entries carry no actor.
var operatorPrincipal = &auth.Principal{Superuser: true}

// tehranAt is a Jalali day and a Tehran wall-clock time.
func tehranAt(y, m, d, hour, minute int) time.Time {
	day, err := jalali.New(y, m, d)
	if err != nil {
		panic(err) // the dates below are constants
	}
	return onDay(day, hour, minute)
}

// onDay is a Tehran wall-clock time on a Jalali day.
func onDay(day jalali.Date, hour, minute int) time.Time {
	return day.In(jalali.Tehran()).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

// exhibitionOrgs are the exhibitors seed 001 names besides Tehran's
// municipality and districts: the assembly of metropolises and
// knowledge-based companies (their names are illustrative).
var exhibitionOrgs = []org.Input{
	{Slug: "metropolises-assembly", Kind: string(org.Association), NameFa: "مجمع کلانشهرهای ایران",
		NameEn: "Assembly of Iran's Metropolises"},
	{Slug: "tehran-urban-data-co", Kind: string(org.Company), NameFa: "شرکت دانش‌بنیان داده‌های شهری",
		NameEn: "Urban Data (knowledge-based company)"},
	{Slug: "tehran-smart-mobility-co", Kind: string(org.Company), NameFa: "شرکت دانش‌بنیان حمل‌ونقل هوشمند",
		NameEn: "Smart Mobility (knowledge-based company)"},
}

func loadEvents(ctx context.Context, d Deps) error {
	l := &eventsDemo{d: d, svc: events.NewService(d.DB, d.Orgs, network.NewService(d.DB, d.Orgs, d.IDs, d.Now), d.Now), orgs: map[string]org.Org{}}
	if err := l.ensureOrgs(ctx); err != nil {
		return err
	}
	for _, add := range []func(context.Context) error{l.exhibition, l.assemblySessions, l.upcoming} {
		if err := add(ctx); err != nil {
			return err
		}
	}
	return nil
}

// ensureOrgs adds the exhibitors that are missing (the companies under
// Tehran's municipality) and reads every organization the events name.
func (l *eventsDemo) ensureOrgs(ctx context.Context) error {
	tehran, err := l.d.Orgs.BySlug(ctx, "tehran")
	if err != nil {
		return err
	}
	for _, in := range exhibitionOrgs {
		if _, err := l.d.Orgs.BySlug(ctx, in.Slug); !apperr.Is(err, apperr.NotFound) {
			continue
		}
		var parent *org.Org
		if in.Kind == string(org.Company) {
			parent = &tehran
		}
		if _, err := l.d.Orgs.Create(ctx, 0, parent, in); err != nil {
			return err
		}
	}
	return nil
}

// org returns an organization by slug, read once.
func (l *eventsDemo) org(ctx context.Context, slug string) (org.Org, error) {
	if o, ok := l.orgs[slug]; ok {
		return o, nil
	}
	o, err := l.d.Orgs.BySlug(ctx, slug)
	l.orgs[slug] = o
	return o, err
}

// demoEvent is an event as the demo writes it: organizations by slug.
type demoEvent struct {
	events.Event
	organizers []string
	host       string // a host organization's slug; "" when Event.HostCity names it
}

// add stores the event unless one with its Persian title exists, and
// returns the stored event and whether it was new.
func (l *eventsDemo) add(ctx context.Context, de demoEvent) (events.Event, bool, error) {
	var id int64
	err := l.d.DB.Read.QueryRowContext(ctx, `SELECT id FROM events WHERE title_fa = $1`, persian.Normalize(de.TitleFa)).Scan(&id)
	if err == nil {
		ev, err := l.svc.Event(ctx, id)
		return ev, false, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return events.Event{}, false, err
	}
	e := de.Event
	for _, slug := range de.organizers {
		o, err := l.org(ctx, slug)
		if err != nil {
			return e, false, err
		}
		e.Organizers = append(e.Organizers, events.Organizer{OrgID: o.ID})
	}
	if de.host != "" {
		o, err := l.org(ctx, de.host)
		if err != nil {
			return e, false, err
		}
		e.HostOrgID = o.ID
	}
	e, err = l.svc.Create(ctx, operatorPrincipal, e)
	return e, true, err
}
