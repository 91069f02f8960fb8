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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tr := newTree(t, db)
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tr := newTree(t, db)
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tr := newTree(t, db)
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
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tr := newTree(t, db)
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
