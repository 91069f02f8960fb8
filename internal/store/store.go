// Package store opens the database — an embedded SQLite file by default,
// PostgreSQL when a city outgrows one machine — applies the migrations, runs
// transactions and maps driver errors to the few cases callers act on.
//
// Both engines are used through database/sql with the same SQL: `$1`
// placeholders, RETURNING and ON CONFLICT work on both. Where the dialects
// differ (column types, triggers) the migrations have one folder each.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect names the database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. With SQLite, writes go through one connection
// (SQLite allows one writer; queuing in Go is cheaper than busy-waiting in
// the engine) and reads through a pool of read-only connections that WAL
// lets run beside the writer. With PostgreSQL both are the same pool.
type DB struct {
	Dialect Dialect
	Read    *Pool
	Write   *Pool
	// Location is the file path (SQLite) or the URL without password (PostgreSQL).
	Location string
	url      string
}

// Open connects to databaseURL, or to the SQLite file data/shahr.db when
// the URL is empty. It checks that the database answers.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	var db *DB
	var err error
	switch {
	case databaseURL == "":
		db, err = openSQLite(filepath.Join(dataDir, "shahr.db"))
	case strings.HasPrefix(databaseURL, "postgres://"), strings.HasPrefix(databaseURL, "postgresql://"):
		db, err = openPostgres(databaseURL)
	case strings.HasPrefix(databaseURL, "sqlite:"):
		db, err = openSQLite(strings.TrimPrefix(databaseURL, "sqlite:"))
	default:
		return nil, fmt.Errorf("store: unsupported database URL scheme (want postgres:// or sqlite:PATH)")
	}
	if err != nil {
		return nil, err
	}
	if err := db.Ping(ctx); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

// sqlitePragmas are set on every connection: wait for the writer instead of
// failing, write-ahead logging so readers never block, enforced foreign
// keys. The writer also syncs the log at every COMMIT (synchronous=FULL),
// so what the application acknowledges survives a power cut, not only a
// crash of the process: a ballot's receipt is such a promise. Ballots
// commit in groups (internal/budgeting/batch.go), so the fsync is paid
// once per group; `shahr ballot-load` measured the same ballots per second
// as with NORMAL.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)"

func openSQLite(path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("store: create data folder: %w", err)
	}
	base := "file:" + path + "?" + sqlitePragmas
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so
	// two transactions never deadlock upgrading from read to write.
	w, err := sql.Open("sqlite", base+"&_pragma=synchronous(FULL)&_pragma=temp_store(memory)&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		return nil, errors.Join(fmt.Errorf("store: open sqlite: %w", err), w.Close())
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	r.SetConnMaxLifetime(0)
	return &DB{Dialect: SQLite, Read: newPool(r, true), Write: newPool(w, true), Location: path}, nil
}

func openPostgres(databaseURL string) (*DB, error) {
	pool, err := sql.Open("pgx", databaseURL)
	if err != nil {
		return nil, fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(4 * runtime.GOMAXPROCS(0))
	pool.SetMaxIdleConns(4 * runtime.GOMAXPROCS(0))
	pool.SetConnMaxIdleTime(5 * time.Minute)
	p := newPool(pool, false)
	return &DB{Dialect: Postgres, Read: p, Write: p, Location: redact(databaseURL), url: databaseURL}, nil
}

// redact removes the password from a URL so it can be logged.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "postgres://(unparseable)"
	}
	return u.Redacted()
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.Write.PingContext(ctx); err != nil {
		return fmt.Errorf("store: database does not answer (%s): %w", db.Location, err)
	}
	if db.Read != db.Write {
		if err := db.Read.PingContext(ctx); err != nil {
			return fmt.Errorf("store: database does not answer (%s): %w", db.Location, err)
		}
	}
	return nil
}

// Close closes both pools.
func (db *DB) Close() error {
	err := db.Write.Close()
	if db.Read != db.Write {
		err = errors.Join(err, db.Read.Close())
	}
	return err
}

// Tx runs fn in one write transaction, committing when fn returns nil and
// rolling back otherwise, so that nothing is ever half-written.
func (db *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// IsUniqueViolation reports whether err is a unique-constraint violation,
// by the driver's error code, not its message.
func IsUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	return false
}

// IsForeignKeyViolation reports whether err is a foreign-key violation.
func IsForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23503"
	}
	return false
}

// Queryer is what both *sql.DB and *sql.Tx offer; store helpers take it so
// the same function reads inside or outside a transaction.
type Queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Scanner is what a row offers: *sql.Row and *sql.Rows both have Scan.
type Scanner interface{ Scan(dest ...any) error }

// QueryAll runs a query and reads every row with scan.
func QueryAll[T any](ctx context.Context, q Queryer, scan func(Scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	return All(rows, err, scan)
}

// All reads every row of a query with scan, closing the rows: pass it
// the query's results and the scan function, All(rows, err, scan).
func All[T any](rows *sql.Rows, err error, scan func(Scanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
