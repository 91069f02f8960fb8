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

// clean normalizes what an exhibitor shows and checks it is said.
func (x *Exhibitor) clean() error {
	x.ShowcaseFa, x.ShowcaseEn = persian.Normalize(strings.TrimSpace(x.ShowcaseFa)), strings.TrimSpace(x.ShowcaseEn)
	if x.ShowcaseFa == "" {
		return invalid("showcase_fa", "بنویسید این غرفه‌دار چه چیزی را نمایش می‌دهد.", "Say what this exhibitor shows.")
	}
	return nil
}

// AddExhibitor adds an organization to an exhibition with the profile of
// what it shows.
func (s *Service) AddExhibitor(ctx context.Context, who *auth.Principal, x Exhibitor) (Exhibitor, error) {
	if err := x.clean(); err != nil {
		return x, err
	}
	err := s.changePart(ctx, who, x.EventID, "events.exhibitor.add", "event_exhibitor", func(tx *sql.Tx, e Event) (audit.Change, error) {
		if e.Kind != Exhibition {
			return audit.Change{}, errNotExhibition
		}
		if _, err := s.orgPath(ctx, tx, x.OrgID); err != nil {
			return audit.Change{}, err
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO event_exhibitors (event_id, org_id, showcase_fa, showcase_en)
			VALUES ($1, $2, $3, $4) RETURNING id`, x.EventID, x.OrgID, x.ShowcaseFa, x.ShowcaseEn).Scan(&x.ID)
		if store.IsUniqueViolation(err) {
			return audit.Change{}, errExhibitorDup
		}
		return audit.Change{EntityID: x.ID, After: x}, err
	})
	return x, err
}

// Exhibitors lists an exhibition's exhibitors by name.
func (s *Service) Exhibitors(ctx context.Context, eventID int64) ([]Exhibitor, error) {
	xs, err := s.exhibitors(ctx, s.db.Read, ` WHERE x.event_id = $1`, eventID)
	return byOrgName(xs, func(x Exhibitor) string { return x.OrgNameFa }, func(x Exhibitor) int64 { return x.ID }), err
}
