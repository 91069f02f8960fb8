package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// A snapshot is a database built once and copied for every test that
// starts from it: a file copy on SQLite, CREATE DATABASE … TEMPLATE on
// PostgreSQL. Building the demo costs seconds; a copy costs milliseconds.
//
// Snapshots are shared by every test binary of a run (go test ./... runs
// a dozen), and by later runs, under a name that includes a hash of the
// module's source (every non-test file under cmd/ and internal/, go.mod,
// go.sum and the Go version): any change to the code that builds them
// builds them anew, and a snapshot is never used by code other than the
// code that built it. A lock (a file lock for SQLite, an advisory lock on
// PostgreSQL) makes concurrent binaries build each one once.

// Build fills an empty database, given by its URL, with a snapshot's
// content. It must close every connection it opens.
type Build func(ctx context.Context, databaseURL string) error

type snapshotKey struct {
	name string
	d    store.Dialect
}

var (
	snapshotsMu sync.Mutex
	snapshots   = map[snapshotKey]*snapshotOnce{}
)

// snapshotOnce is one snapshot's build within this process: where it is,
// or why it could not be built.
type snapshotOnce struct {
	once sync.Once
	loc  string // SQLite: the file; PostgreSQL: the template database's name
	err  error
}

// Clone returns the URL of a new database holding a copy of the snapshot
// called name, building the snapshot with build the first time any test
// asks for it. The copy is removed when the test ends.
func Clone(t testing.TB, d store.Dialect, name string, build Build) string {
	t.Helper()
	snapshotsMu.Lock()
	s, ok := snapshots[snapshotKey{name, d}]
	if !ok {
		s = &snapshotOnce{}
		snapshots[snapshotKey{name, d}] = s
	}
	snapshotsMu.Unlock()
	if d == store.Postgres {
		if _, err := adminDB(); err != nil {
			Unreachable(t, err)
		}
	}
	s.once.Do(func() { s.loc, s.err = ensureSnapshot(d, name, build) })
	if s.err != nil {
		t.Fatalf("snapshot %s on %s: %v", name, d, s.err)
	}
	if d == store.Postgres {
		return clonePostgres(t, s.loc)
	}
	return cloneSQLite(t, s.loc)
}

func ensureSnapshot(d store.Dialect, name string, build Build) (string, error) {
	key, err := sourceKey()
	if err != nil {
		return "", err
	}
	if d == store.Postgres {
		return ensureTemplate(name+"_"+key[:16], build)
	}
	return ensureFile(name+"-"+key[:16], build)
}

// Migrated is a snapshot of an empty database with every migration
// applied.
func Migrated(ctx context.Context, databaseURL string) error {
	db, err := store.Open(ctx, databaseURL, "")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Migrate(ctx, time.Now())
	return err
}

// sourceKey hashes what a snapshot depends on: the module's non-test
// source files, its module files and the Go version. Computed once.
var sourceKey = sync.OnceValues(func() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range []string{"go.mod", "go.sum"} {
		if err := hashFile(h, root, filepath.Join(root, f)); err != nil {
			return "", err
		}
	}
	for _, dir := range []string{"cmd", "internal"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, e fs.DirEntry, err error) error {
			switch {
			case err != nil:
				return err
			case e.IsDir() && e.Name() == "testdata":
				return filepath.SkipDir
			case e.IsDir() || strings.HasSuffix(path, "_test.go"):
				return nil
			}
			return hashFile(h, root, path)
		})
		if err != nil {
			return "", err
		}
	}
	io.WriteString(h, runtime.Version())
	return hex.EncodeToString(h.Sum(nil)), nil
})

func hashFile(h io.Writer, root, path string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	rel, _ := filepath.Rel(root, path)
	fmt.Fprintf(h, "%s\x00%d\x00", filepath.ToSlash(rel), len(b))
	_, err = h.Write(b)
	return err
}

// ModuleRoot is the folder holding go.mod, found from the test's working
// directory (its package's folder) upwards.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("storetest: no go.mod above the working directory")
		}
		dir = parent
	}
}

// snapshotDir holds the SQLite snapshots and their locks.
func snapshotDir() (string, error) {
	dir := filepath.Join(os.TempDir(), "shahr-test-snapshots")
	return dir, os.MkdirAll(dir, 0o755)
}

// ensureFile returns the SQLite snapshot file called name, building it
// unless it exists. Concurrent test binaries wait for the first one's build.
func ensureFile(name string, build Build) (string, error) {
	dir, err := snapshotDir()
	if err != nil {
		return "", err
	}
	final := filepath.Join(dir, name+".db")
	unlock, err := lockFile(filepath.Join(dir, name+".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(final); err == nil {
		return final, nil
	}
	work, err := os.MkdirTemp(dir, name+"-building-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(work)
	built := filepath.Join(work, "shahr.db")
	if err := build(context.Background(), "sqlite:"+built); err != nil {
		return "", err
	}
	// One file, the write-ahead log folded in, published by a rename so no
	// reader ever sees half of it.
	if err := compact(built, filepath.Join(work, "snapshot.db")); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(work, "snapshot.db"), final); err != nil {
		if _, serr := os.Stat(final); serr != nil { // not another binary's build, published first
			return "", err
		}
	}
	pruneFiles(dir, name)
	return final, nil
}

func compact(src, dst string) error {
	db, err := store.Open(context.Background(), "sqlite:"+src, "")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Backup(context.Background(), dst)
}

// pruneFiles removes snapshots of other source versions last used more
// than a day ago, so a developer's temporary folder does not fill up.
func pruneFiles(dir, keep string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || strings.HasPrefix(e.Name(), keep) || time.Since(info.ModTime()) < 24*time.Hour {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// cloneSQLite copies the snapshot into the test's temporary folder.
func cloneSQLite(t testing.TB, snapshot string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "shahr.db")
	if err := copyFile(snapshot, dst); err != nil {
		t.Fatalf("copy snapshot: %v", err)
	}
	now := time.Now()
	os.Chtimes(snapshot, now, now) // marks it used, for pruneFiles
	return "sqlite:" + dst
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// Database names on the PostgreSQL server: a template per snapshot and
// source version, and one database per test, whose name carries its
// creation time so that a later run can drop what a killed run left.
const (
	templatePrefix = "shahr_tpl_"
	testDBPrefix   = "shahr_t_"
)

// ensureTemplate returns the template database called name, building it
// unless it exists, under an advisory lock held on one connection.
func ensureTemplate(name string, build Build) (string, error) {
	ctx := context.Background()
	admin, err := adminDB()
	if err != nil {
		return "", err
	}
	conn, err := admin.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	tpl := templatePrefix + name
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(hashtext($1))`, tpl); err != nil {
		return "", err
	}
	defer conn.ExecContext(ctx, `SELECT pg_advisory_unlock(hashtext($1))`, tpl)
	var exists bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, tpl).Scan(&exists); err != nil {
		return "", err
	}
	pruneDatabases(ctx, conn, tpl)
	if exists {
		return tpl, markUsed(ctx, conn, tpl)
	}
	building := tpl + "_b"
	if _, err := conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`); err != nil {
		return "", err
	}
	if _, err := conn.ExecContext(ctx, `CREATE DATABASE `+building); err != nil {
		return "", err
	}
	if err := build(ctx, databaseURL(building)); err != nil {
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+building+` WITH (FORCE)`)
		return "", err
	}
	// No connection may be open to a template while it is copied; closing
	// it to connections guarantees that, and the rename publishes it whole.
	for _, q := range []string{`ALTER DATABASE ` + building + ` RENAME TO ` + tpl,
		`ALTER DATABASE ` + tpl + ` WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`} {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return "", err
		}
	}
	return tpl, markUsed(ctx, conn, tpl)
}

// markUsed records in the template's comment when a test binary last used
// it, for pruneDatabases.
func markUsed(ctx context.Context, conn *sql.Conn, tpl string) error {
	_, err := conn.ExecContext(ctx, `COMMENT ON DATABASE `+tpl+` IS '`+strconv.FormatInt(time.Now().Unix(), 10)+`'`)
	return err
}

// pruneDatabases drops the templates no test binary has used for two hours
// (those of older source versions: a developer's edits make a new one each
// time), and test databases more than six hours old (left by runs that
// were killed before their clean-up).
func pruneDatabases(ctx context.Context, conn *sql.Conn, keep string) {
	rows, err := conn.QueryContext(ctx, `SELECT datname, COALESCE(shobj_description(oid, 'pg_database'), '')
		FROM pg_database WHERE datname LIKE 'shahr\_t%'`)
	if err != nil {
		return
	}
	var stale []string
	for rows.Next() {
		var name, comment string
		if rows.Scan(&name, &comment) != nil {
			continue
		}
		if created, ok := createdAt(name, comment); ok && name != keep && time.Since(created) > staleAfter(name) {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		if strings.HasPrefix(name, templatePrefix) {
			conn.ExecContext(ctx, `ALTER DATABASE `+name+` WITH IS_TEMPLATE false`)
		}
		conn.ExecContext(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
	}
}

func staleAfter(name string) time.Duration {
	if strings.HasPrefix(name, templatePrefix) {
		return 2 * time.Hour
	}
	return 6 * time.Hour
}

// createdAt reads a database's age: a template's last use from its
// comment, a test database's creation from its name.
func createdAt(name, comment string) (time.Time, bool) {
	s := comment
	if rest, ok := strings.CutPrefix(name, testDBPrefix); ok {
		s, _, _ = strings.Cut(rest, "_")
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	return time.Unix(sec, 0), err == nil
}

// clonePostgres creates the test's own database from the template and
// drops it when the test ends.
func clonePostgres(t testing.TB, tpl string) string {
	t.Helper()
	admin, err := adminDB()
	if err != nil {
		Unreachable(t, err)
	}
	name := newTestDatabase(t, admin, ` TEMPLATE `+tpl)
	return databaseURL(name)
}

// newTestDatabase creates a database for the test (with the given CREATE
// DATABASE options) and drops it when the test ends, after every other
// clean-up of the test (the application's pools close first).
func newTestDatabase(t testing.TB, admin *sql.DB, options string) string {
	t.Helper()
	name := testDBPrefix + strconv.FormatInt(time.Now().Unix(), 10) + "_" + randomHex(6)
	if _, err := admin.Exec(`CREATE DATABASE ` + name + options); err != nil {
		t.Fatalf("postgres: create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("postgres: drop database %s: %v", name, err)
		}
	})
	return name
}

// databaseURL is the test server's URL with another database name.
func databaseURL(name string) string {
	u, err := url.Parse(PostgresURL())
	if err != nil {
		return PostgresURL()
	}
	u.Path = "/" + name
	return u.String()
}
