package events

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertEvent(ctx context.Context, tx *sql.Tx, e *Event, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO events (kind, title_fa, title_en, description_fa, description_en,
		host_org_id, host_city, venue, starts_at, ends_at, status, capacity, org_quota, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id`,
		e.Kind, e.TitleFa, e.TitleEn, e.DescriptionFa, e.DescriptionEn, nullID(e.HostOrgID), e.HostCity, e.Venue,
		store.Millis(e.StartsAt), store.Millis(e.EndsAt), e.Status, e.Capacity, e.OrgQuota, store.Millis(now)).Scan(&e.ID)
	if err != nil {
		return err
	}
	return insertOrganizers(ctx, tx, e.ID, e.Organizers)
}

func updateEvent(ctx context.Context, tx *sql.Tx, e Event, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE events SET kind = $2, title_fa = $3, title_en = $4, description_fa = $5,
		description_en = $6, host_org_id = $7, host_city = $8, venue = $9, starts_at = $10, ends_at = $11, status = $12,
		capacity = $13, org_quota = $14, updated_at = $15 WHERE id = $1`,
		e.ID, e.Kind, e.TitleFa, e.TitleEn, e.DescriptionFa, e.DescriptionEn, nullID(e.HostOrgID), e.HostCity, e.Venue,
		store.Millis(e.StartsAt), store.Millis(e.EndsAt), e.Status, e.Capacity, e.OrgQuota, store.Millis(now))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM event_organizers WHERE event_id = $1`, e.ID); err != nil {
		return err
	}
	return insertOrganizers(ctx, tx, e.ID, e.Organizers)
}

func insertOrganizers(ctx context.Context, tx *sql.Tx, eventID int64, orgs []Organizer) error {
	for i, o := range orgs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO event_organizers (event_id, org_id, position) VALUES ($1, $2, $3)`,
			eventID, o.OrgID, i); err != nil {
			return err
		}
	}
	return nil
}

// eventColumns read an event with its host's names, its owner's path and
// its seats taken.
const eventColumns = `e.id, e.kind, e.title_fa, e.title_en, e.description_fa, e.description_en,
	coalesce(e.host_org_id, 0), e.host_city, coalesce(h.name_fa, ''), coalesce(h.name_en, ''), e.venue,
	e.starts_at, e.ends_at, e.status, e.capacity, e.org_quota,
	(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.cancelled_at IS NULL),
	coalesce((SELECT o.path FROM event_organizers eo JOIN organizations o ON o.id = eo.org_id
		WHERE eo.event_id = e.id AND eo.position = 0), '')
	FROM events e LEFT JOIN organizations h ON h.id = e.host_org_id`

func scanEvent(r store.Scanner) (Event, error) {
	var e Event
	err := r.Scan(&e.ID, &e.Kind, &e.TitleFa, &e.TitleEn, &e.DescriptionFa, &e.DescriptionEn, &e.HostOrgID, &e.HostCity,
		&e.HostNameFa, &e.HostNameEn, &e.Venue, store.Time(&e.StartsAt), store.Time(&e.EndsAt), &e.Status,
		&e.Capacity, &e.OrgQuota, &e.Registered, &e.OwnerPath)
	return e, err
}

func loadEvent(ctx context.Context, q store.Queryer, id int64) (Event, error) {
	e, err := scanEvent(q.QueryRowContext(ctx, `SELECT `+eventColumns+` WHERE e.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errNoEvent
	}
	if err != nil {
		return e, err
	}
	e.Organizers, err = loadOrganizers(ctx, q, id)
	return e, err
}

func loadOrganizers(ctx context.Context, q store.Queryer, eventID int64) ([]Organizer, error) {
	return store.QueryAll(ctx, q, func(r store.Scanner) (Organizer, error) {
		var o Organizer
		return o, r.Scan(&o.OrgID, &o.NameFa, &o.NameEn)
	}, `SELECT o.id, o.name_fa, o.name_en FROM event_organizers eo JOIN organizations o ON o.id = eo.org_id
		WHERE eo.event_id = $1 ORDER BY eo.position`, eventID)
}

// Filter selects events to list.
type Filter struct {
	From, To time.Time // events ending after From and starting before To; zero for no bound
	Kind     Kind
	HostOrg  int64 // hosted by this organization
	City     string
	OrgID    int64 // organized by this organization
	Limit    int   // 0 for no limit
}

// where builds the filter's conditions and arguments.
func (f Filter) where() (string, []any) {
	conds, args := []string{"1 = 1"}, []any{}
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if !f.From.IsZero() {
		add("e.ends_at > ?", store.Millis(f.From))
	}
	if !f.To.IsZero() {
		add("e.starts_at < ?", store.Millis(f.To))
	}
	if f.Kind != "" {
		add("e.kind = ?", string(f.Kind))
	}
	if f.HostOrg != 0 {
		add("e.host_org_id = ?", f.HostOrg)
	}
	if f.City != "" {
		add("(h.name_fa LIKE ? OR e.host_city LIKE ?)", "%"+f.City+"%")
	}
	if f.OrgID != 0 {
		add("EXISTS (SELECT 1 FROM event_organizers eo WHERE eo.event_id = e.id AND eo.org_id = ?)", f.OrgID)
	}
	return strings.Join(conds, " AND "), args
}

func listEvents(ctx context.Context, q store.Queryer, f Filter, order string) ([]Event, error) {
	where, args := f.where()
	query := `SELECT ` + eventColumns + ` WHERE ` + where + ` ORDER BY ` + order
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	return store.QueryAll(ctx, q, scanEvent, query, args...)
}

// lockSeats takes the event's row lock for the rest of tx and returns
// what a registration is checked against, read after the lock.
func lockSeats(ctx context.Context, tx *sql.Tx, eventID int64) (Event, error) {
	e := Event{ID: eventID}
	err := tx.QueryRowContext(ctx, `UPDATE events SET seat_changes = seat_changes + 1 WHERE id = $1
		RETURNING status, capacity, org_quota, starts_at, ends_at`, eventID).
		Scan(&e.Status, &e.Capacity, &e.OrgQuota, store.Time(&e.StartsAt), store.Time(&e.EndsAt))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errNoEvent
	}
	return e, err
}

// seatsTaken counts the event's active registrations, in all and of one
// organization.
func seatsTaken(ctx context.Context, tx *sql.Tx, eventID, orgID int64) (all, ofOrg int64, err error) {
	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN org_id = $2 THEN 1 ELSE 0 END), 0)
		FROM event_registrations WHERE event_id = $1 AND cancelled_at IS NULL`, eventID, orgID).Scan(&all, &ofOrg)
	return all, ofOrg, err
}

const registrationColumns = `r.id, r.event_id, r.org_id, o.name_fa, o.name_en, o.path, r.name, r.role, r.email, r.phone,
	r.attended, r.created_at, r.cancelled_at FROM event_registrations r JOIN organizations o ON o.id = r.org_id`

func scanRegistration(r store.Scanner) (Registration, error) {
	var g Registration
	err := r.Scan(&g.ID, &g.EventID, &g.OrgID, &g.OrgNameFa, &g.OrgNameEn, &g.OrgPath, &g.Name, &g.Role, &g.Email, &g.Phone,
		&g.Attended, store.Time(&g.CreatedAt), store.Time(&g.CancelledAt))
	return g, err
}

const exhibitorColumns = `x.id, x.event_id, x.org_id, o.slug, o.name_fa, o.name_en, x.showcase_fa, x.showcase_en
	FROM event_exhibitors x JOIN organizations o ON o.id = x.org_id`

func scanExhibitor(r store.Scanner) (Exhibitor, error) {
	var x Exhibitor
	return x, r.Scan(&x.ID, &x.EventID, &x.OrgID, &x.OrgSlug, &x.OrgNameFa, &x.OrgNameEn, &x.ShowcaseFa, &x.ShowcaseEn)
}

const materialColumns = `id, event_id, title_fa, title_en, url, name, coalesce(content_type, ''), size FROM event_materials`

func scanMaterial(r store.Scanner) (Material, error) {
	var m Material
	return m, r.Scan(&m.ID, &m.EventID, &m.TitleFa, &m.TitleEn, &m.URL, &m.Name, &m.ContentType, &m.Size)
}
