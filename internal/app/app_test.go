package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"runtime"
	"testing"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
	"github.com/shahr-city/shahr/internal/web"
)

// newApp starts the application on the database at url, with --demo.
func newApp(t *testing.T, url string) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{Addr: "127.0.0.1:0", DatabaseURL: url, Demo: true, Log: apptest.DiscardLog(),
		PasswordCost: apptest.TestPasswordCost})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A request in flight when the server is told to stop still completes,
// and Run then returns cleanly.
func TestShutdownDrainsRequestsInFlight(t *testing.T) {
	t.Parallel()
	a := newApp(t, apptest.DemoURL(t, store.SQLite))
	defer a.Close()
	entered, release := make(chan struct{}), make(chan struct{})
	a.Web.Handle(web.Route{Method: "GET", Pattern: "/test/slow", Access: web.Public,
		Handle: func(w http.ResponseWriter, r *http.Request) error {
			close(entered)
			<-release
			_, err := io.WriteString(w, "finished")
			return err
		}})
	if err := a.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + a.Addr() + "/test/slow")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		got <- result{status: resp.StatusCode, body: string(b)}
	}()
	<-entered
	stop() // SIGTERM's context ends while the request is in the handler
	// Wait until the server has closed its listener, so that the request
	// below is released while the shutdown is under way.
	for {
		conn, err := net.Dial("tcp", a.Addr())
		if err != nil {
			break
		}
		conn.Close()
		runtime.Gosched()
	}
	close(release)
	r := <-got
	if r.err != nil || r.status != 200 || r.body != "finished" {
		t.Fatalf("in-flight request: %+v", r)
	}
	if err := <-done; err != nil {
		t.Fatalf("Run returned %v, want a clean stop", err)
	}
	if _, err := http.Get("http://" + a.Addr() + "/healthz"); err == nil {
		t.Fatal("the server still accepts connections after stopping")
	}
}

// Demo content is loaded once: starting again with --demo on a database
// that holds it (a copy of the snapshot, itself the demo's first load)
// adds nothing.
func TestDemoLoadsOnce(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			url := apptest.DemoURL(t, d)
			for range 2 {
				a := newApp(t, url)
				ctx := context.Background()
				districts, _ := a.Orgs.List(ctx, org.Query{Kind: org.District, Limit: 100})
				roots, _ := a.Orgs.List(ctx, org.Query{Roots: true})
				hoods, _ := a.Orgs.Children(ctx, mustOrg(t, a, "tehran-district-21").ID)
				// Roots: Tehran, its council and Karaj; the six other host
				// cities of the assembly's sessions and their councils,
				// Karaj's council; Metropolis and the assembly; the assembly
				// of metropolises, an exhibitor at Tehran's exhibition; the
				// Khorasan Razavi municipalities cooperation organization.
				if len(districts) != 22 || len(roots) != 3+6+7+2+1+1 || len(hoods) != 15 {
					t.Fatalf("demo: %d districts, %d roots, %d neighbourhoods of District 21", len(districts), len(roots), len(hoods))
				}
				a.Close()
			}
		})
	}
}

func mustOrg(t *testing.T, a *app.App, slug string) org.Org {
	o, err := a.Orgs.BySlug(context.Background(), slug)
	if err != nil {
		t.Fatal(err)
	}
	return o
}
