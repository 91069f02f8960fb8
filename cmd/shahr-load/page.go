package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/cli"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// `shahr-load page` measures the public pages of the networks of cities as
// visitors read them, on an installation of a realistic size: N
// organizations (mostly municipalities, a few associations, one of them
// with thousands of members in every state of the workflow), M events
// over five years, and a provincial cooperation organization with T towns
// with their indicators and open needs. It seeds the database with SQL in
// one transaction (the services write one row, and its audit entry, at a
// time), starts the real server on loopback and, path after path, runs C
// clients for a duration, each waiting for its answer before sending the
// next. Every answer must be 200.

// defaultPagePaths are the pages and APIs measured. {assoc} is the slug
// of the association with the most members, {coop} and {coop_id} name the
// cooperation organization, {event} is an event's id.
var defaultPagePaths = []string{
	"/associations",
	"/associations/{assoc}",
	"/events",
	"/events?kind=seminar",
	"/events?when=past",
	"/events?month=", // this month's grid
	"/support/{coop}",
	"/api/v1/associations",
	"/api/v1/events",
	"/api/v1/support/priorities?org={coop_id}",
}

func runPageLoad(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("page", "page [flags]", out)
	dbArg := fs.String("db", "", "SQLite file or postgres:// URL; empty: a new SQLite file in a temporary folder. "+
		"On PostgreSQL the run uses a new schema of that database, dropped at the end")
	orgs := fs.Int("orgs", 10000, "organizations in all (towns, associations and the cooperation organization included)")
	nEvents := fs.Int("events", 50000, "events, over four past years and the next one")
	towns := fs.Int("towns", 2000, "towns of the cooperation organization")
	duration := fs.Duration("duration", 10*time.Second, "how long to load each path")
	conc := fs.Int("concurrency", 16, "clients at once, each waiting for its answer")
	paths := fs.String("paths", strings.Join(defaultPagePaths, ","),
		"comma-separated paths to load, in order; {assoc}, {coop}, {coop_id} and {event} are filled in")
	keep := fs.Bool("keep", false, "keep the database (the temporary SQLite file, or the PostgreSQL schema) and print where it is")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the load (server and clients, not the seeding) to this file")
	serverLogPath := fs.String("server-log", os.DevNull, "where the server writes its log (JSON, every request, as \"shahr serve\" does)")
	asStaff := fs.Bool("staff", false, "fetch every path signed in as a new staff account of the secretariat of {assoc} "+
		"(the /admin pages need one; anonymous clients are sent to the sign-in page)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sizes := seedSizes{orgs: *orgs, events: *nEvents, towns: *towns}
	if *conc < 1 || *duration <= 0 || sizes.check() != nil {
		fs.Usage()
		return errors.Join(errors.New("shahr-load page: --concurrency and --duration must be positive"), sizes.check())
	}
	cli.TuneGC()

	dbURL, cleanup, err := pageLoadDatabase(ctx, *dbArg, *keep, out)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, cleanup()) }()
	log, closeLog, err := serverLog(*serverLogPath)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeLog()) }()
	a, err := app.New(ctx, app.Config{Addr: "127.0.0.1:0", DatabaseURL: dbURL, Log: log})
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, a)
	started := time.Now()
	fx, err := seededFixture(ctx, a.DB, time.Now())
	switch {
	case err != nil:
		return err
	case fx != nil:
		fmt.Fprintf(out, "shahr-load page: %s on %s, GOMAXPROCS %d; reusing the data seeded before (the sizes given are ignored): "+
			"%d organizations (%d associations), %d events (%d not yet over), %d towns with %d open needs; "+
			"/associations/%s has %d public members (%d memberships)\n",
			a.DB.Dialect, a.DB.Location, runtime.GOMAXPROCS(0), fx.orgs, fx.associations, fx.events, fx.upcoming, fx.towns,
			fx.openNeeds, fx.assocSlug, fx.publicMembers, fx.memberships)
	default:
		if fx, err = seedPages(ctx, a.DB, sizes, time.Now()); err != nil {
			return fmt.Errorf("shahr-load page: seed: %w", err)
		}
		fmt.Fprintf(out, "shahr-load page: %s on %s, GOMAXPROCS %d; seeded in %.1fs: %d organizations (%d associations), "+
			"%d events (%d not yet over), %d towns with %d open needs; /associations/%s has %d public members (%d memberships)\n",
			a.DB.Dialect, a.DB.Location, runtime.GOMAXPROCS(0), time.Since(started).Seconds(), sizes.orgs, fx.associations,
			sizes.events, fx.upcoming, sizes.towns, fx.openNeeds, fx.assocSlug, fx.publicMembers, fx.memberships)
	}
	stopProfile, err := profileCPU(*cpuProfile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()

	base, stopServer, err := serve(ctx, a)
	if err != nil {
		return err
	}
	var cookies []*http.Cookie
	if *asStaff {
		if cookies, err = signInStaff(ctx, a, base, fx.assocSlug); err != nil {
			return errors.Join(err, stopServer())
		}
	}
	var results []*pathResult
	for _, p := range strings.Split(*paths, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		results = append(results, loadPath(ctx, base, fx.fill(p), cookies, *conc, *duration))
	}
	serverErr := stopServer()
	reportPages(out, results, *conc, *duration)
	errs := []error{serverErr}
	for _, r := range results {
		if r.failed > 0 {
			errs = append(errs, fmt.Errorf("shahr-load page: %s: %d of %d requests failed; first: %s", r.path, r.failed, r.failed+r.ok, r.firstFailure))
		}
	}
	return errors.Join(errs...)
}

// pageLoadDatabase returns the URL to load: a temporary SQLite file, the
// given SQLite file, or a new schema of the given PostgreSQL database,
// and what to do at the end.
func pageLoadDatabase(ctx context.Context, dbArg string, keep bool, out io.Writer) (string, func() error, error) {
	nothing := func() error { return nil }
	switch {
	case dbArg == "":
		dir, err := os.MkdirTemp("", "shahr-page-load")
		if err != nil {
			return "", nil, err
		}
		path := filepath.Join(dir, "shahr.db")
		if keep {
			return "sqlite:" + path, func() error {
				_, err := fmt.Fprintf(out, "shahr-load page: the database is kept at %s\n", path)
				return err
			}, nil
		}
		return "sqlite:" + path, func() error { return os.RemoveAll(dir) }, nil
	case strings.HasPrefix(dbArg, "postgres://"), strings.HasPrefix(dbArg, "postgresql://"):
		u, err := url.Parse(dbArg)
		if err != nil {
			return "", nil, fmt.Errorf("shahr-load page: --db: %w", err)
		}
		admin, err := store.Open(ctx, dbArg, "")
		if err != nil {
			return "", nil, err
		}
		schema := "page_load_" + randomTag()
		if _, err := admin.Write.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			return "", nil, errors.Join(fmt.Errorf("shahr-load page: create schema: %w", err), admin.Close())
		}
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
		if keep {
			return u.String(), func() error {
				_, err := fmt.Fprintf(out, "shahr-load page: the data is kept in schema %s (search_path=%s)\n", schema, schema)
				return err
			}, admin.Close()
		}
		return u.String(), func() error {
			_, err := admin.Write.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`)
			return errors.Join(err, admin.Close())
		}, nil
	case strings.HasPrefix(dbArg, "sqlite:"):
		return dbArg, nothing, nil
	default:
		return "sqlite:" + dbArg, nothing, nil
	}
}

// seedSizes are how many rows of each kind to seed.
type seedSizes struct {
	orgs, events, towns int
}

// associationsFor is how many associations N organizations include.
func associationsFor(orgs int) int { return max(2, min(20, orgs/500)) }

func (s seedSizes) check() error {
	if s.towns < 1 || s.events < 1 || s.orgs < s.towns+associationsFor(s.orgs)+11 {
		return errors.New("shahr-load page: --towns and --events must be positive, and --orgs at least --towns + 13")
	}
	return nil
}

// pageFixture is what the paths need to know of the seeded data.
type pageFixture struct {
	assocSlug, coopSlug string
	coopID, eventID     int64
	orgs, events, towns int // when reused
	associations        int
	memberships         int // of the big association, in every state
	publicMembers       int // accepted, active or lapsed
	upcoming            int // events not yet over
	openNeeds           int
}

func (fx *pageFixture) fill(path string) string {
	return strings.NewReplacer("{assoc}", fx.assocSlug, "{coop}", fx.coopSlug,
		"{coop_id}", strconv.FormatInt(fx.coopID, 10), "{event}", strconv.FormatInt(fx.eventID, 10)).Replace(path)
}

// seededFixture reads the fixture of data `shahr-load page` seeded in this
// database before (kept with --keep), so a run can load it again without
// seeding; nil when there is none.
func seededFixture(ctx context.Context, db *store.DB, now time.Time) (*pageFixture, error) {
	fx := &pageFixture{assocSlug: "pl-assoc-1", coopSlug: "pl-coop"}
	err := db.Read.QueryRowContext(ctx, `SELECT id FROM organizations WHERE slug = $1`, fx.coopSlug).Scan(&fx.coopID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	for _, c := range []struct {
		dst   *int
		query string
		args  []any
	}{
		{&fx.orgs, `SELECT count(*) FROM organizations`, nil},
		{&fx.associations, `SELECT count(*) FROM organizations WHERE kind = 'association'`, nil},
		{&fx.events, `SELECT count(*) FROM events`, nil},
		{&fx.upcoming, `SELECT count(*) FROM events WHERE ends_at > $1`, []any{store.Millis(now)}},
		{&fx.towns, `SELECT count(*) FROM organizations WHERE parent_id = $1`, []any{fx.coopID}},
		{&fx.openNeeds, `SELECT count(*) FROM support_findings WHERE kind = 'need' AND NOT addressed`, nil},
		{&fx.memberships, `SELECT count(*) FROM memberships m JOIN organizations a ON a.id = m.association_id WHERE a.slug = $1`, []any{fx.assocSlug}},
		{&fx.publicMembers, `SELECT count(*) FROM memberships m JOIN organizations a ON a.id = m.association_id
			WHERE a.slug = $1 AND m.status IN ('accepted', 'active', 'lapsed')`, []any{fx.assocSlug}},
	} {
		if err == nil {
			err = db.Read.QueryRowContext(ctx, c.query, c.args...).Scan(c.dst)
		}
	}
	if err == nil {
		err = db.Read.QueryRowContext(ctx, `SELECT max(id) FROM events`).Scan(&fx.eventID)
	}
	return fx, err
}

// seedOrg is an organization row.
type seedOrg struct {
	id, parent int64
	slug, kind string
	path       string
	nameFa     string
	nameEn     string
	population int64
	geometry   any // GeoJSON text, or nil
}

// Names of places abroad that host events without being organizations of
// the installation.
var foreignCities = []string{"بارسلونا", "استانبول", "مسکو", "ایروان", "کابل", "دوشنبه", "باکو", "دوحه", "کوالالامپور", "سئول"}

var eventKinds = []string{"exhibition", "summit", "general_session", "board_session", "seminar", "training_course"}

// seedPages fills a fresh database with sizes' rows, deterministically
// (the same sizes give the same data), in one transaction.
func seedPages(ctx context.Context, db *store.DB, sizes seedSizes, now time.Time) (*pageFixture, error) {
	rng := mrand.New(mrand.NewPCG(5, 2026))
	fx := &pageFixture{associations: associationsFor(sizes.orgs)}
	ms := store.Millis(now).(int64)
	const day = int64(24 * time.Hour / time.Millisecond)
	const year = 365 * day
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		ids := map[string]int64{}
		for _, t := range []string{"organizations", "memberships", "events", "support_visits", "event_registrations"} {
			if ids[t], err = nextID(ctx, tx, t); err != nil {
				return err
			}
		}
		newID := func(table string) int64 { id := ids[table]; ids[table]++; return id }

		// Organizations: the cooperation organization and its towns, the
		// associations, and municipalities for the rest.
		var orgRows []seedOrg
		add := func(o seedOrg) seedOrg {
			o.id = newID("organizations")
			o.path = "/" + strconv.FormatInt(o.id, 10) + "/"
			if o.parent != 0 {
				o.path = orgRows[0].path + strconv.FormatInt(o.id, 10) + "/" // only the coop has children
			}
			orgRows = append(orgRows, o)
			return o
		}
		coop := add(seedOrg{slug: "pl-coop", kind: "cooperation_org", nameFa: "سازمان همیاری شهرداری‌های استان آزمون",
			nameEn: "Load-test province municipalities cooperation organization"})
		fx.coopSlug, fx.coopID = coop.slug, coop.id
		var municipalities, townIDs, assocIDs []int64
		point := func() any {
			if rng.IntN(2) == 0 {
				return nil
			}
			return fmt.Sprintf(`{"type":"Point","coordinates":[%.4f,%.4f]}`, 44+rng.Float64()*19, 25+rng.Float64()*15)
		}
		for i := range sizes.towns {
			o := add(seedOrg{parent: coop.id, slug: fmt.Sprintf("pl-town-%d", i+1), kind: "municipality",
				nameFa: "شهرداری شهرک " + persian.ToPersianDigits(strconv.Itoa(i+1)), nameEn: fmt.Sprintf("Town %d municipality", i+1),
				population: 2000 + rng.Int64N(120_000), geometry: point()})
			townIDs = append(townIDs, o.id)
			municipalities = append(municipalities, o.id)
		}
		for i := range fx.associations {
			o := add(seedOrg{slug: fmt.Sprintf("pl-assoc-%d", i+1), kind: "association",
				nameFa: "انجمن شهرهای آزمون " + persian.ToPersianDigits(strconv.Itoa(i+1)), nameEn: fmt.Sprintf("Load-test association %d", i+1)})
			assocIDs = append(assocIDs, o.id)
		}
		fx.assocSlug = "pl-assoc-1"
		for i := 0; len(orgRows) < sizes.orgs; i++ {
			o := add(seedOrg{slug: fmt.Sprintf("pl-city-%d", i+1), kind: "municipality",
				nameFa: "شهرداری شهر " + persian.ToPersianDigits(strconv.Itoa(i+1)), nameEn: fmt.Sprintf("City %d municipality", i+1),
				population: 10_000 + rng.Int64N(3_000_000), geometry: point()})
			municipalities = append(municipalities, o.id)
		}
		rows := make([][]any, len(orgRows))
		for i, o := range orgRows {
			var pop any
			if o.population > 0 {
				pop = o.population
			}
			var parent any
			if o.parent != 0 {
				parent = o.parent
			}
			rows[i] = []any{o.id, o.slug, o.kind, parent, o.path, o.nameFa, o.nameEn, persian.SearchKey(o.nameFa), pop, o.geometry, ms, ms}
		}
		if err := insertRows(ctx, tx, db.Dialect, "organizations", []string{"id", "slug", "kind", "parent_id", "path", "name_fa", "name_en",
			"name_key", "population", "geometry", "created_at", "updated_at"}, rows); err != nil {
			return err
		}
		// As internal/org does at every write of organizations: its caches
		// of names and pins hold while this version does.
		if _, err := tx.ExecContext(ctx, `UPDATE org_version SET n = n + 1 WHERE id = 1`); err != nil {
			return err
		}

		// Associations: profiles; the first has a third of the
		// municipalities (up to 3,000) in every state, the others a few
		// dozen members each; yearly invoices, paid for past years and due
		// later this year, so that the lapse sweep every page runs reads
		// them but lapses none.
		rows = rows[:0]
		for i, id := range assocIDs {
			rows = append(rows, []any{id, "همکاری شهرها برای آزمون بار", "Cities working together, for a load test", 1985 + i,
				"دبیرخانه آزمون", "Test secretariat", "تهران", "Tehran", 0, 700_000, "EUR", 60, "دوره‌های آموزشی\nشبکه زنان", "Training courses\nWomen network", ms})
		}
		if err := insertRows(ctx, tx, db.Dialect, "assoc_profiles", []string{"org_id", "mission_fa", "mission_en", "founded_year", "secretariat_fa",
			"secretariat_en", "city_fa", "city_en", "min_population", "fee_amount", "fee_currency", "grace_days", "benefits_fa",
			"benefits_en", "updated_at"}, rows); err != nil {
			return err
		}
		statuses := []struct {
			status string
			share  int // in hundredths
		}{{"active", 70}, {"accepted", 8}, {"lapsed", 7}, {"draft", 4}, {"council_approved", 3}, {"submitted", 4}, {"refused", 4}}
		var members, invoices [][]any
		bigSize := min(3000, len(municipalities)/3)
		for a, assoc := range assocIDs {
			size := bigSize
			if a > 0 {
				size = min(len(municipalities), 5+rng.IntN(45))
			}
			for k, i := range rng.Perm(len(municipalities))[:size] {
				status, pick, acc := "active", rng.IntN(100), 0
				for _, s := range statuses {
					if acc += s.share; pick < acc {
						status = s.status
						break
					}
				}
				if a == 0 && k < len(statuses) { // every state at least once
					status = statuses[k].status
				}
				id := newID("memberships")
				var since any
				if status == "active" || status == "lapsed" {
					since = ms - int64(1+rng.IntN(3000))*day
				}
				members = append(members, []any{id, assoc, municipalities[i], status, "گزارش توجیهی عضویت برای آزمون بار", since, ms, ms})
				if a == 0 {
					fx.memberships++
					if status == "active" || status == "accepted" || status == "lapsed" {
						fx.publicMembers++
					}
				}
				switch status {
				case "active":
					invoices = append(invoices, []any{id, 1402, 700_000, "EUR", ms - 2*year, ms - 2*year + 30*day, ms - 2*year + 10*day},
						[]any{id, 1403, 700_000, "EUR", ms - year, ms - year + 30*day, ms - year + 12*day},
						[]any{id, 1404, 700_000, "EUR", ms - 10*day, ms + 20*day, nil})
				case "lapsed":
					invoices = append(invoices, []any{id, 1403, 700_000, "EUR", ms - year, ms - year + 30*day, nil})
				}
			}
		}
		if err := insertRows(ctx, tx, db.Dialect, "memberships", []string{"id", "association_id", "member_id", "status", "justification",
			"since", "created_at", "updated_at"}, members); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, db.Dialect, "membership_invoices", []string{"membership_id", "year", "amount", "currency", "issued_at",
			"due_at", "paid_at"}, invoices); err != nil {
			return err
		}
		var groupMembers [][]any
		for g, name := range []string{"محیط زیست", "امنیت غذایی", "مدیریت رشد شهری", "مدیریت یکپارچه شهری", "نوآوری شهری"} {
			var gid int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO assoc_groups (association_id, kind, name_fa, created_at)
				VALUES ($1, 'commission', $2, $3) RETURNING id`, assocIDs[0], name, ms).Scan(&gid); err != nil {
				return err
			}
			for k := range min(30, len(municipalities)) {
				groupMembers = append(groupMembers, []any{gid, municipalities[(g*7+k*13)%len(municipalities)], ms})
			}
		}
		if err := insertRows(ctx, tx, db.Dialect, "assoc_group_members", []string{"group_id", "member_id", "joined_at"}, dedupe(groupMembers)); err != nil {
			return err
		}

		// Events over the four past years and the next one, organized by
		// an association (and a municipality for one in five), hosted by a
		// municipality or, for three in ten, a city abroad; a tenth of them
		// with a few registrations.
		var evs, organizers, regs [][]any
		for range sizes.events {
			id := newID("events")
			start := ms - 4*year + rng.Int64N(5*year)
			start -= start % (30 * 60 * 1000)
			kind := eventKinds[rng.IntN(len(eventKinds))]
			end := start + int64(2+rng.IntN(6))*int64(time.Hour/time.Millisecond)
			if kind == "exhibition" || kind == "summit" {
				end = start + int64(1+rng.IntN(3))*day
			}
			status := []string{"planned", "open"}[rng.IntN(2)]
			if end < ms {
				status = "held"
			}
			if rng.IntN(20) == 0 {
				status = "cancelled"
			}
			if end > ms {
				fx.upcoming++
			}
			var host any
			city := ""
			if rng.IntN(10) < 3 {
				city = foreignCities[rng.IntN(len(foreignCities))]
			} else {
				host = municipalities[rng.IntN(len(municipalities))]
			}
			n := persian.ToPersianDigits(strconv.FormatInt(id, 10))
			evs = append(evs, []any{id, kind, "رویداد آزمون " + n, fmt.Sprintf("Test event %d", id), "رویدادی برای آزمون بار صفحه‌ها",
				host, city, "سالن همایش‌ها", start, end, status, int64(rng.IntN(3)) * 100, 0, ms, ms})
			organizers = append(organizers, []any{id, assocIDs[rng.IntN(len(assocIDs))], 0})
			if rng.IntN(5) == 0 {
				organizers = append(organizers, []any{id, municipalities[rng.IntN(len(municipalities))], 1})
			}
			if rng.IntN(10) == 0 {
				for r := range 1 + rng.IntN(5) {
					regs = append(regs, []any{newID("event_registrations"), id, municipalities[rng.IntN(len(municipalities))],
						fmt.Sprintf("نماینده %d", r+1), "کارشناس", ms})
				}
			}
		}
		fx.eventID = ids["events"] - 1
		if err := insertRows(ctx, tx, db.Dialect, "events", []string{"id", "kind", "title_fa", "title_en", "description_fa", "host_org_id",
			"host_city", "venue", "starts_at", "ends_at", "status", "capacity", "org_quota", "created_at", "updated_at"}, evs); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, db.Dialect, "event_organizers", []string{"event_id", "org_id", "position"}, organizers); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, db.Dialect, "event_registrations", []string{"id", "event_id", "org_id", "name", "role", "created_at"}, regs); err != nil {
			return err
		}

		// Towns: one to three indicator records each, then a visit to one
		// town in four with findings, most of them needs, a third
		// addressed.
		var inds, visits, findings [][]any
		tiers := []string{"less_developed", "less_developed", "developing", "developing", "developed"}
		for _, t := range townIDs {
			pop := 2000 + rng.Int64N(120_000)
			for k := range 1 + rng.IntN(3) {
				var staff any
				if rng.IntN(5) > 0 {
					staff = 5 + rng.Int64N(200)
				}
				inds = append(inds, []any{coop.id, t, ms - int64(3-k)*year, pop + int64(k)*500, tiers[rng.IntN(len(tiers))],
					"عوارض، خدمات", staff, ms})
			}
		}
		kinds := []string{"need", "need", "need", "problem", "capacity", "potential"}
		categories := []string{"revenue", "infrastructure", "services", "tourism", "environment", "management"}
		priorities := []string{"high", "medium", "low"}
		for range max(1, len(townIDs)/4) {
			id, t := newID("support_visits"), townIDs[rng.IntN(len(townIDs))]
			when := ms - rng.Int64N(2*year)
			visits = append(visits, []any{id, coop.id, t, when, "بازدید دوره‌ای", "done", when, "گزارش بازدید", ms})
			for range 1 + rng.IntN(6) {
				kind, addressed := kinds[rng.IntN(len(kinds))], rng.IntN(3) == 0
				if kind == "need" && !addressed {
					fx.openNeeds++
				}
				findings = append(findings, []any{id, t, kind, categories[rng.IntN(len(categories))],
					priorities[rng.IntN(len(priorities))], "یافته بازدید برای آزمون بار", addressed})
			}
		}
		if err := insertRows(ctx, tx, db.Dialect, "support_indicators", []string{"coop_id", "town_id", "as_of", "population", "tier",
			"revenue_sources", "staff_count", "recorded_at"}, inds); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, db.Dialect, "support_visits", []string{"id", "coop_id", "town_id", "planned_on", "purpose", "status",
			"visited_on", "summary", "created_at"}, visits); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, db.Dialect, "support_findings", []string{"visit_id", "town_id", "kind", "category", "priority", "body",
			"addressed"}, findings); err != nil {
			return err
		}
		if db.Dialect == store.Postgres { // the rows above chose their ids
			for t := range ids {
				if _, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t+`', 'id'), (SELECT max(id) FROM `+t+`))`); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// PostgreSQL's autovacuum analyzes tables this size within a minute;
	// do it now. SQLite is left as an installation has it: Shahr never
	// runs ANALYZE there, so its planner works without statistics.
	if db.Dialect == store.Postgres {
		_, err = db.Write.ExecContext(ctx, `ANALYZE`)
	}
	return fx, err
}

// dedupe drops repeated (group, member) rows.
func dedupe(rows [][]any) [][]any {
	seen := map[[2]int64]bool{}
	out := rows[:0]
	for _, r := range rows {
		k := [2]int64{r[0].(int64), r[1].(int64)}
		if !seen[k] {
			seen[k] = true
			out = append(out, r)
		}
	}
	return out
}

// nextID is the first id after the table's rows.
func nextID(ctx context.Context, tx *sql.Tx, table string) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT coalesce(max(id), 0) + 1 FROM `+table).Scan(&id)
	return id, err
}

// insertRows inserts rows with multi-row INSERT statements, a few hundred
// rows each.
func insertRows(ctx context.Context, tx *sql.Tx, d store.Dialect, table string, columns []string, rows [][]any) error {
	for _, r := range rows {
		if len(r) != len(columns) {
			return fmt.Errorf("shahr-load page: %s: a row of %d values for %d columns", table, len(r), len(columns))
		}
	}
	head := "INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES "
	if err := d.InsertRows(ctx, tx, head, "", rows, 500); err != nil {
		return fmt.Errorf("shahr-load page: insert into %s: %w", table, err)
	}
	return nil
}

// pathResult is what the clients of one path saw.
type pathResult struct {
	path         string
	ok, failed   int64
	bytes        int64 // of the successful answers
	elapsed      time.Duration
	latencies    []time.Duration // of the successful answers, sorted
	firstFailure string
	cpu          time.Duration // this process's CPU time (server and clients) during the run
}

// signInStaff makes a staff account of the association's secretariat
// (one per run, so that a kept database needs no password to be known)
// and signs it in through the form, as a browser would; it returns the
// session's cookies.
func signInStaff(ctx context.Context, a *app.App, base, assocSlug string) ([]*http.Cookie, error) {
	email, password := "page-load-"+randomTag()+"@shahr.example", "page-load "+randomTag()+randomTag()
	if _, err := a.Identity.CreateStaff(ctx, 0, identity.StaffInput{Email: email, Name: "آزمون بار", Password: password}); err != nil {
		return nil, fmt.Errorf("shahr-load page: --staff: %w", err)
	}
	assoc, err := a.Orgs.BySlug(ctx, assocSlug)
	if err == nil {
		_, err = a.Identity.Grant(ctx, 0, assoc.Ref(), email, string(auth.Secretariat))
	}
	if err != nil {
		return nil, fmt.Errorf("shahr-load page: --staff: %w", err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(base+"/signin/staff", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if len(resp.Cookies()) == 0 {
		return nil, fmt.Errorf("shahr-load page: --staff: sign-in answered %d without a session", resp.StatusCode)
	}
	return resp.Cookies(), nil
}

// loadPath runs conc clients against base+path for d, sending cookies
// with each request, then lets the requests in flight finish.
func loadPath(ctx context.Context, base, path string, cookies []*http.Cookie, conc int, d time.Duration) *pathResult {
	tr := &http.Transport{MaxIdleConns: conc, MaxIdleConnsPerHost: conc, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 2 * time.Minute}
	res := &pathResult{path: path}
	var mu sync.Mutex
	cpu0 := processCPU()
	start := time.Now()
	deadline := start.Add(d)
	var wg sync.WaitGroup
	for range conc {
		wg.Go(func() {
			var lat []time.Duration
			var ok, failed, bytes int64
			var failure string
			for ctx.Err() == nil && time.Now().Before(deadline) {
				t0 := time.Now()
				status, n, err := getPage(ctx, client, base+path, cookies)
				elapsed := time.Since(t0)
				switch {
				case err != nil && ctx.Err() != nil: // interrupted
				case err == nil && status == http.StatusOK:
					ok++
					bytes += n
					lat = append(lat, elapsed)
				default:
					failed++
					if failure == "" {
						failure = fmt.Sprintf("status %d, error %v", status, err)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.ok += ok
			res.failed += failed
			res.bytes += bytes
			res.latencies = append(res.latencies, lat...)
			if res.firstFailure == "" {
				res.firstFailure = failure
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	res.cpu = processCPU() - cpu0
	slices.Sort(res.latencies)
	return res
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func getPage(ctx context.Context, client *http.Client, url string, cookies []*http.Cookie) (int, int64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, 0, err
	}
	for _, c := range cookies {
		req.AddCookie(c)
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, n, err
}

// reportPages prints one line per path: requests answered 200, their
// rate, latency percentiles and mean size, then names the slowest path.
func reportPages(out io.Writer, results []*pathResult, conc int, d time.Duration) {
	fmt.Fprintf(out, "load: %d clients, %v per path; every answer must be 200; cpu/req is this process's CPU time "+
		"(server, clients, database driver) per answer, which other processes on the machine do not inflate as they do latency\n", conc, d)
	width := len("path")
	for _, r := range results {
		width = max(width, len(r.path))
	}
	fmt.Fprintf(out, "%-*s %9s %9s %10s %10s %10s %15s %7s %10s\n", width, "path", "requests", "req/s", "p50", "p99", "max",
		"bytes/response", "failed", "cpu/req")
	var slowest *pathResult
	for _, r := range results {
		size := int64(0)
		if r.ok > 0 {
			size = r.bytes / r.ok
		}
		cpu := time.Duration(0)
		if r.ok > 0 {
			cpu = r.cpu / time.Duration(r.ok)
		}
		fmt.Fprintf(out, "%-*s %9d %9.1f %10s %10s %10s %15d %7d %10s\n", width, r.path, r.ok, r.rate(),
			ms(r.percentile(0.5)), ms(r.percentile(0.99)), ms(r.percentile(1)), size, r.failed, ms(cpu))
		if slowest == nil || r.percentile(0.99) > slowest.percentile(0.99) {
			slowest = r
		}
	}
	if slowest != nil {
		fmt.Fprintf(out, "slowest: %s (p99 %s, %.1f req/s)\n", slowest.path, ms(slowest.percentile(0.99)), slowest.rate())
	}
}

func (r *pathResult) rate() float64 { return float64(r.ok) / r.elapsed.Seconds() }

// percentile is the latency below which a share p of the answers came
// (the slowest for 1); 0 without answers.
func (r *pathResult) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
}

// ms formats a latency in milliseconds with one decimal.
func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64) + " ms"
}
