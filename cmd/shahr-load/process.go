package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"os"
	"runtime/pprof"

	"github.com/shahr-city/shahr/internal/app"
)

// serve starts a's server on its loopback address in the background and
// returns its base URL and what stops it (and returns the server's error).
func serve(ctx context.Context, a *app.App) (base string, stop func() error, err error) {
	if err := a.Listen(); err != nil {
		return "", nil, err
	}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Run(runCtx) }()
	return "http://" + a.Addr(), func() error { cancel(); return <-done }, nil
}

// profileCPU starts a CPU profile written to path (nothing when path is
// empty) and returns what stops it and closes the file.
func profileCPU(path string) (stop func() error, err error) {
	if path == "" {
		return func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		return nil, errors.Join(err, f.Close())
	}
	return func() error {
		pprof.StopCPUProfile()
		return f.Close()
	}, nil
}

// serverLog is the logger of the server under load, writing JSON lines to
// path (appended), as `shahr serve` logs; close closes the file.
func serverLog(path string) (log *slog.Logger, close func() error, err error) {
	f, err := logFile(path)
	if err != nil {
		return nil, nil, err
	}
	return slog.New(slog.NewJSONHandler(f, nil)), f.Close, nil
}

// logFile opens path for a server's log, appending.
func logFile(path string) (*os.File, error) {
	return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
}

// randomTag is eight random hexadecimal digits, to name what a run
// creates apart from what earlier runs left.
func randomTag() string {
	b := make([]byte, 4)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return hex.EncodeToString(b)
}
