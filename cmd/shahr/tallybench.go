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

// benchRow is one timed rule on one file.
type benchRow struct {
	file              string
	voters, projects  int
	key               string
	best              time.Duration // fastest of the repeats, parsing included
	pabutools         float64       // seconds, or the timeout
	pabutoolsTimedOut bool
}

func runTallyBench(ctx context.Context, args []string, out io.Writer) error {
	fs := newFlags("tally-bench", "tally-bench DIR   (a pabulib folder with expected.json, such as ../shared/pabulib)", out)
	repeat := fs.Int("repeat", 3, "time each rule this many times and keep the fastest")
	only := fs.String("only", "", "only the files whose name contains this")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 || *repeat < 1 {
		fs.Usage()
		return errors.New("tally-bench: give one folder, and --repeat of at least 1")
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
	fmt.Fprintf(out, "| file | voters | projects | rule | ms (parse + count, best of %d) | pabutools s | faster |\n", *repeat)
	fmt.Fprintln(out, "|---|---:|---:|---|---:|---:|---:|")
	var rows []benchRow
	for _, file := range slices.Sorted(maps.Keys(all)) {
		if !strings.Contains(file, *only) {
			continue
		}
		fileRows, err := benchFile(ctx, dir, file, all[file], *repeat)
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
func benchFile(ctx context.Context, dir, file string, entries map[string]json.RawMessage, repeat int) ([]benchRow, error) {
	data, err := os.ReadFile(filepath.Join(dir, file))
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
		row := benchRow{file: file, voters: len(in.Voters), projects: len(in.Projects), key: key}
		if ref.Timeout != nil {
			row.pabutools, row.pabutoolsTimedOut = *ref.Timeout, true
		} else if ref.Seconds != nil {
			row.pabutools = *ref.Seconds
		}
		for range repeat {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			start := time.Now()
			in, err := pb.Read(bytes.NewReader(data))
			if err == nil {
				_, err = pb.Run(in, spec)
			}
			if err != nil {
				return nil, fmt.Errorf("%s %s: %w", file, key, err)
			}
			if d := time.Since(start); row.best == 0 || d < row.best {
				row.best = d
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

func (r benchRow) ms() float64 { return float64(r.best.Microseconds()) / 1000 }

// speedup is pabutools' time over ours (a lower bound when pabutools
// timed out).
func (r benchRow) speedup() float64 { return r.pabutools / r.best.Seconds() }

func (r benchRow) markdown() string {
	ref, faster := fmt.Sprintf("%.2f", r.pabutools), fmt.Sprintf("%.0f×", r.speedup())
	if r.pabutoolsTimedOut {
		ref, faster = fmt.Sprintf("> %.0f (timed out)", r.pabutools), "> "+faster
	}
	return fmt.Sprintf("| %s | %d | %d | %s | %.1f | %s | %s |", strings.TrimSuffix(r.file, ".pb"), r.voters, r.projects, r.key, r.ms(), ref, faster)
}

// printBenchSummary counts how the rules fare against the 100× goal,
// leaving out those pabutools itself did in under 0.1 s, where its
// time says more about its start-up than about counting.
func printBenchSummary(out io.Writer, rows []benchRow) {
	var measured, fast int
	var slowest benchRow
	for _, r := range rows {
		if r.pabutools < 0.1 {
			continue
		}
		measured++
		if r.speedup() >= 100 {
			fast++
		}
		if r.best > slowest.best {
			slowest = r
		}
	}
	fmt.Fprintf(out, "\n%d rules timed; of the %d that took pabutools 0.1 s or more, %d are at least 100× faster here.\n", len(rows), measured, fast)
	if slowest.file != "" {
		fmt.Fprintf(out, "Slowest here: %s %s, %.0f ms.\n", slowest.file, slowest.key, slowest.ms())
	}
}
