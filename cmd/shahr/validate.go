package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/shahr-city/shahr/internal/pb"
)

// errInvalid makes `shahr tally --validate` exit non-zero.
var errInvalid = errors.New("the file is not valid pabulib")

// validateJSON is the JSON output of --validate.
type validateJSON struct {
	Valid    bool                 `json:"valid"`
	Errors   int                  `json:"errors"`
	Warnings int                  `json:"warnings"`
	Counts   map[string]countJSON `json:"counts"`
	Findings []findingJSON        `json:"findings"`
}

type countJSON struct {
	Severity string `json:"severity"`
	N        int    `json:"n"`
}

type findingJSON struct {
	Line     int    `json:"line"`
	Severity string `json:"severity"`
	Kind     string `json:"kind"`
	Section  string `json:"section,omitempty"`
	Field    string `json:"field,omitempty"`
	Message  string `json:"message"`
}

// validateFile runs pb.Validate on a file (or standard input for "-") and
// prints its report: the findings by line, then how many of each kind.
func validateFile(path string, f tallyFlags, out io.Writer) error {
	r := io.Reader(os.Stdin)
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return err
		}
		defer func() { _ = file.Close() }() // only read: closing it loses nothing
		r = file
	}
	var allow []string
	if f.allow != "" {
		allow = strings.Split(f.allow, ",")
	}
	rep, err := pb.Validate(r, pb.ValidateOptions{Allow: allow})
	if err != nil {
		return err
	}
	if f.format == "json" {
		err = printValidationJSON(out, rep)
	} else {
		err = printValidation(out, rep)
	}
	if err == nil && !rep.Valid() {
		err = errInvalid
	}
	return err
}

func printValidation(out io.Writer, rep *pb.Report) error {
	for _, fd := range rep.Findings {
		fmt.Fprintln(out, fd)
	}
	verdict := "valid pabulib"
	if !rep.Valid() {
		verdict = "NOT valid pabulib"
	}
	fmt.Fprintf(out, "%s: %d errors, %d warnings\n", verdict, rep.Errors, rep.Warnings)
	for _, kind := range slices.Sorted(maps.Keys(rep.Counts)) {
		c := rep.Counts[kind]
		fmt.Fprintf(out, "  %-18s %6d %s\n", kind, c.N, c.Severity)
	}
	return nil
}

func printValidationJSON(out io.Writer, rep *pb.Report) error {
	j := validateJSON{Valid: rep.Valid(), Errors: rep.Errors, Warnings: rep.Warnings,
		Counts: map[string]countJSON{}, Findings: []findingJSON{}}
	for kind, c := range rep.Counts {
		j.Counts[kind] = countJSON{c.Severity.String(), c.N}
	}
	for _, fd := range rep.Findings {
		j.Findings = append(j.Findings, findingJSON{fd.Line, fd.Severity.String(), fd.Kind, fd.Section, fd.Field, fd.Msg})
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(j)
}
