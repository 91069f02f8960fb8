package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/pb"
)

// errDiffers makes `shahr tally --check` exit non-zero.
var errDiffers = errors.New("the recomputed outcome differs from the file's selected column")

type tallyFlags struct {
	rule, by, utility, completion, add1Start, tie, format, counts, lang, allow string
	exhaustive, comparison, check, validate                                    bool
}

// tallyMemoryLimit is where the garbage collector comes back for tally:
// real pabulib files (the largest, Wroclaw 2021, is 3.4 MB and needs about
// 25 MB) stay far below it.
const tallyMemoryLimit = 1 << 30

func runTally(_ context.Context, args []string, out io.Writer) error {
	// Nearly everything tally allocates is the instance and its profile,
	// live until the outcome is printed: collecting would only mark them
	// over and over (a quarter of the CPU time on the largest files, and
	// a larger heap). The collector runs only past the memory limit.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(tallyMemoryLimit)
	fs, f := tallyFlagSet(out)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("tally: give one .pb file (or - for standard input)")
	}
	if f.format != "text" && f.format != "json" {
		return fmt.Errorf("tally: --format is text or json, not %q", f.format)
	}
	if _, ok := i18n.Parse(f.lang); !ok {
		return fmt.Errorf("tally: --lang is en or fa, not %q", f.lang)
	}
	if f.validate {
		return validateFile(fs.Arg(0), *f, out)
	}
	in, err := readInstance(fs.Arg(0))
	if err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { set[fl.Name] = true })
	if f.check {
		return checkOfficial(in, *f, set, out)
	}
	spec, err := f.spec(in, set)
	if err != nil {
		return err
	}
	r, err := pb.Run(in, spec)
	if err != nil {
		return err
	}
	return printResult(out, in, spec, r, *f)
}

// tallyFlagSet declares the flags of shahr tally.
func tallyFlagSet(out io.Writer) (*flag.FlagSet, *tallyFlags) {
	fs := newFlags("tally", "tally FILE.pb [flags]   (FILE may be - for standard input)", out)
	f := new(tallyFlags)
	fs.StringVar(&f.rule, "rule", "", "greedy | greedy-threshold | greedy-no-skip | mes | phragmen | utilitarian (default: the rule the file's META names; unknown counts as greedy)")
	fs.StringVar(&f.by, "by", "", "greedy: rank by votes or score (total points)")
	fs.StringVar(&f.utility, "utility", "cost", "mes: cost, approval, or points (cumulative, scoring and ordinal ballots; otherwise their approval projection is used)")
	fs.StringVar(&f.completion, "completion", "none", "mes: none, add1 (raise the per-voter budget one unit at a time) or add1u (add1, then greedy on what is left)")
	fs.StringVar(&f.add1Start, "add1-start", "exact", "add1: start from budget/voters exactly (pabutools) or rounded down to a whole unit (integral, equalshares.net)")
	fs.BoolVar(&f.exhaustive, "exhaustive", false, "add1: also stop as soon as the outcome leaves no money for another project")
	fs.BoolVar(&f.comparison, "comparison", false, "mes: switch to greedy by votes when more voters strictly prefer its outcome")
	fs.StringVar(&f.tie, "tie", "auto", "ties: id (project id as a string, pabutools), cost-votes (cheaper, then more votes), file (file order), auto (file order for greedy, cost-votes otherwise)")
	fs.StringVar(&f.counts, "counts", "ballots", "greedy: rank by counting the ballots, or by the file's PROJECTS votes/score columns (columns)")
	fs.StringVar(&f.format, "format", "text", "text or json")
	fs.StringVar(&f.lang, "lang", "en", "language of the text output's explanations: en or fa (JSON has both)")
	fs.BoolVar(&f.check, "check", false, "recompute the rule the file's META names and compare with its selected column; exit 1 on a difference")
	fs.BoolVar(&f.validate, "validate", false, "check the file against pabulib's format rules and list what breaks them, by line; exit 1 when it is not valid")
	fs.StringVar(&f.allow, "allow", "", "--validate: kinds of errors to report as warnings, comma-separated (a file's known quirks, e.g. duplicate-vote)")
	return fs, f
}

// readInstance reads a .pb file, or standard input for "-", for counting:
// the voters' columns other than their ballots are not kept
// (pb.ReadBallots). Errors are those of os.Open, and those of pb.Read (a
// *pb.ParseError, which names the line).
func readInstance(path string) (*pb.Instance, error) {
	if path == "-" {
		return pb.ReadBallots(os.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // only read: closing it loses nothing
	return pb.ReadBallots(f)
}

// spec starts from the file's META rule (or --rule) and applies the flags given.
func (f tallyFlags) spec(in *pb.Instance, set map[string]bool) (pb.Spec, error) {
	var s pb.Spec
	var err error
	if f.rule == "" {
		if s, err = pb.SpecFromMeta(in); err != nil {
			return s, err
		}
	} else {
		if !slices.Contains(pb.Rules, f.rule) {
			return s, fmt.Errorf("tally: unknown --rule %q (want %s)", f.rule, strings.Join(pb.Rules, ", "))
		}
		s = pb.Spec{Rule: f.rule}
		if f.rule == "greedy-threshold" {
			t, ok := in.MetaInt("min_project_score_threshold")
			if !ok {
				return s, errors.New("tally: greedy-threshold needs META min_project_score_threshold")
			}
			s.Threshold = t
		}
	}
	return f.apply(s, set)
}

// apply sets the options the flags name on top of a spec.
func (f tallyFlags) apply(s pb.Spec, set map[string]bool) (pb.Spec, error) {
	var err error
	if set["by"] {
		if f.by != "votes" && f.by != "score" {
			return s, fmt.Errorf("tally: --by is votes or score, not %q", f.by)
		}
		s.ByScore = f.by == "score"
	}
	if set["utility"] || s.Rule != "mes" || f.rule != "" {
		if s.Utility, err = parseUtility(f.utility); err != nil {
			return s, err
		}
	}
	if set["completion"] {
		if s.Completion, err = pb.ParseCompletion(f.completion); err != nil {
			return s, err
		}
	}
	if set["add1-start"] {
		if f.add1Start != "exact" && f.add1Start != "integral" {
			return s, fmt.Errorf("tally: --add1-start is exact or integral, not %q", f.add1Start)
		}
		s.IntegralStart = f.add1Start == "integral"
	}
	s.Exhaustive = s.Exhaustive || f.exhaustive
	s.Comparison = s.Comparison || f.comparison
	if s.Tie, err = pb.ParseTie(f.tie); err != nil {
		return s, err
	}
	if f.counts != "ballots" && f.counts != "columns" {
		return s, fmt.Errorf("tally: --counts is ballots or columns, not %q", f.counts)
	}
	s.FromColumns = f.counts == "columns"
	return s, nil
}

func parseUtility(s string) (pb.Utility, error) {
	switch s {
	case "cost":
		return pb.CostUtility, nil
	case "approval":
		return pb.ApprovalUtility, nil
	case "points":
		return pb.PointsUtility, nil
	}
	return 0, fmt.Errorf("tally: --utility is cost, approval or points, not %q", s)
}

// checkOfficial recomputes the file's META rule and compares the set it
// selects with the file's selected column.
func checkOfficial(in *pb.Instance, f tallyFlags, set map[string]bool, out io.Writer) error {
	official, ok := pb.Official(in)
	if !ok {
		return errors.New("tally --check: the file has no PROJECTS selected column")
	}
	s, err := pb.SpecFromMeta(in)
	if err != nil {
		return err
	}
	if s.Note != "" {
		return fmt.Errorf("tally --check: cannot check: %s", s.Note)
	}
	if set["tie"] || set["counts"] {
		if s, err = f.apply(s, map[string]bool{}); err != nil {
			return err
		}
	}
	r, err := pb.Run(in, s)
	if err != nil {
		return err
	}
	got := slices.Sorted(slices.Values(r.Outcome.SelectedIDs(r.Profile)))
	want := slices.Sorted(slices.Values(official))
	fmt.Fprintf(out, "rule %s (%s): %d projects selected, the file's selected column has %d\n", in.Rule(), r.Outcome.Rule, len(got), len(want))
	if slices.Equal(got, want) {
		fmt.Fprintln(out, "OK: the same projects")
		return nil
	}
	fmt.Fprintf(out, "DIFFERENT\n  only recomputed: %v\n  only in the file: %v\n", minus(got, want), minus(want, got))
	return errDiffers
}

func minus(a, b []string) []string {
	var out []string
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// tallyJSON is the JSON output.
type tallyJSON struct {
	Rule           string                     `json:"rule"`
	Selected       []string                   `json:"selected"`
	TotalCost      json.Number                `json:"total_cost"`
	Budget         json.Number                `json:"budget"`
	Tie            string                     `json:"tie"`
	Note           string                     `json:"note,omitempty"`
	Summary        textJSON                   `json:"summary"`
	PerVoterBudget string                     `json:"per_voter_budget,omitempty"`
	Steps          int                        `json:"steps,omitempty"`
	Comparison     *comparisonJSON            `json:"comparison,omitempty"`
	Explanations   map[string]explanationJSON `json:"explanations"`
}

type comparisonJSON struct {
	PreferMES        int64 `json:"prefer_mes"`
	PreferGreedy     int64 `json:"prefer_greedy"`
	SwitchedToGreedy bool  `json:"switched_to_greedy"`
}

type textJSON struct {
	Fa string `json:"fa"`
	En string `json:"en"`
}

type explanationJSON struct {
	Selected bool `json:"selected"`
	textJSON
}

func printResult(out io.Writer, in *pb.Instance, s pb.Spec, r pb.Result, f tallyFlags) error {
	o, m := r.Outcome, pb.MoneyOf(in)
	ex := pb.Explain(r.Profile, o, m)
	if f.format == "json" {
		sum := pb.Summary(r.Profile, o, m)
		j := tallyJSON{Rule: o.Rule, Selected: o.SelectedIDs(r.Profile), Tie: s.Tie.String(), Note: s.Note,
			Summary:   textJSON{Fa: sum.Fa, En: sum.En},
			TotalCost: json.Number(pb.FormatMoney(o.TotalCost, in.Scale)), Budget: json.Number(pb.FormatMoney(in.Budget, in.Scale)),
			Explanations: map[string]explanationJSON{}}
		if o.PerVoterBudget != nil && s.Completion != pb.NoCompletion {
			j.PerVoterBudget, j.Steps = o.PerVoterBudget.FloatString(2), o.Runs
		}
		if s.Comparison {
			j.Comparison = &comparisonJSON{o.PreferMES, o.PreferGreedy, o.SwitchedToGreedy}
		}
		for _, e := range ex {
			j.Explanations[e.ID] = explanationJSON{e.Selected, textJSON{Fa: e.Text.Fa, En: e.Text.En}}
		}
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(j)
	}
	return printText(out, in, s, r, ex, f)
}

func printText(out io.Writer, in *pb.Instance, s pb.Spec, r pb.Result, ex []pb.Explanation, f tallyFlags) error {
	o := r.Outcome
	l, _ := i18n.Parse(f.lang)
	fmt.Fprintf(out, "rule: %s (ties: %s)\n", o.Rule, s.Tie)
	if s.Note != "" {
		fmt.Fprintf(out, "note: %s\n", s.Note)
	}
	fmt.Fprintln(out, pb.Summary(r.Profile, o, pb.MoneyOf(in)).In(l))
	fmt.Fprintf(out, "selected, in order: %s\n\n", strings.Join(o.SelectedIDs(r.Profile), ", "))
	tw := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "project\tcost\tvotes\tfunded\twhy")
	for i, e := range ex {
		funded := "no"
		if e.Selected {
			funded = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", e.ID, pb.FormatMoney(in.Projects[i].Cost, in.Scale), o.Projects[i].Votes, funded, e.Text.In(l))
	}
	return tw.Flush()
}
