//go:build !unix

package storetest

// lockFile is a no-op where flock is missing: concurrent binaries may then
// each build a snapshot, and the rename keeps the result whole.
func lockFile(string) (func(), error) { return func() {}, nil }
