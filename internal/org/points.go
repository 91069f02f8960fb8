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
	seen    int64 // the organizations' version (version.go) at which version was last found current
	Pin
	ok bool // false: no geometry, or not one a map can place
}

// pinCache keeps organizations' pins, so that a map of thousands of
// members reads no geometry and no names, and parses nothing, once it has
// seen them; while the organizations' version stays the same it reads
// nothing else either. When the version has moved, each entry asked for
// is checked against its organization's updated_at, which Update sets at
// every change, so a changed name or geometry is read again, on every
// server. The cache holds an entry per organization asked for, and no
// more.
type pinCache struct {
	mu sync.RWMutex
	m  map[int64]pin
}

// Pins places on a map those of the organizations ids whose geometry a
// map can place, each once, in no order.
func (s *Service) Pins(ctx context.Context, ids []int64) ([]Pin, error) {
	v, err := version(ctx, s.db.Read)
	if err != nil {
		return nil, err
	}
	ids = unique(ids)
	var unchecked []int64
	s.pins.mu.RLock()
	for _, id := range ids {
		if p, ok := s.pins.m[id]; !ok || p.seen != v {
			unchecked = append(unchecked, id)
		}
	}
	s.pins.mu.RUnlock()
	if err := s.checkPins(ctx, v, unchecked); err != nil {
		return nil, err
	}
	out := make([]Pin, 0, len(ids))
	s.pins.mu.RLock()
	defer s.pins.mu.RUnlock()
	for _, id := range ids {
		if p := s.pins.m[id]; p.ok {
			out = append(out, p.Pin)
		}
	}
	return out, nil
}

// checkPins brings the cache's entries for ids up to the organizations'
// version v: it reads each one's updated_at, and the rest of those the
// cache lacks or holds at an older updated_at.
func (s *Service) checkPins(ctx context.Context, v int64, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	type at struct{ id, version int64 }
	versions, err := byIDs(ctx, s.In(s.db.Read), `o.id, o.updated_at`, ids, func(r store.Scanner) (at, error) {
		var a at
		return a, r.Scan(&a.id, &a.version)
	})
	if err != nil {
		return err
	}
	var changed []int64
	s.pins.mu.Lock()
	for _, a := range versions {
		if p, ok := s.pins.m[a.id]; ok && p.version == a.version {
			p.seen = v
			s.pins.m[a.id] = p
		} else {
			changed = append(changed, a.id)
		}
	}
	s.pins.mu.Unlock()
	return s.readPins(ctx, v, changed)
}

// readPins reads the names and geometries of ids into the cache, as
// current at the organizations' version v.
func (s *Service) readPins(ctx context.Context, v int64, ids []int64) error {
	type row struct {
		id, version int64
		name        i18n.Text
		geometry    string
	}
	rows, err := byIDs(ctx, s.In(s.db.Read), `o.id, o.updated_at, o.name_fa, o.name_en, coalesce(o.geometry, '')`, ids,
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
		s.pins.m[x.id] = pin{version: x.version, seen: v, Pin: Pin{ID: x.id, Name: x.name, MapPoint: MapPoint{Lon: lon, Lat: lat}}, ok: ok}
	}
	return nil
}

// unique is ids without repeats, in their order, for a list of ids the
// database gave (dense, from 1): a bitmap of the values, not a sort.
func unique(ids []int64) []int64 {
	var top int64
	for _, id := range ids {
		top = max(top, id)
	}
	seen := make([]uint64, top/64+1)
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id > 0 && seen[id/64]&(1<<(id%64)) == 0 {
			seen[id/64] |= 1 << (id % 64)
			out = append(out, id)
		}
	}
	return out
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
