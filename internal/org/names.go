package org

import (
	"context"
	"math/bits"
	"slices"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

// nameIndex is every organization's names, what a search matches it by,
// and its place in the order of Persian names (then ids), as read at one
// version of the organizations (version.go). Long lists of other modules'
// rows, sorted or searched by their organizations' names (an association's
// 2,500 members, the open-data API's every member), ask it instead of
// sending thousands of ids to the database on every request. It is never
// changed once built: the first reader after a write builds the next.
type nameIndex struct {
	version int64
	// at is each organization's place in named, by id, -1 for an id that
	// names none: ids are dense, as the database numbers organizations
	// and never deletes one, and a list of thousands looks each up.
	at    []int32
	named []named // in the order of names
	fold  func(string) string
}

// named is one organization in the index.
type named struct {
	id   int64
	name i18n.Text
	// What NameMatch tests, as the engine's LIKE compares them (fold):
	// the search key, the short address and the English name lower-cased.
	key, slug, english string
}

// nameIndex returns the index at the organizations' current version, or
// a newer one, read through r: a held one when it is current, else one
// read now. Readers through the read pool wait for one of them to read
// it; a reader inside a transaction reads its own rather than wait while
// it holds a connection the one reading might need.
func (r Reader) nameIndex(ctx context.Context) (*nameIndex, error) {
	v, err := version(ctx, r.q)
	if err != nil {
		return nil, err
	}
	if x := r.s.names.Load(); x != nil && x.version >= v {
		return x, nil
	}
	if r.q == store.Queryer(r.s.db.Read) {
		r.s.reading.Lock()
		defer r.s.reading.Unlock()
		if x := r.s.names.Load(); x != nil && x.version >= v {
			return x, nil
		}
	}
	x, err := readNameIndex(ctx, r.q, r.s.db.Dialect, v)
	if err != nil {
		return nil, err
	}
	// Kept unless another reader has meanwhile kept a newer one.
	for old := r.s.names.Load(); old == nil || old.version < v; old = r.s.names.Load() {
		if r.s.names.CompareAndSwap(old, x) {
			break
		}
	}
	return x, nil
}

// readNameIndex reads the index through q, as at the version v.
func readNameIndex(ctx context.Context, q store.Queryer, d store.Dialect, v int64) (*nameIndex, error) {
	x := &nameIndex{version: v, fold: likeFold(d)}
	var err error
	x.named, err = store.QueryAll(ctx, q, func(row store.Scanner) (named, error) {
		var n named
		err := row.Scan(&n.id, &n.name.Fa, &n.name.En, &n.key, &n.slug, &n.english)
		n.key, n.slug = x.fold(n.key), x.fold(n.slug)
		return n, err
	}, `SELECT id, name_fa, name_en, name_key, slug, lower(name_en) FROM organizations ORDER BY name_fa, id`)
	if err != nil {
		return nil, err
	}
	var top int64
	for _, n := range x.named {
		top = max(top, n.id)
	}
	x.at = slices.Repeat([]int32{-1}, int(top)+1)
	for i, n := range x.named {
		x.at[n.id] = int32(i)
	}
	return x, nil
}

// likeFold is what the engine's LIKE ignores of a text: SQLite's the case
// of ASCII letters, PostgreSQL's nothing.
func likeFold(d store.Dialect) func(string) string {
	if d == store.Postgres {
		return func(s string) string { return s }
	}
	return func(s string) string {
		return strings.Map(func(r rune) rune {
			if 'A' <= r && r <= 'Z' {
				return r + ('a' - 'A')
			}
			return r
		}, s)
	}
}

// place is where the organization id stands in named; ok is false when
// it names none.
func (x *nameIndex) place(id int64) (p int32, ok bool) {
	if id < 0 || id >= int64(len(x.at)) || x.at[id] < 0 {
		return 0, false
	}
	return x.at[id], true
}

// matches reports whether m chooses n, as Rank's LIKE did in SQL.
func (x *nameIndex) matches(n named, m NameMatch) bool {
	return m == (NameMatch{}) || strings.Contains(n.key, x.fold(m.Key)) || strings.Contains(n.slug, x.fold(m.Key)) ||
		strings.Contains(n.english, m.English)
}

// rank is Rank over the index. The places chosen are marked in a bitmap
// of the index and read back in order, up to limit: no sort, and each
// place once.
func (x *nameIndex) rank(ids []int64, m NameMatch, limit int) []int64 {
	chosen := make([]uint64, (len(x.named)+63)/64)
	for _, id := range ids {
		if p, ok := x.place(id); ok && x.matches(x.named[p], m) {
			chosen[p/64] |= 1 << (p % 64)
		}
	}
	var out []int64
	for w, bits64 := range chosen {
		for ; bits64 != 0; bits64 &= bits64 - 1 {
			if limit > 0 && len(out) == limit {
				return out
			}
			out = append(out, x.named[w*64+bits.TrailingZeros64(bits64)].id)
		}
	}
	return out
}

// order is NameOrder over the index.
func (x *nameIndex) order(ids []int64) []Ordered {
	out := make([]Ordered, len(ids))
	for i, id := range ids {
		if p, ok := x.place(id); ok {
			out[i] = Ordered{Place: int(p), Name: x.named[p].name}
		} else {
			out[i].Place = len(x.named)
		}
	}
	return out
}

// names is Names over the index.
func (x *nameIndex) names(ids []int64) map[int64]i18n.Text {
	out := make(map[int64]i18n.Text, len(ids))
	for _, id := range ids {
		if p, ok := x.place(id); ok {
			out[id] = x.named[p].name
		}
	}
	return out
}
