package geo_test

import (
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/shahr-city/shahr/internal/geo"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

var ctx = context.Background()

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func writeGz(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	gz := gzip.NewWriter(f)
	_, err = gz.Write([]byte(content))
	if err = errors.Join(err, gz.Close(), f.Close()); err != nil {
		t.Fatal(err)
	}
	return p
}

func count(t *testing.T, db *store.DB, where string, args ...any) int {
	var n int
	if err := db.Read.QueryRow(`SELECT count(*) FROM places WHERE `+where, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Small files in the shapes of shared/geo (our own rows, not the data).
func TestImportFormats(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		steps := []struct {
			file       string
			kind       string
			written    int
			geometries int
			unmatched  int
		}{
			{write(t, "provinces.csv", "id,name,slug,tel_prefix\n123,تهران,تهران,021\n106,خراسان رضوي,خراسان-رضوی,051\n"), "province", 2, 0, 0},
			{write(t, "counties.csv", "id,name,slug,province_id\n1230001,تهران ,تهران,123\n1060009,رشتخوار,رشتخوار,106\n"), "county", 2, 0, 0},
			{write(t, "cities.csv", "id,name,slug,province_id,county_id\n1060009001,رشتخوار,رشتخوار,106,1060009\n"), "city", 1, 0, 0},
			{write(t, "county_coords_nominatim.csv", "county_id,name,province_id,province_name,lat,lon,qa_point_in_osm_province\n"+
				"1060009,رشتخوار,106,خراسان رضوی,34.97,59.62,in_province\n9999999,x,1,y,,,\n"), "county", 0, 1, 1},
			{write(t, "tehran_districts.csv", "district,name_fa,official_geo_code_1402,neighbourhood_names_in_list,approx_lat,approx_lon\n"+
				"21,منطقه ۲۱,1230001002225,23,35.7107,51.2127\n"), "city_district", 1, 1, 0},
			{write(t, "tehran_neighbourhoods.csv", "district,name,lat,lon,qa_osm_county\n21,ویلاشهر,35.726917,51.175725,شهرستان تهران\n21,شهرک دریا,,,\n"),
				"neighbourhood", 2, 1, 0},
			{write(t, "iran_provinces.geojson", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name:fa":"خراسان رضوی","name:en":"Razavi Khorasan"},"geometry":{"type":"Polygon","coordinates":[[[58,34],[60,34],[60,36],[58,34]]]}},{"type":"Feature","properties":{"name:fa":"جای دیگر"},"geometry":{"type":"Point","coordinates":[1,1]}}]}`),
				"province", 0, 1, 1},
			{writeGz(t, "iran_counties.geojson.gz", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name:fa":"شهرستان رشتخوار","wikidata":"Q1"},"geometry":{"type":"Polygon","coordinates":[[[59,34],[60,34],[60,35],[59,34]]]}}]}`),
				"county", 0, 1, 0},
		}
		for _, s := range steps {
			res, err := geo.ImportFile(ctx, db, s.file)
			if err != nil {
				t.Fatalf("%s: %v", filepath.Base(s.file), err)
			}
			if res.Kind != s.kind || res.Written != s.written || res.Geometries != s.geometries || res.Unmatched != s.unmatched {
				t.Errorf("%s: %+v, want kind %s written %d geometries %d unmatched %d", filepath.Base(s.file), res,
					s.kind, s.written, s.geometries, s.unmatched)
			}
		}
		// Names are normalized (Arabic yeh, trailing spaces); the search key finds them.
		if n := count(t, db, "kind = 'province' AND name_fa = 'خراسان رضوی' AND name_en = 'Razavi Khorasan' AND geometry IS NOT NULL"); n != 1 {
			t.Error("province not normalized or without its boundary")
		}
		if n := count(t, db, "kind = 'county' AND code = '1060009' AND lat > 34 AND geometry IS NOT NULL"); n != 1 {
			t.Error("county without its point or boundary")
		}
		if n := count(t, db, "kind = 'county' AND name_fa = 'تهران'"); n != 1 {
			t.Error("trailing space kept in a name")
		}
		// Importing again updates in place.
		geo.ImportFile(ctx, db, steps[0].file)
		if n := count(t, db, "kind = 'province'"); n != 2 {
			t.Errorf("%d provinces after a second import, want 2", n)
		}
	})
}

func TestBadFilesChangeNothing(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	_, err := geo.ImportFile(ctx, db, write(t, "x.csv", "a,b\n1,2\n"))
	if !errors.Is(err, geo.ErrUnknownFormat) {
		t.Fatalf("unknown header: %v", err)
	}
	_, err = geo.ImportFile(ctx, db, write(t, "tehran_districts.csv", "district,name_fa,official_geo_code_1402,neighbourhood_names_in_list,approx_lat,approx_lon\n"+
		"1,منطقه ۱,1,1,35.8,51.4\n2,منطقه ۲,2,1,north,51.3\n"))
	if err == nil || count(t, db, "1 = 1") != 0 {
		t.Fatalf("a bad row: err %v, %d places written (want none)", err, count(t, db, "1 = 1"))
	}
	if _, err := geo.ImportFile(ctx, db, write(t, "p.geojson", `{"type":"FeatureCollection","features":[{"properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1]]]}}]}`)); err == nil {
		t.Fatal("a broken polygon was accepted")
	}
	if _, err := geo.ImportFile(ctx, db, filepath.Join(t.TempDir(), "missing.csv")); err == nil {
		t.Fatal("a missing file was accepted")
	}
}

// The whole shared corpus, when it is there.
func TestSharedGeoCorpus(t *testing.T) {
	t.Parallel()
	dir := filepath.Join("..", "..", "..", "shared", "geo")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing", dir)
		}
		t.Skip("../shared/geo is not here; skipping the import of the whole corpus")
	}
	db := storetest.Open(t, store.SQLite)
	want := []struct {
		file    string
		written int
	}{
		{"iran_divisions_1402/provinces.csv", 31}, {"iran_divisions_1402/counties.csv", 482},
		{"iran_divisions_1402/cities.csv", 1659}, {"tehran/tehran_districts.csv", 22},
		{"tehran/tehran_neighbourhoods.csv", 573},
	}
	for _, w := range want {
		res, err := geo.ImportFile(ctx, db, filepath.Join(dir, w.file))
		if err != nil || res.Written != w.written {
			t.Fatalf("%s: %+v %v, want %d written", w.file, res, err, w.written)
		}
	}
	res, err := geo.ImportFile(ctx, db, filepath.Join(dir, "osm", "iran_provinces.geojson"))
	if err != nil || res.Geometries != 31 || res.Unmatched != 0 {
		t.Fatalf("province boundaries: %+v %v", res, err)
	}
	res, err = geo.ImportFile(ctx, db, filepath.Join(dir, "iran_divisions_1402", "county_coords_nominatim.csv"))
	if err != nil || res.Geometries != 474 {
		t.Fatalf("county seats: %+v %v", res, err)
	}
}
