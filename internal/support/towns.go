package support

import (
	"context"
	"strings"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// AddTown creates a member municipality under coop (through the
// organization service, which checks and audits it).
func (s *Service) AddTown(ctx context.Context, actor int64, coop org.Org, in org.Input) (org.Org, error) {
	in.Kind = string(org.Municipality)
	return s.orgs.Create(ctx, actor, &coop, in)
}

// place is a city of the gazetteer.
type place struct{ code, nameFa, nameEn string }

// AddProvinceTowns creates a municipality under coop for every city of
// the gazetteer's province (named by its code or its Persian name) that
// has none yet, and returns how many it created. Running it again adds
// nothing: a city is skipped when coop already has a member with its
// municipality's name.
func (s *Service) AddProvinceTowns(ctx context.Context, actor int64, coop org.Org, province string) (int, error) {
	cities, err := s.provinceCities(ctx, province)
	if err != nil {
		return 0, err
	}
	members, err := store.QueryAll(ctx, s.db.Read, scanTown, townQuery, coop.ID)
	if err != nil {
		return 0, err
	}
	have := map[string]bool{}
	for _, m := range members {
		have[m.nameKey] = true
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
func townInput(c place) org.Input {
	in := org.Input{Slug: "town-" + strings.ToLower(c.code), NameFa: "شهرداری " + c.nameFa}
	if c.nameEn != "" {
		in.NameEn = c.nameEn + " Municipality"
	}
	return in
}

func (s *Service) provinceCities(ctx context.Context, province string) ([]place, error) {
	province = strings.TrimSpace(persian.ToASCIIDigits(province))
	var code string
	err := s.db.Read.QueryRowContext(ctx, `SELECT code FROM places WHERE kind = 'province' AND (code = $1 OR name_key = $2)
		ORDER BY code LIMIT 1`, province, persian.SearchKey(province)).Scan(&code)
	if err != nil {
		return nil, store.NotFound(err, invalid("province", "این استان در فهرست جای‌ها نیست؛ نخست فهرست تقسیمات کشوری را با shahr import geo وارد کنید.",
			"The gazetteer holds no such province; import the divisions with shahr import geo first."))
	}
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (place, error) {
		var p place
		return p, r.Scan(&p.code, &p.nameFa, &p.nameEn)
	}, `SELECT code, name_fa, name_en FROM places WHERE kind = 'city'
		AND parent_code IN (SELECT code FROM places WHERE kind = 'county' AND parent_code = $1) ORDER BY code`, code)
}
