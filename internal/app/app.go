// Package app wires the modules into one application: it opens the
// database, applies migrations, loads demo content when asked, builds the
// services and the web server, and runs it until told to stop, draining
// requests in flight.
package app

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/home"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/practices"
	"github.com/shahr-city/shahr/internal/servicecatalog"
	"github.com/shahr-city/shahr/internal/sistercity"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/support"
	"github.com/shahr-city/shahr/internal/web"
)

// Config is everything the server needs to start.
type Config struct {
	Addr            string
	DataDir         string // holds the SQLite file when DatabaseURL is empty
	DatabaseURL     string // postgres://... to run on PostgreSQL
	Demo            bool   // load demo content on first start
	TrustProxy      bool   // behind a reverse proxy that sets X-Forwarded-For/-Proto
	TLSCert, TLSKey string // serve HTTPS directly
	SMSURL, SMSKey  string // HTTP SMS gateway; empty: write codes to the log
	ShutdownTimeout time.Duration
	Log             *slog.Logger
	Now             func() time.Time // the clock; tests fix it
	SMS             sms.Sender       // overrides SMSURL (tests capture messages)
	// PasswordCost, when set, replaces identity.DefaultPasswordCost for new
	// passwords; only tests set it, to make staff accounts cheaply.
	PasswordCost identity.PasswordCost
}

// App is a running Shahr.
type App struct {
	cfg      Config
	DB       *store.DB
	Log      *slog.Logger
	Orgs     *org.Service
	Identity *identity.Service
	Budget   *budgeting.Service
	Network  *network.Service
	Sister   *sistercity.Service
	Events   *events.Service
	Notes    *notify.Service
	Library  *practices.Service
	Catalog  *servicecatalog.Service
	Support  *support.Service
	Web      *web.Server
	server   *http.Server
	ln       net.Listener
}

// New builds the application: database, migrations, demo content,
// services and routes. It does not listen yet.
func New(ctx context.Context, cfg Config) (*App, error) {
	cfg = withDefaults(cfg)
	a := &App{cfg: cfg, Log: cfg.Log}
	db, err := store.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	a.DB = db
	if err := a.build(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return a, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ShutdownTimeout == 0 {
		cfg.ShutdownTimeout = 20 * time.Second
	}
	if cfg.SMS == nil {
		cfg.SMS = sms.LogSender{Log: cfg.Log}
		if cfg.SMSURL != "" {
			cfg.SMS = sms.NewHTTPSender(cfg.SMSURL, cfg.SMSKey)
		}
	}
	return cfg
}

func (a *App) build(ctx context.Context) error {
	n, err := a.DB.Migrate(ctx, a.cfg.Now())
	if err != nil {
		return err
	}
	a.Log.Info("database ready", "engine", a.DB.Dialect, "location", a.DB.Location, "migrations_applied", n)
	// Each service takes the services it needs, so they are built in that
	// order: identity, then the organization tree.
	var idOpts []identity.Option
	if a.cfg.PasswordCost != (identity.PasswordCost{}) {
		idOpts = append(idOpts, identity.WithPasswordCost(a.cfg.PasswordCost))
	}
	if a.Identity, err = identity.New(ctx, a.DB, a.cfg.Now, a.cfg.SMS, a.Log, idOpts...); err != nil {
		return err
	}
	a.Orgs = org.NewService(a.DB, a.Identity, a.cfg.Now)
	a.Notes = notify.New(a.DB, a.cfg.SMS, a.Identity, a.cfg.Now, a.Log)
	a.Budget = budgeting.NewService(a.DB, a.Orgs, a.Identity, a.Notes, a.cfg.Now)
	a.Network = network.NewService(a.DB, a.Orgs, a.Identity, a.cfg.Now)
	a.Sister = sistercity.NewService(a.DB, a.Orgs, a.Identity, a.cfg.Now)
	// Members-only events admit the owner association's active members.
	a.Events = events.NewService(a.DB, a.Orgs, a.Network, a.cfg.Now)
	a.Library = practices.NewService(a.DB, a.Orgs, a.Network, a.cfg.Now)
	a.Catalog = servicecatalog.NewService(a.DB, a.Orgs, a.cfg.Now)
	a.Support = support.NewService(a.DB, a.Orgs, a.cfg.Now)
	if a.cfg.Demo {
		if err := demo.Load(ctx, a.DB, a.Orgs, a.Identity, a.cfg.Now, a.Log); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	return a.buildWeb()
}

func (a *App) buildWeb() error {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		collectors.NewDBStatsCollector(a.DB.Read.DB, "read"))
	if a.DB.Write != a.DB.Read {
		reg.MustRegister(collectors.NewDBStatsCollector(a.DB.Write.DB, "write"))
	}
	w, err := web.New(web.Options{Log: a.Log, Sessions: a.Identity, Registry: reg, TrustProxy: a.cfg.TrustProxy})
	if err != nil {
		return err
	}
	a.Web = w
	w.Handle(
		web.Route{Method: "GET", Pattern: "/healthz", Access: web.Public, Handle: (&health{db: a.DB, now: a.cfg.Now, log: a.Log}).serve},
		web.Route{Method: "GET", Pattern: "/metrics", Access: web.Public, Handle: web.MetricsHandler(reg)},
	)
	return errors.Join(home.Mount(w, a.Orgs), org.Mount(w, a.Orgs), identity.Mount(w, a.Identity, a.Orgs, a.Budget),
		budgeting.Mount(w, a.Budget), notify.Mount(w, a.Notes), sistercity.Mount(w, a.Sister), practices.Mount(w, a.Library, a.Orgs), servicecatalog.Mount(w, a.Catalog, a.Orgs), network.Mount(w, a.Network, a.Orgs), events.Mount(w, a.Events), support.Mount(w, a.Support))
}

// Handler is the whole HTTP application (tests serve it with httptest).
func (a *App) Handler() http.Handler { return a.Web }

// Listen opens the listening socket; Addr then gives the real address
// (tests listen on port 0).
func (a *App) Listen() error {
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return err
	}
	a.ln = ln
	return nil
}

// Addr is the address the server listens on.
func (a *App) Addr() string { return a.ln.Addr().String() }

// Run serves until ctx ends, then stops accepting connections and waits
// for requests in flight to finish (up to ShutdownTimeout).
func (a *App) Run(ctx context.Context) error {
	if a.ln == nil {
		if err := a.Listen(); err != nil {
			return err
		}
	}
	a.server = &http.Server{Handler: a.Web, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	errc := make(chan error, 1)
	go func() { errc <- a.serve() }()
	go a.janitor(ctx)
	a.Log.Info("listening", "addr", "http://"+a.Addr())
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: draining requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), a.cfg.ShutdownTimeout)
	defer cancel()
	if err := a.server.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	a.Log.Info("stopped cleanly")
	return nil
}

func (a *App) serve() error {
	if a.cfg.TLSCert == "" {
		return a.server.Serve(a.ln)
	}
	a.server.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	return a.server.ServeTLS(a.ln, a.cfg.TLSCert, a.cfg.TLSKey)
}

// janitor prunes expired codes, sessions and rate counters every hour,
// and lapses the memberships of associations unpaid past their grace
// period, so that the lapse is written near its time even when no page
// of the association is read.
func (a *App) janitor(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := a.Identity.Prune(ctx); err != nil {
				a.Log.Error("prune", "error", err)
			}
			if _, err := a.Network.Sweep(ctx); err != nil {
				a.Log.Error("network sweep", "error", err)
			}
		}
	}
}

// Close releases the database.
func (a *App) Close() error { return a.DB.Close() }
