package org_test

import (
	"context"
	"fmt"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// nobody names no one: the lookups never read the audit log.
type nobody struct{}

func (nobody) Names(context.Context, []int64) (map[int64]string, error) { return nil, nil }

// tree is a city with two districts, a neighbourhood in the second, and
// an association beside them.
type tree struct {
	svc                       *org.Service
	city, d1, d2, hood, assoc org.Org
}

func newTree(t *testing.T, db *store.DB) tree {
	t.Helper()
	ctx := context.Background()
	// Every change happens a second after the one before, as the points'
	// cache tells versions apart by the time of the change.
	var tick atomic.Int64
	clock := func() time.Time { return time.Unix(1_700_000_000+tick.Add(1), 0) }
	tr := tree{svc: org.NewService(db, nobody{}, clock)}
	create := func(parent *org.Org, in org.Input) org.Org {
		o, err := tr.svc.Create(ctx, 0, parent, in)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	tr.city = create(nil, org.Input{Slug: "shahr", Kind: "municipality", NameFa: "شهرداری شهر", NameEn: "City", Population: "5000"})
	tr.d2 = create(&tr.city, org.Input{Slug: "shahr-2", Kind: "district", NameFa: "منطقه ۲", Geometry: `{"type":"Point","coordinates":[51.4,35.7]}`})
	tr.d1 = create(&tr.city, org.Input{Slug: "shahr-1", Kind: "district", NameFa: "منطقه ۱"})
	tr.hood = create(&tr.d2, org.Input{Slug: "shahr-2-bagh", Kind: "neighbourhood", NameFa: "باغ"})
	tr.assoc = create(nil, org.Input{Slug: "anjoman", Kind: "association", NameFa: "انجمن"})
	return tr
}

// eachTree runs test on both engines, each over a new tree.
func eachTree(t *testing.T, test func(t *testing.T, ctx context.Context, db *store.DB, tr tree)) {
	storetest.Each(t, func(t *testing.T, db *store.DB) { test(t, context.Background(), db, newTree(t, db)) })
}

func ids(os []org.Org) []int64 {
	out := make([]int64, len(os))
	for i, o := range os {
		out[i] = o.ID
	}
	return out
}

// TestPlaces reads kinds and paths by id and by address, leaves out ids
// that name no organization, and answers a second time from its cache.
func TestPlaces(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		ps, err := tr.svc.Places(ctx, []int64{tr.hood.ID, tr.city.ID, 0, 999_999, tr.hood.ID})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 2 || ps[tr.hood.ID] != (org.Place{ID: tr.hood.ID, Kind: org.Neighbourhood, Path: tr.hood.Path}) ||
			ps[tr.city.ID].Path != tr.city.Path {
			t.Errorf("places %+v", ps)
		}
		if !ps[tr.hood.ID].Within(tr.d2.Path) || !ps[tr.hood.ID].Within(tr.city.Path) || ps[tr.hood.ID].Within(tr.d1.Path) ||
			ps[tr.hood.ID].Within("") {
			t.Errorf("the neighbourhood's place %+v stands wrongly against its district and city", ps[tr.hood.ID])
		}
		if _, err := tr.svc.Place(ctx, 999_999); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Place of no organization: %v, want not found", err)
		}
		if p, err := tr.svc.PlaceBySlug(ctx, "shahr-2"); err != nil || p.ID != tr.d2.ID || p.Kind != org.District {
			t.Errorf("PlaceBySlug: %+v, %v", p, err)
		}
		if _, err := tr.svc.PlaceBySlug(ctx, "nowhere"); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("PlaceBySlug of no address: %v, want not found", err)
		}
		// A place never changes: once read, it is answered without the
		// database, even through a transaction that has ended.
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		tx.Rollback()
		if p, err := tr.svc.In(tx).Place(ctx, tr.hood.ID); err != nil || p.Path != tr.hood.Path {
			t.Errorf("a cached place read through a finished transaction: %+v, %v", p, err)
		}
	})
}

// TestBriefsAndFind read names afresh, by id or by kind, parent and
// subtree, in Persian-name order.
func TestBriefsAndFind(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		bs, err := tr.svc.Briefs(ctx, []int64{tr.city.ID, tr.hood.ID, 999_999})
		if err != nil {
			t.Fatal(err)
		}
		if c := bs[tr.city.ID]; len(bs) != 2 || c.NameEn != "City" || c.Population != 5000 || c.Slug != "shahr" || c.NameKey != "شهرداریشهر" {
			t.Errorf("briefs %+v", bs)
		}
		if _, err := tr.svc.Update(ctx, 0, "shahr", org.Input{NameFa: "شهرداری شهر نو"}); err != nil {
			t.Fatal(err)
		}
		if b, err := tr.svc.Brief(ctx, tr.city.ID); err != nil || b.NameFa != "شهرداری شهر نو" {
			t.Errorf("after a rename the brief says %+v, %v", b, err)
		}
		if _, err := tr.svc.Brief(ctx, 999_999); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("Brief of no organization: %v, want not found", err)
		}
		for _, c := range []struct {
			name string
			sel  org.Select
			want []int64
		}{
			{"districts", org.Select{Kinds: []org.Kind{org.District}}, []int64{tr.d1.ID, tr.d2.ID}},
			{"children", org.Select{Parent: tr.city.ID}, []int64{tr.d1.ID, tr.d2.ID}},
			{"under the second district", org.Select{Under: []string{tr.d2.Path}}, []int64{tr.hood.ID, tr.d2.ID}},
			{"areas under either district", org.Select{Under: []string{tr.d1.Path, tr.d2.Path}, Kinds: []org.Kind{org.Neighbourhood}},
				[]int64{tr.hood.ID}},
			{"named", org.Select{NameHas: "منطقه"}, []int64{tr.d1.ID, tr.d2.ID}},
		} {
			got, err := tr.svc.Find(ctx, c.sel)
			if err != nil || !slices.Equal(ids(got), c.want) {
				t.Errorf("Find %s: %v, %v; want %v", c.name, ids(got), err, c.want)
			}
			byID, err := tr.svc.IDs(ctx, c.sel)
			if want := slices.Sorted(slices.Values(c.want)); err != nil || !slices.Equal(byID, want) {
				t.Errorf("IDs %s: %v, %v; want %v", c.name, byID, err, want)
			}
		}
		// An organization whose id begins with the city's digits (10 after
		// 1) stands outside the city, though its path begins alike.
		for o := tr.assoc; o.ID < 10*tr.city.ID; {
			if o.ID > 50 {
				t.Fatalf("the city's id is %d; want a small one", tr.city.ID)
			}
			if o, err = tr.svc.Create(ctx, 0, nil, org.Input{Slug: fmt.Sprintf("root-%d", o.ID), Kind: "association",
				NameFa: fmt.Sprintf("انجمن %d", o.ID)}); err != nil {
				t.Fatal(err)
			}
		}
		if sub, err := tr.svc.IDs(ctx, org.Select{Under: []string{tr.city.Path}}); err != nil ||
			!slices.Equal(sub, []int64{tr.city.ID, tr.d2.ID, tr.d1.ID, tr.hood.ID}) {
			t.Errorf("the city's subtree: %v, %v", sub, err)
		}
		if sub, err := tr.svc.In(db.Read).Subtree(ctx, "shahr-2"); err != nil || !slices.Equal(sub, []int64{tr.d2.ID, tr.hood.ID}) {
			t.Errorf("Subtree: %v, %v", sub, err)
		}
		if sub, err := tr.svc.In(db.Read).Subtree(ctx, "nowhere"); err != nil || sub != nil {
			t.Errorf("Subtree of no address: %v, %v; want none", sub, err)
		}
	})
}

// TestPins places only the organizations with a geometry, with their
// names, and a changed geometry moves its pin.
func TestPins(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		pins, err := tr.svc.Pins(ctx, []int64{tr.d1.ID, tr.d2.ID})
		if want := (org.Pin{ID: tr.d2.ID, Name: i18n.Text{Fa: "منطقه ۲"}, MapPoint: org.MapPoint{Lon: 51.4, Lat: 35.7}}); err != nil ||
			len(pins) != 1 || pins[0] != want {
			t.Fatalf("pins %+v, %v; want %+v", pins, err, want)
		}
		moved := org.Input{NameFa: "منطقه دو", Geometry: `{"type":"Polygon","coordinates":[[[50,30],[52,30],[52,32],[50,32],[50,30]]]}`}
		if _, err := tr.svc.Update(ctx, 0, "shahr-2", moved); err != nil {
			t.Fatal(err)
		}
		pins, err = tr.svc.Pins(ctx, []int64{tr.d2.ID})
		if err != nil || len(pins) != 1 || pins[0].MapPoint != (org.MapPoint{Lon: 51, Lat: 31}) || pins[0].Name.Fa != "منطقه دو" {
			t.Errorf("after the move: %+v, %v; want the polygon's centre and the new name", pins, err)
		}
	})
}

// TestNamesAndRank read names alone, and order ids by Persian name,
// keeping those a search matches by name key, address or English name.
func TestNamesAndRank(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		names, err := tr.svc.Names(ctx, []int64{tr.city.ID, tr.hood.ID, 999_999})
		if err != nil || len(names) != 2 || names[tr.city.ID] != (i18n.Text{Fa: "شهرداری شهر", En: "City"}) || names[tr.hood.ID].Fa != "باغ" {
			t.Errorf("names %v, %v", names, err)
		}
		all := []int64{tr.city.ID, tr.d1.ID, tr.d2.ID, tr.hood.ID, 999_999}
		for _, c := range []struct {
			name  string
			match org.NameMatch
			want  []int64
		}{
			{"every one", org.NameMatch{}, []int64{tr.hood.ID, tr.city.ID, tr.d1.ID, tr.d2.ID}},
			{"by name key", org.NameMatch{Key: "منطقه۲", English: "منطقه ۲"}, []int64{tr.d2.ID}},
			{"by address", org.NameMatch{Key: "bagh", English: "bagh"}, []int64{tr.hood.ID}},
			{"by English name", org.NameMatch{Key: "ci", English: "city"}, []int64{tr.city.ID}},
		} {
			if got, err := tr.svc.Rank(ctx, all, c.match, 0); err != nil || !slices.Equal(got, c.want) {
				t.Errorf("Rank %s: %v, %v; want %v", c.name, got, err, c.want)
			}
		}
		if got, err := tr.svc.Rank(ctx, all, org.NameMatch{}, 2); err != nil || !slices.Equal(got, []int64{tr.hood.ID, tr.city.ID}) {
			t.Errorf("the first two: %v, %v", got, err)
		}
		if got, err := tr.svc.Rank(ctx, nil, org.NameMatch{}, 0); err != nil || got != nil {
			t.Errorf("Rank of no ids: %v, %v", got, err)
		}
	})
}

// TestNameIndexFollowsWrites: names, their order and map pins, held in
// memory between requests, follow writes made through another service
// over the same database (another server): a rename, a moved geometry and
// a new organization, read outside a transaction and inside one.
func TestNameIndexFollowsWrites(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		all := []int64{tr.city.ID, tr.d1.ID, tr.d2.ID, tr.hood.ID}
		if got, err := tr.svc.Rank(ctx, all, org.NameMatch{}, 0); err != nil || !slices.Equal(got, []int64{tr.hood.ID, tr.city.ID, tr.d1.ID, tr.d2.ID}) {
			t.Fatalf("before the writes: %v, %v", got, err)
		}
		if pins, err := tr.svc.Pins(ctx, all); err != nil || len(pins) != 1 {
			t.Fatalf("pins before the writes: %+v, %v", pins, err)
		}
		other := org.NewService(db, nobody{}, func() time.Time { return time.Unix(1_800_000_000, 0) })
		if _, err := other.Update(ctx, 0, "shahr-2-bagh", org.Input{NameFa: "یاس", NameEn: "Yas"}); err != nil {
			t.Fatal(err)
		}
		if _, err := other.Update(ctx, 0, "shahr-2", org.Input{NameFa: "منطقه ۲", Geometry: `{"type":"Point","coordinates":[50,30]}`}); err != nil {
			t.Fatal(err)
		}
		fresh, err := other.Create(ctx, 0, &tr.city, org.Input{Slug: "shahr-3", Kind: "district", NameFa: "منطقه ۳"})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, fresh.ID)
		want := []int64{tr.city.ID, tr.d1.ID, tr.d2.ID, fresh.ID, tr.hood.ID}
		if got, err := tr.svc.Rank(ctx, all, org.NameMatch{}, 0); err != nil || !slices.Equal(got, want) {
			t.Errorf("after the writes: %v, %v; want %v", got, err, want)
		}
		names, err := tr.svc.Names(ctx, all)
		if err != nil || names[tr.hood.ID].Fa != "یاس" || names[fresh.ID].Fa != "منطقه ۳" {
			t.Errorf("names after the writes: %v, %v", names, err)
		}
		order, err := tr.svc.NameOrder(ctx, []int64{tr.hood.ID, fresh.ID, 999_999, tr.city.ID})
		if err != nil || len(order) != 4 || !(order[3].Place < order[1].Place && order[1].Place < order[0].Place && order[0].Place < order[2].Place) ||
			order[0].Name.En != "Yas" || order[2].Name != (i18n.Text{}) {
			t.Errorf("name order after the writes: %+v, %v", order, err)
		}
		pins, err := tr.svc.Pins(ctx, []int64{tr.d2.ID, tr.d2.ID, tr.d1.ID})
		if err != nil || len(pins) != 1 || pins[0].MapPoint != (org.MapPoint{Lon: 50, Lat: 30}) {
			t.Errorf("pins after the move: %+v, %v; want the second district once, at its new point", pins, err)
		}
		// A reader inside a transaction, the first after a write, reads the
		// index through it.
		if _, err := other.Update(ctx, 0, "shahr-1", org.Input{NameFa: "آخرین منطقه"}); err != nil {
			t.Fatal(err)
		}
		tx, err := db.Write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		if got, err := tr.svc.In(tx).Rank(ctx, all, org.NameMatch{}, 2); err != nil || !slices.Equal(got, []int64{tr.d1.ID, tr.city.ID}) {
			t.Errorf("ranked inside a transaction: %v, %v; want the renamed district first", got, err)
		}
	})
}

// TestRankFindsAsLike: Rank, answering from memory, chooses the
// organizations that SQL's LIKE chooses on each engine (SQLite's ignores
// the case of ASCII letters, PostgreSQL's does not).
func TestRankFindsAsLike(t *testing.T) {
	t.Parallel()
	eachTree(t, func(t *testing.T, ctx context.Context, db *store.DB, tr tree) {
		all := []int64{tr.city.ID, tr.d1.ID, tr.d2.ID, tr.hood.ID, tr.assoc.ID}
		for _, m := range []org.NameMatch{{Key: "SHAHR-2", English: "shahr-2"}, {Key: "منطقه", English: "منطقه"},
			{Key: "Bagh", English: "bagh"}, {Key: "zz", English: "city"}, {Key: "انجمن", English: "انجمن"}} {
			like, err := store.QueryAll(ctx, db.Read, func(r store.Scanner) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			}, `SELECT id FROM organizations WHERE name_key LIKE $1 OR slug LIKE $1 OR lower(name_en) LIKE $2 ORDER BY name_fa, id`,
				"%"+m.Key+"%", "%"+m.English+"%")
			if err != nil {
				t.Fatal(err)
			}
			if got, err := tr.svc.Rank(ctx, all, m, 0); err != nil || !slices.Equal(got, like) {
				t.Errorf("%+v: Rank %v, %v; LIKE %v", m, got, err, like)
			}
		}
	})
}
