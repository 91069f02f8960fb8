package store_test

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// writePairs inserts settings two at a time, each pair in one transaction,
// until stop is closed; a consistent copy therefore holds an even count.
func writePairs(t *testing.T, db *store.DB, stop <-chan struct{}, wg *sync.WaitGroup) {
	defer wg.Done()
	for i := 0; ; i++ {
		select {
		case <-stop:
			return
		default:
		}
		err := db.Tx(context.Background(), func(tx *sql.Tx) error {
			for _, k := range []string{"a", "b"} {
				if _, err := tx.Exec(`INSERT INTO settings (key, value) VALUES ($1, 'x')`, k+strconv.Itoa(i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Error(err)
			return
		}
	}
}

func TestSQLiteBackupWhileWriting(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go writePairs(t, db, stop, &wg)
	// Let the writer commit something first.
	for n := 0; n < 20; {
		db.Read.QueryRow(`SELECT count(*) FROM settings`).Scan(&n)
	}
	path := filepath.Join(t.TempDir(), "copy.db")
	err := db.Backup(context.Background(), path)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	copyDB, err := store.Open(context.Background(), "sqlite:"+path, "")
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	var n int
	var check string
	copyDB.Read.QueryRow(`SELECT count(*) FROM settings WHERE value = 'x'`).Scan(&n)
	copyDB.Read.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	if n == 0 || n%2 != 0 || check != "ok" {
		t.Fatalf("backup holds %d rows (want a positive even count), integrity %q", n, check)
	}
	if err := db.Backup(context.Background(), path); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
}

func TestPostgresBackup(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pg_dump"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pg_dump is not installed; CI needs PostgreSQL's client tools")
		}
		t.Skip("pg_dump is not installed (apt-get install postgresql-client)")
	}
	db := storetest.Open(t, store.Postgres)
	if _, err := db.Write.Exec(`INSERT INTO settings (key, value) VALUES ('backup-marker', 'x')`); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "copy.dump")
	if err := db.Backup(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pg_restore", "--data-only", "--table=settings", "-f", "-", path).CombinedOutput()
	if err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "backup-marker") {
		t.Fatalf("the dump lacks the row:\n%s", out)
	}
	if fi, _ := os.Stat(path); fi.Size() == 0 {
		t.Fatal("empty dump")
	}
}
