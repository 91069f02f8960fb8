package org

import (
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

// This file is what the other modules read of organizations: they never
// query the organizations table themselves (internal/app's ownership test
// keeps it so), they ask here, a page's rows at a time.
//
// Inside a transaction a module reads through In(tx): on PostgreSQL the
// read pool is the writers' pool, and transactions that each wait for a
// second connection (behind a row lock, say) could take all of it.

// Reader reads organizations through one connection pool or transaction.
type Reader struct {
	s *Service
	q store.Queryer
}

// In reads through q, the caller's transaction.
func (s *Service) In(q store.Queryer) Reader { return Reader{s: s, q: q} }

// The Service's lookups read through the read pool, outside any
// transaction; Reader's methods say what each returns.

// Place is Reader.Place outside a transaction.
func (s *Service) Place(ctx context.Context, id int64) (Place, error) {
	return s.In(s.db.Read).Place(ctx, id)
}

// PlaceBySlug is Reader.PlaceBySlug outside a transaction.
func (s *Service) PlaceBySlug(ctx context.Context, slug string) (Place, error) {
	return s.In(s.db.Read).PlaceBySlug(ctx, slug)
}

// Places is Reader.Places outside a transaction.
func (s *Service) Places(ctx context.Context, ids []int64) (map[int64]Place, error) {
	return s.In(s.db.Read).Places(ctx, ids)
}

// Brief is Reader.Brief outside a transaction.
func (s *Service) Brief(ctx context.Context, id int64) (Org, error) {
	return s.In(s.db.Read).Brief(ctx, id)
}

// Briefs is Reader.Briefs outside a transaction.
func (s *Service) Briefs(ctx context.Context, ids []int64) (map[int64]Org, error) {
	return s.In(s.db.Read).Briefs(ctx, ids)
}

// Find is Reader.Find outside a transaction.
func (s *Service) Find(ctx context.Context, sel Select) ([]Org, error) {
	return s.In(s.db.Read).Find(ctx, sel)
}

// Names is Reader.Names outside a transaction.
func (s *Service) Names(ctx context.Context, ids []int64) (map[int64]i18n.Text, error) {
	return s.In(s.db.Read).Names(ctx, ids)
}

// NameOrder is Reader.NameOrder outside a transaction.
func (s *Service) NameOrder(ctx context.Context, ids []int64) ([]Ordered, error) {
	return s.In(s.db.Read).NameOrder(ctx, ids)
}

// Rank is Reader.Rank outside a transaction.
func (s *Service) Rank(ctx context.Context, ids []int64, m NameMatch, limit int) ([]int64, error) {
	return s.In(s.db.Read).Rank(ctx, ids, m, limit)
}

// IDs is Reader.IDs outside a transaction.
func (s *Service) IDs(ctx context.Context, sel Select) ([]int64, error) {
	return s.In(s.db.Read).IDs(ctx, sel)
}

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

// Place returns where the organization id stands, or a not-found error.
func (r Reader) Place(ctx context.Context, id int64) (Place, error) {
	ps, err := r.Places(ctx, []int64{id})
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
// that names no organization is absent. A place is cached once read: it
// is never read inside the transaction that creates its organization
// (org's own), so it has been committed.
func (r Reader) Places(ctx context.Context, ids []int64) (map[int64]Place, error) {
	s := r.s
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
	read, err := byIDs(ctx, r, `o.id, o.kind, o.path`, missing, func(row store.Scanner) (Org, error) {
		var o Org
		return o, row.Scan(&o.ID, &o.Kind, &o.Path)
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

// PlaceBySlug returns where the organization at the short address slug
// stands, or a not-found error.
func (r Reader) PlaceBySlug(ctx context.Context, slug string) (Place, error) {
	var p Place
	err := r.q.QueryRowContext(ctx, `SELECT id, kind, path FROM organizations WHERE slug = $1`, slug).Scan(&p.ID, &p.Kind, &p.Path)
	return p, store.NotFound(err, errNotFound)
}

// briefColumns read what other modules show of an organization: its
// place, names and population. The names are read afresh every time, as
// staff may change them.
const briefColumns = `o.id, coalesce(o.parent_id, 0), o.slug, o.kind, o.path, o.name_fa, o.name_en, o.name_key,
	coalesce(o.population, 0)`

func scanBrief(r store.Scanner) (Org, error) {
	var o Org
	err := r.Scan(&o.ID, &o.ParentID, &o.Slug, &o.Kind, &o.Path, &o.NameFa, &o.NameEn, &o.NameKey, &o.Population)
	return o, err
}

// Briefs returns the organizations ids name (their places, names and
// populations) by id; an id that names no organization is absent.
func (r Reader) Briefs(ctx context.Context, ids []int64) (map[int64]Org, error) {
	var want []int64
	for _, id := range ids {
		if id != 0 {
			want = append(want, id)
		}
	}
	read, err := byIDs(ctx, r, briefColumns, want, scanBrief)
	out := make(map[int64]Org, len(read))
	for _, o := range read {
		out[o.ID] = o
	}
	return out, err
}

// Brief returns one organization's place, names and population, or a
// not-found error.
func (r Reader) Brief(ctx context.Context, id int64) (Org, error) {
	return store.One(ctx, r.q, scanBrief, errNotFound, `SELECT `+briefColumns+` FROM organizations o WHERE o.id = $1`, id)
}

// Names returns the names of the organizations ids name, by id, from the
// name index (names.go).
func (r Reader) Names(ctx context.Context, ids []int64) (map[int64]i18n.Text, error) {
	x, err := r.nameIndex(ctx)
	if err != nil {
		return nil, err
	}
	return x.names(ids), nil
}

// NameMatch chooses organizations by what a search typed: those whose
// Persian name's search key (name_key) or short address holds Key, or
// whose English name, lower-cased, holds English, as SQL's LIKE would find
// them (on SQLite, ASCII letters in either case). Neither may hold LIKE's
// wildcards (% _ \): the caller drops them. A zero NameMatch chooses every
// organization.
type NameMatch struct{ Key, English string }

// Rank orders the organizations ids name that m chooses by Persian name,
// then id, and returns the first limit of them (all for 0), each once. It
// reads the name index (names.go), not the names of the ids: a long list
// sorted or searched by name and shown a page at a time reads the names
// of its page only.
func (r Reader) Rank(ctx context.Context, ids []int64, m NameMatch, limit int) ([]int64, error) {
	x, err := r.nameIndex(ctx)
	if err != nil {
		return nil, err
	}
	return x.rank(ids, m, limit), nil
}

// Ordered is where an organization stands in the order of Persian names
// (then ids), and its names, as NameOrder answers.
type Ordered struct {
	Place int // to compare with the other places of one answer; after them all for an id that names no organization
	Name  i18n.Text
}

// NameOrder returns, for each of ids in turn, where the organization
// stands in the order of Persian names and its names, from the name index
// (names.go): a long list of another module's rows, sorted by their
// organizations' names, sorts by Place and shows Name, with one read of
// the index for all.
func (r Reader) NameOrder(ctx context.Context, ids []int64) ([]Ordered, error) {
	x, err := r.nameIndex(ctx)
	if err != nil {
		return nil, err
	}
	return x.order(ids), nil
}

// byIDs reads columns (of organizations o) through r for the
// organizations ids name, each once.
func byIDs[T any](ctx context.Context, r Reader, columns string, ids []int64, scan func(store.Scanner) (T, error)) ([]T, error) {
	ids = slices.Compact(slices.Sorted(slices.Values(ids)))
	if len(ids) == 0 {
		return nil, nil
	}
	table, arg := r.s.db.Dialect.IDTable(1, ids)
	return store.QueryAll(ctx, r.q, scan, `SELECT `+columns+` FROM `+table+` CROSS JOIN organizations o WHERE o.id = x.id`, arg)
}

// Select chooses organizations for another module; a zero field does not
// restrict the choice.
type Select struct {
	Kinds   []Kind
	Parent  int64    // only the children of this organization
	Under   []string // only those at or below one of these paths
	NameHas string   // only those whose Persian name holds this text (LIKE's wildcards are its own)
}

// where is sel's WHERE clause in the dialect d.
func (sel Select) where(d store.Dialect) *store.Where {
	w := &store.Where{}
	if len(sel.Kinds) > 0 {
		kinds := make([]any, len(sel.Kinds))
		for i, k := range sel.Kinds {
			kinds[i] = string(k)
		}
		w.Add("kind IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(kinds)), ", ")+")", kinds...)
	}
	if sel.Parent != 0 {
		w.Add("parent_id = ?", sel.Parent)
	}
	if len(sel.Under) > 0 {
		or := make([]string, len(sel.Under))
		var paths []any
		for i, p := range sel.Under {
			or[i], paths = under(d, p, paths)
		}
		w.Add("("+strings.Join(or, " OR ")+")", paths...)
	}
	if sel.NameHas != "" {
		w.Add("name_fa LIKE ?", "%"+sel.NameHas+"%")
	}
	return w
}

// under is the condition that a path starts with p, its ? marks' values
// appended to args, in a form the path index serves: PostgreSQL's
// (text_pattern_ops) serves LIKE 'p%', while SQLite's LIKE ignores case
// and so its index, and a range serves it. Paths are ASCII, so the range
// ends where the last byte is one more.
func under(d store.Dialect, p string, args []any) (string, []any) {
	if d == store.Postgres || p == "" {
		return "path LIKE ?", append(args, p+"%")
	}
	return "(path >= ? AND path < ?)", append(args, p, p[:len(p)-1]+string(p[len(p)-1]+1))
}

// Find returns the organizations sel chooses (their places, names and
// populations), by Persian name and then id.
func (r Reader) Find(ctx context.Context, sel Select) ([]Org, error) {
	w := sel.where(r.s.db.Dialect)
	return store.QueryAll(ctx, r.q, scanBrief, `SELECT `+briefColumns+` FROM organizations o`+w.String()+` ORDER BY o.name_fa, o.id`, w.Args...)
}

// IDs lists the ids of the organizations sel chooses, in id order.
func (r Reader) IDs(ctx context.Context, sel Select) ([]int64, error) {
	w := sel.where(r.s.db.Dialect)
	return store.QueryAll(ctx, r.q, func(row store.Scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT id FROM organizations`+w.String()+` ORDER BY id`, w.Args...)
}

// Subtree lists the ids of the organization at the short address slug and
// of those below it; none when no organization has that address.
func (r Reader) Subtree(ctx context.Context, slug string) ([]int64, error) {
	root, err := r.PlaceBySlug(ctx, slug)
	if apperr.CodeOf(err) == apperr.NotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return r.IDs(ctx, Select{Under: []string{root.Path}})
}
