package pb

import (
	"fmt"
	mathbits "math/bits"
	"slices"
)

// ballotReader turns the vote and points text of ballots into project
// indices and points, appended to votes and points.
type ballotReader struct {
	ids    idTable
	stamp  []uint32 // stamp[p] == cur: p is already on the current ballot
	pos    []int32  // its position there
	cur    uint32
	votes  []int32
	points []int64
}

func newBallotReader(projects []Project) *ballotReader {
	n := len(projects)
	return &ballotReader{ids: projectTable(projects), stamp: make([]uint32, n), pos: make([]int32, n)}
}

// parse reads one ballot. withPoints says whether points are read (the
// column exists and the vote type uses them); they are required, unless
// the type is ordinal. On error, field and msg say what is wrong, and
// what was appended is to be dropped.
func (b *ballotReader) parse(vote, points string, withPoints bool, vt VoteType) (field, msg string) {
	if vote == "" {
		if withPoints && points != "" {
			return "points", fmt.Sprintf("expected no points for an empty vote, got %s", clip(points))
		}
		return "", ""
	}
	if withPoints {
		if points == "" && vt == Ordinal {
			withPoints = false
		} else if n, m := countCommas(vote)+1, countCommas(points)+1; m != n || points == "" {
			return "points", fmt.Sprintf("expected %d comma-separated integers (one per project in \"vote\"), got %s", n, clip(points))
		}
	}
	lastWins := vt.HasPoints()
	b.cur++
	if b.cur == 0 {
		clear(b.stamp)
		b.cur = 1
	}
	// Room for every id the ballot can list before an error: non-empty
	// ids between commas, at most half its length, rounded up.
	room := len(vote)/2 + 1
	// Growing is rare; writing back the slices only in that case spares
	// the collector's write barrier on every ballot.
	if cap(b.votes)-len(b.votes) < room {
		b.votes = grow(b.votes, room)
	}
	v := b.votes[len(b.votes) : len(b.votes)+room]
	var pts []int64
	if withPoints {
		if cap(b.points)-len(b.points) < room {
			b.points = grow(b.points, room)
		}
		pts = b.points[len(b.points) : len(b.points)+room]
	}
	k := 0
	prest := points
	for start := 0; start <= len(vote); {
		// One pass finds the comma that ends the id and packs the id
		// for the table.
		end, w := start, uint64(0)
		for ; end < len(vote) && vote[end] != ','; end++ {
			w = w<<8 | uint64(vote[end])
		}
		id := vote[start:end]
		start = end + 1
		p := b.ids.find(id, w)
		if p < 0 {
			if id == "" {
				return "vote", fmt.Sprintf("empty project id in the list %s", clip(vote))
			}
			return "vote", fmt.Sprintf("unknown project id %s (not in PROJECTS)", clip(id))
		}
		var pt int64
		if withPoints {
			var ptext string
			var ok bool
			ptext, prest = cutComma(prest)
			if pt, ok = parseInt(ptext); !ok {
				return "points", fmt.Sprintf("expected integers, got %s in %s", clip(ptext), clip(points))
			}
		}
		if b.stamp[p] == b.cur {
			if lastWins {
				pts[b.pos[p]] = pt
			}
			continue
		}
		b.stamp[p], b.pos[p] = b.cur, int32(k)
		v[k] = p
		if withPoints {
			pts[k] = pt
		}
		k++
	}
	b.votes = b.votes[:len(b.votes)+k]
	if withPoints {
		b.points = b.points[:len(b.points)+k]
	}
	return "", ""
}

// reserve makes room for the ballots of the rest of the input, from the
// first ones: they took read bytes of the input, and total are to be read
// in all. (Growing by doubling would allocate twice the room, and copy.)
func (b *ballotReader) reserve(read, total int) {
	if read <= 0 {
		return
	}
	more := func(n int) int { return int(int64(n)*int64(total)/int64(read)*9/8) - n }
	b.votes = slices.Grow(b.votes, more(len(b.votes)))
	b.points = slices.Grow(b.points, more(len(b.points)))
}

// grow returns s with room for n more elements, at least doubling its
// capacity: append grows a large slice by a quarter at a time, which for
// the votes of a large file allocates and copies some five times their
// size.
func grow[T any](s []T, n int) []T {
	return slices.Grow(s, max(n, cap(s), 1024))
}

// idTable finds things by id: projects when reading votes, and voters when
// checking that no id repeats. Looking ids up is most of the work of
// reading votes, so rather than a map it is an open-addressing table made
// for short ids: an id of up to 8 bytes (every real file's project ids) is
// held packed in one word, and finding it takes a multiply, a probe or two
// and a comparison of words. The caller packs the id (see packID), for
// votes as it looks for the comma that ends it.
type idTable struct {
	slots []idSlot // a power of two of them, at most half full
	shift uint     // 64 - log2(len(slots))
	count int
	id    func(i int32) string // entry i's id, to compare ids longer than 8 bytes
}

type idSlot struct {
	word uint64 // packID of the id
	n    int32  // the id's length + 1; 0 for an empty slot
	i    int32
}

// packID packs s into a word, a byte at a time: all of s when it has up
// to 8 bytes, its last 8 otherwise. With the length, it tells short ids
// apart exactly; longer ones are compared as strings.
func packID(s string) uint64 {
	var w uint64
	for i := 0; i < len(s); i++ {
		w = w<<8 | uint64(s[i])
	}
	return w
}

// packSpan is packID(s[i:j]), with one load of 8 bytes of s when s has
// them there: the bytes reversed put the first most significant, as
// packID does.
func packSpan(s string, i, j int) uint64 {
	switch n := j - i; {
	case n >= 8:
		return mathbits.ReverseBytes64(load64(s, j-8))
	case i+8 <= len(s):
		return mathbits.ReverseBytes64(load64(s, i)) >> (64 - 8*n)
	}
	return packID(s[i:j])
}

// newIDTable returns an empty table with room for n entries before it
// grows; id gives an entry's id.
func newIDTable(n int, id func(i int32) string) idTable {
	t := idTable{shift: 61, id: id}
	size := 8
	for size < 2*n {
		size, t.shift = 2*size, t.shift-1
	}
	t.slots = make([]idSlot, size)
	return t
}

// projectTable indexes the projects by id (distinct, as Read and Write
// check first).
func projectTable(projects []Project) idTable {
	t := newIDTable(len(projects), func(i int32) string { return projects[i].ID })
	for p, pj := range projects {
		t.add(pj.ID, packID(pj.ID), int32(p))
	}
	return t
}

// home is the slot where the search for an id starts (Fibonacci hashing).
func (t *idTable) home(w uint64, n int) uint64 {
	return ((w ^ uint64(n)) * 0x9E3779B97F4A7C15) >> t.shift
}

// find returns the entry with the given id, whose packID is w, or -1.
func (t *idTable) find(id string, w uint64) int32 {
	mask := uint64(len(t.slots) - 1)
	for i := t.home(w, len(id)); ; i = (i + 1) & mask {
		s := &t.slots[i]
		switch {
		case s.n == 0:
			return -1
		case int(s.n) == len(id)+1 && s.word == w && (len(id) <= 8 || t.id(s.i) == id):
			return s.i
		}
	}
}

// add enters entry i with the given id, whose packID is w; the id must not
// be in the table yet.
func (t *idTable) add(id string, w uint64, i int32) {
	if 2*(t.count+1) > len(t.slots) {
		t.grow()
	}
	t.place(idSlot{word: w, n: int32(len(id) + 1), i: i})
	t.count++
}

func (t *idTable) place(s idSlot) {
	mask := uint64(len(t.slots) - 1)
	j := t.home(s.word, int(s.n-1))
	for t.slots[j].n != 0 {
		j = (j + 1) & mask
	}
	t.slots[j] = s
}

// grow doubles the table and places every entry again.
func (t *idTable) grow() {
	old := t.slots
	t.slots, t.shift = make([]idSlot, 2*len(old)), t.shift-1
	for _, s := range old {
		if s.n != 0 {
			t.place(s)
		}
	}
}

// nextBlock sizes the next block of an arena: small files get small
// blocks, large ones reach the largest after a few doublings.
func nextBlock(last, largest int) int {
	return min(max(2*last, 256), largest)
}

func countCommas(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			n++
		}
	}
	return n
}

// cutComma splits s at its first comma.
func cutComma(s string) (before, after string) {
	for i := 0; i < len(s); i++ {
		if s[i] == ',' {
			return s[:i], s[i+1:]
		}
	}
	return s, ""
}
