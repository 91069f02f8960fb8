package geo

import (
	"context"
	"errors"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// ErrNoProvince is ProvinceCities' answer for a province the gazetteer
// does not hold.
var ErrNoProvince = errors.New("geo: no such province")

// ProvinceCities lists the cities of the province named by its official
// code or its Persian name (in any digits and spelling SearchKey folds),
// by code: what other packages read of the gazetteer, whose table is this
// package's.
func ProvinceCities(ctx context.Context, db *store.DB, province string) ([]Place, error) {
	province = strings.TrimSpace(persian.ToASCIIDigits(province))
	var code string
	err := db.Read.QueryRowContext(ctx, `SELECT code FROM places WHERE kind = 'province' AND (code = $1 OR name_key = $2)
		ORDER BY code LIMIT 1`, province, persian.SearchKey(province)).Scan(&code)
	if err != nil {
		return nil, store.NotFound(err, ErrNoProvince)
	}
	return store.QueryAll(ctx, db.Read, func(r store.Scanner) (Place, error) {
		p := Place{Kind: "city"}
		return p, r.Scan(&p.Code, &p.NameFa, &p.NameEn)
	}, `SELECT code, name_fa, name_en FROM places WHERE kind = 'city'
		AND parent_code IN (SELECT code FROM places WHERE kind = 'county' AND parent_code = $1) ORDER BY code`, code)
}
