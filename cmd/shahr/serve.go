package main

import (
	"context"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/cli"
)

func runServe(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("serve", "serve [flags]", out)
	var db dbFlags
	db.register(fs)
	cfg := app.Config{}
	fs.StringVar(&cfg.Addr, "addr", envOr("SHAHR_ADDR", "127.0.0.1:8080"), "address to listen on (env SHAHR_ADDR)")
	fs.BoolVar(&cfg.Demo, "demo", os.Getenv("SHAHR_DEMO") == "1", "load demo content on first start (env SHAHR_DEMO=1)")
	fs.BoolVar(&cfg.TrustProxy, "trust-proxy", os.Getenv("SHAHR_TRUST_PROXY") == "1",
		"trust X-Forwarded-For and X-Forwarded-Proto from a reverse proxy (env SHAHR_TRUST_PROXY=1)")
	fs.StringVar(&cfg.TLSCert, "tls-cert", os.Getenv("SHAHR_TLS_CERT"), "certificate file to serve HTTPS (env SHAHR_TLS_CERT)")
	fs.StringVar(&cfg.TLSKey, "tls-key", os.Getenv("SHAHR_TLS_KEY"), "private key file to serve HTTPS (env SHAHR_TLS_KEY)")
	fs.StringVar(&cfg.SMSURL, "sms-url", os.Getenv("SHAHR_SMS_URL"),
		"HTTP SMS gateway URL; empty writes one-time codes to the log (env SHAHR_SMS_URL)")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 20*time.Second, "how long to wait for requests in flight on SIGTERM")
	logFormat := fs.String("log", envOr("SHAHR_LOG", "json"), "log format: json or text (env SHAHR_LOG)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// The key comes only from the environment, so it never shows in `ps`.
	cfg.SMSKey = os.Getenv("SHAHR_SMS_KEY")
	cfg.DataDir, cfg.DatabaseURL = db.data, db.database
	cfg.Log = newLogger(*logFormat)
	cli.TuneGC()
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, a)
	return a.Run(ctx)
}

func newLogger(format string) *slog.Logger {
	if format == "text" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(os.Stderr, nil))
}
