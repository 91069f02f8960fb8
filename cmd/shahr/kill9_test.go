package main_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
	"github.com/shahr-city/shahr/internal/web"
)

// TestBallotsSurviveKill9 kills `shahr serve` with SIGKILL while clients
// post ballots — as soon as a set number of receipts has come back, not
// after some time —, starts it again on the same database, and checks
// that no acknowledged ballot was lost: every receipt a client received
// (HTTP 201) is in the heading's chain, the chain verifies, and the
// restarted server chains new ballots onto it.
func TestBallotsSurviveKill9(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills a server under load; skipped with -short")
	}
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) { testKill9(t, d) })
	}
}

// killFixture is what `shahr-load ballot --prepare` writes.
type killFixture struct {
	Process  int64
	Heading  int64
	Budget   int64
	Projects []struct{ ID, Cost int64 }
	Tokens   []string
}

const (
	killClients = 16
	killAfter   = 1500 // acknowledged receipts before SIGKILL
)

func testKill9(t *testing.T, d store.Dialect) {
	ctx := context.Background()
	dir := t.TempDir()
	dbURL := "sqlite:" + filepath.Join(dir, "shahr.db")
	if d == store.Postgres {
		dbURL = storetest.URL(t)
	}
	fixtureFile := filepath.Join(dir, "fixture.json")
	if out, err := exec.Command(loadBinary(t), "ballot", "--db", dbURL, "--voters", "200", "--prepare", fixtureFile).CombinedOutput(); err != nil {
		t.Fatalf("shahr-load ballot --prepare: %v\n%s", err, out)
	}
	var fx killFixture
	if b, err := os.ReadFile(fixtureFile); err != nil || json.Unmarshal(b, &fx) != nil || len(fx.Tokens) != 200 {
		t.Fatalf("fixture: %v %+v", err, fx)
	}

	s := startServer(t, nil, "--database", dbURL)
	url := fmt.Sprintf("http://%s/api/v1/processes/%d/headings/%d/ballot", s.addr, fx.Process, fx.Heading)
	var (
		mu       sync.Mutex
		receipts []string // every receipt a client was given
		acks     atomic.Int64
		killed   atomic.Bool
		lost     atomic.Int64 // requests that got no answer (in flight at the kill)
		wg       sync.WaitGroup
	)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: killClients}}
	for w := range killClients {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range 100_000 { // a bound, should the kill never come
				status, receipt, err := postKillBallot(client, url, &fx, rng)
				switch {
				case err != nil && killed.Load():
					lost.Add(1)
					return
				case err != nil:
					t.Errorf("a ballot failed before the kill: %v", err)
					return
				case status != http.StatusCreated:
					t.Errorf("a ballot got status %d", status)
					return
				}
				mu.Lock()
				receipts = append(receipts, receipt)
				mu.Unlock()
				if acks.Add(1) == killAfter {
					killed.Store(true)
					s.cmd.Process.Signal(syscall.SIGKILL)
				}
			}
		})
	}
	wg.Wait()
	var exit *exec.ExitError
	if err := <-s.done; !killed.Load() || !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("the server was not killed by SIGKILL (%v)\n%s", err, s.logs)
	}
	beforeKill := len(receipts)

	// The same database, a new process: it must come up and go on.
	s = startServer(t, nil, "--database", dbURL)
	url = fmt.Sprintf("http://%s/api/v1/processes/%d/headings/%d/ballot", s.addr, fx.Process, fx.Heading)
	rng := rand.New(rand.NewPCG(99, 1))
	for range 20 {
		status, receipt, err := postKillBallot(client, url, &fx, rng)
		if err != nil || status != http.StatusCreated {
			t.Fatalf("a ballot after the restart: %d %v\n%s", status, err, s.logs)
		}
		receipts = append(receipts, receipt)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-s.done; err != nil {
		t.Fatalf("restarted server: %v\n%s", err, s.logs)
	}

	db, err := store.Open(ctx, dbURL, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	people, err := identity.New(ctx, db, time.Now, nil, log)
	if err != nil {
		t.Fatal(err)
	}
	notes := notify.New(db, nil, people, time.Now, log)
	links, err := budgeting.NewService(db, org.NewService(db, people, time.Now), people, notes, time.Now).VerifyChain(ctx, fx.Heading)
	if err != nil {
		t.Fatalf("after the kill the chain does not verify: %v", err)
	}
	logged := stringSet(t, db, `SELECT receipt_hash FROM budget_ballot_log WHERE heading_id = $1`, fx.Heading)
	counted := stringSet(t, db, `SELECT receipt FROM budget_ballots WHERE heading_id = $1`, fx.Heading)
	missing, current := 0, 0
	for _, rc := range receipts {
		switch {
		case counted[rc]:
			current++ // the voter's ballot now
		case logged[ballotchain.ReceiptHash(fx.Heading, rc)]:
			// replaced later by the same voter, and in the chain
		default:
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d acknowledged ballots are lost after kill -9", missing, len(receipts))
	}
	if links < len(receipts) {
		t.Errorf("%d links for %d acknowledged ballots", links, len(receipts))
	}
	t.Logf("%d receipts before SIGKILL, %d requests unanswered at the kill, %d links after the restart (%d committed but unanswered); "+
		"all %d acknowledged ballots kept, %d of them still their voter's ballot", beforeKill, lost.Load(), links,
		links-len(receipts), len(receipts), current)
}

// stringSet is the set of the one text column query gives.
func stringSet(t *testing.T, db *store.DB, query string, args ...any) map[string]bool {
	t.Helper()
	rows, err := db.Read.QueryContext(context.Background(), query, args...)
	values, err := store.All(rows, err, func(r store.Scanner) (string, error) {
		var v string
		return v, r.Scan(&v)
	})
	if err != nil {
		t.Fatal(err)
	}
	set := make(map[string]bool, len(values))
	for _, v := range values {
		set[v] = true
	}
	return set
}

// buildLoad builds the shahr-load command once, beside the shahr binary.
var buildLoad = sync.OnceValues(func() (string, error) {
	path := filepath.Join(filepath.Dir(binary), "shahr-load")
	if out, err := exec.Command("go", "build", "-o", path, "../shahr-load").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build shahr-load: %v\n%s", err, out)
	}
	return path, nil
})

// loadBinary is the path of the shahr-load command.
func loadBinary(t *testing.T) string {
	t.Helper()
	path, err := buildLoad()
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// postKillBallot posts a random ballot within the budget for a random
// voter and returns the status and receipt.
func postKillBallot(client *http.Client, url string, fx *killFixture, rng *rand.Rand) (int, string, error) {
	var parts []string
	left := fx.Budget
	for _, i := range rng.Perm(len(fx.Projects)) {
		if p := fx.Projects[i]; p.Cost <= left && (len(parts) == 0 || rng.IntN(2) == 0) {
			parts = append(parts, fmt.Sprintf(`{"id":%d}`, p.ID))
			left -= p.Cost
		}
	}
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(`{"choices":[`+strings.Join(parts, ",")+`]}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", web.SessionCookie+"="+fx.Tokens[rng.IntN(len(fx.Tokens))])
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, "", err
	}
	var answer struct{ Receipt string }
	if err := json.Unmarshal(b, &answer); err != nil && resp.StatusCode == http.StatusCreated {
		return resp.StatusCode, "", err
	}
	return resp.StatusCode, answer.Receipt, nil
}
