package sistercity

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

const cityColumns = `id, name_fa, name_en, name_local, local_lang, country, population, lat, lon`

func scanCity(r store.Scanner) (City, error) {
	var c City
	var lat, lon sql.NullFloat64
	err := r.Scan(&c.ID, &c.NameFa, &c.NameEn, &c.NameLocal, &c.LocalLang, &c.Country, &c.Population, &lat, &lon)
	if lat.Valid && lon.Valid {
		c.Lat, c.Lon = &lat.Float64, &lon.Float64
	}
	return c, err
}

// searchKey is the Persian search key, lower case so that Latin names
// match on both engines (SQLite's LIKE ignores ASCII case, PostgreSQL's
// does not).
func searchKey(s string) string { return strings.ToLower(persian.SearchKey(s)) }

// citySearchKey is what a search of the gazetteer matches: every name.
func citySearchKey(c City) string {
	return searchKey(c.NameFa + " " + c.NameEn + " " + c.NameLocal)
}

func insertCity(ctx context.Context, tx *sql.Tx, c *City, now time.Time) error {
	return tx.QueryRowContext(ctx, `INSERT INTO sister_cities
		(name_fa, name_en, name_local, local_lang, country, population, lat, lon, search_key, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		c.NameFa, c.NameEn, c.NameLocal, c.LocalLang, c.Country, c.Population, c.Lat, c.Lon, citySearchKey(*c),
		store.Millis(now)).Scan(&c.ID)
}

func updateCity(ctx context.Context, tx *sql.Tx, c City, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE sister_cities SET name_fa = $1, name_en = $2, name_local = $3, local_lang = $4,
		country = $5, population = $6, lat = $7, lon = $8, search_key = $9, updated_at = $10 WHERE id = $11`,
		c.NameFa, c.NameEn, c.NameLocal, c.LocalLang, c.Country, c.Population, c.Lat, c.Lon, citySearchKey(c),
		store.Millis(now), c.ID)
	return err
}

func insertAgreement(ctx context.Context, tx *sql.Tx, a *Agreement, actorID int64, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO sister_agreements
		(pair_key, status, proposed_on, signed_on, ended_on, description_fa, description_en, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		a.pairKey(), a.Status, dayText(a.ProposedOn), dayText(a.SignedOn), dayText(a.EndedOn),
		a.DescriptionFa, a.DescriptionEn, nullID(actorID), store.Millis(now)).Scan(&a.ID)
	if err != nil {
		return err
	}
	for i, p := range a.Parties {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sister_parties (agreement_id, position, org_id, city_id)
			VALUES ($1, $2, $3, $4)`, a.ID, i+1, nullID(p.OrgID), nullID(p.CityID)); err != nil {
			return err
		}
	}
	for _, ar := range a.Areas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sister_areas (agreement_id, area) VALUES ($1, $2)`, a.ID, ar); err != nil {
			return err
		}
	}
	return insertHistory(ctx, tx, a.ID, a.Status, "", actorID, now)
}

func insertHistory(ctx context.Context, tx *sql.Tx, id int64, s Status, note string, actorID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sister_status_history (agreement_id, status, note, actor_id, at)
		VALUES ($1, $2, $3, $4, $5)`, id, s, note, nullID(actorID), store.Millis(now))
	return err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

const agreementColumns = `id, status, proposed_on, signed_on, ended_on, description_fa, description_en, created_at`

// loadAgreements reads the agreements matching where (over
// sister_agreements' columns), oldest first, with their parties and areas.
func (s *Service) loadAgreements(ctx context.Context, q store.Queryer, where string, args ...any) ([]Agreement, error) {
	as, err := store.QueryAll(ctx, q, func(r store.Scanner) (Agreement, error) {
		var a Agreement
		return a, r.Scan(&a.ID, &a.Status, scanDay(&a.ProposedOn), scanDay(&a.SignedOn), scanDay(&a.EndedOn),
			&a.DescriptionFa, &a.DescriptionEn, store.Time(&a.CreatedAt))
	}, `SELECT `+agreementColumns+` FROM sister_agreements WHERE `+where+` ORDER BY id`, args...)
	if err != nil || len(as) == 0 {
		return as, err
	}
	byID := make(map[int64]*Agreement, len(as))
	for i := range as {
		byID[as[i].ID] = &as[i]
	}
	if err := s.loadParties(ctx, q, byID, where, args); err != nil {
		return nil, err
	}
	return as, loadAreas(ctx, q, byID, where, args)
}

// loadParties reads the parties of the agreements matching where: a city
// of the gazetteer by its names and country, an organization of the
// installation by its address, path and names.
func (s *Service) loadParties(ctx context.Context, q store.Queryer, byID map[int64]*Agreement, where string, args []any) error {
	type party struct {
		agreement int64
		pos       int
		Party
	}
	ps, err := store.QueryAll(ctx, q, func(r store.Scanner) (party, error) {
		var p party
		return p, r.Scan(&p.agreement, &p.pos, &p.OrgID, &p.CityID, &p.NameFa, &p.NameEn, &p.Country)
	}, `SELECT p.agreement_id, p.position, coalesce(p.org_id, 0), coalesce(p.city_id, 0),
		coalesce(c.name_fa, ''), coalesce(c.name_en, ''), coalesce(c.country, 'IR')
		FROM sister_parties p LEFT JOIN sister_cities c ON c.id = p.city_id
		WHERE p.agreement_id IN (SELECT id FROM sister_agreements WHERE `+where+`)`, args...)
	if err != nil {
		return err
	}
	err = store.Attach(ctx, ps, func(p *party) int64 { return p.OrgID }, s.orgs.In(q).Briefs, func(p *party, o org.Org) {
		if p.OrgID != 0 {
			p.OrgSlug, p.OrgPath, p.NameFa, p.NameEn = o.Slug, o.Path, o.NameFa, o.NameEn
		}
	})
	for _, p := range ps {
		byID[p.agreement].Parties[p.pos-1] = p.Party
	}
	return err
}

func loadAreas(ctx context.Context, q store.Queryer, byID map[int64]*Agreement, where string, args []any) error {
	rows, err := q.QueryContext(ctx, `SELECT agreement_id, area FROM sister_areas
		WHERE agreement_id IN (SELECT id FROM sister_agreements WHERE `+where+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ar Area
		if err := rows.Scan(&id, &ar); err != nil {
			return err
		}
		byID[id].Areas = append(byID[id].Areas, ar)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, a := range byID {
		sortAreas(a.Areas)
	}
	return nil
}

// municipality reads an organization of the installation by slug as a
// party; any kind may have a (possibly empty) network page.
func (s *Service) municipality(ctx context.Context, slug string) (Party, error) {
	p := Party{OrgSlug: slug, Country: "IR"}
	o, err := s.orgs.BySlug(ctx, slug)
	if apperr.CodeOf(err) == apperr.NotFound {
		return p, apperr.ErrNotFound
	}
	p.OrgID, p.OrgPath, p.NameFa, p.NameEn = o.ID, o.Path, o.NameFa, o.NameEn
	return p, err
}

// Municipalities lists the installation's municipalities, the parties an
// agreement may name on this side, by Persian name.
func (s *Service) Municipalities(ctx context.Context) ([]Party, error) {
	orgs, err := s.orgs.Find(ctx, org.Select{Kinds: []org.Kind{org.Municipality}})
	ps := make([]Party, len(orgs))
	for i, o := range orgs {
		ps[i] = Party{OrgID: o.ID, OrgSlug: o.Slug, OrgPath: o.Path, NameFa: o.NameFa, NameEn: o.NameEn, Country: "IR"}
	}
	return ps, err
}
