// Package cli holds what Shahr's commands (shahr, shahr-load) share: a
// table of subcommands with its help, flag sets that print their usage to
// the command's output, and the garbage-collector setting of the commands
// that serve requests.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Command is one subcommand.
type Command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, args []string, out io.Writer) error
}

// Program is a command made of subcommands.
type Program struct {
	Name     string // as typed: "shahr"
	Intro    string // the first line of its help
	Commands []Command
}

// Main runs the subcommand that os.Args names until it returns or the
// process is interrupted, and exits 1 on an error: printed, unless it is
// one of quiet (the command has already said what it had to).
func (p Program) Main(quiet ...error) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	out := &output{w: os.Stdout}
	err := p.Run(ctx, os.Args[1:], out)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		err = nil
	}
	if out.err != nil {
		err = errors.Join(err, fmt.Errorf("writing the output: %w", out.err))
	}
	if err == nil {
		return
	}
	for _, q := range quiet {
		if errors.Is(err, q) {
			os.Exit(1)
		}
	}
	fmt.Fprintf(os.Stderr, "%s: %v\n", p.Name, err)
	os.Exit(1)
}

// output is a command's standard output. It keeps the first failed write
// (a full disk, a closed pipe), which Main reports, so the commands'
// reports need not check every line they print.
type output struct {
	w   io.Writer
	err error
}

func (o *output) Write(b []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(b)
	if err != nil {
		o.err = err
	}
	return n, err
}

// Run runs the subcommand args[0] with the rest of args, or prints the
// help: with no arguments, for "help", -h and --help, and for an unknown
// subcommand (then an error too). "help NAME" is "NAME -h".
func (p Program) Run(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return p.Run(ctx, []string{args[1], "-h"}, out)
		}
		p.usage(out)
		return nil
	}
	for _, c := range p.Commands {
		if c.Name == args[0] {
			return c.Run(ctx, args[1:], out)
		}
	}
	p.usage(out)
	return fmt.Errorf("unknown command %q", args[0])
}

func (p Program) usage(out io.Writer) {
	width := 0
	for _, c := range p.Commands {
		width = max(width, len(c.Name))
	}
	fmt.Fprintln(out, p.Intro)
	fmt.Fprintf(out, "\nUsage: %s COMMAND [flags]\n", p.Name)
	fmt.Fprintln(out, "\nCommands:")
	for _, c := range p.Commands {
		fmt.Fprintf(out, "  %-*s %s\n", width, c.Name, c.Summary)
	}
	fmt.Fprintf(out, "\n\"%[1]s help COMMAND\" or \"%[1]s COMMAND -h\" explains a command's flags.\n", p.Name)
}

// NewFlags returns the flag set of the subcommand name of program, which
// prints its usage ("Usage: program synopsis", then the flags) to out.
func NewFlags(program, name, synopsis string, out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: %s %s\n\nFlags:\n", program, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// JoinClose closes c and joins its error to *err. Deferred with a named
// result, it makes a command report a failed close of what it wrote.
func JoinClose(err *error, c io.Closer) { *err = errors.Join(*err, c.Close()) }

// TuneGC lets the heap grow to three times the live data between
// collections (Go's default is twice) unless GOGC says otherwise. A page
// allocates tens of kilobytes that die at once, and the server's live heap
// is small, so this trades a few megabytes for about a fifth less CPU per
// request (measured on the organization page).
func TuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
}
