package budgeting_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/pb"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// checkValid validates a published file: valid pabulib with nothing to
// warn about.
func checkValid(t *testing.T, name string, data []byte) *pb.Instance {
	t.Helper()
	rep, err := pb.Validate(bytes.NewReader(data), pb.ValidateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Errors+rep.Warnings > 0 {
		var b strings.Builder
		for _, f := range rep.Findings {
			b.WriteString("\n  " + f.String())
		}
		t.Errorf("%s: %d errors, %d warnings:%s\n%s", name, rep.Errors, rep.Warnings, b.String(), data)
	}
	in, err := pb.Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// metaOf is a file's META as a map, and its keys in order.
func metaOf(in *pb.Instance) (map[string]string, []string) {
	m, keys := map[string]string{}, []string{}
	for _, e := range in.Meta {
		m[e.Key], keys = e.Value, append(keys, e.Key)
	}
	return m, keys
}

// Every kind of ballot is published as a valid pabulib file, with the
// ballot's limits, the place from the organization tree, the voting dates,
// and its ballots as cast; a proposal withdrawn after the vote leaves a
// valid file that says so.
func TestPublishedFileEveryBallot(t *testing.T) {
	t.Parallel()
	type ballot = castBallot
	tests := []struct {
		kind     budgeting.BallotKind
		voteType string
		limits   map[string]string
		ballots  []ballot
	}{
		{budgeting.Approval, "approval", map[string]string{"min_length": "1", "max_length": "3", "max_sum_cost": "100"},
			[]ballot{{ids: []int{0, 2}}, {ids: []int{1}}, {ids: []int{2, 3}}, {ids: []int{0}}, {ids: []int{1, 2}}}},
		{budgeting.KApproval, "approval", map[string]string{"min_length": "1", "max_length": "3"},
			[]ballot{{ids: []int{0, 2, 3}}, {ids: []int{1}}, {ids: []int{2, 3}}, {ids: []int{0, 1}}, {ids: []int{1, 2}}}},
		{budgeting.Ordinal, "ordinal", map[string]string{"min_length": "1", "max_length": "3"},
			[]ballot{{ids: []int{3, 0, 2}}, {ids: []int{1}}, {ids: []int{2, 3}}, {ids: []int{0, 1}}, {ids: []int{1, 2}}}},
		{budgeting.Cumulative, "cumulative", map[string]string{"min_length": "1", "max_length": "3", "min_points": "1", "max_points": "10", "max_sum_points": "10"},
			[]ballot{{[]int{0, 2}, []int64{3, 7}}, {[]int{1}, []int64{10}}, {[]int{2, 3}, []int64{5, 5}}, {[]int{3, 1, 0}, []int64{1, 2, 3}}, {[]int{1, 2}, []int64{9, 1}}}},
	}
	for _, tc := range tests {
		t.Run(string(tc.kind), func(t *testing.T) {
			t.Parallel()
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ctx := context.Background()
				f := newFixture(t, db, tc.kind, "greedy")
				ids := f.proposals(t, 60, 50, 30, 40)
				heading := f.process.Headings[0].ID
				f.clock.set(at(21))
				for i, b := range tc.ballots {
					bl := budgeting.Ballot{HeadingID: heading}
					for k, p := range b.ids {
						c := budgeting.Choice{ProposalID: ids[p]}
						if b.points != nil {
							c.Points = b.points[k]
						}
						bl.Choices = append(bl.Choices, c)
					}
					if _, err := f.svc.Cast(ctx, f.voters[i], bl); err != nil {
						t.Fatalf("ballot %d: %v", i, err)
					}
				}
				f.clock.set(at(31))
				pf, data := published(t, f.svc, heading)
				if want := fmt.Sprintf("Iran_tehran_district-21-1405_heading-%d.pb", heading); pf.Name != want {
					t.Errorf("file name %q, want %q", pf.Name, want)
				}
				in := checkValid(t, pf.Name, data)
				meta, keys := metaOf(in)
				want := map[string]string{"description": "من شهردارم ۱۴۰۵ — ویلاشهر", "country": "Iran", "unit": "تهران",
					"district": "منطقه ۲۱", "subunit": "ویلاشهر", "instance": "district-21-1405", "num_projects": "4",
					"num_votes": "5", "budget": "100", "vote_type": tc.voteType, "rule": "greedy",
					"date_begin": "21.04.2026", "date_end": "01.05.2026", "language": "fa", "currency": "IRR"}
				for k, v := range tc.limits {
					want[k] = v
				}
				for k, v := range want {
					if meta[k] != v {
						t.Errorf("META %s = %q, want %q", k, meta[k], v)
					}
				}
				if len(keys) != len(want) {
					t.Errorf("META keys %v, want those of %v", keys, want)
				}
				checkBallotsAsCast(t, in, tc.ballots, ids)
				if _, err := f.svc.Hide(ctx, 1, ids[1], "تکراری"); err != nil {
					t.Fatal(err)
				}
				pf, data = published(t, f.svc, heading)
				in = checkValid(t, pf.Name+" (withdrawn)", data)
				if meta, _ = metaOf(in); !strings.HasPrefix(meta["comment"], "#1: Proposals withdrawn after the vote") || meta["num_projects"] != "3" {
					t.Errorf("after a proposal is withdrawn: comment %q, num_projects %s", meta["comment"], meta["num_projects"])
				}
			})
		})
	}
}

// castBallot is a ballot by its projects' places in the fixture's list,
// with points for cumulative ballots.
type castBallot struct {
	ids    []int
	points []int64
}

// published writes a closed heading's published file.
func published(t *testing.T, svc *budgeting.Service, heading int64) (budgeting.Published, []byte) {
	t.Helper()
	pf, err := svc.PublishedFile(context.Background(), heading)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := pb.Write(&buf, pf.Instance); err != nil {
		t.Fatal(err)
	}
	return pf, buf.Bytes()
}

// checkBallotsAsCast: the file holds every ballot's projects (points
// ballots in decreasing points) and how it was cast.
func checkBallotsAsCast(t *testing.T, in *pb.Instance, ballots []castBallot, ids []int64) {
	t.Helper()
	var got, want []string
	for _, v := range in.Voters.All() {
		var parts []string
		for k, p := range v.Vote {
			s := in.Projects[p].ID
			if v.Points != nil {
				s += ":" + strconv.FormatInt(v.Points[k], 10)
			}
			parts = append(parts, s)
		}
		got = append(got, strings.Join(parts, ","))
	}
	for _, b := range ballots {
		type choice struct {
			id  string
			pts int64
		}
		var cs []choice
		for k, p := range b.ids {
			c := choice{id: strconv.FormatInt(ids[p], 10)}
			if b.points != nil {
				c.pts = b.points[k]
			}
			cs = append(cs, c)
		}
		slices.SortStableFunc(cs, func(a, b choice) int { return int(b.pts - a.pts) })
		var parts []string
		for _, c := range cs {
			s := c.id
			if b.points != nil {
				s += ":" + strconv.FormatInt(c.pts, 10)
			}
			parts = append(parts, s)
		}
		want = append(want, strings.Join(parts, ","))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("ballots %v, cast %v", got, want)
	}
	if in.VoteColumns[len(in.VoteColumns)-1] != "voting_method" || in.Voters.Fields(0)[len(in.VoteColumns)-1] != "internet" {
		t.Errorf("VOTES columns %v, first voter %v", in.VoteColumns, in.Voters.Fields(0))
	}
}

// Every file the demo publishes, every heading of every process with
// ballots, is valid pabulib: served under its own name, with the city,
// district and neighbourhood from the organization tree, and the whole
// process as one zip of the same files. Before voting closes neither is
// served.
func TestPublishedDemoFiles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		ctx := context.Background()
		ps, err := e.App.Budget.Processes(ctx)
		if err != nil {
			t.Fatal(err)
		}
		name := regexp.MustCompile(`^attachment; filename="(Iran_Tehran_district-21-1404_[A-Za-z0-9-]+\.pb)"$`)
		closed := 0
		for _, p := range ps {
			zipURL := fmt.Sprintf("/api/v1/processes/%d/ballots.zip", p.ID)
			files := map[string]string{}
			for _, h := range p.Headings {
				r := c.Get(fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballots.pb", p.ID, h.ID))
				if p.Slug != demo.FinishedSlug {
					if r.Status != http.StatusForbidden {
						t.Errorf("%s heading %d before voting closes: status %d, want 403", p.Slug, h.ID, r.Status)
					}
					continue
				}
				m := name.FindStringSubmatch(r.Header.Get("Content-Disposition"))
				if r.Status != http.StatusOK || m == nil {
					t.Fatalf("%s heading %d: status %d, %q", p.Slug, h.ID, r.Status, r.Header.Get("Content-Disposition"))
				}
				closed++
				in := checkValid(t, m[1], []byte(r.Body))
				meta, _ := metaOf(in)
				if meta["unit"] != "Tehran" || meta["district"] != "District 21" || meta["subunit"] != h.NameEn ||
					meta["instance"] != p.Slug || in.Voters.Len() == 0 || meta["rule"] != p.Rule {
					t.Errorf("%s: META %v", m[1], meta)
				}
				files[m[1]] = r.Body
			}
			checkZip(t, c.Get(zipURL), p, files)
		}
		if closed != 3 {
			t.Errorf("%d published headings, want the finished process's 3", closed)
		}
	})
}

// checkZip: a closed process's archive holds every heading's file, the
// same bytes as each heading's download; before voting closes it is
// refused.
func checkZip(t *testing.T, r apptest.Response, p budgeting.Process, files map[string]string) {
	t.Helper()
	if p.Slug != demo.FinishedSlug {
		if r.Status != http.StatusForbidden {
			t.Errorf("%s zip before voting closes: status %d, want 403", p.Slug, r.Status)
		}
		return
	}
	if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/zip" ||
		r.Header.Get("Content-Disposition") != `attachment; filename="Iran_Tehran_district-21-1404.zip"` {
		t.Fatalf("zip: status %d, headers %v", r.Status, r.Header)
	}
	zr, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(files) {
		t.Errorf("%d files in the zip, want %d", len(zr.File), len(files))
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil || string(b) != files[zf.Name] {
			t.Errorf("zip entry %s differs from its heading's download (%v)", zf.Name, err)
		}
	}
}
