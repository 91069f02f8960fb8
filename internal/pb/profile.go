package pb

import (
	"fmt"
	"slices"
)

// Utility is how much a voter gains from a funded project, for the
// Method of Equal Shares.
type Utility int

const (
	// CostUtility: a supporter's utility for a project is its cost (the
	// Method of Equal Shares as cities run it).
	CostUtility Utility = iota
	// ApprovalUtility: every supported project is worth 1.
	ApprovalUtility
	// PointsUtility: a project is worth the points the ballot gives it
	// (cumulative and scoring ballots; Borda points for ordinal ones).
	PointsUtility
)

// Profile is an instance reduced to what the rules need: projects' costs
// and the distinct ballots with how many voters cast each. Identical
// voters are treated identically by every rule here, so grouping them
// changes no outcome and makes the rules far faster (Wrocław's 84,611
// choose-1 ballots are 77 distinct ones).
type Profile struct {
	Budget int64
	IDs    []string
	Costs  []int64
	Voters int64 // total number of voters (sum of group weights)

	// Groups of identical ballots, in compressed form: group g has weight
	// Weight[g] and supports projects GroupProjects[GroupStart[g]:GroupStart[g+1]],
	// with GroupPoints in parallel when the profile carries points.
	Weight        []int64
	GroupStart    []int32
	GroupProjects []int32
	GroupPoints   []int64

	// Supporters of each project, as group indices (and points in parallel).
	SupStart  []int32
	SupGroups []int32
	SupPoints []int64

	Approvals []int64 // per project: the number of voters supporting it
	Scores    []int64 // per project: total points (equal to Approvals without points)
}

// Groups returns the number of distinct ballots.
func (pr *Profile) Groups() int { return len(pr.Weight) }

// Supporters returns the groups supporting project p.
func (pr *Profile) Supporters(p int32) []int32 { return pr.SupGroups[pr.SupStart[p]:pr.SupStart[p+1]] }

// Ballot returns the projects group g supports.
func (pr *Profile) Ballot(g int32) []int32 {
	return pr.GroupProjects[pr.GroupStart[g]:pr.GroupStart[g+1]]
}

// HasPoints reports whether the profile carries points per supporter.
func (pr *Profile) HasPoints() bool { return pr.GroupPoints != nil }

// NewProfile builds the profile of an instance. With withPoints false
// every ballot is taken as the set of projects it supports (the approval
// projection: every project an ordinal or cumulative ballot mentions; for
// scoring ballots those given more than zero points). With withPoints true
// each supporter also carries its points: the ballot's points for
// cumulative and scoring ballots, Borda points (the ballot's length for
// its first choice, down to 1 for its last) for ordinal ones; approval
// ballots give every supported project 1 point.
func NewProfile(in *Instance, withPoints bool) *Profile {
	ids, costs := make([]string, len(in.Projects)), make([]int64, len(in.Projects))
	for i, p := range in.Projects {
		ids[i], costs[i] = p.ID, p.Cost
	}
	b := NewProfileBuilder(in.Budget, ids, costs, withPoints)
	var projects []int32
	var points []int64
	for i := range in.Voters.Len() {
		projects, points = ballotOf(in, i, withPoints, projects[:0], points[:0])
		b.g.add(projects, points)
	}
	return b.Profile()
}

// ProfileBuilder makes a profile from ballots given one at a time, with
// no Instance: the platform counts ballots straight from its database,
// and tests generate millions.
type ProfileBuilder struct {
	pr       *Profile
	g        *grouper
	projects []int32
	points   []int64
}

// NewProfileBuilder starts a profile of projects with the given ids and
// costs; withPoints keeps each ballot's points.
func NewProfileBuilder(budget int64, ids []string, costs []int64, withPoints bool) *ProfileBuilder {
	return &ProfileBuilder{pr: &Profile{Budget: budget, IDs: ids, Costs: costs}, g: newGrouper(withPoints)}
}

// Add counts one ballot: the indices of the projects it supports (each
// once), with their points when the profile keeps points. The slices are
// not kept.
func (b *ProfileBuilder) Add(projects []int32, points []int64) {
	b.projects = append(b.projects[:0], projects...)
	b.points = b.points[:0]
	if b.g.withPoints {
		b.points = append(b.points, points...)
	}
	sortTogether(b.projects, b.points)
	b.g.add(b.projects, b.points)
}

// Profile finishes the profile; the builder is not used after.
func (b *ProfileBuilder) Profile() *Profile {
	b.g.finish(b.pr)
	return b.pr
}

// ballotOf appends voter v's supported projects (and, with withPoints,
// points) in a canonical order, so that equal ballots compare equal.
func ballotOf(in *Instance, v int, withPoints bool, projects []int32, points []int64) ([]int32, []int64) {
	vote, votePoints := in.Voters.Vote(v), in.Voters.Points(v)
	for i, p := range vote {
		pts := int64(1)
		switch {
		case in.VoteType.HasPoints() && votePoints != nil:
			pts = votePoints[i]
		case in.VoteType == Ordinal:
			pts = int64(len(vote) - i)
		}
		if in.VoteType == Scoring && pts <= 0 {
			continue
		}
		projects = append(projects, p)
		if withPoints {
			points = append(points, pts)
		}
	}
	sortTogether(projects, points)
	return projects, points
}

// sortTogether sorts projects, and points along with them unless points
// is empty (ballots are short, and often sorted already).
func sortTogether(projects []int32, points []int64) {
	for i := 1; i < len(projects); i++ {
		for j := i; j > 0 && projects[j] < projects[j-1]; j-- {
			projects[j], projects[j-1] = projects[j-1], projects[j]
			if len(points) > 0 {
				points[j], points[j-1] = points[j-1], points[j]
			}
		}
	}
}

// grouper collects distinct ballots, numbered in the order they first
// come. It finds a ballot's group in an open-addressing table of group
// numbers by the ballot's hash, comparing with the ballots it already
// holds: no key is built or allocated per ballot.
type grouper struct {
	withPoints bool
	slots      []int32  // group + 1, 0 for an empty slot; a power of two of them, at most half full
	hashes     []uint64 // per group, its ballot's hash
	weight     []int64
	start      []int32
	projects   []int32
	points     []int64
}

func newGrouper(withPoints bool) *grouper {
	return &grouper{withPoints: withPoints, slots: make([]int32, 64), start: []int32{0}}
}

func (b *grouper) add(projects []int32, points []int64) {
	h := hashBallot(projects, points)
	mask := uint64(len(b.slots) - 1)
	i := h & mask
	for ; b.slots[i] != 0; i = (i + 1) & mask {
		if g := b.slots[i] - 1; b.hashes[g] == h && b.holds(g, projects, points) {
			b.weight[g]++
			return
		}
	}
	b.slots[i] = int32(len(b.weight)) + 1
	b.projects, b.points = reserve(b.projects, len(projects)), reserve(b.points, len(points))
	b.hashes = append(b.hashes, h)
	b.weight = append(b.weight, 1)
	b.projects = append(b.projects, projects...)
	if b.withPoints {
		b.points = append(b.points, points...)
	}
	b.start = append(b.start, int32(len(b.projects)))
	if 2*len(b.weight) > len(b.slots) {
		b.grow()
	}
}

// holds reports whether group g's ballot is this one.
func (b *grouper) holds(g int32, projects []int32, points []int64) bool {
	lo, hi := b.start[g], b.start[g+1]
	return slices.Equal(b.projects[lo:hi], projects) && (!b.withPoints || slices.Equal(b.points[lo:hi], points))
}

// grow doubles the table and places every group again.
func (b *grouper) grow() {
	b.slots = make([]int32, 2*len(b.slots))
	mask := uint64(len(b.slots) - 1)
	for g, h := range b.hashes {
		i := h & mask
		for b.slots[i] != 0 {
			i = (i + 1) & mask
		}
		b.slots[i] = int32(g) + 1
	}
}

// hashBallot mixes a ballot's projects (and points) into 64 bits whose
// low bits are well spread.
func hashBallot(projects []int32, points []int64) uint64 {
	const k = 0x9E3779B97F4A7C15
	h := uint64(len(projects)) * k
	for i, p := range projects {
		h = (h ^ uint64(uint32(p))) * k
		if len(points) > 0 {
			h = (h ^ uint64(points[i])) * k
		}
		h ^= h >> 29
	}
	return h ^ h>>32
}

// finish fills the profile's group and supporter tables.
func (b *grouper) finish(pr *Profile) {
	pr.Weight, pr.GroupStart, pr.GroupProjects = b.weight, b.start, b.projects
	if b.withPoints {
		pr.GroupPoints = b.points
	}
	n := len(pr.Costs)
	pr.Approvals, pr.Scores = make([]int64, n), make([]int64, n)
	counts := make([]int32, n+1)
	for g, w := range pr.Weight {
		pr.Voters += w
		for i := b.start[g]; i < b.start[g+1]; i++ {
			p := b.projects[i]
			counts[p+1]++
			pr.Approvals[p] += w
			pts := int64(1)
			if b.withPoints {
				pts = b.points[i]
			}
			pr.Scores[p] += w * pts
		}
	}
	for p := 0; p < n; p++ {
		counts[p+1] += counts[p]
	}
	pr.SupStart = slices.Clone(counts)
	pr.SupGroups = make([]int32, len(b.projects))
	if b.withPoints {
		pr.SupPoints = make([]int64, len(b.projects))
	}
	for g := range pr.Weight {
		for i := b.start[g]; i < b.start[g+1]; i++ {
			p := b.projects[i]
			pr.SupGroups[counts[p]] = int32(g)
			if b.withPoints {
				pr.SupPoints[counts[p]] = b.points[i]
			}
			counts[p]++
		}
	}
}

// String summarises the profile, for logs and errors.
func (pr *Profile) String() string {
	return fmt.Sprintf("%d projects, %d voters in %d distinct ballots, budget %d", len(pr.Costs), pr.Voters, len(pr.Weight), pr.Budget)
}
