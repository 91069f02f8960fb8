package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// On PostgreSQL a ballot run gets a database of its own, created for it
// and dropped after it, so that the database's statistics
// (pg_stat_database) count what the run's server did and nothing else:
// every transaction it committed (each statement outside a transaction is
// one, SELECTs too) and every row it fetched.

// isPostgres reports whether dbURL names a PostgreSQL database.
func isPostgres(dbURL string) bool {
	return strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://")
}

// runDatabase is a database created for one run, on the server of the
// URL it was made from, and a connection to that URL's database that
// reads its statistics.
type runDatabase struct {
	name  string
	url   string // the new database's
	admin *store.DB
}

// newRunDatabase creates an empty database beside the one dbURL names.
func newRunDatabase(ctx context.Context, dbURL string) (*runDatabase, error) {
	u, err := url.Parse(dbURL)
	if err != nil {
		return nil, fmt.Errorf("shahr-load: --db: %w", err)
	}
	admin, err := store.Open(ctx, dbURL, "")
	if err != nil {
		return nil, err
	}
	d := &runDatabase{name: "shahr_load_" + randomTag(), admin: admin}
	if _, err := admin.Write.ExecContext(ctx, `CREATE DATABASE `+d.name); err != nil {
		return nil, errors.Join(fmt.Errorf("shahr-load: create database: %w", err), admin.Close())
	}
	u.Path = "/" + d.name
	d.url = u.String()
	return d, nil
}

// drop removes the database (its last connections closed by force) and
// closes the statistics connection.
func (d *runDatabase) drop() error {
	_, err := d.admin.Write.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+d.name+` WITH (FORCE)`)
	return errors.Join(err, d.admin.Close())
}

// dbCounters are a database's cumulative statistics.
type dbCounters struct {
	xacts   int64 // transactions committed
	fetched int64 // rows fetched (by index scans, and the rows they return)
}

// counters waits until no connection to the database is left, so that
// every server process has reported its counts (a PostgreSQL backend
// reports them at most once a second while it runs, and when it ends),
// then reads them.
func (d *runDatabase) counters(ctx context.Context) (dbCounters, error) {
	var c dbCounters
	for deadline := time.Now().Add(20 * time.Second); ; {
		var backends int
		err := d.admin.Read.QueryRowContext(ctx, `SELECT numbackends, xact_commit, tup_fetched FROM pg_stat_database WHERE datname = $1`,
			d.name).Scan(&backends, &c.xacts, &c.fetched)
		if err != nil || backends == 0 {
			return c, err
		}
		if time.Now().After(deadline) {
			return c, fmt.Errorf("shahr-load: %d connections to %s are still open", backends, d.name)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
