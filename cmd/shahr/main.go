// Command shahr is the whole platform in one binary: the web server and
// the operator's commands (migrations, accounts, backups, imports). The
// load generators are a command of their own, shahr-load.
package main

import (
	"flag"
	"io"
	"os"

	"github.com/shahr-city/shahr/internal/cli"
)

func program() cli.Program {
	return cli.Program{
		Name:  "shahr",
		Intro: "Shahr: participatory budgeting, councils and networks of cities, in one binary.",
		Commands: []cli.Command{
			{Name: "serve", Summary: "run the web server", Run: runServe},
			{Name: "migrate", Summary: "apply database migrations (or show their status)", Run: runMigrate},
			{Name: "user", Summary: "create a staff account or set its password", Run: runUser},
			{Name: "backup", Summary: "write a consistent copy of the live database", Run: runBackup},
			{Name: "import", Summary: "import reference data (shahr import geo FILE)", Run: runImport},
			{Name: "tally", Summary: "count a participatory-budgeting file (pabulib .pb) under a selection rule", Run: runTally},
			{Name: "verify", Summary: "check a heading's published ballots file against its chain, offline", Run: runVerify},
			{Name: "tally-bench", Summary: "time every rule of a pabulib folder's expected.json, beside pabutools", Run: runTallyBench},
			{Name: "version", Summary: "print the version", Run: runVersion},
		},
	}
}

func main() { program().Main(errDiffers) }

// newFlags returns a flag set that prints its usage to out.
func newFlags(name, synopsis string, out io.Writer) *flag.FlagSet {
	return cli.NewFlags("shahr", name, synopsis, out)
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
