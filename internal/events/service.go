package events

import (
	"context"
	"database/sql"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the events module's use cases; each runs one transaction.
type Service struct {
	db      *store.DB
	orgs    *org.Service
	members Members // who may register for members-only events
	now     func() time.Time
}

// NewService returns the service over db with its collaborators and clock.
func NewService(db *store.DB, orgs *org.Service, members Members, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, members: members, now: now}
}

var (
	errNoEvent   = apperr.New(apperr.NotFound, "رویداد پیدا نشد.", "No such event.")
	errNoOrg     = invalid("org", "سازمان پیدا نشد.", "No such organization.")
	errNotOpen   = apperr.New(apperr.Conflict, "ثبت‌نام این رویداد باز نیست.", "Registration for this event is not open.")
	errFull      = apperr.New(apperr.Conflict, "ظرفیت رویداد پر شده است.", "The event is full: no seats are left.")
	errQuotaFull = apperr.New(apperr.Conflict, "سهمیه سازمان شما در این رویداد پر شده است.",
		"Your organization has used its whole quota of seats for this event.")
	errNoRegistration = apperr.New(apperr.NotFound, "ثبت‌نام پیدا نشد.", "No such registration.")
)

// orgPath reads an organization's path through q, the caller's
// transaction.
func (s *Service) orgPath(ctx context.Context, q store.Queryer, id int64) (string, error) {
	p, err := s.orgs.In(q).Place(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound {
		return "", errNoOrg
	}
	return p.Path, err
}

// normalize cleans the texts people type.
func (e *Event) normalize() {
	e.TitleFa, e.DescriptionFa = persian.Normalize(e.TitleFa), persian.Normalize(e.DescriptionFa)
	e.HostCity, e.Venue = persian.Normalize(e.HostCity), persian.Normalize(e.Venue)
	if e.HostOrgID != 0 {
		e.HostCity = ""
	}
}

// Create stores a new event. who must organize events in its owner, the
// first organizer.
func (s *Service) Create(ctx context.Context, who *auth.Principal, e Event) (Event, error) {
	e.normalize()
	if e.Status == "" {
		e.Status = Planned
	}
	if err := e.Validate(); err != nil {
		return e, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		path, err := s.checkOwner(ctx, tx, who, e)
		if err != nil {
			return err
		}
		if err := s.checkMembersOnly(ctx, tx, e); err != nil {
			return err
		}
		e.OwnerPath = path
		if err := insertEvent(ctx, tx, &e, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: e.OwnerID(), OrgPath: path,
			Action: "events.event.create", Entity: "event", EntityID: e.ID, After: e})
	})
	return e, err
}

// checkOwner checks that every organizer and the host exist and that who
// may organize events in the owner; it returns the owner's path.
func (s *Service) checkOwner(ctx context.Context, tx *sql.Tx, who *auth.Principal, e Event) (string, error) {
	path := ""
	for i, o := range e.Organizers {
		p, err := s.orgPath(ctx, tx, o.OrgID)
		if err != nil {
			return "", err
		}
		if i == 0 {
			path = p
		}
	}
	if e.HostOrgID != 0 {
		if _, err := s.orgPath(ctx, tx, e.HostOrgID); err != nil {
			return "", err
		}
	}
	if !who.Can(auth.OrganizeEvents, path) {
		return "", apperr.ErrForbidden
	}
	return path, nil
}

// Update changes an event's details and status. who must organize events
// in its current owner and in the new one.
func (s *Service) Update(ctx context.Context, who *auth.Principal, e Event) (Event, error) {
	e.normalize()
	if err := e.Validate(); err != nil {
		return e, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.managed(ctx, tx, who, e.ID)
		if err != nil {
			return err
		}
		if e.Status == Held && now.Before(e.StartsAt) {
			return invalid("status", "رویدادی که هنوز آغاز نشده برگزارشده نیست.", "An event that has not started cannot be held.")
		}
		if e.OwnerPath, err = s.checkOwner(ctx, tx, who, e); err != nil {
			return err
		}
		if err := s.checkMembersOnly(ctx, tx, e); err != nil {
			return err
		}
		if err := updateEvent(ctx, tx, e, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: e.OwnerID(), OrgPath: e.OwnerPath,
			Action: "events.event.update", Entity: "event", EntityID: e.ID, Before: before, After: e})
	})
	return e, err
}

// managed loads an event inside tx and checks that who organizes it.
func (s *Service) managed(ctx context.Context, q store.Queryer, who *auth.Principal, id int64) (Event, error) {
	e, err := s.loadEvent(ctx, q, id)
	if err != nil {
		return e, err
	}
	if !who.Can(auth.OrganizeEvents, e.OwnerPath) {
		return e, apperr.ErrForbidden
	}
	return e, nil
}

// Event returns an event by id, with its organizers and seats taken.
func (s *Service) Event(ctx context.Context, id int64) (Event, error) {
	return s.loadEvent(ctx, s.db.Read, id)
}

// Events lists events matching f, earliest first, with their seats
// taken and owners.
func (s *Service) Events(ctx context.Context, f Filter) ([]Event, error) {
	return s.list(ctx, eventColumns, f)
}

// Upcoming lists events not yet over, earliest first.
func (s *Service) Upcoming(ctx context.Context, f Filter) ([]Event, error) {
	f.From = s.now()
	return s.Events(ctx, f)
}

// Now is the service's clock.
func (s *Service) Now() time.Time { return s.now() }
