package network

import (
	"context"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Place is a member with its point on the map.
type Place struct {
	Name     i18n.Text
	Lon, Lat float64
}

// MapPlaces returns the places of the memberships the query lists, on every
// page, that have a geometry; the organization module keeps the points.
func (s *Service) MapPlaces(ctx context.Context, assocID int64, q MemberQuery) ([]Place, error) {
	q = q.clean()
	statuses := q.Statuses
	if q.Status != "" {
		statuses = []Status{q.Status}
	}
	var ids []int64
	var err error
	if persian.SearchKey(q.Search) == "" {
		// The members alone: a map of thousands reads no more.
		w := inStatuses(assocID, statuses)
		ids, err = store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		}, `SELECT member_id FROM memberships`+w.String(), w.Args...)
	} else {
		var listed []listedMember
		listed, err = s.listed(ctx, assocID, statuses, q.Search)
		ids = orgsOf(listed)
	}
	if err != nil {
		return nil, err
	}
	pins, err := s.orgs.Pins(ctx, ids)
	var out []Place
	for _, p := range pins {
		out = append(out, Place{Name: p.Name, Lon: p.Lon, Lat: p.Lat})
	}
	return out, err
}
