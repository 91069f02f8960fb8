package ballotchain

import (
	"slices"
	"strings"
	"testing"
)

// The hashes are what published files and chains hold: their formulas
// must never change (the values were computed apart, with Python's
// hashlib).
func TestHashesAreStable(t *testing.T) {
	t.Parallel()
	if got := ReceiptHash(7, "0123456789abcdef0123456789abcdef"); got != "4b4d4bffd13a60be4eb0b27d" {
		t.Errorf("ReceiptHash = %s", got)
	}
	if got := LinkHash("", "aabbcc", "12,15"); got != "5a5f83a98d3fd69b1c1f0ec1f4c83da5f8ba943bc517b6b28208ec3e745608b3" {
		t.Errorf("LinkHash = %s", got)
	}
}

// chainOf links ballots (receipt, choices) in order, every one counted.
func chainOf(heading int64, ballots ...[2]string) Chain {
	c := Chain{Heading: heading, Entries: []Link{}}
	prev := ""
	for i, b := range ballots {
		rh := ReceiptHash(heading, b[0])
		l := Link{Seq: int64(i + 1), ReceiptHash: rh, Choices: b[1], PrevHash: prev, Hash: LinkHash(prev, rh, b[1]), Counted: true}
		c.Entries = append(c.Entries, l)
		prev = l.Hash
	}
	c.LastHash = prev
	return c
}

// TestVerify: a chain recomputes; every way of changing one verifies no
// more, with a message naming the link.
func TestVerify(t *testing.T) {
	t.Parallel()
	good := chainOf(7, [2]string{"r1", "11,12"}, [2]string{"r2", "13"}, [2]string{"r3", "11"})
	if err := good.Verify(); err != nil {
		t.Fatalf("a good chain: %v", err)
	}
	if err := (Chain{Heading: 7}).Verify(); err != nil {
		t.Errorf("an empty chain: %v", err)
	}
	for _, tc := range []struct {
		name string
		edit func(c *Chain)
		want string
	}{
		{"a changed vote", func(c *Chain) { c.Entries[1].Choices = "12" }, "heading 7: link 2 does not hash to its hash"},
		{"a changed receipt hash", func(c *Chain) { c.Entries[0].ReceiptHash = ReceiptHash(7, "r9") }, "heading 7: link 1 does not hash to its hash"},
		{"a dropped link", func(c *Chain) { c.Entries = slices.Delete(c.Entries, 1, 2) }, "heading 7: link 3 comes after link 1"},
		{"a dropped link, renumbered", func(c *Chain) {
			c.Entries = slices.Delete(c.Entries, 1, 2)
			c.Entries[1].Seq = 2
		}, "heading 7: link 2 does not follow link 1"},
		{"two links swapped", func(c *Chain) {
			c.Entries[0], c.Entries[1] = c.Entries[1], c.Entries[0]
			c.Entries[0].Seq, c.Entries[1].Seq = 1, 2
		}, "heading 7: link 1 does not follow link 0"},
		{"a wrong head", func(c *Chain) { c.LastHash = strings.Repeat("0", 64) }, "heading 7: the chain ends at link 3 with hash"},
		{"a lost last link", func(c *Chain) { c.Entries = c.Entries[:2] }, "heading 7: the chain ends at link 2"},
		{"numbered from 0", func(c *Chain) { c.Entries[0].Seq = 0 }, "heading 7: a link is numbered 0"},
		{"a head on an empty chain", func(c *Chain) { c.Entries = nil }, `heading 7: the chain ends at link 0 with hash "", but`},
	} {
		c := good
		c.Entries = slices.Clone(good.Entries)
		tc.edit(&c)
		if err := c.Verify(); err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q…", tc.name, err, tc.want)
		}
	}
}

// TestWalkFromALink: a walk that starts at a later link trusts its
// prev_hash and checks from there to the head.
func TestWalkFromALink(t *testing.T) {
	t.Parallel()
	c := chainOf(7, [2]string{"r1", "11"}, [2]string{"r2", "12"}, [2]string{"r3", "13"})
	w := Walk{Heading: 7}
	for _, l := range c.Entries[1:] {
		if err := w.Next(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.End(c.LastHash); err != nil {
		t.Errorf("from link 2: %v", err)
	}
	c.Entries[2].Choices = "11"
	w = Walk{Heading: 7}
	if err := w.Next(c.Entries[1]); err != nil {
		t.Fatal(err)
	}
	if err := w.Next(c.Entries[2]); err == nil || !strings.Contains(err.Error(), "link 3 does not hash") {
		t.Errorf("a changed link after the start: %v", err)
	}
}

// TestChoices: the log's choices text reads back exactly, and nothing but
// the canonical text is read.
func TestChoices(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"12", "12,15", "12:3,15:2", "9223372036854775807:1"} {
		cs, err := ParseChoices(s)
		if err != nil || EncodeChoices(cs) != s {
			t.Errorf("%q: %v, %v", s, cs, err)
		}
	}
	if cs, _ := ParseChoices("12:3,15"); !slices.Equal(cs, []Choice{{12, 3}, {15, 0}}) {
		t.Errorf("12:3,15 = %v", cs)
	}
	for _, s := range []string{"", ",", "12,", "012", "+12", "-1", "0", "12:0", "12:", "12:3:4", "a", "12 ", "9223372036854775808"} {
		if cs, err := ParseChoices(s); err == nil {
			t.Errorf("%q reads as %v", s, cs)
		}
	}
}

// FuzzParseChoices: whatever text reads as choices is their encoding,
// and reading never panics.
func FuzzParseChoices(f *testing.F) {
	for _, s := range []string{"12", "12,15", "12:3,15:2", "012", "1:0", ",,", "٣"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := ParseChoices(s)
		if err == nil && EncodeChoices(cs) != s {
			t.Errorf("%q reads as %v, which encodes as %q", s, cs, EncodeChoices(cs))
		}
	})
}
