package sistercity

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the module's use cases; each write runs one transaction.
type Service struct {
	db     *store.DB
	orgs   *org.Service // the installation's parties to agreements
	people audit.People // who changed an agreement's status
	now    func() time.Time
}

// NewService returns the service over db with its collaborators and clock.
func NewService(db *store.DB, orgs *org.Service, people audit.People, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, people: people, now: now}
}

var (
	errNoCity      = apperr.New(apperr.NotFound, "شهر در فهرست شهرها پیدا نشد.", "No such city in the gazetteer.")
	errNoAgreement = apperr.New(apperr.NotFound, "توافق خواهرخواندگی پیدا نشد.", "No such sister-city agreement.")
	errCityExists  = apperr.New(apperr.Conflict, "این شهر با همین نام انگلیسی و کشور پیش‌تر ثبت شده است.",
		"A city with this English name and country is already in the gazetteer.")
	errPairExists = apperr.New(apperr.Conflict, "میان این دو شهر توافقی ثبت شده است؛ وضعیت همان را تغییر دهید.",
		"These two cities already have an agreement; change its status instead.")
	errNotParty = apperr.New(apperr.Forbidden, "فقط کارکنان روابط بین‌الملل یکی از دو طرف توافق این کار را می‌کنند.",
		"Only the relations staff of one of the parties may do this.")
	errNoParty   = invalid("party", "طرف توافق پیدا نشد.", "No such party.")
	errCityInUse = apperr.New(apperr.Conflict, "توافق خواهرخواندگی‌ای از این شهر نام می‌برد؛ تا آن توافق هست، شهر از فهرست برداشته نمی‌شود.",
		"A sister-city agreement names this city; it stays in the gazetteer as long as the agreement does.")
	errCityNotYours = apperr.New(apperr.Forbidden, "این شهر طرف توافق‌هایی است که شما مدیریت نمی‌کنید؛ فقط کارکنان روابط بین‌الملل طرف‌های آن‌ها آن را تغییر می‌دهند.",
		"This city is a partner in agreements you do not manage; only their parties' relations staff may change it.")
)

// SaveCity adds a gazetteer city (no ID) or updates one, for callers
// that have decided who may: the add form, the demo. Staff edit through
// EditCity.
func (s *Service) SaveCity(ctx context.Context, actorID int64, c City) (City, error) {
	return s.saveCity(ctx, actorID, c, nil)
}

// EditCity updates a gazetteer city for who, who must be allowed to
// change it (MayChangeCity).
func (s *Service) EditCity(ctx context.Context, who *auth.Principal, c City) (City, error) {
	return s.saveCity(ctx, who.UserID, c, func(tx *sql.Tx) error {
		_, err := s.mayChangeCity(ctx, tx, who, c.ID)
		return err
	})
}

// saveCity stores c, after check (when given) passes inside the same
// transaction, auditing what the city held before.
func (s *Service) saveCity(ctx context.Context, actorID int64, c City, check func(tx *sql.Tx) error) (City, error) {
	c.normalize()
	if err := c.Validate(); err != nil {
		return c, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if check != nil {
			if err := check(tx); err != nil {
				return err
			}
		}
		change := audit.Change{ActorID: actorID, Action: "sistercity.city.create", Entity: "sister_city", After: &c}
		var err error
		if c.ID == 0 {
			err = insertCity(ctx, tx, &c, now)
		} else if change.Before, err = cityByID(ctx, tx, c.ID); err == nil {
			change.Action = "sistercity.city.update"
			err = updateCity(ctx, tx, c, now)
		}
		if store.IsUniqueViolation(err) {
			return errCityExists
		}
		if err != nil {
			return err
		}
		change.EntityID = c.ID
		return audit.Record(ctx, tx, now, change)
	})
	return c, err
}

// DeleteCity removes a gazetteer city no agreement names; while one does,
// the city stays (409), so that no agreement loses its partner.
func (s *Service) DeleteCity(ctx context.Context, who *auth.Principal, id int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		c, err := s.mayChangeCity(ctx, tx, who, id)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sister_cities WHERE id = $1`, id)
		if store.IsForeignKeyViolation(err) {
			return errCityInUse
		}
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: who.UserID, Action: "sistercity.city.delete",
			Entity: "sister_city", EntityID: id, Before: c})
	})
}

// MayChangeCity returns gazetteer city id if who may edit or remove it:
// anyone who manages relations somewhere while no agreement names it,
// then only the relations staff of a party to one of those agreements, so
// that one city's staff do not rewrite another's partner.
func (s *Service) MayChangeCity(ctx context.Context, who *auth.Principal, id int64) (City, error) {
	return s.mayChangeCity(ctx, s.db.Read, who, id)
}

func (s *Service) mayChangeCity(ctx context.Context, q store.Queryer, who *auth.Principal, id int64) (City, error) {
	if !who.CanSomewhere(auth.ManageRelations) {
		return City{}, apperr.ErrForbidden
	}
	c, err := cityByID(ctx, q, id)
	if err != nil {
		return c, err
	}
	as, err := s.loadAgreements(ctx, q, namesCity, id)
	if err != nil || len(as) == 0 || slices.ContainsFunc(as, func(a Agreement) bool { return Manages(who, a) }) {
		return c, err
	}
	return c, errCityNotYours
}

// namesCity selects the agreements a gazetteer city ($1) is a party to.
const namesCity = "id IN (SELECT agreement_id FROM sister_parties WHERE city_id = $1)"

// City returns a gazetteer city.
func (s *Service) City(ctx context.Context, id int64) (City, error) {
	return cityByID(ctx, s.db.Read, id)
}

func cityByID(ctx context.Context, q store.Queryer, id int64) (City, error) {
	c, err := scanCity(q.QueryRowContext(ctx, `SELECT `+cityColumns+` FROM sister_cities WHERE id = $1`, id))
	return c, store.NotFound(err, errNoCity)
}

// Cities lists the gazetteer by English name; query, when given, keeps the
// cities any of whose names contain it, Persian-normalized.
func (s *Service) Cities(ctx context.Context, query string) ([]City, error) {
	key := searchKey(query)
	return store.QueryAll(ctx, s.db.Read, scanCity, `SELECT `+cityColumns+` FROM sister_cities
		WHERE search_key LIKE $1 ORDER BY name_en, id`, "%"+likeEscape(key)+"%")
}

// likeEscape keeps a search's % and _ literal in a LIKE pattern... by
// dropping them: names never need them.
func likeEscape(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

// Manages says whether who may manage a: ManageRelations in the
// organization of either party that belongs to the installation.
func Manages(who *auth.Principal, a Agreement) bool {
	return managedParty(who, a) >= 0
}

// managedParty is the index of the first installation party who manages,
// or -1.
func managedParty(who *auth.Principal, a Agreement) int {
	return slices.IndexFunc(a.Parties[:], func(p Party) bool {
		return p.OrgID != 0 && who.Can(auth.ManageRelations, p.OrgPath)
	})
}

// Create stores a new agreement with its first status. who must manage
// one of the installation's parties.
func (s *Service) Create(ctx context.Context, who *auth.Principal, a Agreement) (Agreement, error) {
	if a.Status == "" {
		a.Status = Proposed
	}
	a.Areas = slices.Clone(a.Areas)
	slices.Sort(a.Areas)
	a.Areas = slices.Compact(a.Areas)
	sortAreas(a.Areas)
	if err := a.Validate(); err != nil {
		return a, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.readParties(ctx, tx, &a); err != nil {
			return err
		}
		if !Manages(who, a) {
			return errNotParty
		}
		err := insertAgreement(ctx, tx, &a, who.UserID, now)
		if store.IsUniqueViolation(err) {
			return errPairExists
		}
		if err != nil {
			return err
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: "sistercity.agreement.create", After: a})
	})
	a.CreatedAt = now
	return a, err
}

// readParties fills in the parties' names and paths, checking that each
// exists; an installation party must be a municipality.
func (s *Service) readParties(ctx context.Context, tx *sql.Tx, a *Agreement) error {
	for i := range a.Parties {
		p := &a.Parties[i]
		var err error
		if p.OrgID != 0 {
			var o org.Org
			o, err = s.orgs.In(tx).Brief(ctx, p.OrgID)
			if apperr.CodeOf(err) == apperr.NotFound {
				return errNoParty
			}
			if err == nil && o.Kind != org.Municipality {
				return invalid("party", "طرف داخلی توافق باید یک شهرداری باشد.", "A party of the installation must be a municipality.")
			}
			p.OrgSlug, p.OrgPath, p.NameFa, p.NameEn, p.Country = o.Slug, o.Path, o.NameFa, o.NameEn, "IR"
		} else {
			err = tx.QueryRowContext(ctx, `SELECT name_fa, name_en, country FROM sister_cities WHERE id = $1`, p.CityID).
				Scan(&p.NameFa, &p.NameEn, &p.Country)
		}
		err = store.NotFound(err, errNoParty)
		if err != nil {
			return err
		}
	}
	return nil
}

// record writes c to the audit log once for each installation party, so
// that each organization's log shows what happened to its agreements.
func (s *Service) record(ctx context.Context, tx *sql.Tx, now time.Time, a Agreement, c audit.Change) error {
	c.Entity, c.EntityID = "sister_agreement", a.ID
	for _, p := range a.Parties {
		if p.OrgID == 0 {
			continue
		}
		c.OrgID, c.OrgPath = p.OrgID, p.OrgPath
		if err := audit.Record(ctx, tx, now, c); err != nil {
			return err
		}
	}
	return nil
}

// Agreement returns an agreement with its parties and areas.
func (s *Service) Agreement(ctx context.Context, id int64) (Agreement, error) {
	return s.oneAgreement(ctx, s.db.Read, id)
}

func (s *Service) oneAgreement(ctx context.Context, q store.Queryer, id int64) (Agreement, error) {
	as, err := s.loadAgreements(ctx, q, "id = $1", id)
	if err != nil {
		return Agreement{}, err
	}
	if len(as) == 0 {
		return Agreement{}, errNoAgreement
	}
	return as[0], nil
}

// Filter selects agreements; zero fields select all.
type Filter struct {
	Status  Status
	Area    Area
	Country string // either party's ISO code
	Query   string // matched against the parties' names, Persian-normalized
	OrgID   int64  // agreements this organization is a party to
	CityID  int64  // agreements this gazetteer city is a party to
}

// Agreements lists the agreements that match f, oldest first. Status
// and party (an organization or else a city) are selected in SQL; the
// rest here, over the few hundred agreements an installation has at most.
func (s *Service) Agreements(ctx context.Context, f Filter) ([]Agreement, error) {
	where, args := "1 = 1", []any{}
	switch {
	case f.OrgID != 0:
		where, args = "id IN (SELECT agreement_id FROM sister_parties WHERE org_id = $1)", append(args, f.OrgID)
	case f.CityID != 0:
		where, args = namesCity, append(args, f.CityID)
	}
	if f.Status != "" {
		args = append(args, f.Status)
		where += " AND status = $" + itoa(int64(len(args)))
	}
	as, err := s.loadAgreements(ctx, s.db.Read, where, args...)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(as, func(a Agreement) bool { return !f.keeps(a) }), nil
}

func (f Filter) keeps(a Agreement) bool {
	if f.Area != "" && !slices.Contains(a.Areas, f.Area) {
		return false
	}
	country := strings.ToUpper(strings.TrimSpace(f.Country))
	if country != "" && a.Parties[0].Country != country && a.Parties[1].Country != country {
		return false
	}
	key := searchKey(f.Query)
	names := searchKey(a.Parties[0].NameFa + " " + a.Parties[0].NameEn + " " + a.Parties[1].NameFa + " " + a.Parties[1].NameEn)
	return strings.Contains(names, key)
}
