// Command shahr-load measures a Shahr server as its users load it: it
// seeds or sets up a database, starts the real server on loopback and
// sends it requests over HTTP, then reports rates and latencies. It is
// kept out of the server binary, which has no use for it.
package main

import (
	"flag"
	"io"

	"github.com/shahr-city/shahr/internal/cli"
)

func program() cli.Program {
	return cli.Program{
		Name:  "shahr-load",
		Intro: "shahr-load: load generators for the Shahr server, on loopback.",
		Commands: []cli.Command{
			{Name: "ballot", Summary: "post ballots over HTTP to a server on loopback and report ballots/s and latency", Run: runBallotLoad},
			{Name: "page", Summary: "seed a large installation, load the associations, events and support pages over HTTP, report req/s and latency", Run: runPageLoad},
			{Name: "serve", Summary: "the server alone, as `ballot` starts it in a process of its own (on a database a run set up)", Run: runServe},
		},
	}
}

func main() { program().Main() }

// newFlags returns a flag set that prints its usage to out.
func newFlags(name, synopsis string, out io.Writer) *flag.FlagSet {
	return cli.NewFlags("shahr-load", name, synopsis, out)
}
