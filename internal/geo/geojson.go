package geo

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"

	"github.com/shahr-city/shahr/internal/geojson"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

type featureCollection struct {
	Type     string `json:"type"`
	Features []struct {
		Properties map[string]any  `json:"properties"`
		Geometry   json.RawMessage `json:"geometry"`
	} `json:"features"`
}

// importGeoJSON attaches boundaries to provinces or counties already in
// the gazetteer, matched by the search key of their Persian names (the
// official list and OpenStreetMap spell names differently; the key
// absorbs that). A file whose features carry "wikidata" is taken as
// counties, otherwise as provinces.
func importGeoJSON(ctx context.Context, db *store.DB, r io.Reader, source string) (Result, error) {
	var fc featureCollection
	if err := json.NewDecoder(r).Decode(&fc); err != nil || fc.Type != "FeatureCollection" {
		return Result{}, fmt.Errorf("geo: %s: not a GeoJSON FeatureCollection", source)
	}
	kind := "province"
	if len(fc.Features) > 0 && fc.Features[0].Properties["wikidata"] != nil {
		kind = "county"
	}
	res := Result{Kind: kind}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		for i, f := range fc.Features {
			shape, err := geojson.Parse(f.Geometry)
			if err != nil {
				return fmt.Errorf("geo: %s feature %d: %w", source, i+1, err)
			}
			nameFa, _ := f.Properties["name:fa"].(string)
			nameEn, _ := f.Properties["name:en"].(string)
			n, err := execCount(ctx, tx, `UPDATE places SET geometry = $1,
				name_en = CASE WHEN name_en = '' THEN $2 ELSE name_en END WHERE kind = $3 AND name_key = $4`,
				shape.JSON(), nameEn, kind, persian.SearchKey(nameFa))
			if err != nil {
				return err
			}
			res.Geometries += n
			if n == 0 {
				res.Unmatched++
			}
		}
		return nil
	})
	return res, err
}
