package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
)

// Backup writes a consistent copy of the live database to path, which must
// not exist. SQLite copies the database as of one transaction (VACUUM
// INTO, which also compacts it) while the server keeps running; PostgreSQL
// runs pg_dump, whose snapshot is likewise consistent, in its custom format
// (restore with pg_restore).
func (db *DB) Backup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("store: backup target %s already exists", path)
	}
	if db.Dialect == SQLite {
		return vacuumInto(ctx, db.Location, path)
	}
	return pgDump(ctx, db.url, path)
}

// vacuumInto copies the database through a connection of its own: the read
// pool is query-only (which VACUUM INTO counts as writing) and the write
// connection should stay free for the server's writers.
func vacuumInto(ctx context.Context, src, path string) (err error) {
	conn, err := sql.Open("sqlite", "file:"+src+"?"+sqlitePragmas)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// libpqParams are the URL parameters pg_dump understands; others (such as
// search_path, which pgx passes to the server) are translated or dropped.
var libpqParams = map[string]bool{"sslmode": true, "connect_timeout": true, "application_name": true,
	"sslrootcert": true, "sslcert": true, "sslkey": true, "target_session_attrs": true}

func pgDump(ctx context.Context, rawURL, path string) error {
	u, err := url.Parse(rawURL)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	args := []string{"--format=custom", "--no-owner", "--file=" + path}
	q := url.Values{}
	for k, v := range u.Query() {
		switch {
		case k == "search_path":
			args = append(args, "--schema="+v[0])
		case libpqParams[k]:
			q[k] = v
		}
	}
	u.RawQuery = q.Encode()
	env := os.Environ()
	// The password goes through the environment, not the command line
	// that any local user can read.
	if pw, ok := u.User.Password(); ok {
		env = append(env, "PGPASSWORD="+pw)
		u.User = url.User(u.User.Username())
	}
	cmd := exec.CommandContext(ctx, "pg_dump", append(args, "--dbname="+u.String())...)
	cmd.Env = env
	if out, err := cmd.CombinedOutput(); err != nil {
		_ = os.Remove(path) // what pg_dump left, if anything; its failure is the one to report
		return fmt.Errorf("store: pg_dump: %v: %s", err, out)
	}
	return nil
}
