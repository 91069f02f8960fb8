package main_test

import (
	"bufio"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
)

// binary is the shahr command built once for these tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shahr-cli")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "shahr")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0") // as README.md's install command builds it
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build shahr: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestBinaryIsStatic: the binary the README's install command builds
// (CGO_ENABLED=0, as TestMain builds it) is one static file: it names no
// program interpreter (PT_INTERP) and needs no shared library
// (DT_NEEDED), so it runs on any Linux of its architecture.
func TestBinaryIsStatic(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skipf("an ELF check; this is %s", runtime.GOOS)
	}
	f, err := elf.Open(binary)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("the binary names a program interpreter: it is dynamically linked")
		}
	}
	libs, err := f.ImportedLibraries()
	if err != nil || len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v (%v)", libs, err)
	}
}

// shahr runs the command and returns its combined output.
func shahr(t testing.TB, stdin string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Stdin = strings.NewReader(stdin)
	cmd.Env = append(os.Environ(), "SHAHR_DATABASE_URL=", "SHAHR_DATA=")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestHelpExplainsEveryCommand(t *testing.T) {
	t.Parallel()
	out, err := shahr(t, "", "help")
	if err != nil {
		t.Fatalf("help: %v\n%s", err, out)
	}
	for _, c := range []string{"serve", "migrate", "user", "backup", "import", "verify", "version"} {
		if !strings.Contains(out, "  "+c+" ") {
			t.Errorf("help does not list %s:\n%s", c, out)
		}
		sub, err := shahr(t, "", "help", c)
		if err != nil || !strings.Contains(sub, "Usage: shahr "+c) {
			t.Errorf("help %s: %v\n%s", c, err, sub)
		}
	}
	for _, c := range []string{"page-load", "ballot-load"} { // the load generators are shahr-load's
		if strings.Contains(out, c) {
			t.Errorf("help lists %s, which is not the server's:\n%s", c, out)
		}
	}
	serve, _ := shahr(t, "", "serve", "-h")
	for _, f := range []string{"-addr", "SHAHR_ADDR", "-data", "SHAHR_DATA", "-database", "SHAHR_DATABASE_URL", "-demo", "-sms-url"} {
		if !strings.Contains(serve, f) {
			t.Errorf("serve -h does not mention %s", f)
		}
	}
	if out, err := shahr(t, "", "frobnicate"); err == nil || !strings.Contains(out, `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v\n%s", err, out)
	}
	if out, err := shahr(t, "", "version"); err != nil || !strings.HasPrefix(out, "shahr ") {
		t.Errorf("version: %v %s", err, out)
	}
}

// A report that cannot be written (here to a full disk) is an error: the
// command exits non-zero and says so, instead of succeeding silently.
func TestFailedOutputIsAnError(t *testing.T) {
	t.Parallel()
	full, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	cmd := exec.Command(binary, "version")
	var stderr strings.Builder
	cmd.Stdout, cmd.Stderr = full, &stderr
	if err := cmd.Run(); err == nil || !strings.Contains(stderr.String(), "shahr: writing the output:") {
		t.Errorf("version > /dev/full: %v, %q", err, stderr.String())
	}
}

func TestMigrateUserAndBackup(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	out, err := shahr(t, "", "migrate", "--data", data)
	// Every migration, named by hand: a new one must be added here.
	migrations := []string{"0001 foundation", "0002 budgeting", "0003 budgeting_work", "0004 budgeting_proposers", "0005 min_age",
		"0006 network", "0007 sister_cities", "0008 events", "0009 practices_services", "0010 support", "0011 network_indexes",
		"0012 support_indexes", "0013 events_audience", "0014 network_sweep", "0015 practice_groups",
		"0016 events_kind", "0017 org_version", "0018 health_probe", "0019 rate_backoff", "0020 ballot_chosen_headings",
		"0021 budgeting_account", "0022 budget_process_version", "0023 daily_limits"}
	if err != nil || !strings.Contains(out, fmt.Sprintf("applied %d migration", len(migrations))) {
		t.Fatalf("migrate: %v\n%s", err, out)
	}
	for _, m := range migrations {
		if !strings.Contains(out, m) {
			t.Errorf("migrate does not name %q:\n%s", m, out)
		}
	}
	if out, _ := shahr(t, "", "migrate", "--status", "--data", data); !strings.Contains(out, "applied 20") {
		t.Fatalf("migrate --status: %s", out)
	}
	out, err = shahr(t, "a passphrase of some length\n", "user", "create", "--data", data, "--email", "Op@City.example",
		"--name", "مدیر", "--password-stdin")
	if err != nil || strings.Contains(out, "password (shown once)") {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	out, err = shahr(t, "", "user", "password", "--data", data, "--email", "op@city.example")
	if err != nil || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("user password: %v\n%s", err, out)
	}
	_, generated, _ := strings.Cut(out, "password (shown once): ")
	generated = strings.TrimSpace(generated)
	if out, err := shahr(t, "", "user", "create", "--data", data, "--email", "op@city.example"); err == nil {
		t.Fatalf("a second account with one email: %s", out)
	}
	backup := filepath.Join(t.TempDir(), "copy.db")
	if out, err := shahr(t, "", "backup", "--data", data, "--to", backup); err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	if out, err := shahr(t, "", "backup", "--data", data, "--to", backup); err == nil {
		t.Fatalf("backup over an existing file: %s", out)
	}
	// The copy holds the account, with the generated password.
	db, err := store.Open(context.Background(), "sqlite:"+backup, "")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ids, err := identity.New(context.Background(), db, time.Now, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ids.PasswordSignIn(context.Background(), "op@city.example", generated, identity.Client{IP: "x"}, ""); err != nil {
		t.Fatalf("sign in on the backup with the generated password: %v", err)
	}
}

func TestImportGeo(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	file := filepath.Join(t.TempDir(), "provinces.csv")
	if err := os.WriteFile(file, []byte("id,name,slug,tel_prefix\n123,تهران,تهران,021\n106,خراسان رضوي,خراسان-رضوی,051\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := shahr(t, "", "import", "geo", "--data", data, file)
	if err != nil || !strings.Contains(out, "2 province place(s) written") {
		t.Fatalf("import geo: %v\n%s", err, out)
	}
	bad := filepath.Join(t.TempDir(), "x.csv")
	if err := os.WriteFile(bad, []byte("a,b\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := shahr(t, "", "import", "geo", "--data", data, bad); err == nil || !strings.Contains(out, "unknown file format") {
		t.Fatalf("unknown file: %v\n%s", err, out)
	}
}

// server is a running `shahr serve` process.
type server struct {
	cmd  *exec.Cmd
	addr string
	logs *apptest.SyncBuffer // written by the goroutine reading the server's stderr
	done chan error
}

// startServer runs `shahr serve` on a free port and waits for its
// "listening" log line.
func startServer(t testing.TB, env []string, args ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, logs: &apptest.SyncBuffer{}, done: make(chan error, 1)}
	lines := bufio.NewScanner(stderr)
	for lines.Scan() {
		s.logs.Write([]byte(lines.Text() + "\n"))
		var rec struct{ Msg, Addr string }
		if json.Unmarshal(lines.Bytes(), &rec) == nil && rec.Msg == "listening" {
			s.addr = strings.TrimPrefix(rec.Addr, "http://")
			break
		}
	}
	if s.addr == "" {
		cmd.Process.Kill()
		t.Fatalf("the server did not start:\n%s", s.logs)
	}
	go func() {
		rest, _ := io.ReadAll(stderr)
		s.logs.Write(rest)
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() { cmd.Process.Kill() })
	return s
}

func (s *server) get(t testing.TB, path string) int {
	t.Helper()
	resp, err := http.Get("http://" + s.addr + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// demoData is a data folder holding a copy of the demo's SQLite snapshot.
func demoData(t testing.TB) string {
	t.Helper()
	return filepath.Dir(strings.TrimPrefix(apptest.DemoURL(t, store.SQLite), "sqlite:"))
}

func TestServeStopsCleanlyOnSIGTERM(t *testing.T) {
	t.Parallel()
	s := startServer(t, nil, "--data", demoData(t), "--demo")
	if code := s.get(t, "/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	if code := s.get(t, "/orgs/tehran-district-21"); code != 200 {
		t.Fatalf("district page: %d", code)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-s.done; err != nil {
		t.Fatalf("exit after SIGTERM: %v\n%s", err, s.logs)
	}
	if !strings.Contains(s.logs.String(), "stopped cleanly") {
		t.Fatalf("no clean stop in the log:\n%s", s.logs)
	}
}

// The same binary runs on PostgreSQL, configured from the environment.
func TestServeOnPostgres(t *testing.T) {
	t.Parallel()
	s := startServer(t, []string{"SHAHR_DATABASE_URL=" + apptest.DemoURL(t, store.Postgres), "SHAHR_DEMO=1"})
	if code := s.get(t, "/healthz"); code != 200 {
		t.Fatalf("healthz on PostgreSQL: %d", code)
	}
	if code := s.get(t, "/orgs/karaj"); code != 200 {
		t.Fatalf("Karaj on PostgreSQL: %d", code)
	}
	if !strings.Contains(s.logs.String(), `"engine":"postgres"`) {
		t.Fatalf("not running on PostgreSQL:\n%s", s.logs)
	}
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := <-s.done; err != nil {
		t.Fatalf("exit: %v", err)
	}
}

// BenchmarkColdStart measures the time from starting `shahr serve` on an
// existing database to its first 200 on /healthz.
func BenchmarkColdStart(b *testing.B) {
	data := demoData(b)
	first := startServer(b, nil, "--data", data, "--demo")
	first.cmd.Process.Signal(syscall.SIGTERM)
	<-first.done
	var worst time.Duration
	for b.Loop() {
		start := time.Now()
		cmd := exec.Command(binary, "serve", "--addr", "127.0.0.1:18081", "--data", data)
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		for {
			resp, err := http.Get("http://127.0.0.1:18081/healthz")
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode == 200 {
					break
				}
			}
			time.Sleep(500 * time.Microsecond)
		}
		worst = max(worst, time.Since(start))
		cmd.Process.Signal(syscall.SIGTERM)
		cmd.Wait()
	}
	b.ReportMetric(float64(worst.Milliseconds()), "worst-ms")
}
