package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/cli"
	"github.com/shahr-city/shahr/internal/geo"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
)

// open opens and migrates the database named by the flags.
func (d dbFlags) open(ctx context.Context) (*store.DB, error) {
	db, err := store.Open(ctx, d.database, d.data)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, time.Now()); err != nil {
		return nil, errors.Join(err, db.Close())
	}
	return db, nil
}

func runMigrate(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("migrate", "migrate [--status] [flags]", out)
	var d dbFlags
	d.register(fs)
	status := fs.Bool("status", false, "list migrations and when each was applied, without applying any")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := store.Open(ctx, d.database, d.data)
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, db)
	if !*status {
		n, err := db.Migrate(ctx, time.Now())
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "applied %d migration(s) to %s (%s)\n", n, db.Location, db.Dialect)
	}
	ms, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	for _, m := range ms {
		state := "pending"
		if !m.AppliedAt.IsZero() {
			state = "applied " + m.AppliedAt.Format(time.RFC3339)
		}
		fmt.Fprintf(out, "%04d %-24s %s\n", m.Version, m.Name, state)
	}
	return nil
}

func runUser(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("user", "user create|password --email EMAIL [flags]", out)
	var d dbFlags
	d.register(fs)
	email := fs.String("email", "", "the account's email address")
	name := fs.String("name", "", "the person's name (create)")
	superuser := fs.Bool("superuser", true, "make the account the installation's operator (create)")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input; otherwise one is generated and printed")
	if len(args) == 0 || (args[0] != "create" && args[0] != "password") {
		return fs.Parse(append(args, "-h")) // shows the usage; returns flag.ErrHelp
	}
	verb := args[0]
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	password, generated, err := readPassword(*fromStdin)
	if err != nil {
		return err
	}
	db, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, db)
	ids, err := identity.New(ctx, db, time.Now, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	if verb == "create" {
		_, err = ids.CreateStaff(ctx, 0, identity.StaffInput{Email: *email, Name: *name, Password: password, Superuser: *superuser})
	} else {
		err = setPassword(ctx, ids, *email, password)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%s: done for %s\n", verb, *email)
	if generated {
		fmt.Fprintf(out, "password (shown once): %s\n", password)
	}
	return nil
}

func setPassword(ctx context.Context, ids *identity.Service, email, password string) error {
	u, err := ids.FindByContact(ctx, email)
	if err != nil {
		return err
	}
	return ids.SetPassword(ctx, 0, u.ID, password)
}

func readPassword(fromStdin bool) (string, bool, error) {
	if !fromStdin {
		b := make([]byte, 18)
		if _, err := rand.Read(b); err != nil {
			return "", false, err
		}
		return base64.RawURLEncoding.EncodeToString(b), true, nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, err
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

func runBackup(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("backup", "backup --to FILE [flags]", out)
	var d dbFlags
	d.register(fs)
	to := fs.String("to", "", "file to write; must not exist (SQLite: a database file; PostgreSQL: a pg_dump archive)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *to == "" {
		fs.Usage()
		return errors.New("backup: --to is required")
	}
	db, err := store.Open(ctx, d.database, d.data)
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, db)
	if err := db.Backup(ctx, *to); err != nil {
		return err
	}
	fmt.Fprintf(out, "backup of %s written to %s\n", db.Location, *to)
	return nil
}

func runImport(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("import", "import geo FILE [flags]", out)
	var d dbFlags
	d.register(fs)
	if len(args) == 0 || args[0] != "geo" {
		return fs.Parse(append(args, "-h"))
	}
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("import geo: give one file")
	}
	db, err := d.open(ctx)
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, db)
	res, err := geo.ImportFile(ctx, db, fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %s: %d %s place(s) written, %d updated with geometry, %d not matched\n",
		fs.Arg(0), res.Written, res.Kind, res.Geometries, res.Unmatched)
	return nil
}

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = ""

func runVersion(_ context.Context, args []string, out io.Writer) error {
	if err := newFlags("version", "version", out).Parse(args); err != nil {
		return err
	}
	v := version
	if info, ok := debug.ReadBuildInfo(); ok && v == "" {
		v = info.Main.Version
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" {
				v += " " + s.Value
			}
		}
	}
	fmt.Fprintf(out, "shahr %s\n", strings.TrimSpace(v))
	return nil
}
