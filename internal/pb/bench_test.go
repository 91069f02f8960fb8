package pb

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// BenchmarkReferenceRules times every rule expected.json lists, on every
// shared file, each iteration parsing the file from memory and counting:
//
//	go test ./internal/pb -run '^$' -bench ReferenceRules
//	go test ./internal/pb -run '^$' -bench 'ReferenceRules/Budapest'
//
// `shahr tally-bench DIR` prints the same as a table beside pabutools'
// times.
func BenchmarkReferenceRules(b *testing.B) {
	dir := sharedCorpus(b)
	raw, err := os.ReadFile(filepath.Join(dir, "expected.json"))
	if err != nil {
		b.Fatal(err)
	}
	var all map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &all); err != nil {
		b.Fatal(err)
	}
	for _, file := range slices.Sorted(maps.Keys(all)) {
		data, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			b.Fatal(err)
		}
		for _, key := range slices.Sorted(maps.Keys(all[file])) {
			spec, ok := ReferenceKeys[key]
			if !ok {
				continue // _info
			}
			b.Run(strings.TrimSuffix(file, ".pb")+"/"+key, func(b *testing.B) {
				for b.Loop() {
					in, err := Read(bytes.NewReader(data))
					if err != nil {
						b.Fatal(err)
					}
					if _, err := Run(in, spec); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
