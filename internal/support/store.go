package support

import (
	"context"
	"database/sql"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// townQuery selects a cooperation organization's member municipalities
// ($1: its id).
const townQuery = `SELECT id, slug, name_fa, name_en, path, coalesce(population, 0) FROM organizations
	WHERE parent_id = $1 AND kind = 'municipality'`

func scanTown(r store.Scanner) (Town, error) {
	t := Town{Org: org.Org{Kind: org.Municipality}}
	err := r.Scan(&t.ID, &t.Slug, &t.NameFa, &t.NameEn, &t.Path, &t.Population)
	return t, err
}

const indicatorColumns = `id, town_id, as_of, coalesce(population, 0), tier, revenue_sources, coalesce(staff_count, 0), recorded_at`

func scanIndicators(r store.Scanner) (Indicators, error) {
	var in Indicators
	err := r.Scan(&in.ID, &in.TownID, store.Time(&in.AsOf), &in.Population, &in.Tier, &in.RevenueSources,
		&in.StaffCount, store.Time(&in.RecordedAt))
	return in, err
}

// latestIndicators maps each town of coop to its newest indicators. The
// rows come oldest first, so the last one read for a town wins.
func latestIndicators(ctx context.Context, q store.Queryer, coopID int64) (map[int64]Indicators, error) {
	all, err := store.QueryAll(ctx, q, scanIndicators, `SELECT `+indicatorColumns+` FROM support_indicators
		WHERE coop_id = $1 ORDER BY as_of, id`, coopID)
	out := make(map[int64]Indicators, len(all))
	for _, in := range all {
		out[in.TownID] = in
	}
	return out, err
}

// openNeeds counts each town's needs not yet addressed, by priority.
func openNeeds(ctx context.Context, q store.Queryer, coopID int64) (map[int64]map[string]int, error) {
	type count struct {
		town     int64
		priority string
		n        int
	}
	rows, err := store.QueryAll(ctx, q, func(r store.Scanner) (count, error) {
		var c count
		return c, r.Scan(&c.town, &c.priority, &c.n)
	}, `SELECT f.town_id, f.priority, count(*) FROM support_findings f JOIN support_visits v ON v.id = f.visit_id
		WHERE v.coop_id = $1 AND f.kind = 'need' AND NOT f.addressed GROUP BY f.town_id, f.priority`, coopID)
	out := map[int64]map[string]int{}
	for _, c := range rows {
		if out[c.town] == nil {
			out[c.town] = map[string]int{}
		}
		out[c.town][c.priority] = c.n
	}
	return out, err
}

func insertIndicators(ctx context.Context, tx *sql.Tx, coopID, actor int64, in *Indicators) error {
	return tx.QueryRowContext(ctx, `INSERT INTO support_indicators
		(coop_id, town_id, as_of, population, tier, revenue_sources, staff_count, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		coopID, in.TownID, store.Millis(in.AsOf), nullID(in.Population), in.Tier, in.RevenueSources,
		nullID(in.StaffCount), nullID(actor), store.Millis(in.RecordedAt)).Scan(&in.ID)
}
