package network

import (
	"context"
	"sync"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

// Place is a member with its point on the map.
type Place struct {
	Name     i18n.Text
	Lon, Lat float64
}

// point is an organization's point as parsed from its geometry at one
// version of the organization (its updated_at, in milliseconds).
type point struct {
	version  int64
	lon, lat float64
	ok       bool // false: the geometry is not one the map can place
}

// pointCache keeps the members' points, so that a map of thousands of
// members reads no geometry and parses none once it has seen them. An entry
// holds while the organization's updated_at is the same: internal/org sets
// it at every change, the geometry's included, so a changed geometry is
// read again, on every server. The cache holds an entry per organization
// with a geometry, and no more.
type pointCache struct {
	mu sync.RWMutex
	m  map[int64]point
}

// placed is a member with a geometry, as the map query reads it.
type placed struct {
	orgID, version int64
	name           i18n.Text
}

// MapPlaces returns the places of the memberships the query lists, on every
// page, that have a geometry.
func (s *Service) MapPlaces(ctx context.Context, assocID int64, q MemberQuery) ([]Place, error) {
	_, w := q.clean().filter(assocID, true)
	w.Add("o.geometry IS NOT NULL")
	members, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (placed, error) {
		var p placed
		return p, r.Scan(&p.orgID, &p.version, &p.name.Fa, &p.name.En)
	}, `SELECT o.id, o.updated_at, o.name_fa, o.name_en FROM memberships m JOIN organizations o ON o.id = m.member_id`+
		w.String(), w.Args...) // in no order: the pins' order makes no difference
	if err != nil {
		return nil, err
	}
	if err := s.loadPoints(ctx, members); err != nil {
		return nil, err
	}
	s.points.mu.RLock()
	defer s.points.mu.RUnlock()
	var out []Place
	for _, m := range members {
		if pt := s.points.m[m.orgID]; pt.ok {
			out = append(out, Place{Name: m.name, Lon: pt.lon, Lat: pt.lat})
		}
	}
	return out, nil
}

// loadPoints reads and parses the geometries the cache lacks or holds at
// an older version, in batches.
func (s *Service) loadPoints(ctx context.Context, members []placed) error {
	var missing []any
	s.points.mu.RLock()
	for _, m := range members {
		if pt, ok := s.points.m[m.orgID]; !ok || pt.version != m.version {
			missing = append(missing, m.orgID)
		}
	}
	s.points.mu.RUnlock()
	const batch = 500
	for len(missing) > 0 {
		n := min(batch, len(missing))
		if err := s.readPoints(ctx, missing[:n]); err != nil {
			return err
		}
		missing = missing[n:]
	}
	return nil
}

func (s *Service) readPoints(ctx context.Context, ids []any) error {
	type row struct {
		id, version int64
		geometry    string
	}
	rows, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.version, &x.geometry)
	}, `SELECT id, updated_at, coalesce(geometry, '') FROM organizations WHERE id IN (`+store.Marks(1, len(ids))+`)`, ids...)
	if err != nil {
		return err
	}
	s.points.mu.Lock()
	defer s.points.mu.Unlock()
	if s.points.m == nil {
		s.points.m = map[int64]point{}
	}
	for _, x := range rows {
		lon, lat, ok := centre(x.geometry)
		s.points.m[x.id] = point{version: x.version, lon: lon, lat: lat, ok: ok}
	}
	return nil
}
