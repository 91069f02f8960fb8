package budgeting

import (
	"archive/zip"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/pb"
)

// The published ballot files follow pabulib (shared/pabulib/FORMAT.md),
// so that pabulib's checker accepts them and its tools (pabutools) read
// them: META has every key pabulib requires, in its order, with the
// ballot's limits; PROJECTS has the votes (and, for points, the score)
// each project got and whether it was selected; VOTES has how each ballot
// was cast. pb.Validate checks every file against those rules.

// pabulibCountry is every file's META country: Shahr serves Iranian
// municipalities.
const pabulibCountry = "Iran"

// Published is a closed heading's ballots as the platform publishes them.
type Published struct {
	// Name is the file's name, {country}_{city}_{process}_{heading}.pb in
	// ASCII: Iran_Tehran_district-21-1404_Central-Tehransar.pb.
	Name     string
	Instance *pb.Instance // what the file holds; pb.Write writes it
}

// PublishedFile builds the pabulib file of a closed heading: the file the
// API serves, and the one a receipt's ballot is looked up in.
func (s *Service) PublishedFile(ctx context.Context, headingID int64) (Published, error) {
	p, h, err := s.closedHeading(ctx, headingID)
	if err != nil {
		return Published{}, err
	}
	return s.publish(ctx, p, h)
}

// Archive is a closed process's published files, downloaded as one zip.
type Archive struct {
	Name  string // {country}_{city}_{process}.zip
	Files []Published
	Stamp time.Time // the end of the vote, every file's time in the archive
}

// PublishedProcess builds the files of every heading of a closed process,
// in the process's order.
func (s *Service) PublishedProcess(ctx context.Context, processID int64) (Archive, error) {
	p, err := s.Process(ctx, processID)
	if err != nil {
		return Archive{}, err
	}
	if !p.VotingClosed(s.now()) {
		return Archive{}, errNotClosed
	}
	where, err := s.pabulibPlace(ctx, p, Heading{})
	if err != nil {
		return Archive{}, err
	}
	voting, _ := p.Window(Voting)
	a := Archive{Name: strings.Join([]string{pabulibCountry, where.slug, p.Slug}, "_") + ".zip", Stamp: voting.End}
	for _, h := range p.Headings {
		f, err := s.publish(ctx, p, h)
		if err != nil {
			return Archive{}, err
		}
		a.Files = append(a.Files, f)
	}
	return a, nil
}

// WriteZip writes the archive, each file stamped with the end of the
// vote, so that a closed process's archive is the same on every download.
func (a Archive) WriteZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	for _, f := range a.Files {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: a.Stamp})
		if err != nil {
			return err
		}
		if err := pb.Write(fw, f.Instance); err != nil {
			return err
		}
	}
	return zw.Close()
}

// publish builds a closed heading's file: its ballots, the rule's outcome
// counted on them, and where the heading lies.
func (s *Service) publish(ctx context.Context, p Process, h Heading) (Published, error) {
	hb, err := s.headingBallots(ctx, p, h)
	if err != nil {
		return Published{}, err
	}
	r, err := count(hb.in)
	if err != nil {
		return Published{}, err
	}
	where, err := s.pabulibPlace(ctx, p, h)
	if err != nil {
		return Published{}, err
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return Published{}, err
	}
	in := hb.in
	sortByPoints(in)
	votes, score := tallies(in)
	setProjects(in, hb.props, r.Outcome, cats, votes, score)
	setVoters(in, hb.paper)
	in.Meta = publishedMeta(p, h, where, hb)
	return Published{Name: fileName(p, h, where), Instance: in}, nil
}

// sortByPoints lists each cumulative ballot's projects in decreasing
// points (equal points in the order chosen), as pabulib wants them.
func sortByPoints(in *pb.Instance) {
	if in.VoteType != pb.Cumulative {
		return
	}
	type entry struct {
		p   int32
		pts int64
	}
	vs := make([]pb.Voter, 0, in.Voters.Len())
	for _, v := range in.Voters.All() {
		es := make([]entry, len(v.Vote))
		for k := range v.Vote {
			es[k] = entry{v.Vote[k], v.Points[k]}
		}
		slices.SortStableFunc(es, func(a, b entry) int { return cmp.Compare(b.pts, a.pts) })
		for k, e := range es {
			v.Vote[k], v.Points[k] = e.p, e.pts
		}
		vs = append(vs, v)
	}
	in.Voters = pb.NewVoters(vs)
}

// tallies counts the ballots listing each project and the points each got.
func tallies(in *pb.Instance) (votes, score []int64) {
	votes, score = make([]int64, len(in.Projects)), make([]int64, len(in.Projects))
	for _, v := range in.Voters.All() {
		for k, p := range v.Vote {
			votes[p]++
			if v.Points != nil {
				score[p] += v.Points[k]
			}
		}
	}
	return votes, score
}

// setProjects gives the projects their PROJECTS columns: project_id, cost,
// votes, score (points ballots), name, category, selected, latitude,
// longitude.
func setProjects(in *pb.Instance, props []Proposal, o *pb.Outcome, cats []Category, votes, score []int64) {
	points := in.VoteType == pb.Cumulative
	in.ProjectColumns = []string{"project_id", "cost", "votes"}
	if points {
		in.ProjectColumns = append(in.ProjectColumns, "score")
	}
	in.ProjectColumns = append(in.ProjectColumns, "name", "category", "selected", "latitude", "longitude")
	slug := map[int64]string{}
	for _, c := range cats {
		slug[c.ID] = c.Slug
	}
	for i, pr := range props {
		p := &in.Projects[i]
		f := []string{p.ID, strconv.FormatInt(p.Cost, 10), strconv.FormatInt(votes[i], 10)}
		if points {
			f = append(f, strconv.FormatInt(score[i], 10))
		}
		selected, lat, lon := "0", "", ""
		if o.Projects[i].Selected {
			selected = "1"
		}
		if pr.HasPoint {
			lat, lon = strconv.FormatFloat(pr.Lat, 'f', -1, 64), strconv.FormatFloat(pr.Lon, 'f', -1, 64)
		}
		p.Fields = append(f, oneLine(pr.Title), slug[pr.CategoryID], selected, lat, lon)
	}
}

// setVoters gives the voters their VOTES columns: voter_id, vote, points
// (points ballots) and voting_method (internet, or paper for ballots
// staff entered from paper).
func setVoters(in *pb.Instance, paper []bool) {
	in.VoteColumns = []string{"voter_id", "vote"}
	if in.VoteType == pb.Cumulative {
		in.VoteColumns = append(in.VoteColumns, "points")
	}
	in.VoteColumns = append(in.VoteColumns, "voting_method")
	vs := make([]pb.Voter, 0, in.Voters.Len())
	for i, v := range in.Voters.All() {
		// vote and points stay empty: Write writes them from Vote and Points.
		v.Fields = make([]string, len(in.VoteColumns))
		v.Fields[0], v.Fields[len(v.Fields)-1] = v.ID, "internet"
		if paper[i] {
			v.Fields[len(v.Fields)-1] = "paper"
		}
		vs = append(vs, v)
	}
	in.Voters = pb.NewVoters(vs)
}

// publishedMeta is a heading's META, in pabulib's order. It sets the
// instance's pabulib vote type (ballotLimits).
func publishedMeta(p Process, h Heading, where pabulibPlace, hb headingBallots) []pb.MetaEntry {
	in := hb.in
	limits, lowered := ballotLimits(p, h, in, shortest(in))
	meta := []pb.MetaEntry{
		{Key: "description", Value: oneLine(p.TitleFa + " — " + h.NameFa)},
		{Key: "country", Value: pabulibCountry},
		{Key: "unit", Value: where.city},
	}
	if where.district != "" {
		meta = append(meta, pb.MetaEntry{Key: "district", Value: where.district})
	}
	if where.subunit != "" {
		meta = append(meta, pb.MetaEntry{Key: "subunit", Value: where.subunit})
	}
	w, _ := p.Window(Voting)
	meta = append(meta,
		pb.MetaEntry{Key: "instance", Value: p.Slug},
		pb.MetaEntry{Key: "num_projects", Value: strconv.Itoa(len(in.Projects))},
		pb.MetaEntry{Key: "num_votes", Value: strconv.Itoa(in.Voters.Len())},
		pb.MetaEntry{Key: "budget", Value: strconv.FormatInt(in.Budget, 10)},
		pb.MetaEntry{Key: "vote_type", Value: string(in.VoteType)},
		pb.MetaEntry{Key: "rule", Value: p.Rule},
		pb.MetaEntry{Key: "date_begin", Value: pabulibDate(w.Start)},
		// The window ends at End, exclusive: the last day is the one
		// before it.
		pb.MetaEntry{Key: "date_end", Value: pabulibDate(w.End.Add(-time.Nanosecond))},
	)
	meta = append(meta, limits...)
	meta = append(meta, pb.MetaEntry{Key: "language", Value: "fa"}, pb.MetaEntry{Key: "currency", Value: "IRR"})
	var total int64
	for _, pr := range in.Projects {
		total += pr.Cost
	}
	if len(in.Projects) > 0 && total <= in.Budget {
		meta = append(meta, pb.MetaEntry{Key: "fully_funded", Value: "1"})
	}
	if c := withdrawnComment(hb, lowered); c != "" {
		meta = append(meta, pb.MetaEntry{Key: "comment", Value: c})
	}
	return meta
}

// ballotLimits sets the instance's pabulib vote type and returns the META
// limits of the process's ballot (lengths, cost, points), in pabulib's
// order. The least length is lowered to the shortest ballot when
// proposals withdrawn after the vote left a ballot shorter (lowered then
// says so).
func ballotLimits(p Process, h Heading, in *pb.Instance, shortest int) (meta []pb.MetaEntry, lowered bool) {
	n := len(in.Projects)
	minLen, maxLen := max(1, p.MinChoices), min(p.MaxChoices, n)
	if maxLen > 0 {
		minLen = min(minLen, maxLen)
	}
	if shortest < minLen {
		minLen, lowered = shortest, true
	}
	if in.VoteType == pb.Approval && p.MaxChoices == 1 {
		in.VoteType = pb.Choose1 // exactly one project: pabulib's choose-1
	}
	add := func(k string, v int64) { meta = append(meta, pb.MetaEntry{Key: k, Value: strconv.FormatInt(v, 10)}) }
	add("min_length", int64(minLen))
	if maxLen > 0 {
		add("max_length", int64(maxLen))
	}
	switch p.Ballot {
	case Approval:
		add("max_sum_cost", h.Budget)
	case Cumulative:
		add("min_points", 1)
		add("max_points", int64(p.MaxPoints))
		add("max_sum_points", int64(p.MaxPoints))
	}
	return meta, lowered
}

// shortest is the length of the shortest ballot; a large number when
// there is none.
func shortest(in *pb.Instance) int {
	n := int(^uint(0) >> 1)
	for i := range in.Voters.Len() {
		n = min(n, len(in.Voters.Vote(i)))
	}
	return n
}

// withdrawnComment says in META comment what withdrawn proposals did to
// the ballots, "" when they did nothing.
func withdrawnComment(hb headingBallots, lowered bool) string {
	if hb.shortened == 0 && hb.dropped == 0 {
		return ""
	}
	c := fmt.Sprintf("#1: Proposals withdrawn after the vote are left out of the ballots: %d ballots list fewer projects than when they were cast",
		hb.shortened)
	if lowered {
		c += " (min_length is lowered to the shortest)"
	}
	return c + fmt.Sprintf(", and %d ballots that listed only such proposals are left out.", hb.dropped)
}

// pabulibDate writes an instant's day in Tehran as pabulib dates are
// written: dd.mm.yyyy, Gregorian.
func pabulibDate(t time.Time) string { return t.In(jalali.Tehran()).Format("02.01.2006") }

// oneLine is text for a one-line field: line breaks and tabs become
// spaces, and none are left around it.
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s))
}

// pabulibPlace is where a heading lies, as pabulib names places: the city
// (META unit), its district and the neighbourhood or sub-district
// (subunit), in their English names where they have one. slug is the
// city's name for file names.
type pabulibPlace struct {
	city, slug, district, subunit string
}

// pabulibPlace finds a heading's place in the organization tree: the
// heading's area, or without one (h zero, for a whole process) the
// process's organization, and the organizations above it.
func (s *Service) pabulibPlace(ctx context.Context, p Process, h Heading) (pabulibPlace, error) {
	id := cmp.Or(h.AreaID, p.OrgID)
	place, err := s.orgs.Place(ctx, id)
	if err != nil {
		return pabulibPlace{}, err
	}
	ids := append(org.Org{ID: place.ID, Path: place.Path}.AncestorIDs(), place.ID) // root first
	briefs, err := s.orgs.Briefs(ctx, ids)
	if err != nil {
		return pabulibPlace{}, err
	}
	var out pabulibPlace
	for _, id := range ids {
		o := briefs[id]
		switch o.Kind {
		case org.Municipality:
			out = pabulibPlace{city: cityName(o), slug: fileSlug(cityName(o), o.Slug)}
		case org.District:
			out.district = placeName(o)
		case org.SubDistrict, org.Neighbourhood:
			out.subunit = placeName(o)
		}
	}
	if out.city == "" { // no municipality above: the tree's root names the place
		root := briefs[ids[0]]
		out.city, out.slug = placeName(root), fileSlug(placeName(root), root.Slug)
	}
	return out, nil
}

// placeName is an organization's English name, else its Persian one.
func placeName(o org.Org) string { return oneLine(cmp.Or(strings.TrimSpace(o.NameEn), o.NameFa)) }

// cityName is a municipality's city: "Tehran" for "Tehran Municipality"
// (شهرداری تهران).
func cityName(o org.Org) string {
	en := strings.TrimSpace(o.NameEn)
	en = strings.TrimSpace(strings.TrimPrefix(strings.TrimSuffix(en, " Municipality"), "Municipality of "))
	if en != "" {
		return oneLine(en)
	}
	return oneLine(strings.TrimPrefix(strings.TrimSpace(o.NameFa), "شهرداری "))
}

// fileName is a heading's file name: {country}_{city}_{process}_{heading}.pb,
// the heading by its English name, or heading-{id} when it has none or
// shares it with another heading of the process.
func fileName(p Process, h Heading, where pabulibPlace) string {
	name := fileSlug(h.NameEn, "")
	for _, o := range p.Headings {
		if o.ID != h.ID && strings.EqualFold(fileSlug(o.NameEn, ""), name) {
			name = ""
		}
	}
	if name == "" {
		name = "heading-" + strconv.FormatInt(h.ID, 10)
	}
	return strings.Join([]string{pabulibCountry, where.slug, p.Slug, name}, "_") + ".pb"
}

// fileSlug keeps the ASCII letters and digits of a name, with a hyphen
// for every run of anything else ("Central Tehransar" → Central-Tehransar);
// fallback when none is left.
func fileSlug(s, fallback string) string {
	var b strings.Builder
	gap := false
	for _, r := range s {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			if gap && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			gap = false
		} else {
			gap = true
		}
	}
	if b.Len() == 0 {
		return fallback
	}
	return b.String()
}
