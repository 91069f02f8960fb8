package pb

import (
	"iter"
	"strings"
)

// Voters holds an instance's ballots column by column: the ids as offsets
// into one string, every ballot's projects in one array and every ballot's
// points in another. A file of a hundred thousand voters is then a handful
// of arrays without pointers, each one allocation that the garbage
// collector need not scan, rather than a hundred thousand structs of
// slices. Read fills one; NewVoters builds one from Voter records. The
// zero value has no voters.
type Voters struct {
	text   string     // the ids are cut from it; after Read it starts with the input
	ids    []span     // voter i's id is text[ids[i].start:ids[i].end]
	recs   []uint32   // after Read: where voter i's record starts in text, for Fields
	fields [][]string // from NewVoters: each voter's Fields; nil when no voter has any
	vend   []uint32   // voter i lists votes[vend[i-1]:vend[i]] (from 0 for voter 0)
	votes  []int32
	pend   []uint32 // likewise points[pend[i-1]:pend[i]]; nil when no voter has points
	points []int64
}

// span is where a string lies in a longer one.
type span struct{ start, end uint32 }

// Voter is one voter's row of VOTES, as NewVoters takes it and At gives it.
type Voter struct {
	ID     string
	Fields []string // every column's text as written, in VoteColumns order ("" when missing)
	// Vote holds project indices (into Instance.Projects) in the order the
	// ballot lists them, each once: for ordinal ballots most preferred
	// first; for cumulative and scoring ballots in decreasing points.
	Vote []int32
	// Points is parallel to Vote for cumulative and scoring ballots (and
	// ordinal ones that carry a points column); nil otherwise.
	Points []int64
}

// NewVoters stores voters built in memory. An empty Vote or Points is
// stored as nil, as Read gives it; the records are not checked (Write
// checks them).
func NewVoters(list []Voter) Voters {
	var vs Voters
	var text strings.Builder
	hasFields, idBytes, nVotes, nPoints := false, 0, 0, 0
	for _, v := range list {
		hasFields = hasFields || v.Fields != nil
		idBytes, nVotes, nPoints = idBytes+len(v.ID), nVotes+len(v.Vote), nPoints+len(v.Points)
	}
	text.Grow(idBytes)
	if hasFields {
		vs.fields = make([][]string, len(list))
	}
	if nPoints > 0 {
		vs.pend, vs.points = make([]uint32, 0, len(list)), make([]int64, 0, nPoints)
	}
	vs.ids, vs.vend = make([]span, 0, len(list)), make([]uint32, 0, len(list))
	vs.votes = make([]int32, 0, nVotes)
	for i, v := range list {
		start := uint32(text.Len())
		text.WriteString(v.ID)
		vs.ids = append(vs.ids, span{start, uint32(text.Len())})
		if vs.fields != nil {
			vs.fields[i] = v.Fields
		}
		vs.votes = append(vs.votes, v.Vote...)
		vs.vend = append(vs.vend, uint32(len(vs.votes)))
		if vs.pend != nil {
			vs.points = append(vs.points, v.Points...)
			vs.pend = append(vs.pend, uint32(len(vs.points)))
		}
	}
	vs.text = text.String()
	return vs
}

// Len is the number of voters.
func (vs *Voters) Len() int { return len(vs.ids) }

// ID is voter i's id.
func (vs *Voters) ID(i int) string { return vs.text[vs.ids[i].start:vs.ids[i].end] }

// Vote is voter i's ballot (see Voter.Vote), nil when empty. It shares
// the instance's storage: change a ballot through NewVoters.
func (vs *Voters) Vote(i int) []int32 { return part(vs.votes, vs.vend, i) }

// Points is voter i's points (see Voter.Points), nil when it has none.
func (vs *Voters) Points(i int) []int64 {
	if vs.pend == nil {
		return nil
	}
	return part(vs.points, vs.pend, i)
}

// part is entry i of a column whose entries end at ends, nil when empty.
func part[T any](all []T, ends []uint32, i int) []T {
	start := uint32(0)
	if i > 0 {
		start = ends[i-1]
	}
	if start == ends[i] {
		return nil
	}
	return all[start:ends[i]:ends[i]]
}

// Fields is voter i's columns (see Voter.Fields): after Read its record
// read again, a new slice each call; nil after ReadBallots and for a voter
// given none.
func (vs *Voters) Fields(i int) []string { return vs.fieldsBy(i, &recordReader{}) }

// fieldsBy is Fields read with r, whose buffers it reuses: what it returns
// may change with r's next use.
func (vs *Voters) fieldsBy(i int, r *recordReader) []string {
	switch {
	case vs.recs != nil:
		return r.fields(vs.text, int(vs.recs[i]))
	case vs.fields != nil:
		return vs.fields[i]
	}
	return nil
}

// At is voter i as a record.
func (vs *Voters) At(i int) Voter {
	return Voter{ID: vs.ID(i), Fields: vs.Fields(i), Vote: vs.Vote(i), Points: vs.Points(i)}
}

// All yields every voter in order, as At gives it.
func (vs *Voters) All() iter.Seq2[int, Voter] {
	return func(yield func(int, Voter) bool) {
		for i := range vs.Len() {
			if !yield(i, vs.At(i)) {
				return
			}
		}
	}
}
