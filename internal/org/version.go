package org

import (
	"context"
	"database/sql"

	"github.com/shahr-city/shahr/internal/store"
)

// The organizations' version is a counter (table org_version) that every
// write to organizations moves on in its own transaction. A cache of what
// organizations say, read at one version, holds while a read of the
// version finds the same number: one row read instead of thousands, and
// a write through any server sharing the database is seen by all of them.
// Caches are filled after reading the version, never before, so a write
// that lands between the two leaves a cache newer than its version, which
// the next read replaces, and never an older one taken for current.

// version reads the organizations' version through q.
func version(ctx context.Context, q store.Queryer) (int64, error) {
	var n int64
	err := q.QueryRowContext(ctx, `SELECT n FROM org_version WHERE id = 1`).Scan(&n)
	return n, err
}

// bump moves the organizations' version on inside tx, which writes them.
func bump(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE org_version SET n = n + 1 WHERE id = 1`)
	return err
}
