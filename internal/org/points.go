package org

import (
	"context"
	"sync"

	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

// MapPoint is where a map places an organization: its geometry's point,
// or its polygon's centroid.
type MapPoint struct{ Lon, Lat float64 }

// Pin is an organization placed on a map, with its names.
type Pin struct {
	ID   int64
	Name i18n.Text
	MapPoint
}

// pin is an organization's pin as read at one version of the
// organization (its updated_at, in milliseconds).
type pin struct {
	version int64
	Pin
	ok bool // false: the geometry is not one a map can place
}

// pinCache keeps organizations' pins, so that a map of thousands of
// members reads no geometry and no names, and parses nothing, once it has
// seen them. An entry holds while the organization's updated_at is the
// same: Update sets it at every change, so a changed name or geometry is
// read again, on every server. The cache holds an entry per organization
// with a geometry, and no more.
type pinCache struct {
	mu sync.RWMutex
	m  map[int64]pin
}

// Pins places on a map those of the organizations ids whose geometry a
// map can place, in no order. It reads each one's version, and the rest
// of those the cache lacks or holds at an older version.
func (s *Service) Pins(ctx context.Context, ids []int64) ([]Pin, error) {
	type version struct{ id, at int64 }
	versions, err := byIDs(ctx, s.In(s.db.Read), `o.id, o.updated_at`, ` AND o.geometry IS NOT NULL`, ids,
		func(r store.Scanner) (version, error) {
			var v version
			return v, r.Scan(&v.id, &v.at)
		})
	if err != nil {
		return nil, err
	}
	var missing []int64
	s.pins.mu.RLock()
	for _, v := range versions {
		if p, ok := s.pins.m[v.id]; !ok || p.version != v.at {
			missing = append(missing, v.id)
		}
	}
	s.pins.mu.RUnlock()
	if err := s.readPins(ctx, missing); err != nil {
		return nil, err
	}
	out := make([]Pin, 0, len(versions))
	s.pins.mu.RLock()
	defer s.pins.mu.RUnlock()
	for _, v := range versions {
		if p := s.pins.m[v.id]; p.ok {
			out = append(out, p.Pin)
		}
	}
	return out, nil
}

// readPins reads the names and geometries of ids into the cache.
func (s *Service) readPins(ctx context.Context, ids []int64) error {
	type row struct {
		id, version int64
		name        i18n.Text
		geometry    string
	}
	rows, err := byIDs(ctx, s.In(s.db.Read), `o.id, o.updated_at, o.name_fa, o.name_en, coalesce(o.geometry, '')`, "", ids,
		func(r store.Scanner) (row, error) {
			var x row
			return x, r.Scan(&x.id, &x.version, &x.name.Fa, &x.name.En, &x.geometry)
		})
	if err != nil || len(rows) == 0 {
		return err
	}
	s.pins.mu.Lock()
	defer s.pins.mu.Unlock()
	if s.pins.m == nil {
		s.pins.m = map[int64]pin{}
	}
	for _, x := range rows {
		lon, lat, ok := centre(x.geometry)
		s.pins.m[x.id] = pin{version: x.version, Pin: Pin{ID: x.id, Name: x.name, MapPoint: MapPoint{Lon: lon, Lat: lat}}, ok: ok}
	}
	return nil
}

// centre is a geometry's point, or the mean of its outer ring's vertices.
func centre(geometry string) (lon, lat float64, ok bool) {
	if geometry == "" {
		return 0, 0, false
	}
	s, err := geojson.Parse([]byte(geometry))
	if err != nil {
		return 0, 0, false
	}
	if s.Type == "Point" {
		return s.Point[0], s.Point[1], true
	}
	ring := s.Polygons[0][0]
	n := len(ring) - 1 // the last position repeats the first
	for _, p := range ring[:n] {
		lon, lat = lon+p[0], lat+p[1]
	}
	return lon / float64(n), lat / float64(n), n > 0
}
