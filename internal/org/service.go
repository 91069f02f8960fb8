package org

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the organization tree's use cases; each runs one transaction.
type Service struct {
	db      *store.DB
	people  audit.People // who acted, for the audit log
	now     func() time.Time
	places  placeCache                // lookup.go
	names   atomic.Pointer[nameIndex] // names.go
	reading sync.Mutex                // held by the read pool's reader of the name index
	pins    pinCache                  // points.go
}

// NewService returns the service over db with its collaborator and clock.
func NewService(db *store.DB, people audit.People, now func() time.Time) *Service {
	return &Service{db: db, people: people, now: now}
}

var (
	errNotFound = apperr.New(apperr.NotFound, "سازمانی با این نشانی پیدا نشد.", "No organization has this address.")
	errSlugUsed = apperr.New(apperr.Conflict, "این نشانی کوتاه پیش‌تر برای سازمان دیگری ثبت شده است.",
		"This short address is already used by another organization.")
	errNameUsed = apperr.New(apperr.Conflict, "سازمانی با همین نام در همین سطح وجود دارد.",
		"An organization with this name already exists at this level.")
)

// checkUnique reports a taken slug or sibling name with its own message.
// The unique indexes stay the final word when two requests race.
func checkUnique(ctx context.Context, tx *sql.Tx, o Org) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE slug = $1 AND id <> $2`, o.Slug, o.ID).Scan(&n)
	if err != nil || n > 0 {
		return cmpErr(err, errSlugUsed)
	}
	err = tx.QueryRowContext(ctx, `SELECT count(*) FROM organizations
		WHERE coalesce(parent_id, 0) = $1 AND name_key = $2 AND id <> $3`,
		o.ParentID, persian.SearchKey(o.NameFa), o.ID).Scan(&n)
	if err != nil || n > 0 {
		return cmpErr(err, errNameUsed)
	}
	return nil
}

func cmpErr(err error, taken error) error {
	if err != nil {
		return err
	}
	return taken
}

// Create adds an organization under parent (nil for a root) and records it
// in the audit log as actor's action.
func (s *Service) Create(ctx context.Context, actorID int64, parent *Org, in Input) (Org, error) {
	o, err := in.validate(true)
	if err != nil {
		return Org{}, err
	}
	parentKind := Kind("")
	if parent != nil {
		parentKind, o.ParentID = parent.Kind, parent.ID
	}
	if !o.Kind.MayStandUnder(parentKind) {
		return Org{}, kindError(o.Kind, parentKind)
	}
	o.CreatedAt, o.UpdatedAt = s.now(), s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkUnique(ctx, tx, o); err != nil {
			return err
		}
		if err := insert(ctx, tx, &o, parent); err != nil {
			return err
		}
		return audit.Record(ctx, tx, o.CreatedAt, audit.Change{ActorID: actorID, OrgID: o.ID, OrgPath: o.Path,
			Action: "org.create", Entity: "organization", EntityID: o.ID, After: o})
	})
	return o, mapWriteError(err)
}

func kindError(k, parent Kind) error {
	var v apperr.Validation
	if parent == "" {
		v.Add("kind", "این نوع سازمان باید زیر سازمان دیگری تعریف شود.",
			"This kind of organization must be created under another one.")
	} else {
		v.Add("kind", "این نوع سازمان نمی‌تواند زیرمجموعه این سازمان باشد.",
			"This kind of organization cannot stand under this one.")
	}
	return v.Err()
}

func insert(ctx context.Context, tx *sql.Tx, o *Org, parent *Org) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO organizations (slug, kind, parent_id, path, name_fa, name_en, name_key,
		description_fa, description_en, website, population, geometry, created_at, updated_at)
		VALUES ($1, $2, $3, '', $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		o.Slug, o.Kind, nullInt(o.ParentID), o.NameFa, o.NameEn, persian.SearchKey(o.NameFa),
		o.DescriptionFa, o.DescriptionEn, o.Website, nullInt(o.Population), nullString(o.Geometry),
		store.Millis(o.CreatedAt)).Scan(&o.ID)
	if err != nil {
		return err
	}
	// The path needs the new id, so it is set in a second statement.
	o.Path = "/" + strconv.FormatInt(o.ID, 10) + "/"
	if parent != nil {
		o.Path = parent.Path + strconv.FormatInt(o.ID, 10) + "/"
	}
	if _, err = tx.ExecContext(ctx, `UPDATE organizations SET path = $1 WHERE id = $2`, o.Path, o.ID); err != nil {
		return err
	}
	return bump(ctx, tx)
}

// Update changes an organization's editable fields.
func (s *Service) Update(ctx context.Context, actorID int64, slug string, in Input) (Org, error) {
	in.Slug, in.Kind = slug, ""
	fields, err := in.validate(false)
	if err != nil {
		return Org{}, err
	}
	var after Org
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		before, err := findBySlug(ctx, tx, slug)
		if err != nil {
			return err
		}
		after = before
		after.NameFa, after.NameEn, after.DescriptionFa, after.DescriptionEn = fields.NameFa, fields.NameEn, fields.DescriptionFa, fields.DescriptionEn
		after.Website, after.Population, after.Geometry, after.UpdatedAt = fields.Website, fields.Population, fields.Geometry, s.now()
		if err := checkUnique(ctx, tx, after); err != nil {
			return err
		}
		if err := update(ctx, tx, after); err != nil {
			return err
		}
		return audit.Record(ctx, tx, after.UpdatedAt, audit.Change{ActorID: actorID, OrgID: after.ID, OrgPath: after.Path,
			Action: "org.update", Entity: "organization", EntityID: after.ID, Before: before, After: after})
	})
	return after, mapWriteError(err)
}

func update(ctx context.Context, tx *sql.Tx, o Org) error {
	_, err := tx.ExecContext(ctx, `UPDATE organizations SET name_fa = $1, name_en = $2, name_key = $3,
		description_fa = $4, description_en = $5, website = $6, population = $7, geometry = $8, updated_at = $9
		WHERE id = $10`,
		o.NameFa, o.NameEn, persian.SearchKey(o.NameFa), o.DescriptionFa, o.DescriptionEn, o.Website,
		nullInt(o.Population), nullString(o.Geometry), store.Millis(o.UpdatedAt), o.ID)
	if err != nil {
		return err
	}
	return bump(ctx, tx)
}

// mapWriteError turns a unique violation from a lost race into a conflict.
func mapWriteError(err error) error {
	if store.IsUniqueViolation(err) {
		return apperr.Wrap(err, apperr.Conflict, "سازمانی با همین نشانی یا نام وجود دارد.",
			"An organization with this address or name already exists.")
	}
	return err
}

// BySlug returns the organization with the given slug.
func (s *Service) BySlug(ctx context.Context, slug string) (Org, error) {
	return findBySlug(ctx, s.db.Read, slug)
}

// ByID returns the organization with the given id.
func (s *Service) ByID(ctx context.Context, id int64) (Org, error) {
	return scanOne(s.db.Read.QueryRowContext(ctx, selectOrg+` WHERE id = $1`, id))
}

// Locate returns what an access check needs of the organization named slug.
func (s *Service) Locate(ctx context.Context, slug string) (auth.OrgRef, error) {
	var ref auth.OrgRef
	err := s.db.Read.QueryRowContext(ctx, `SELECT id, path FROM organizations WHERE slug = $1`, slug).Scan(&ref.ID, &ref.Path)
	return ref, store.NotFound(err, errNotFound)
}

// Children lists the organizations directly under id, by kind, then in
// the order they were created (districts 1 to 22, not 1, 10, 11, ...):
// their ids, slugs, kinds and names only.
func (s *Service) Children(ctx context.Context, id int64) ([]Org, error) {
	// Five columns, not the summary's seven: pages list dozens of children
	// and the SQLite driver's cost is per value read.
	rows, err := s.db.Read.QueryContext(ctx, `SELECT id, slug, kind, name_fa, name_en FROM organizations
		WHERE parent_id = $1 ORDER BY kind, id`, id)
	return store.All(rows, err, func(r store.Scanner) (Org, error) {
		o := Org{ParentID: id}
		err := r.Scan(&o.ID, &o.Slug, &o.Kind, &o.NameFa, &o.NameEn)
		return o, err
	})
}

// Ancestors lists the organizations above o, root first (summaries).
func (s *Service) Ancestors(ctx context.Context, o Org) ([]Org, error) {
	ids := o.AncestorIDs()
	if len(ids) == 0 {
		return nil, nil
	}
	marks, args := store.InList(ids)
	found, err := s.list(ctx, selectSummary+` WHERE id IN (`+marks+`)`, args...)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]Org, len(found))
	for _, a := range found {
		byID[a.ID] = a
	}
	out := make([]Org, 0, len(ids))
	for _, id := range ids {
		out = append(out, byID[id])
	}
	return out, nil
}

// Query filters a listing of organizations.
type Query struct {
	Search string // matched against the Persian search key and the English name
	Kind   Kind
	Parent int64 // only children of this organization; 0 for any
	Roots  bool  // only organizations without a parent
	Limit  int
	Offset int
}

// List returns summaries of the organizations matching q, by name.
func (s *Service) List(ctx context.Context, q Query) ([]Org, error) {
	var w store.Where
	if key := persian.SearchKey(q.Search); key != "" {
		like := "%" + escapeLike(key) + "%"
		w.Add("(name_key LIKE ? OR lower(name_en) LIKE lower(?) OR slug LIKE ?)", like, like, like)
	}
	if q.Kind != "" {
		w.Add("kind = ?", string(q.Kind))
	}
	if q.Parent != 0 {
		w.Add("parent_id = ?", q.Parent)
	}
	if q.Roots {
		w.Add("parent_id IS NULL")
	}
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	query := selectSummary + w.String() + " ORDER BY name_key, id" + w.Page(q.Limit, max(q.Offset, 0))
	return s.list(ctx, query, w.Args...)
}

// escapeLike makes LIKE's wildcards literal. The search key holds no
// backslash, so a backslash-free escape is enough: % and _ are dropped.
func escapeLike(s string) string { return strings.NewReplacer("%", "", "_", "").Replace(s) }

// CountBelow counts the organizations under o, at every depth.
func (s *Service) CountBelow(ctx context.Context, o Org) (int, error) {
	var n int
	err := s.db.Read.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE path LIKE $1 AND id <> $2`,
		o.Path+"%", o.ID).Scan(&n)
	return n, err
}

const selectOrg = `SELECT id, coalesce(parent_id, 0), slug, kind, path, name_fa, name_en, description_fa,
	description_en, website, coalesce(population, 0), coalesce(geometry, ''), created_at, updated_at FROM organizations`

// selectSummary reads what lists show. Fewer columns matter: the SQLite
// driver's cost is mostly per value read.
const selectSummary = `SELECT id, coalesce(parent_id, 0), slug, kind, path, name_fa, name_en FROM organizations`

func scan(r store.Scanner) (Org, error) {
	var o Org
	err := r.Scan(&o.ID, &o.ParentID, &o.Slug, &o.Kind, &o.Path, &o.NameFa, &o.NameEn, &o.DescriptionFa,
		&o.DescriptionEn, &o.Website, &o.Population, &o.Geometry, store.Time(&o.CreatedAt), store.Time(&o.UpdatedAt))
	return o, err
}

func scanOne(r *sql.Row) (Org, error) {
	o, err := scan(r)
	if err = store.NotFound(err, errNotFound); err != nil && err != errNotFound {
		return o, fmt.Errorf("org: %w", err)
	}
	return o, err
}

func findBySlug(ctx context.Context, q store.Queryer, slug string) (Org, error) {
	return scanOne(q.QueryRowContext(ctx, selectOrg+` WHERE slug = $1`, slug))
}

// list runs a selectSummary query.
func (s *Service) list(ctx context.Context, query string, args ...any) ([]Org, error) {
	rows, err := s.db.Read.QueryContext(ctx, query, args...)
	return store.All(rows, err, func(r store.Scanner) (Org, error) {
		var o Org
		err := r.Scan(&o.ID, &o.ParentID, &o.Slug, &o.Kind, &o.Path, &o.NameFa, &o.NameEn)
		return o, err
	})
}

func nullInt(n int64) any {
	if n == 0 {
		return nil
	}
	return n
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AuditLog lists audit entries of the organizations under q.OrgPath.
func (s *Service) AuditLog(ctx context.Context, q audit.Query) ([]audit.Entry, error) {
	return audit.List(ctx, s.db.Read, s.people, q)
}
