package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/cli"
)

// The server under load runs in a process of its own, so that the CPU
// time it takes is measured apart from the clients': by default this
// program again (`shahr-load serve`, the server as `shahr serve` runs
// it), or any `shahr` binary (--server), to compare two builds on the
// same database with the same clients.

// runServe is `shahr-load serve`: the server alone, on loopback, logging
// JSON lines to its standard error as `shahr serve` does.
func runServe(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("serve", "serve --database URL [flags]", out)
	dbURL := fs.String("database", "", "sqlite:PATH or postgres:// URL of a database a load run set up")
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of the server to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dbURL == "" {
		fs.Usage()
		return errors.New("shahr-load serve: --database is required")
	}
	cli.TuneGC()
	stopProfile, err := profileCPU(*cpuProfile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	a, err := app.New(ctx, app.Config{Addr: *addr, DatabaseURL: *dbURL, Log: slog.New(slog.NewJSONHandler(os.Stderr, nil))})
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, a)
	return a.Run(ctx)
}

// child is a server running in a process of its own.
type child struct {
	cmd  *exec.Cmd
	base string     // http://127.0.0.1:PORT
	logs chan error // the end of copying its log
}

// startChild starts `serve` of the program argv names (argv[0], then
// the arguments before the command) on dbURL, copies its log to logTo,
// and returns once it listens.
func startChild(argv []string, dbURL string, logTo io.Writer, extra ...string) (*child, error) {
	args := append(append(argv[1:len(argv):len(argv)], "serve", "--database", dbURL, "--addr", "127.0.0.1:0"), extra...)
	cmd := exec.Command(argv[0], args...)
	cmd.Stdout = logTo
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("shahr-load: start the server: %w", err)
	}
	c := &child{cmd: cmd, logs: make(chan error, 1)}
	listening := make(chan string, 1)
	go func() { c.logs <- copyLog(stderr, logTo, listening) }()
	select {
	case addr := <-listening:
		c.base = addr
		return c, nil
	case <-time.After(2 * time.Minute):
		_ = cmd.Process.Kill() // it fails only when the process has ended already
		err = <-c.logs
	case err = <-c.logs: // it ended before listening
	}
	return nil, fmt.Errorf("shahr-load: the server did not start listening (%v); --server-log keeps its log", errors.Join(err, cmd.Wait()))
}

// copyLog copies the server's log lines to w and sends the address of
// its "listening" line to listening.
func copyLog(r io.Reader, w io.Writer, listening chan<- string) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	found := false
	for sc.Scan() {
		line := sc.Bytes()
		if !found {
			var l struct{ Msg, Addr string }
			if json.Unmarshal(line, &l) == nil && l.Msg == "listening" {
				found = true
				listening <- l.Addr
			}
		}
		if _, err := w.Write(append(line, '\n')); err != nil {
			return err
		}
	}
	return sc.Err()
}

// stop ends the server as an operator would (SIGTERM: it drains requests
// in flight and closes its connections) and waits for it.
func (c *child) stop() error {
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		return err
	}
	logErr := <-c.logs
	return errors.Join(c.cmd.Wait(), logErr)
}

// serverMetrics reads the server's counters from its /metrics: its CPU
// time, and the ballot batches it committed (-1 for a build that does not
// count them).
func serverMetrics(ctx context.Context, base string) (cpu time.Duration, batches float64, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/metrics", nil)
	if err != nil {
		return 0, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return 0, 0, fmt.Errorf("shahr-load: %s/metrics: status %d", base, resp.StatusCode)
	}
	batches, seconds := -1.0, -1.0
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), " ")
		v, perr := strconv.ParseFloat(value, 64)
		switch {
		case !ok || perr != nil:
		case name == "process_cpu_seconds_total":
			seconds = v
		case name == "shahr_ballot_batches_total":
			batches = v
		}
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	if seconds < 0 {
		return 0, 0, fmt.Errorf("shahr-load: %s/metrics has no process_cpu_seconds_total", base)
	}
	return time.Duration(seconds * float64(time.Second)), batches, nil
}

// serverUse is what the server spent during a run.
type serverUse struct {
	cpu     time.Duration // its user and system CPU time
	batches float64       // ballot batches it committed; -1 for a build that does not count them
	db      *dbCounters   // PostgreSQL: the run database's counts while the server ran, less its start and stop
	load    string        // the machine's load average at the end
}

// report writes the server's figures, per ballot answered (accepted or
// refused) and per batch.
func (u serverUse) report(out io.Writer, r *loadResult) {
	answered := float64(r.accepted + r.refused)
	if answered == 0 {
		return
	}
	fmt.Fprintf(out, "server: %.1fs CPU, %.3f ms a ballot answered", u.cpu.Seconds(), millis(u.cpu)/answered)
	if u.batches > 0 {
		fmt.Fprintf(out, "; %.0f batches, %.1f ballots a batch", u.batches, answered/u.batches)
	}
	fmt.Fprintln(out)
	if u.db != nil {
		fmt.Fprintf(out, "database: %d transactions committed (%.3f a ballot", u.db.xacts, float64(u.db.xacts)/answered)
		if u.batches > 0 {
			fmt.Fprintf(out, ", %.2f a batch", float64(u.db.xacts)/u.batches)
		}
		fmt.Fprintf(out, "), %d rows fetched (%.1f a ballot), less what the server's start and stop take\n", u.db.fetched, float64(u.db.fetched)/answered)
	}
	fmt.Fprintf(out, "machine: load average %s (1, 5, 15 minutes) at the end\n", u.load)
}

// loadAverage is the machine's load average, as uptime shows it, or "?"
// where /proc does not say.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

// millis is d in milliseconds.
func millis(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
