// Command shahr is the whole platform in one binary: the web server and
// the operator's commands (migrations, accounts, backups, imports).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, out io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "run the web server", runServe},
		{"migrate", "apply database migrations (or show their status)", runMigrate},
		{"user", "create a staff account or set its password", runUser},
		{"backup", "write a consistent copy of the live database", runBackup},
		{"import", "import reference data (shahr import geo FILE)", runImport},
		{"tally", "count a participatory-budgeting file (pabulib .pb) under a selection rule", runTally},
		{"tally-bench", "time every rule of a pabulib folder's expected.json, beside pabutools", runTallyBench},
		{"ballot-load", "post ballots over HTTP to a server on loopback and report ballots/s and latency", runBallotLoad},
		{"page-load", "seed a large installation, load the associations, events and support pages over HTTP, report req/s and latency", runPageLoad},
		{"version", "print the version", runVersion},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.Is(err, errDiffers):
		os.Exit(1)
	default:
		fmt.Fprintln(os.Stderr, "shahr:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		return help(args, out)
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(ctx, args[1:], out)
		}
	}
	usage(out)
	return fmt.Errorf("unknown command %q", args[0])
}

func help(args []string, out io.Writer) error {
	if len(args) > 1 {
		return run(context.Background(), []string{args[1], "-h"}, out)
	}
	usage(out)
	return nil
}

func usage(out io.Writer) {
	fmt.Fprintln(out, "Shahr: participatory budgeting, councils and networks of cities, in one binary.")
	fmt.Fprintln(out, "\nUsage: shahr COMMAND [flags]")
	fmt.Fprintln(out, "\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(out, "  %-11s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(out, "\n\"shahr help COMMAND\" or \"shahr COMMAND -h\" explains a command's flags.")
}

// newFlags returns a flag set that prints its usage to out.
func newFlags(name, synopsis string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: shahr %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	data     string
	database string
}

func (d *dbFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&d.data, "data", envOr("SHAHR_DATA", "./data"), "folder for the embedded SQLite database and files (env SHAHR_DATA)")
	fs.StringVar(&d.database, "database", os.Getenv("SHAHR_DATABASE_URL"),
		"postgres://user@host/db to use PostgreSQL instead of SQLite (env SHAHR_DATABASE_URL)")
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
