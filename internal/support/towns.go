package support

import (
	"context"
	"errors"
	"strings"

	"github.com/shahr-city/shahr/internal/geo"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
)

// AddTown creates a member municipality under coop (through the
// organization service, which checks and audits it).
func (s *Service) AddTown(ctx context.Context, actor int64, coop org.Org, in org.Input) (org.Org, error) {
	in.Kind = string(org.Municipality)
	return s.orgs.Create(ctx, actor, &coop, in)
}

// AddProvinceTowns creates a municipality under coop for every city of
// the gazetteer's province (named by its code or its Persian name) that
// has none yet, and returns how many it created. Running it again adds
// nothing: a city is skipped when coop already has a member with its
// municipality's name.
func (s *Service) AddProvinceTowns(ctx context.Context, actor int64, coop org.Org, province string) (int, error) {
	cities, err := geo.ProvinceCities(ctx, s.db, province)
	if errors.Is(err, geo.ErrNoProvince) {
		return 0, invalid("province", "این استان در فهرست جای‌ها نیست؛ نخست فهرست تقسیمات کشوری را با shahr import geo وارد کنید.",
			"The gazetteer holds no such province; import the divisions with shahr import geo first.")
	}
	if err != nil {
		return 0, err
	}
	members, err := s.orgs.Find(ctx, org.Select{Parent: coop.ID, Kinds: []org.Kind{org.Municipality}})
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, m := range members {
		have[m.NameKey] = true
	}
	added := 0
	for _, c := range cities {
		in := townInput(c)
		if have[persian.SearchKey(in.NameFa)] {
			continue
		}
		if _, err := s.AddTown(ctx, actor, coop, in); err != nil {
			return added, err
		}
		have[persian.SearchKey(in.NameFa)] = true
		added++
	}
	return added, nil
}

// townInput is the municipality of a gazetteer city; its slug comes from
// the city's official code, which is stable and unique.
func townInput(c geo.Place) org.Input {
	in := org.Input{Slug: "town-" + strings.ToLower(c.Code), NameFa: "شهرداری " + c.NameFa}
	if c.NameEn != "" {
		in.NameEn = c.NameEn + " Municipality"
	}
	return in
}
