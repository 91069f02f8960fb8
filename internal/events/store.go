package events

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func insertEvent(ctx context.Context, tx *sql.Tx, e *Event, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO events (kind, title_fa, title_en, description_fa, description_en,
		host_org_id, host_city, venue, starts_at, ends_at, status, capacity, org_quota, members_only, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		e.Kind, e.TitleFa, e.TitleEn, e.DescriptionFa, e.DescriptionEn, nullID(e.HostOrgID), e.HostCity, e.Venue,
		store.Millis(e.StartsAt), store.Millis(e.EndsAt), e.Status, e.Capacity, e.OrgQuota, e.MembersOnly, store.Millis(now)).Scan(&e.ID)
	if err != nil {
		return err
	}
	return insertOrganizers(ctx, tx, e.ID, e.Organizers)
}

func updateEvent(ctx context.Context, tx *sql.Tx, e Event, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE events SET kind = $2, title_fa = $3, title_en = $4, description_fa = $5,
		description_en = $6, host_org_id = $7, host_city = $8, venue = $9, starts_at = $10, ends_at = $11, status = $12,
		capacity = $13, org_quota = $14, members_only = $15, updated_at = $16 WHERE id = $1`,
		e.ID, e.Kind, e.TitleFa, e.TitleEn, e.DescriptionFa, e.DescriptionEn, nullID(e.HostOrgID), e.HostCity, e.Venue,
		store.Millis(e.StartsAt), store.Millis(e.EndsAt), e.Status, e.Capacity, e.OrgQuota, e.MembersOnly, store.Millis(now))
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

// columns is a list of an event's columns with where Scan puts them.
// Lists read only what they show: the calendar and the API no
// descriptions and no counts, the feed no counts.
type columns struct {
	sql  string
	dest func(e *Event) []any
}

// plus is c followed by more columns.
func (c columns) plus(sql string, dest func(e *Event) []any) columns {
	return columns{sql: c.sql + ", " + sql, dest: func(e *Event) []any { return append(c.dest(e), dest(e)...) }}
}

func (c columns) scan(r store.Scanner) (Event, error) {
	var e Event
	err := r.Scan(c.dest(&e)...)
	return e, err
}

// eventsFrom is what every column list reads from.
const eventsFrom = ` FROM events e LEFT JOIN organizations h ON h.id = e.host_org_id`

var (
	// summaryColumns are what a list of events shows.
	summaryColumns = columns{sql: `e.id, e.kind, e.title_fa, e.title_en, coalesce(e.host_org_id, 0), e.host_city,
		coalesce(h.name_fa, ''), coalesce(h.name_en, ''), e.starts_at, e.ends_at, e.status`,
		dest: func(e *Event) []any {
			return []any{&e.ID, &e.Kind, &e.TitleFa, &e.TitleEn, &e.HostOrgID, &e.HostCity, &e.HostNameFa, &e.HostNameEn,
				store.Time(&e.StartsAt), store.Time(&e.EndsAt), &e.Status}
		}}
	// detailColumns add what the event itself says.
	detailColumns = summaryColumns.plus(`e.description_fa, e.description_en, e.venue, e.capacity, e.org_quota, e.members_only`,
		func(e *Event) []any {
			return []any{&e.DescriptionFa, &e.DescriptionEn, &e.Venue, &e.Capacity, &e.OrgQuota, &e.MembersOnly}
		})
	// eventColumns add its seats taken and its owner's path: two
	// subqueries a row, for one event's page and the staff's lists.
	eventColumns = detailColumns.plus(`(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.cancelled_at IS NULL),
		coalesce((SELECT o.path FROM event_organizers eo JOIN organizations o ON o.id = eo.org_id
			WHERE eo.event_id = e.id AND eo.position = 0), '')`,
		func(e *Event) []any { return []any{&e.Registered, &e.OwnerPath} })
)

func loadEvent(ctx context.Context, q store.Queryer, id int64) (Event, error) {
	e, err := eventColumns.scan(q.QueryRowContext(ctx, `SELECT `+eventColumns.sql+eventsFrom+` WHERE e.id = $1`, id))
	err = store.NotFound(err, errNoEvent)
	if err != nil {
		return e, err
	}
	e.Organizers, err = loadOrganizers(ctx, q, id)
	return e, err
}

func loadOrganizers(ctx context.Context, q store.Queryer, eventID int64) ([]Organizer, error) {
	return store.QueryAll(ctx, q, func(r store.Scanner) (Organizer, error) {
		var o Organizer
		return o, r.Scan(&o.OrgID, &o.NameFa, &o.NameEn, &o.Kind)
	}, `SELECT o.id, o.name_fa, o.name_en, o.kind FROM event_organizers eo JOIN organizations o ON o.id = eo.org_id
		WHERE eo.event_id = $1 ORDER BY eo.position`, eventID)
}

// Filter selects events to list.
type Filter struct {
	From, To time.Time // events ending after From and starting before To; zero for no bound
	Kind     Kind
	HostOrg  int64 // hosted by this organization
	City     string
	OrgID    int64 // organized by this organization
	// Owned by one of these organizations or one below it (the staff's
	// list: where they organize events); nil for no bound.
	OwnedUnder []int64
	Title      string // the title, Persian or English, holds this text
	Limit      int    // 0 for no limit
}

// where builds the filter's conditions.
func (f Filter) where() *store.Where {
	c := &store.Where{}
	if !f.From.IsZero() {
		c.Add("e.ends_at > ?", store.Millis(f.From))
	}
	if !f.To.IsZero() {
		c.Add("e.starts_at < ?", store.Millis(f.To))
	}
	if f.Kind != "" {
		c.Add("e.kind = ?", string(f.Kind))
	}
	if f.HostOrg != 0 {
		c.Add("e.host_org_id = ?", f.HostOrg)
	}
	if f.City != "" {
		like := "%" + f.City + "%"
		c.Add("(h.name_fa LIKE ? OR e.host_city LIKE ?)", like, like)
	}
	if f.OrgID != 0 {
		c.Add("EXISTS (SELECT 1 FROM event_organizers eo WHERE eo.event_id = e.id AND eo.org_id = ?)", f.OrgID)
	}
	if len(f.OwnedUnder) > 0 {
		f.ownedUnder(c)
	}
	if f.Title != "" {
		c.Add(`(e.title_fa LIKE ? ESCAPE '\' OR lower(e.title_en) LIKE ? ESCAPE '\')`,
			likeAny(persian.Normalize(f.Title)), likeAny(strings.ToLower(strings.TrimSpace(f.Title))))
	}
	return c
}

// ownedUnder adds the condition that an event's owner is one of
// f.OwnedUnder or below one (its path names one). It reads from the
// owners to their events (the organizers' org_id index) rather than
// testing every event in the listing's order: a municipality that owns
// none of 50,000 events costs 2 ms instead of 250 (SQLite).
func (f Filter) ownedUnder(c *store.Where) {
	paths := make([]any, len(f.OwnedUnder))
	for i, id := range f.OwnedUnder {
		paths[i] = "%/" + strconv.FormatInt(id, 10) + "/%"
	}
	c.Add(`e.id IN (SELECT eo.event_id FROM event_organizers eo WHERE eo.position = 0 AND eo.org_id IN
		(SELECT o.id FROM organizations o WHERE `+strings.Repeat("o.path LIKE ? OR ", len(paths)-1)+`o.path LIKE ?))`, paths...)
}

// likeAny is a LIKE pattern (escaped by \) matching text that holds s.
func likeAny(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}

// listEvents lists the events matching f, earliest first.
func listEvents(ctx context.Context, q store.Queryer, cols columns, f Filter) ([]Event, error) {
	c := f.where()
	query := `SELECT ` + cols.sql + eventsFrom + c.String() + ` ORDER BY e.starts_at, e.id`
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	return store.QueryAll(ctx, q, cols.scan, query, c.Args...)
}

// pageQuery asks for one page of a listing ordered by (starts_at, id).
type pageQuery struct {
	cols  columns
	desc  bool       // latest first
	at    web.Cursor // where the page starts: just past this event; zero for the listing's start
	back  bool       // the page that ends just before at instead
	limit int
}

// listPage lists one page of the events matching f, in the listing's
// order, and whether more lie beyond it in the direction it was read.
// Reading a keyset (past the cursor's starts_at and id) rather than an
// offset costs the same on the last page as on the first, and an event
// added or removed meanwhile before the cursor neither repeats nor hides
// one after it.
func listPage(ctx context.Context, q store.Queryer, f Filter, p pageQuery) ([]Event, bool, error) {
	c := f.where()
	forward := p.desc == p.back // the SQL reads by ascending (starts_at, id)
	if !p.at.Zero() {
		if forward {
			c.Add("e.starts_at >= ? AND (e.starts_at > ? OR e.id > ?)", p.at.Key, p.at.Key, p.at.ID)
		} else {
			c.Add("e.starts_at <= ? AND (e.starts_at < ? OR e.id < ?)", p.at.Key, p.at.Key, p.at.ID)
		}
	}
	order := ` ORDER BY e.starts_at, e.id`
	if !forward {
		order = ` ORDER BY e.starts_at DESC, e.id DESC`
	}
	evs, err := store.QueryAll(ctx, q, p.cols.scan, `SELECT `+p.cols.sql+eventsFrom+c.String()+order+
		` LIMIT `+strconv.Itoa(p.limit+1), c.Args...)
	if err != nil {
		return nil, false, err
	}
	more := len(evs) > p.limit
	evs = evs[:min(len(evs), p.limit)]
	if p.back {
		slices.Reverse(evs)
	}
	return evs, more, nil
}

// countSeats sets each event's seats taken, in one query for all: a list
// counts only the events it shows, not every one its query walks past.
func countSeats(ctx context.Context, q store.Queryer, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	byID := make(map[int64]*Event, len(evs))
	args := make([]any, len(evs))
	for i := range evs {
		byID[evs[i].ID] = &evs[i]
		args[i] = evs[i].ID
	}
	_, err := store.QueryAll(ctx, q, func(r store.Scanner) (int64, error) {
		var id, n int64
		err := r.Scan(&id, &n)
		if err == nil {
			byID[id].Registered = n
		}
		return id, err
	}, `SELECT event_id, count(*) FROM event_registrations WHERE event_id IN (`+store.Marks(1, len(args))+`)
		AND cancelled_at IS NULL GROUP BY event_id`, args...)
	return err
}

// lockSeats takes the event's row lock for the rest of tx and returns
// what a registration is checked against, read after the lock.
func lockSeats(ctx context.Context, tx *sql.Tx, eventID int64) (Event, error) {
	e := Event{ID: eventID}
	err := tx.QueryRowContext(ctx, `UPDATE events SET seat_changes = seat_changes + 1 WHERE id = $1
		RETURNING status, capacity, org_quota, members_only, starts_at, ends_at`, eventID).
		Scan(&e.Status, &e.Capacity, &e.OrgQuota, &e.MembersOnly, store.Time(&e.StartsAt), store.Time(&e.EndsAt))
	return e, store.NotFound(err, errNoEvent)
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
