// Package geo imports reference data on places — Iran's provinces,
// counties and cities, Tehran's districts and neighbourhoods, and their
// boundaries — into the gazetteer (the places table). The data is read at
// run time from files the operator supplies (see shared/geo/README.md for
// sources and licences); none of it is built into the binary.
package geo

import (
	"bufio"
	"compress/gzip"
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Place is one gazetteer entry.
type Place struct {
	Kind       string // province, county, city, city_district, neighbourhood
	Code       string // the official code, or a stable key derived from names
	ParentCode string
	NameFa     string
	NameEn     string
	Lat, Lon   *float64
	Geometry   string
	Source     string
}

// Result counts what an import did.
type Result struct {
	Kind       string
	Written    int // places inserted or updated
	Geometries int // places given a boundary or a point from the file
	Unmatched  int // rows naming a place the gazetteer does not hold
}

// ErrUnknownFormat is returned for a file whose header matches no format.
var ErrUnknownFormat = errors.New("geo: unknown file format; expected one of the files described in shared/geo/README.md " +
	"(provinces.csv, counties.csv, cities.csv, county_coords_nominatim.csv, tehran_districts.csv, " +
	"tehran_neighbourhoods.csv, iran_provinces.geojson, iran_counties.geojson.gz)")

// ImportFile imports one file, recognised by its header, in one
// transaction: a file with a bad row changes nothing.
func ImportFile(ctx context.Context, db *store.DB, path string) (Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return Result{}, err
	}
	defer func() { _ = f.Close() }() // only read: closing it loses nothing
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return Result{}, fmt.Errorf("geo: %s: %w", path, err)
		}
		defer func() { _ = gz.Close() }() // its error is one Read already returned
		r = gz
	}
	br := bufio.NewReaderSize(r, 1<<16)
	source := filepath.Base(path)
	if head, _ := br.Peek(1); len(head) == 1 && head[0] == '{' {
		return importGeoJSON(ctx, db, br, source)
	}
	return importCSV(ctx, db, br, source)
}

// csvFormat turns one CSV row into a place.
type csvFormat struct {
	kind   string
	header string
	row    func(rec map[string]string) (Place, error)
}

var csvFormats = []csvFormat{
	{"province", "id,name,slug,tel_prefix", func(r map[string]string) (Place, error) {
		return Place{Kind: "province", Code: r["id"], NameFa: r["name"]}, nil
	}},
	{"county", "id,name,slug,province_id", func(r map[string]string) (Place, error) {
		return Place{Kind: "county", Code: r["id"], ParentCode: r["province_id"], NameFa: r["name"]}, nil
	}},
	{"city", "id,name,slug,province_id,county_id", func(r map[string]string) (Place, error) {
		return Place{Kind: "city", Code: r["id"], ParentCode: r["county_id"], NameFa: r["name"]}, nil
	}},
	{"city_district", "district,name_fa,official_geo_code_1402,neighbourhood_names_in_list,approx_lat,approx_lon",
		func(r map[string]string) (Place, error) {
			p := Place{Kind: "city_district", Code: "tehran-" + r["district"], ParentCode: r["official_geo_code_1402"],
				NameFa: r["name_fa"], NameEn: "District " + r["district"]}
			return withPoint(p, r["approx_lat"], r["approx_lon"])
		}},
	{"neighbourhood", "district,name,lat,lon,qa_osm_county", func(r map[string]string) (Place, error) {
		p := Place{Kind: "neighbourhood", Code: "tehran-" + r["district"] + ":" + persian.SearchKey(r["name"]),
			ParentCode: "tehran-" + r["district"], NameFa: r["name"]}
		return withPoint(p, r["lat"], r["lon"])
	}},
}

// withPoint sets a point when both coordinates are given.
func withPoint(p Place, lat, lon string) (Place, error) {
	if lat == "" && lon == "" {
		return p, nil
	}
	la, err1 := strconv.ParseFloat(lat, 64)
	lo, err2 := strconv.ParseFloat(lon, 64)
	if err1 != nil || err2 != nil || la < -90 || la > 90 || lo < -180 || lo > 180 {
		return p, fmt.Errorf("bad coordinates %q, %q", lat, lon)
	}
	p.Lat, p.Lon = &la, &lo
	return p, nil
}

func importCSV(ctx context.Context, db *store.DB, r io.Reader, source string) (Result, error) {
	cr := csv.NewReader(r)
	header, err := cr.Read()
	if err != nil {
		return Result{}, fmt.Errorf("geo: %s: %w", source, err)
	}
	joined := strings.TrimPrefix(strings.Join(header, ","), "\ufeff")
	if joined == "county_id,name,province_id,province_name,lat,lon,qa_point_in_osm_province" {
		return importCountyPoints(ctx, db, cr, header, source)
	}
	for _, f := range csvFormats {
		// cities.csv and districts.csv (بخش) share a header; only cities are kept.
		if f.header == joined && (f.kind != "city" || strings.Contains(source, "cit")) {
			return importRows(ctx, db, cr, header, f, source)
		}
	}
	return Result{}, ErrUnknownFormat
}

func importRows(ctx context.Context, db *store.DB, cr *csv.Reader, header []string, f csvFormat, source string) (Result, error) {
	res := Result{Kind: f.kind}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return eachRecord(cr, header, func(line int, rec map[string]string) error {
			p, err := f.row(rec)
			if err != nil {
				return fmt.Errorf("geo: %s line %d: %w", source, line, err)
			}
			p.Source = source
			if err := upsert(ctx, tx, p); err != nil {
				return fmt.Errorf("geo: %s line %d: %w", source, line, err)
			}
			res.Written++
			if p.Lat != nil {
				res.Geometries++
			}
			return nil
		})
	})
	return res, err
}

// eachRecord calls fn with each row as a map from header name to value.
func eachRecord(cr *csv.Reader, header []string, fn func(line int, rec map[string]string) error) error {
	for line := 2; ; line++ {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("geo: line %d: %w", line, err)
		}
		rec := make(map[string]string, len(header))
		for i, h := range header {
			rec[strings.TrimPrefix(h, "\ufeff")] = row[i]
		}
		if err := fn(line, rec); err != nil {
			return err
		}
	}
}

func upsert(ctx context.Context, tx *sql.Tx, p Place) error {
	name := persian.Normalize(p.NameFa)
	if p.Code == "" || name == "" {
		return errors.New("a place needs a code and a name")
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO places (kind, code, parent_code, name_fa, name_en, name_key, lat, lon, source)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		ON CONFLICT (kind, code) DO UPDATE SET parent_code = excluded.parent_code, name_fa = excluded.name_fa,
			name_en = CASE WHEN excluded.name_en <> '' THEN excluded.name_en ELSE places.name_en END,
			name_key = excluded.name_key, lat = coalesce(excluded.lat, places.lat), lon = coalesce(excluded.lon, places.lon),
			source = excluded.source`,
		p.Kind, p.Code, p.ParentCode, name, p.NameEn, persian.SearchKey(name), p.Lat, p.Lon, p.Source)
	return err
}

// importCountyPoints adds the seat coordinates of counties already imported.
func importCountyPoints(ctx context.Context, db *store.DB, cr *csv.Reader, header []string, source string) (Result, error) {
	res := Result{Kind: "county"}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		return eachRecord(cr, header, func(line int, rec map[string]string) error {
			p, err := withPoint(Place{}, rec["lat"], rec["lon"])
			if err != nil || p.Lat == nil {
				res.Unmatched++ // a county the geocoder could not place
				return nil
			}
			n, err := execCount(ctx, tx, `UPDATE places SET lat = $1, lon = $2 WHERE kind = 'county' AND code = $3`,
				*p.Lat, *p.Lon, rec["county_id"])
			res.Geometries += n
			res.Unmatched += 1 - n
			return err
		})
	})
	return res, err
}

func execCount(ctx context.Context, tx *sql.Tx, q string, args ...any) (int, error) {
	r, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}
