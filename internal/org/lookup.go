package org

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/store"
)

// This file is what the other modules read of organizations: they never
// query the organizations table themselves (internal/app's ownership test
// keeps it so), they ask here, a page's rows at a time. None of these
// methods may be called inside a transaction: on PostgreSQL the read pool
// is the writers' pool, and transactions each waiting for a second
// connection could take all of it. What they read of an organization
// does not change within a transaction's life (a place never changes),
// so callers read it before they begin one.

// Place is where an organization stands in the tree: its kind and its
// path, the ids from the root down to it. Neither changes once the
// organization is created (Update edits neither, and nothing moves or
// deletes an organization), so places are cached for good.
type Place struct {
	ID   int64
	Kind Kind
	Path string
}

// Ref is what access checks need.
func (p Place) Ref() auth.OrgRef { return auth.OrgRef{ID: p.ID, Path: p.Path} }

// Within reports whether p is the organization at path or stands below it.
func (p Place) Within(path string) bool { return path != "" && strings.HasPrefix(p.Path, path) }

// placeCache holds every place read so far: an organization's place
// never changes, so an entry never goes stale, and there is one an
// organization at the most.
type placeCache struct {
	mu sync.RWMutex
	m  map[int64]Place
}

// lookupBatch is how many ids one lookup statement names at most.
const lookupBatch = 1024

// Place returns where the organization id stands, or a not-found error.
func (s *Service) Place(ctx context.Context, id int64) (Place, error) {
	ps, err := s.Places(ctx, []int64{id})
	if err != nil {
		return Place{}, err
	}
	p, ok := ps[id]
	if !ok {
		return Place{}, errNotFound
	}
	return p, nil
}

// Places returns where each of the organizations ids stands, by id; an id
// that names no organization is absent.
func (s *Service) Places(ctx context.Context, ids []int64) (map[int64]Place, error) {
	out := make(map[int64]Place, len(ids))
	var missing []int64
	s.places.mu.RLock()
	for _, id := range ids {
		if p, ok := s.places.m[id]; ok {
			out[id] = p
		} else if id != 0 {
			missing = append(missing, id)
		}
	}
	s.places.mu.RUnlock()
	if len(missing) == 0 {
		return out, nil
	}
	read, err := s.batched(ctx, `SELECT id, kind, path FROM organizations`, missing, func(r store.Scanner) (Org, error) {
		var o Org
		return o, r.Scan(&o.ID, &o.Kind, &o.Path)
	})
	if err != nil {
		return nil, err
	}
	s.places.mu.Lock()
	defer s.places.mu.Unlock()
	if s.places.m == nil {
		s.places.m = map[int64]Place{}
	}
	for _, o := range read {
		p := Place{ID: o.ID, Kind: o.Kind, Path: o.Path}
		s.places.m[o.ID], out[o.ID] = p, p
	}
	return out, nil
}

// selectBrief reads what other modules show of an organization: its
// place, names and population. The names are read afresh every time, as
// staff may change them.
const selectBrief = `SELECT id, coalesce(parent_id, 0), slug, kind, path, name_fa, name_en, name_key,
	coalesce(population, 0) FROM organizations`

func scanBrief(r store.Scanner) (Org, error) {
	var o Org
	err := r.Scan(&o.ID, &o.ParentID, &o.Slug, &o.Kind, &o.Path, &o.NameFa, &o.NameEn, &o.NameKey, &o.Population)
	return o, err
}

// Briefs returns the organizations ids name (their places, names and
// populations) by id; an id that names no organization is absent.
func (s *Service) Briefs(ctx context.Context, ids []int64) (map[int64]Org, error) {
	var want []int64
	for _, id := range ids {
		if id != 0 {
			want = append(want, id)
		}
	}
	read, err := s.batched(ctx, selectBrief, want, scanBrief)
	out := make(map[int64]Org, len(read))
	for _, o := range read {
		out[o.ID] = o
	}
	return out, err
}

// Brief returns one organization's place, names and population, or a
// not-found error.
func (s *Service) Brief(ctx context.Context, id int64) (Org, error) {
	return scanOne(s.db.Read.QueryRowContext(ctx, selectBrief+` WHERE id = $1`, id))
}

// batched runs query (a SELECT up to its FROM) for ids, lookupBatch of
// them a statement, sorted so that a list's batches do not depend on its
// order.
func (s *Service) batched(ctx context.Context, query string, ids []int64, scan func(store.Scanner) (Org, error)) ([]Org, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	var out []Org
	for len(ids) > 0 {
		n := min(lookupBatch, len(ids))
		marks, args := store.IDSet(1, ids[:n])
		got, err := store.QueryAll(ctx, s.db.Read, scan, query+` WHERE id IN (`+marks+`)`, args...)
		if err != nil {
			return nil, err
		}
		out, ids = append(out, got...), ids[n:]
	}
	return out, nil
}

// Select chooses organizations for another module; a zero field does not
// restrict the choice.
type Select struct {
	Kinds  []Kind
	Parent int64    // only the children of this organization
	Under  []string // only those at or below one of these paths
}

// Find returns the organizations sel chooses (their places, names and
// populations), by Persian name and then id.
func (s *Service) Find(ctx context.Context, sel Select) ([]Org, error) {
	var c conds
	if len(sel.Kinds) > 0 {
		marks := make([]string, len(sel.Kinds))
		for i, k := range sel.Kinds {
			marks[i] = c.param(string(k))
		}
		c.list = append(c.list, "kind IN ("+strings.Join(marks, ", ")+")")
	}
	if sel.Parent != 0 {
		c.list = append(c.list, "parent_id = "+c.param(sel.Parent))
	}
	c.under(sel.Under)
	return store.QueryAll(ctx, s.db.Read, scanBrief, selectBrief+c.where()+` ORDER BY name_fa, id`, c.args...)
}

// IDsUnder lists the ids of the organizations at or below any of roots.
func (s *Service) IDsUnder(ctx context.Context, roots []int64) ([]int64, error) {
	places, err := s.Places(ctx, roots)
	if err != nil || len(places) == 0 {
		return nil, err
	}
	var c conds
	var paths []string
	for _, p := range places {
		paths = append(paths, p.Path)
	}
	c.under(paths)
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT id FROM organizations`+c.where()+` ORDER BY id`, c.args...)
}

// conds is a WHERE clause being built with its numbered arguments.
type conds struct {
	list []string
	args []any
}

func (c *conds) param(v any) string {
	c.args = append(c.args, v)
	return "$" + strconv.Itoa(len(c.args))
}

// under adds that the path starts with one of paths, when there are any:
// a prefix the path index serves.
func (c *conds) under(paths []string) {
	if len(paths) == 0 {
		return
	}
	or := make([]string, len(paths))
	for i, p := range paths {
		or[i] = "path LIKE " + c.param(p+"%")
	}
	c.list = append(c.list, "("+strings.Join(or, " OR ")+")")
}

func (c *conds) where() string {
	if len(c.list) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(c.list, " AND ")
}
