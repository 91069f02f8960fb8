package events

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Register records a person an organization sends to an event. who must
// act for the organization in networks (auth.Apply). The event's seats
// are counted after its row is locked, in the same transaction as the
// insert, so concurrent registrations never pass the capacity or a quota.
func (s *Service) Register(ctx context.Context, who *auth.Principal, g Registration) (Registration, error) {
	g.Name, g.Role = persian.Normalize(strings.TrimSpace(g.Name)), persian.Normalize(strings.TrimSpace(g.Role))
	g.Email, g.Phone = strings.TrimSpace(g.Email), persian.ToASCIIDigits(strings.TrimSpace(g.Phone))
	if err := g.Validate(); err != nil {
		return g, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := lockSeats(ctx, tx, g.EventID)
		if err != nil {
			return err
		}
		if g.OrgPath, err = s.orgPath(ctx, tx, g.OrgID); err != nil {
			return err
		}
		if !who.Can(auth.Apply, g.OrgPath) {
			return apperr.ErrForbidden
		}
		if e.Status != Open || !now.Before(e.EndsAt) {
			return errNotOpen
		}
		if err := s.checkAudience(ctx, tx, e, g.OrgID); err != nil {
			return err
		}
		if err := checkSeats(ctx, tx, e, g.OrgID); err != nil {
			return err
		}
		g.CreatedAt = now
		err = tx.QueryRowContext(ctx, `INSERT INTO event_registrations (event_id, org_id, name, role, email, phone, registered_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, g.EventID, g.OrgID, g.Name, g.Role, g.Email, g.Phone,
			nullID(who.UserID), store.Millis(now)).Scan(&g.ID)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: g.OrgID, OrgPath: g.OrgPath,
			Action: "events.registration.create", Entity: "event_registration", EntityID: g.ID, After: g})
	})
	return g, err
}

// checkSeats refuses a registration that would pass the event's capacity
// or the organization's quota.
func checkSeats(ctx context.Context, tx *sql.Tx, e Event, orgID int64) error {
	all, ofOrg, err := seatsTaken(ctx, tx, e.ID, orgID)
	switch {
	case err != nil:
		return err
	case e.Capacity > 0 && all >= e.Capacity:
		return errFull
	case e.OrgQuota > 0 && ofOrg >= e.OrgQuota:
		return errQuotaFull
	}
	return nil
}

// Registration returns one registration of an event.
func (s *Service) Registration(ctx context.Context, eventID, id int64) (Registration, error) {
	return s.findRegistration(ctx, s.db.Read, eventID, id)
}

func (s *Service) findRegistration(ctx context.Context, q store.Queryer, eventID, id int64) (Registration, error) {
	gs, err := s.registrations(ctx, q, ` WHERE r.id = $1 AND r.event_id = $2`, id, eventID)
	return store.Single(gs, err, errNoRegistration)
}

// Registrations lists an event's registrations, by organization, the
// cancelled ones included.
func (s *Service) Registrations(ctx context.Context, eventID int64) ([]Registration, error) {
	gs, err := s.registrations(ctx, s.db.Read, ` WHERE r.event_id = $1`, eventID)
	return byOrgName(gs, func(g Registration) string { return g.OrgNameFa }, func(g Registration) int64 { return g.ID }), err
}

// MayCancel says whether who may cancel g: the registering organization's
// staff who act in networks, or the event's organizers.
func MayCancel(who *auth.Principal, e Event, g Registration) bool {
	return who.Can(auth.Apply, g.OrgPath) || who.Can(auth.OrganizeEvents, e.OwnerPath)
}

// Cancel frees a registration's seat.
func (s *Service) Cancel(ctx context.Context, who *auth.Principal, eventID, id int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := lockSeats(ctx, tx, eventID); err != nil {
			return err
		}
		e, err := s.loadEvent(ctx, tx, eventID)
		if err != nil {
			return err
		}
		g, err := s.findRegistration(ctx, tx, eventID, id)
		if err != nil {
			return err
		}
		if !MayCancel(who, e, g) {
			return apperr.ErrForbidden
		}
		if !g.Active() {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET cancelled_at = $2 WHERE id = $1`, id, store.Millis(now)); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: g.OrgID, OrgPath: g.OrgPath,
			Action: "events.registration.cancel", Entity: "event_registration", EntityID: id, Before: g})
	})
}

var errAttendanceCancelled = apperr.New(apperr.Conflict, "حضور در رویداد لغوشده ثبت نمی‌شود.",
	"Attendance is not recorded for a cancelled event.")

// SetAttendance records who attended: the event's active registrations
// listed in present attended, the others did not. An id that is none of
// the event's registrations is not found, and nothing is recorded; one
// cancelled since the list was shown is passed over.
func (s *Service) SetAttendance(ctx context.Context, who *auth.Principal, eventID int64, present []int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.managed(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		if e.Status == Cancelled {
			return errAttendanceCancelled
		}
		regs, err := s.registrations(ctx, tx, ` WHERE r.event_id = $1`, eventID)
		if err != nil {
			return err
		}
		for _, id := range present {
			if !slices.ContainsFunc(regs, func(g Registration) bool { return g.ID == id }) {
				return errNoRegistration
			}
		}
		marked, err := markAttendance(ctx, tx, regs, present)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: e.OwnerID(), OrgPath: e.OwnerPath,
			Action: "events.attendance", Entity: "event", EntityID: eventID, After: map[string]any{"present": marked}})
	})
}

// markAttendance sets whether each active registration attended, and
// returns those that did.
func markAttendance(ctx context.Context, tx *sql.Tx, regs []Registration, present []int64) ([]int64, error) {
	var marked []int64
	for _, g := range regs {
		if !g.Active() {
			continue
		}
		attended := slices.Contains(present, g.ID)
		if attended != g.Attended {
			if _, err := tx.ExecContext(ctx, `UPDATE event_registrations SET attended = $2 WHERE id = $1`, g.ID, attended); err != nil {
				return nil, err
			}
		}
		if attended {
			marked = append(marked, g.ID)
		}
	}
	return marked, nil
}
