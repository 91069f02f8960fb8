package events

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
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
const eventsFrom = ` FROM events e`

var (
	// summaryColumns are what a list of events shows (with its host's
	// names, which placed adds).
	summaryColumns = columns{sql: `e.id, e.kind, e.title_fa, e.title_en, coalesce(e.host_org_id, 0), e.host_city,
		e.starts_at, e.ends_at, e.status`,
		dest: func(e *Event) []any {
			return []any{&e.ID, &e.Kind, &e.TitleFa, &e.TitleEn, &e.HostOrgID, &e.HostCity,
				store.Time(&e.StartsAt), store.Time(&e.EndsAt), &e.Status}
		}}
	// detailColumns add what the event itself says.
	detailColumns = summaryColumns.plus(`e.description_fa, e.description_en, e.venue, e.capacity, e.org_quota, e.members_only`,
		func(e *Event) []any {
			return []any{&e.DescriptionFa, &e.DescriptionEn, &e.Venue, &e.Capacity, &e.OrgQuota, &e.MembersOnly}
		})
	// eventColumns add its seats taken and its owner (whose path placed
	// adds): two subqueries a row, for one event's page and the staff's
	// lists.
	eventColumns = detailColumns.plus(`(SELECT count(*) FROM event_registrations r WHERE r.event_id = e.id AND r.cancelled_at IS NULL),
		coalesce((SELECT eo.org_id FROM event_organizers eo WHERE eo.event_id = e.id AND eo.position = 0), 0)`,
		func(e *Event) []any { return []any{&e.Registered, &e.ownedBy} })
)

// placed sets what events show of their organizations, read through q
// in a batch: the host's names and, where the columns read the owner, its
// path.
func (s *Service) placed(ctx context.Context, q store.Queryer, evs []Event) error {
	orgs := s.orgs.In(q)
	err := store.Attach(ctx, evs, func(e *Event) int64 { return e.HostOrgID }, orgs.Names,
		func(e *Event, name i18n.Text) { e.HostNameFa, e.HostNameEn = name.Fa, name.En })
	owners := make([]int64, len(evs))
	for i, e := range evs {
		owners[i] = e.ownedBy
	}
	places, perr := orgs.Places(ctx, owners)
	for i := range evs {
		evs[i].OwnerPath = places[evs[i].ownedBy].Path
	}
	return errors.Join(err, perr)
}

func (s *Service) loadEvent(ctx context.Context, q store.Queryer, id int64) (Event, error) {
	e, err := eventColumns.scan(q.QueryRowContext(ctx, `SELECT `+eventColumns.sql+eventsFrom+` WHERE e.id = $1`, id))
	err = store.NotFound(err, errNoEvent)
	if err != nil {
		return e, err
	}
	evs := []Event{e}
	if err := s.placed(ctx, q, evs); err != nil {
		return e, err
	}
	e = evs[0]
	e.Organizers, err = s.organizers(ctx, q, id)
	return e, err
}

// organizers reads an event's organizers, the owner first, with their
// names and kinds.
func (s *Service) organizers(ctx context.Context, q store.Queryer, eventID int64) ([]Organizer, error) {
	list, err := store.QueryAll(ctx, q, func(r store.Scanner) (Organizer, error) {
		var o Organizer
		return o, r.Scan(&o.OrgID)
	}, `SELECT org_id FROM event_organizers WHERE event_id = $1 ORDER BY position`, eventID)
	if err != nil {
		return nil, err
	}
	return list, store.Attach(ctx, list, func(o *Organizer) int64 { return o.OrgID }, s.orgs.In(q).Briefs,
		func(o *Organizer, b org.Org) { o.NameFa, o.NameEn, o.Kind = b.NameFa, b.NameEn, b.Kind })
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

	// What the organization module answers for City and OwnedUnder
	// (resolve sets them): the organizations whose Persian name holds
	// City, and those at or below OwnedUnder.
	hostsNamed, owners []int64
}

// resolve asks the organization module, through q, which organizations
// f's City and OwnedUnder name.
func (s *Service) resolve(ctx context.Context, q store.Queryer, f *Filter) error {
	orgs := s.orgs.In(q)
	var err error
	if f.City != "" {
		if f.hostsNamed, err = orgs.IDs(ctx, org.Select{NameHas: f.City}); err != nil {
			return err
		}
	}
	if len(f.OwnedUnder) == 0 {
		return nil
	}
	roots, err := orgs.Places(ctx, f.OwnedUnder)
	var paths []string
	for _, p := range roots {
		paths = append(paths, p.Path)
	}
	if err != nil || len(paths) == 0 {
		return err
	}
	f.owners, err = orgs.IDs(ctx, org.Select{Under: paths})
	return err
}

// where builds the filter's conditions in the dialect d.
func (f Filter) where(d store.Dialect) *store.Where {
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
		c.Add("("+c.InIDs(d, "e.host_org_id", f.hostsNamed)+" OR e.host_city LIKE ?)", "%"+f.City+"%")
	}
	if f.OrgID != 0 {
		c.Add("EXISTS (SELECT 1 FROM event_organizers eo WHERE eo.event_id = e.id AND eo.org_id = ?)", f.OrgID)
	}
	if len(f.OwnedUnder) > 0 {
		f.ownedUnder(d, c)
	}
	if f.Title != "" {
		c.Add(`(e.title_fa LIKE ? ESCAPE '\' OR lower(e.title_en) LIKE ? ESCAPE '\')`,
			likeAny(persian.Normalize(f.Title)), likeAny(strings.ToLower(strings.TrimSpace(f.Title))))
	}
	return c
}

// ownedUnder adds the condition that an event's owner is one of
// f.OwnedUnder or below one (resolve has listed them). It reads from the
// owners to their events (the organizers' org_id index) rather than
// testing every event in the listing's order: a municipality that owns
// none of 50,000 events costs 2 ms instead of 250 (SQLite).
func (f Filter) ownedUnder(d store.Dialect, c *store.Where) {
	c.Add(`e.id IN (SELECT eo.event_id FROM event_organizers eo WHERE eo.position = 0 AND ` + c.InIDs(d, "eo.org_id", f.owners) + `)`)
}

// likeAny is a LIKE pattern (escaped by \) matching text that holds s.
func likeAny(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s) + "%"
}

// list lists the events matching f, earliest first, reading cols.
func (s *Service) list(ctx context.Context, cols columns, f Filter) ([]Event, error) {
	if err := s.resolve(ctx, s.db.Read, &f); err != nil {
		return nil, err
	}
	c := f.where(s.db.Dialect)
	query := `SELECT ` + cols.sql + eventsFrom + c.String() + ` ORDER BY e.starts_at, e.id`
	if f.Limit > 0 {
		query += ` LIMIT ` + strconv.Itoa(f.Limit)
	}
	evs, err := store.QueryAll(ctx, s.db.Read, cols.scan, query, c.Args...)
	if err != nil {
		return nil, err
	}
	return evs, s.placed(ctx, s.db.Read, evs)
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
func (s *Service) listPage(ctx context.Context, f Filter, p pageQuery) ([]Event, bool, error) {
	if err := s.resolve(ctx, s.db.Read, &f); err != nil {
		return nil, false, err
	}
	c := f.where(s.db.Dialect)
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
	evs, err := store.QueryAll(ctx, s.db.Read, p.cols.scan, `SELECT `+p.cols.sql+eventsFrom+c.String()+order+
		` LIMIT `+strconv.Itoa(p.limit+1), c.Args...)
	if err != nil {
		return nil, false, err
	}
	more := len(evs) > p.limit
	evs = evs[:min(len(evs), p.limit)]
	if p.back {
		slices.Reverse(evs)
	}
	return evs, more, s.placed(ctx, s.db.Read, evs)
}

// countSeats sets each listed event's seats taken, in one query for all:
// a list counts only the events it shows, not every one its query walks
// past.
func (s *Service) countSeats(ctx context.Context, evs []Event) error {
	if len(evs) == 0 {
		return nil
	}
	byID := make(map[int64]*Event, len(evs))
	ids := make([]int64, len(evs))
	for i := range evs {
		byID[evs[i].ID] = &evs[i]
		ids[i] = evs[i].ID
	}
	in, arg := s.db.Dialect.InIDs("event_id", 1, ids)
	_, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id, n int64
		err := r.Scan(&id, &n)
		if err == nil {
			byID[id].Registered = n
		}
		return id, err
	}, `SELECT event_id, count(*) FROM event_registrations WHERE `+in+` AND cancelled_at IS NULL GROUP BY event_id`, arg)
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

const registrationColumns = `r.id, r.event_id, r.org_id, r.name, r.role, r.email, r.phone,
	r.attended, r.created_at, r.cancelled_at FROM event_registrations r`

func scanRegistration(r store.Scanner) (Registration, error) {
	var g Registration
	err := r.Scan(&g.ID, &g.EventID, &g.OrgID, &g.Name, &g.Role, &g.Email, &g.Phone,
		&g.Attended, store.Time(&g.CreatedAt), store.Time(&g.CancelledAt))
	return g, err
}

// registrations reads the registrations of a query on registrationColumns
// with their organizations' names and paths, through q.
func (s *Service) registrations(ctx context.Context, q store.Queryer, query string, args ...any) ([]Registration, error) {
	return store.QueryAttach(ctx, q, scanRegistration, `SELECT `+registrationColumns+query, args,
		func(g *Registration) int64 { return g.OrgID }, s.orgs.In(q).Briefs,
		func(g *Registration, o org.Org) { g.OrgNameFa, g.OrgNameEn, g.OrgPath = o.NameFa, o.NameEn, o.Path })
}

const exhibitorColumns = `x.id, x.event_id, x.org_id, x.showcase_fa, x.showcase_en FROM event_exhibitors x`

func scanExhibitor(r store.Scanner) (Exhibitor, error) {
	var x Exhibitor
	return x, r.Scan(&x.ID, &x.EventID, &x.OrgID, &x.ShowcaseFa, &x.ShowcaseEn)
}

// exhibitors reads the exhibitors of a query on exhibitorColumns with
// their organizations' addresses and names, through q.
func (s *Service) exhibitors(ctx context.Context, q store.Queryer, query string, args ...any) ([]Exhibitor, error) {
	return store.QueryAttach(ctx, q, scanExhibitor, `SELECT `+exhibitorColumns+query, args,
		func(x *Exhibitor) int64 { return x.OrgID }, s.orgs.In(q).Briefs,
		func(x *Exhibitor, o org.Org) { x.OrgSlug, x.OrgNameFa, x.OrgNameEn = o.Slug, o.NameFa, o.NameEn })
}

// byOrgName orders rows by their organization's Persian name, then by id.
func byOrgName[T any](rows []T, name func(T) string, id func(T) int64) []T {
	slices.SortFunc(rows, func(a, b T) int {
		return cmp.Or(strings.Compare(name(a), name(b)), cmp.Compare(id(a), id(b)))
	})
	return rows
}

const materialColumns = `id, event_id, title_fa, title_en, url, name, coalesce(content_type, ''), size FROM event_materials`

func scanMaterial(r store.Scanner) (Material, error) {
	var m Material
	return m, r.Scan(&m.ID, &m.EventID, &m.TitleFa, &m.TitleEn, &m.URL, &m.Name, &m.ContentType, &m.Size)
}
