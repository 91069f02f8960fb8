package app_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/store"
)

// benchPage measures the whole request path in process (middleware,
// routing, queries, template) for one page of the demo data. Starting
// the application on a copy of the demo is not part of it: the timer
// starts after.
func benchPage(b *testing.B, d store.Dialect, path string) {
	e := apptest.New(b, d)
	h := e.App.Handler()
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
			if w.Code != 200 {
				b.Fatalf("%s: %d", path, w.Code)
			}
		}
	})
}

func BenchmarkHomePageSQLite(b *testing.B)   { benchPage(b, store.SQLite, "/") }
func BenchmarkOrgPageSQLite(b *testing.B)    { benchPage(b, store.SQLite, "/orgs/tehran-district-21") }
func BenchmarkOrgPagePostgres(b *testing.B)  { benchPage(b, store.Postgres, "/orgs/tehran-district-21") }
func BenchmarkOrgAPISQLite(b *testing.B)     { benchPage(b, store.SQLite, "/api/v1/orgs/tehran") }
func BenchmarkTehranPageSQLite(b *testing.B) { benchPage(b, store.SQLite, "/orgs/tehran") }
func BenchmarkLeafPageSQLite(b *testing.B)   { benchPage(b, store.SQLite, "/orgs/tehran-21-villashahr") }
