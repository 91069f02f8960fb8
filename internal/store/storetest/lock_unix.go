//go:build unix

package storetest

import (
	"os"
	"syscall"
)

// lockFile holds an exclusive lock on path until unlock is called, so test
// binaries running at once build a snapshot once; the kernel releases it
// if the process dies.
func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}
