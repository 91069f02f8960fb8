package support

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the support module's use cases; each write runs one
// transaction and is recorded in the audit log under the cooperation
// organization's path.
type Service struct {
	db   *store.DB
	orgs *org.Service
	now  func() time.Time
}

// NewService returns the service over db with the given clock; towns are
// created through orgs.
func NewService(db *store.DB, orgs *org.Service, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, now: now}
}

var (
	errNotCoop = apperr.New(apperr.NotFound, "سازمان همیاری شهرداری‌ها با این نشانی پیدا نشد.",
		"No municipalities cooperation organization has this address.")
	errNoTown = apperr.New(apperr.NotFound, "این شهر عضو این سازمان همیاری نیست.",
		"This town is not a member of this cooperation organization.")
	errNoTownField = invalid("town", "این شهر عضو این سازمان همیاری نیست.",
		"This town is not a member of this cooperation organization.")
)

// Coop returns the cooperation organization with slug; any other kind of
// organization is not found here.
func (s *Service) Coop(ctx context.Context, slug string) (org.Org, error) {
	o, err := s.orgs.BySlug(ctx, slug)
	return coopOnly(o, err)
}

// CoopByID is Coop by id.
func (s *Service) CoopByID(ctx context.Context, id int64) (org.Org, error) {
	o, err := s.orgs.ByID(ctx, id)
	return coopOnly(o, err)
}

func coopOnly(o org.Org, err error) (org.Org, error) {
	if apperr.Is(err, apperr.NotFound) || (err == nil && o.Kind != org.CooperationOrg) {
		return org.Org{}, errNotCoop
	}
	return o, err
}

// record writes an audit entry for a change in coop's work.
func (s *Service) record(ctx context.Context, tx *sql.Tx, actor int64, coop org.Org, action, entity string, id int64, before, after any) error {
	return audit.Record(ctx, tx, s.now(), audit.Change{ActorID: actor, OrgID: coop.ID, OrgPath: coop.Path,
		Action: "support." + action, Entity: entity, EntityID: id, Before: before, After: after})
}

// change is one edit of a record of coop's: load reads the record as it
// was, failing when it is not coop's or may not change so; the writes
// change it. apply runs them in one transaction and audits the record
// before and after.
type change struct {
	action, entity string
	id             int64
	after          any
	load           func(tx *sql.Tx) (any, error)
	writes         []func(tx *sql.Tx) error
}

func (s *Service) apply(ctx context.Context, actor int64, coop org.Org, c change) error {
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := c.load(tx)
		if err != nil {
			return err
		}
		for _, write := range c.writes {
			if err := write(tx); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, actor, coop, c.action, c.entity, c.id, before, c.after)
	})
}

// exec is a write of one statement.
func exec(ctx context.Context, query string, args ...any) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, query, args...)
		return err
	}
}

// Towns lists coop's member municipalities by Persian name, each with its
// newest indicators and open needs.
func (s *Service) Towns(ctx context.Context, coop org.Org) ([]Town, error) {
	members, err := s.orgs.Find(ctx, org.Select{Parent: coop.ID, Kinds: []org.Kind{org.Municipality}})
	if err != nil {
		return nil, err
	}
	newest, err := store.QueryAll(ctx, s.db.Read, scanIndicators, newestIndicators, coop.ID)
	if err != nil {
		return nil, err
	}
	measured := make(map[int64]Indicators, len(newest))
	for _, in := range newest {
		measured[in.TownID] = in
	}
	needs, err := openNeeds(ctx, s.db.Read, coop.ID)
	if err != nil {
		return nil, err
	}
	towns := make([]Town, len(members))
	for i, m := range members {
		towns[i] = Town{Org: m, Indicators: measured[m.ID], HighNeeds: needs[m.ID]["high"], MediumNeed: needs[m.ID]["medium"]}
	}
	slices.SortFunc(towns, func(a, b Town) int { return cmp.Or(strings.Compare(a.NameKey, b.NameKey), cmp.Compare(a.ID, b.ID)) })
	return towns, nil
}

// Town returns one member town by slug.
func (s *Service) Town(ctx context.Context, coop org.Org, slug string) (Town, error) {
	towns, err := s.Towns(ctx, coop)
	if err != nil {
		return Town{}, err
	}
	i := slices.IndexFunc(towns, func(t Town) bool { return t.Slug == slug })
	if i < 0 {
		return Town{}, errNoTown
	}
	return towns[i], nil
}

// IndicatorHistory lists a town's recorded indicators, newest first.
func (s *Service) IndicatorHistory(ctx context.Context, coop org.Org, townID int64) ([]Indicators, error) {
	return store.QueryAll(ctx, s.db.Read, scanIndicators, `SELECT `+indicatorColumns+` FROM support_indicators i
		WHERE coop_id = $1 AND town_id = $2 ORDER BY as_of DESC, id DESC`, coop.ID, townID)
}

// SaveIndicators records a town's indicators as of a day.
func (s *Service) SaveIndicators(ctx context.Context, actor int64, coop org.Org, in Indicators) (Indicators, error) {
	if err := in.Validate(); err != nil {
		return in, err
	}
	err := s.db.Tx(ctx, func(tx *sql.Tx) error { return s.insertIndicators(ctx, tx, actor, coop, &in) })
	return in, err
}

func (s *Service) insertIndicators(ctx context.Context, tx *sql.Tx, actor int64, coop org.Org, in *Indicators) error {
	if err := s.checkTown(ctx, tx, coop.ID, in.TownID); err != nil {
		return err
	}
	in.RecordedAt = s.now()
	if err := insertIndicators(ctx, tx, coop.ID, actor, in); err != nil {
		return err
	}
	return s.record(ctx, tx, actor, coop, "indicators.save", "support_indicators", in.ID, nil, in)
}

// checkTown fails unless id is a municipality directly under coop.
func (s *Service) checkTown(ctx context.Context, q store.Queryer, coopID, id int64) error {
	return s.checkChild(ctx, q, coopID, id, org.Municipality, errNoTownField)
}

// checkChild fails with not unless id is an organization of kind directly
// under coop, read through q.
func (s *Service) checkChild(ctx context.Context, q store.Queryer, coopID, id int64, kind org.Kind, not error) error {
	o, err := s.orgs.In(q).Brief(ctx, id)
	if apperr.CodeOf(err) == apperr.NotFound || (err == nil && (o.ParentID != coopID || o.Kind != kind)) {
		return not
	}
	return err
}

// Weights returns coop's priority weights, the defaults when never set.
func (s *Service) Weights(ctx context.Context, coopID int64) (Weights, error) {
	w := DefaultWeights
	err := s.db.Read.QueryRowContext(ctx, `SELECT tier, needs, small, staff FROM support_weights WHERE coop_id = $1`, coopID).
		Scan(&w.Tier, &w.Needs, &w.Small, &w.Staff)
	if errors.Is(err, sql.ErrNoRows) {
		return DefaultWeights, nil
	}
	return w, err
}

// Validate checks weights before they are stored.
func (w Weights) Validate() error {
	var v apperr.Validation
	for _, f := range []struct {
		name string
		val  int64
	}{{"w_tier", w.Tier}, {"w_needs", w.Needs}, {"w_small", w.Small}, {"w_staff", w.Staff}} {
		if f.val < 0 || f.val > 100 {
			v.Add(f.name, "هر وزن باید عددی صحیح از ۰ تا ۱۰۰ باشد.", "Each weight must be a whole number from 0 to 100.")
		}
	}
	if v.Err() == nil && w.Total() == 0 {
		v.Add("w_tier", "دست‌کم یکی از وزن‌ها باید بیش از صفر باشد.", "At least one weight must be above zero.")
	}
	return v.Err()
}

// SetWeights changes coop's priority weights.
func (s *Service) SetWeights(ctx context.Context, actor int64, coop org.Org, w Weights) error {
	if err := w.Validate(); err != nil {
		return err
	}
	before, err := s.Weights(ctx, coop.ID)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM support_weights WHERE coop_id = $1`, coop.ID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO support_weights (coop_id, tier, needs, small, staff, updated_by, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, coop.ID, w.Tier, w.Needs, w.Small, w.Staff, nullID(actor), store.Millis(s.now()))
		if err != nil {
			return err
		}
		return s.record(ctx, tx, actor, coop, "weights.set", "support_weights", coop.ID, before, w)
	})
}

// Ranked is a town with its priority score.
type Ranked struct {
	Town
	Score float64
	Place int // 1 for the first
}

// Priorities ranks coop's towns by score, highest first (ties by name),
// with the weights used.
func (s *Service) Priorities(ctx context.Context, coop org.Org) ([]Ranked, Weights, error) {
	w, err := s.Weights(ctx, coop.ID)
	if err != nil {
		return nil, w, err
	}
	towns, err := s.Towns(ctx, coop)
	if err != nil {
		return nil, w, err
	}
	return Rank(towns, w), w, nil
}

// Rank scores towns with w and orders them, highest first; towns keep
// their given order among equal scores.
func Rank(towns []Town, w Weights) []Ranked {
	scores, order := make([]float64, len(towns)), make([]int, len(towns))
	for i, t := range towns {
		scores[i], order[i] = Score(t.Factors(), w), i
	}
	// The positions are sorted, not the towns: a Town is a few hundred
	// bytes, and a stable sort moving 2,000 of them about cost more than
	// scoring them.
	slices.SortFunc(order, func(a, b int) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), cmp.Compare(a, b)) })
	out := make([]Ranked, len(towns))
	for place, i := range order {
		out[place] = Ranked{Town: towns[i], Score: scores[i], Place: place + 1}
	}
	return out
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
