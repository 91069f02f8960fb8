package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/pb"
)

// referenceEntry is what expected.json says of one rule on one file:
// how long pabutools took, or that it did not finish.
type referenceEntry struct {
	Seconds *float64 `json:"pabutools_seconds"`
	Timeout *float64 `json:"pabutools_timeout_seconds"`
}

// benchRow is one rule on one file, timed as a whole `shahr tally`
// process: start-up, reading and parsing the file, counting, explaining
// and printing.
type benchRow struct {
	file              string
	voters, projects  int
	key               string
	wall, cpu         time.Duration // the fastest of the repeats, each
	pabutools         float64       // seconds, or the timeout
	pabutoolsTimedOut bool
}

func runTallyBench(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("tally-bench", "tally-bench DIR   (a pabulib folder with expected.json, such as ../shared/pabulib)", out)
	repeat := fs.Int("repeat", 3, "run each rule this many times and keep the fastest")
	only := fs.String("only", "", "only the files whose name contains this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *repeat < 1 {
		fs.Usage()
		return errors.New("tally-bench: give one folder, and --repeat of at least 1")
	}
	self, err := os.Executable()
	if err != nil {
		return fmt.Errorf("tally-bench: %w", err)
	}
	dir := fs.Arg(0)
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		return fmt.Errorf("tally-bench: %w", err)
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		return fmt.Errorf("tally-bench: expected.json: %w", err)
	}
	fmt.Fprintf(out, "Each rule runs as a whole `shahr tally` process (start-up, parsing, counting, explaining, printing), best of %d.\n", *repeat)
	fmt.Fprintln(out, "CPU is the process's user + system time, which other programs on the machine do not inflate as they do wall time.")
	fmt.Fprintln(out, "\n| file | voters | projects | rule | wall ms | CPU ms | pabutools s | faster (CPU) |")
	fmt.Fprintln(out, "|---|---:|---:|---|---:|---:|---:|---:|")
	var rows []benchRow
	for _, file := range slices.Sorted(maps.Keys(all)) {
		if !strings.Contains(file, *only) {
			continue
		}
		fileRows, err := benchFile(ctx, self, dir, file, all[file], *repeat)
		if err != nil {
			return err
		}
		for _, r := range fileRows {
			fmt.Fprintln(out, r.markdown())
		}
		rows = append(rows, fileRows...)
	}
	printBenchSummary(out, rows)
	return nil
}

// benchFile times every rule expected.json lists for one file.
func benchFile(ctx context.Context, self, dir, file string, entries map[string]json.RawMessage, repeat int) ([]benchRow, error) {
	path := filepath.Join(dir, file)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	in, err := pb.Read(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var rows []benchRow
	for _, key := range slices.Sorted(maps.Keys(entries)) {
		spec, ok := pb.ReferenceKeys[key]
		if !ok {
			continue // _info
		}
		var ref referenceEntry
		if err := json.Unmarshal(entries[key], &ref); err != nil {
			return nil, fmt.Errorf("%s %s: %w", file, key, err)
		}
		row := benchRow{file: file, voters: in.Voters.Len(), projects: len(in.Projects), key: key}
		if ref.Timeout != nil {
			row.pabutools, row.pabutoolsTimedOut = *ref.Timeout, true
		} else if ref.Seconds != nil {
			row.pabutools = *ref.Seconds
		}
		args := append(append([]string{"tally"}, specArgs(spec)...), path)
		for range repeat {
			wall, cpu, err := timeProcess(ctx, self, args)
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", file, key, err)
			}
			if row.wall == 0 || wall < row.wall {
				row.wall = wall
			}
			if row.cpu == 0 || cpu < row.cpu {
				row.cpu = cpu
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// timeProcess runs the command once, its output discarded, and returns
// its wall time and CPU time.
func timeProcess(ctx context.Context, name string, args []string) (wall, cpu time.Duration, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Run(); err != nil {
		return 0, 0, fmt.Errorf("%s: %w: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	wall = time.Since(start)
	return wall, cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime(), nil
}

// completionNames are the --completion values.
var completionNames = map[pb.Completion]string{pb.NoCompletion: "none", pb.Add1: "add1", pb.Add1U: "add1u"}

// specArgs are the `shahr tally` flags that compute a spec of
// pb.ReferenceKeys (EXPECTED.md lists the same).
func specArgs(s pb.Spec) []string {
	args := []string{"--rule", s.Rule, "--tie", s.Tie.String()}
	if s.ByScore {
		args = append(args, "--by", "score")
	}
	if s.Rule == "mes" {
		args = append(args, "--completion", completionNames[s.Completion])
		if s.Completion != pb.NoCompletion {
			start := "exact"
			if s.IntegralStart {
				start = "integral"
			}
			args = append(args, "--add1-start", start)
		}
		if s.Exhaustive {
			args = append(args, "--exhaustive")
		}
	}
	return args
}

// speedup is pabutools' time over our process's CPU time (a lower bound
// when pabutools timed out).
func (r benchRow) speedup() float64 { return r.pabutools / r.cpu.Seconds() }

func millis(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func (r benchRow) markdown() string {
	ref, faster := fmt.Sprintf("%.2f", r.pabutools), fmt.Sprintf("%.0f×", r.speedup())
	if r.pabutoolsTimedOut {
		ref, faster = fmt.Sprintf("> %.0f (timed out)", r.pabutools), "> "+faster
	}
	return fmt.Sprintf("| %s | %d | %d | %s | %.1f | %.1f | %s | %s |", strings.TrimSuffix(r.file, ".pb"), r.voters, r.projects, r.key,
		millis(r.wall), millis(r.cpu), ref, faster)
}

// printBenchSummary counts how the rules pabutools took a second or more
// on (those it did not finish included) fare against the goal of being
// 100 times faster, and names the worst.
func printBenchSummary(out io.Writer, rows []benchRow) {
	var slow, fast int
	var worst, slowest benchRow
	for _, r := range rows {
		if r.cpu > slowest.cpu {
			slowest = r
		}
		if r.pabutools < 1 {
			continue
		}
		slow++
		if r.speedup() >= 100 {
			fast++
		}
		if worst.file == "" || r.speedup() < worst.speedup() {
			worst = r
		}
	}
	fmt.Fprintf(out, "\n%d rules timed; of the %d that took pabutools 1 s or more (or that it did not finish), %d are at least 100× faster here.\n", len(rows), slow, fast)
	if worst.file != "" {
		fmt.Fprintf(out, "Worst of those: %s %s, %.0f× (%.1f ms CPU against %.2f s).\n", worst.file, worst.key, worst.speedup(), millis(worst.cpu), worst.pabutools)
	}
	if slowest.file != "" {
		fmt.Fprintf(out, "Slowest here: %s %s, %.1f ms CPU.\n", slowest.file, slowest.key, millis(slowest.cpu))
	}
}
