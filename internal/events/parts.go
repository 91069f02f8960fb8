package events

import (
	"context"
	"database/sql"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/store"
)

// An event's parts, its exhibitors and materials, are changed by its
// organizers: each change runs in one transaction on the event, checked
// to be theirs, and leaves an audit entry.

var (
	errNoExhibitor = apperr.New(apperr.NotFound, "غرفه‌دار پیدا نشد.", "No such exhibitor.")
	errNoMaterial  = apperr.New(apperr.NotFound, "مستند پیدا نشد.", "No such material.")
)

// changePart runs fn on the event who organizes and records the change
// it returns (its entity id, before and after) as action on entity.
func (s *Service) changePart(ctx context.Context, who *auth.Principal, eventID int64, action, entity string,
	fn func(tx *sql.Tx, e Event) (audit.Change, error)) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.managed(ctx, tx, who, eventID)
		if err != nil {
			return err
		}
		c, err := fn(tx, e)
		if err != nil {
			return err
		}
		c.ActorID, c.OrgID, c.OrgPath, c.Action, c.Entity = who.UserID, e.OwnerID(), e.OwnerPath, action, entity
		return audit.Record(ctx, tx, now, c)
	})
}

// findPart reads one part of an event; a part of another event is not
// found.
func findPart[T any](ctx context.Context, q store.Queryer, scan func(store.Scanner) (T, error), query string,
	eventID, id int64, missing error) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, id, eventID))
	return v, store.NotFound(err, missing)
}

func (s *Service) findExhibitor(ctx context.Context, q store.Queryer, eventID, id int64) (Exhibitor, error) {
	xs, err := s.exhibitors(ctx, q, ` WHERE x.id = $1 AND x.event_id = $2`, id, eventID)
	return store.Single(xs, err, errNoExhibitor)
}

func findMaterial(ctx context.Context, q store.Queryer, eventID, id int64) (Material, error) {
	return findPart(ctx, q, scanMaterial, `SELECT `+materialColumns+` WHERE id = $1 AND event_id = $2`, eventID, id, errNoMaterial)
}

// Exhibitor returns one exhibitor of an event.
func (s *Service) Exhibitor(ctx context.Context, eventID, id int64) (Exhibitor, error) {
	return s.findExhibitor(ctx, s.db.Read, eventID, id)
}

// Material returns one material of an event.
func (s *Service) Material(ctx context.Context, eventID, id int64) (Material, error) {
	return findMaterial(ctx, s.db.Read, eventID, id)
}

// UpdateExhibitor changes what an exhibitor shows; its organization stays.
func (s *Service) UpdateExhibitor(ctx context.Context, who *auth.Principal, x Exhibitor) (Exhibitor, error) {
	if err := x.clean(); err != nil {
		return x, err
	}
	err := s.changePart(ctx, who, x.EventID, "events.exhibitor.update", "event_exhibitor", func(tx *sql.Tx, _ Event) (audit.Change, error) {
		before, err := s.findExhibitor(ctx, tx, x.EventID, x.ID)
		if err != nil {
			return audit.Change{}, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE event_exhibitors SET showcase_fa = $2, showcase_en = $3 WHERE id = $1`,
			x.ID, x.ShowcaseFa, x.ShowcaseEn)
		x.OrgID, x.OrgSlug, x.OrgNameFa, x.OrgNameEn = before.OrgID, before.OrgSlug, before.OrgNameFa, before.OrgNameEn
		return audit.Change{EntityID: x.ID, Before: before, After: x}, err
	})
	return x, err
}

// DeleteExhibitor removes an exhibitor from its exhibition.
func (s *Service) DeleteExhibitor(ctx context.Context, who *auth.Principal, eventID, id int64) error {
	return deletePart(ctx, s, who, eventID, id, "exhibitor", s.findExhibitor)
}

// UpdateMaterial changes a material's titles and, for a link, its
// address; a file stays as it was uploaded.
func (s *Service) UpdateMaterial(ctx context.Context, who *auth.Principal, m Material) (Material, error) {
	m.clean()
	if err := checkTitle(m); err != nil {
		return m, err
	}
	err := s.changePart(ctx, who, m.EventID, "events.material.update", "event_material", func(tx *sql.Tx, _ Event) (audit.Change, error) {
		before, err := findMaterial(ctx, tx, m.EventID, m.ID)
		if err != nil {
			return audit.Change{}, err
		}
		if before.URL == "" {
			m.URL = ""
		} else if err := checkLink(m.URL); err != nil {
			return audit.Change{}, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE event_materials SET title_fa = $2, title_en = $3, url = $4 WHERE id = $1`,
			m.ID, m.TitleFa, m.TitleEn, m.URL)
		m.Name, m.ContentType, m.Size = before.Name, before.ContentType, before.Size
		return audit.Change{EntityID: m.ID, Before: before, After: m}, err
	})
	return m, err
}

// DeleteMaterial removes a material, its file with it.
func (s *Service) DeleteMaterial(ctx context.Context, who *auth.Principal, eventID, id int64) error {
	return deletePart(ctx, s, who, eventID, id, "material", findMaterial)
}

// deletePart removes the event's part id of a kind (its table is
// event_<kind>s), found with find.
func deletePart[T any](ctx context.Context, s *Service, who *auth.Principal, eventID, id int64, kind string,
	find func(context.Context, store.Queryer, int64, int64) (T, error)) error {
	return s.changePart(ctx, who, eventID, "events."+kind+".delete", "event_"+kind, func(tx *sql.Tx, _ Event) (audit.Change, error) {
		before, err := find(ctx, tx, eventID, id)
		if err != nil {
			return audit.Change{}, err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM event_`+kind+`s WHERE id = $1`, id)
		return audit.Change{EntityID: id, Before: before}, err
	})
}
