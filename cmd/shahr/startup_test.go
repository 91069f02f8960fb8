package main_test

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestStartupDoesNoWork runs `shahr version` with the runtime's init trace
// and checks that no package of ours does real work before main: each may
// register its messages and build its small tables, but not hash, compile
// or compute (the argon2id hash identity once made at start-up allocated
// 19 MiB). Bytes allocated, unlike time, do not depend on the machine.
func TestStartupDoesNoWork(t *testing.T) {
	t.Parallel()
	const limit = 256 << 10 // the largest catalog (sistercity's, with country names) takes about 130 KiB
	cmd := exec.Command(binary, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var trace strings.Builder
	cmd.Stderr = &trace
	if err := cmd.Run(); err != nil {
		t.Fatalf("version: %v\n%s", err, trace.String())
	}
	ours := 0
	for line := range strings.Lines(trace.String()) {
		// init PACKAGE @T ms, T ms clock, BYTES bytes, N allocs
		f := strings.Fields(line)
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || !strings.HasPrefix(f[1], "github.com/shahr-city/shahr/") {
			continue
		}
		ours++
		bytes, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("unreadable init trace line %q", line)
		}
		if bytes > limit {
			t.Errorf("%s allocates %d bytes at start-up (at most %d): make its package-level work lazy", f[1], bytes, limit)
		}
	}
	if ours == 0 {
		t.Fatalf("no init trace of our packages in:\n%s", trace.String())
	}
}
