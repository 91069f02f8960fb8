package support

import (
	"context"
	"database/sql"

	"github.com/shahr-city/shahr/internal/store"
)

// newestIndicators selects a cooperation organization's ($1) towns'
// newest indicators: each town's row for which no row is newer (a later
// as_of, or the same as_of and a higher id). The database answers "is
// there a newer one" inside support_indicators_coop.
const newestIndicators = `SELECT ` + indicatorColumns + ` FROM support_indicators i WHERE i.coop_id = $1 AND NOT EXISTS (
	SELECT 1 FROM support_indicators n WHERE n.coop_id = i.coop_id AND n.town_id = i.town_id
	AND (n.as_of > i.as_of OR n.as_of = i.as_of AND n.id > i.id))`

const indicatorColumns = `i.id, i.town_id, i.as_of, coalesce(i.population, 0), i.tier, i.revenue_sources, coalesce(i.staff_count, 0), i.recorded_at`

func scanIndicators(r store.Scanner) (Indicators, error) {
	var in Indicators
	return in, r.Scan(in.fields()...)
}

// fields are where indicatorColumns are read into.
func (in *Indicators) fields() []any {
	return []any{&in.ID, &in.TownID, store.Time(&in.AsOf), &in.Population, &in.Tier, &in.RevenueSources,
		&in.StaffCount, store.Time(&in.RecordedAt)}
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
