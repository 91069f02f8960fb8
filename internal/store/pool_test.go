package store

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// Past the prepared-statement cache's bound, queries run unprepared: they
// still answer, and the cache keeps exactly its bound (a statement
// prepared but not kept would never be closed).
func TestStatementCacheBound(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "shahr.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	for i := range maxCachedStatements + 20 {
		var n int
		if err := db.Read.QueryRowContext(ctx, fmt.Sprintf(`SELECT %d`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d: %d, %v", i, n, err)
		}
		rows, err := db.Read.QueryContext(ctx, fmt.Sprintf(`SELECT %d + 0`, i))
		if err != nil {
			t.Fatal(err)
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if st, err := db.Read.stmt(ctx, `SELECT 'one more'`); st != nil || err != nil {
		t.Errorf("a full cache prepared a statement it does not keep (%v, %v)", st, err)
	}
	db.Read.mu.RLock()
	defer db.Read.mu.RUnlock()
	if len(db.Read.stmts) != maxCachedStatements {
		t.Errorf("%d statements cached, want %d", len(db.Read.stmts), maxCachedStatements)
	}
}
