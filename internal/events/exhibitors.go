package events

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errNotExhibition = apperr.New(apperr.Conflict, "فقط نمایشگاه غرفه‌دار دارد.", "Only an exhibition has exhibitors.")
	errExhibitorDup  = apperr.New(apperr.Conflict, "این سازمان پیش‌تر غرفه‌دار این نمایشگاه شده است.",
		"This organization already exhibits at this exhibition.")
)

// AddExhibitor adds an organization to an exhibition with the profile of
// what it shows.
func (s *Service) AddExhibitor(ctx context.Context, who *auth.Principal, x Exhibitor) (Exhibitor, error) {
	x.ShowcaseFa, x.ShowcaseEn = persian.Normalize(strings.TrimSpace(x.ShowcaseFa)), strings.TrimSpace(x.ShowcaseEn)
	if x.ShowcaseFa == "" {
		return x, invalid("showcase_fa", "بنویسید این غرفه‌دار چه چیزی را نمایش می‌دهد.", "Say what this exhibitor shows.")
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		e, err := s.managed(ctx, tx, who, x.EventID)
		if err != nil {
			return err
		}
		if e.Kind != Exhibition {
			return errNotExhibition
		}
		if _, err := orgPath(ctx, tx, x.OrgID); err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO event_exhibitors (event_id, org_id, showcase_fa, showcase_en)
			VALUES ($1, $2, $3, $4) RETURNING id`, x.EventID, x.OrgID, x.ShowcaseFa, x.ShowcaseEn).Scan(&x.ID)
		if store.IsUniqueViolation(err) {
			return errExhibitorDup
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, OrgID: e.OwnerID(), OrgPath: e.OwnerPath,
			Action: "events.exhibitor.add", Entity: "event_exhibitor", EntityID: x.ID, After: x})
	})
	return x, err
}

// Exhibitors lists an exhibition's exhibitors by name.
func (s *Service) Exhibitors(ctx context.Context, eventID int64) ([]Exhibitor, error) {
	return store.QueryAll(ctx, s.db.Read, scanExhibitor, `SELECT `+exhibitorColumns+`
		WHERE x.event_id = $1 ORDER BY o.name_fa, x.id`, eventID)
}
