package pb

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// sharedCorpusDir is the project's shared pabulib folder, relative to this
// package. Tests over it skip when it is absent, and fail when CI=true.
const sharedCorpusDir = "../../../shared/pabulib"

func sharedCorpus(tb testing.TB) string {
	tb.Helper()
	if fi, err := os.Stat(sharedCorpusDir); err == nil && fi.IsDir() {
		return sharedCorpusDir
	}
	if os.Getenv("CI") == "true" {
		tb.Fatalf("shared pabulib files not found at %s (required when CI=true)", sharedCorpusDir)
	}
	tb.Skipf("shared pabulib files not found at %s; skipping the tests over the whole corpus", sharedCorpusDir)
	return ""
}

// pbioTestdataFiles lists the .pb files in testdata.
func pbioTestdataFiles(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/*.pb")
	if err != nil || len(files) == 0 {
		tb.Fatalf("no testdata/*.pb files (%v)", err)
	}
	return files
}

// readFile reads a .pb file: the package reads from an io.Reader, and
// opening files is its callers' business.
func readFile(path string) (*Instance, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Read(f)
}

func mustRead(t *testing.T, s string) *Instance {
	t.Helper()
	in, err := Read(strings.NewReader(s))
	if err != nil {
		t.Fatalf("Read: %v\ninput:\n%s", err, s)
	}
	return in
}

// pbioCorpus is the table of shared/pabulib/README.md (counted from the
// data there, not by this package).
var pbioCorpus = []struct {
	file             string
	voters, projects int
	voteType         VoteType
	budget           int64
}{
	{"Canada_Stanford_Dataset_PB_Dieppe_2018_vote_approvals.pb", 378, 16, Approval, 180000},
	{"France_Toulouse_2022.pb", 4532, 199, Approval, 8000000},
	{"Hungary_Budapest_2024.pb", 28943, 175, Approval, 1000000000},
	{"Hungary_Veszprem_2025.pb", 1607, 63, Approval, 120000000},
	{"Netherlands_Amsterdam_309.pb", 14411, 58, Approval, 300000},
	{"Netherlands_Assen_2024.pb", 84, 14, Approval, 100000},
	{"Poland_Czestochowa_2020.pb", 16978, 90, Cumulative, 2367122},
	{"Poland_Gdynia_2020.pb", 27073, 13, Approval, 1500000},
	{"Poland_Katowice_2021.pb", 36370, 29, Cumulative, 3003438},
	{"Poland_Krakow_2021.pb", 51229, 99, Ordinal, 7000000},
	{"Poland_Lodz_2024.pb", 66045, 163, Approval, 9632750},
	{"Poland_Poznan_2023_5_-_Grunwald_Polnoc_Grunwald_Poludnie_Stary_Grunwald.pb", 19257, 7, Approval, 1050000},
	{"Poland_Warszawa_2020_Mokotow.pb", 12021, 118, Approval, 7147577},
	{"Poland_Warszawa_2026_Grochow.pb", 2106, 21, Approval, 2055879},
	{"Poland_Wieliczka_2023_Green_Budget.pb", 6586, 64, Approval, 1000000},
	{"Poland_Wroclaw_2021.pb", 84611, 77, Choose1, 16000000},
	{"Poland_Zabrze_2020.pb", 9375, 7, Choose1, 500000},
	{"Switzerland_Zurich_D10.pb", 180, 24, Cumulative, 60000},
	{"Switzerland_Zurich_S5.pb", 180, 24, Approval, 60000},
	{"US_Stanford_Dataset_PB_Cambridge_2019_vote_approvals.pb", 6447, 20, Approval, 1000000},
	{"Worldwide_Mechanical_Turk_Ranking_value_7.pb", 78, 20, Ordinal, 500000},
}

func TestReadSharedCorpus(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	files, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	if len(files) != len(pbioCorpus) {
		t.Errorf("%d .pb files in %s, the table has %d", len(files), dir, len(pbioCorpus))
	}
	for _, c := range pbioCorpus {
		t.Run(c.file, func(t *testing.T) {
			in, err := readFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			if in.Voters.Len() != c.voters || len(in.Projects) != c.projects {
				t.Errorf("voters, projects = %d, %d; want %d, %d", in.Voters.Len(), len(in.Projects), c.voters, c.projects)
			}
			if in.VoteType != c.voteType || in.Budget != c.budget || in.Scale != 0 {
				t.Errorf("vote type %s, budget %d at scale %d; want %s, %d at scale 0", in.VoteType, in.Budget, in.Scale, c.voteType, c.budget)
			}
			pbioCheckInvariants(t, in)
		})
	}
}

// pbioCheckInvariants checks what every instance Read returns satisfies.
func pbioCheckInvariants(t *testing.T, in *Instance) {
	t.Helper()
	for i, p := range in.Projects {
		if len(p.Fields) != len(in.ProjectColumns) || p.ID != p.Fields[0] || p.ID == "" || p.Cost < 0 {
			t.Fatalf("project %d %+v breaks an invariant", i, p)
		}
	}
	// Each voter's ballot is also what its record, lexed again by the
	// general lexer (Fields), says: Read finds most voters' fields with a
	// lexer of their own (plainVoter).
	pc := slices.Index(in.VoteColumns, "points")
	withPoints := pc >= 0 && (in.VoteType.HasPoints() || in.VoteType == Ordinal)
	br := newBallotReader(in.Projects)
	for i, v := range in.Voters.All() {
		if len(v.Fields) != len(in.VoteColumns) || v.ID != v.Fields[0] {
			t.Fatalf("voter %d breaks an invariant", i)
		}
		pts := ""
		if withPoints {
			pts = v.Fields[pc]
		}
		br.votes, br.points = br.votes[:0], br.points[:0]
		if _, msg := br.parse(v.Fields[1], pts, withPoints, in.VoteType); msg != "" ||
			!slices.Equal(br.votes, v.Vote) || !slices.Equal(br.points, v.Points) {
			t.Fatalf("voter %q: vote %v points %v, but its fields %q give %v %v (%s)", v.ID, v.Vote, v.Points, v.Fields, br.votes, br.points, msg)
		}
		seen := map[int32]bool{}
		for _, p := range v.Vote {
			if p < 0 || int(p) >= len(in.Projects) || seen[p] {
				t.Fatalf("voter %q: vote %v", v.ID, v.Vote)
			}
			seen[p] = true
		}
		if in.VoteType.HasPoints() && len(v.Points) != len(v.Vote) {
			t.Fatalf("voter %q: %d points for %d projects", v.ID, len(v.Points), len(v.Vote))
		}
		if v.Points != nil && len(v.Points) != len(v.Vote) {
			t.Fatalf("voter %q: %d points for %d projects", v.ID, len(v.Points), len(v.Vote))
		}
	}
}

// Real files with quirks FORMAT.md lists.
func TestReadSharedQuirks(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	ballot := func(in *Instance, voter string) ([]string, []int64) {
		t.Helper()
		for _, v := range in.Voters.All() {
			if v.ID == voter {
				var ids []string
				for _, p := range v.Vote {
					ids = append(ids, in.Projects[p].ID)
				}
				return ids, v.Points
			}
		}
		t.Fatalf("no voter %q", voter)
		return nil, nil
	}
	// Częstochowa: "579,579,579,579" with points "1,1,1,1".
	in, err := readFile(filepath.Join(dir, "Poland_Czestochowa_2020.pb"))
	if err != nil {
		t.Fatal(err)
	}
	if ids, pts := ballot(in, "13026"); !slices.Equal(ids, []string{"579"}) || !slices.Equal(pts, []int64{1}) {
		t.Errorf("Częstochowa voter 13026: %v %v", ids, pts)
	}
	// A quote inside an unquoted field is an ordinary character.
	if name, _ := in.Field(in.ProjectIndex("611"), "name"); name != `Budowa boiska ogólnego wielofunkcyjnego "Orlik"` {
		t.Errorf("Częstochowa 611 name = %q", name)
	}
	// Toulouse writes costs as 4000.0: whole amounts, scale 0.
	in, err = readFile(filepath.Join(dir, "France_Toulouse_2022.pb"))
	if err != nil {
		t.Fatal(err)
	}
	if p := in.ProjectIndex("13"); in.Projects[p].Cost != 4000 || in.Projects[p].Fields[1] != "4000.0" {
		t.Errorf("Toulouse 13: cost %d, text %q", in.Projects[p].Cost, in.Projects[p].Fields[1])
	}
	// Kraków: ordinal ballots with a points column keep their points.
	in, err = readFile(filepath.Join(dir, "Poland_Krakow_2021.pb"))
	if err != nil {
		t.Fatal(err)
	}
	if ids, pts := ballot(in, "0"); !slices.Equal(ids, []string{"98", "42", "20"}) || !slices.Equal(pts, []int64{3, 2, 1}) {
		t.Errorf("Kraków voter 0: %v %v", ids, pts)
	}
	if name, _ := in.Field(in.ProjectIndex("130"), "name"); name != `„Przylądek dobrej nadziei" Zygmunta Nowakowskiego` {
		t.Errorf("Kraków 130 name = %q", name)
	}
}

func TestReadTestdata(t *testing.T) {
	t.Parallel()
	for _, f := range pbioTestdataFiles(t) {
		in, err := readFile(f)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		pbioCheckInvariants(t, in)
		for _, c := range pbioCorpus {
			if c.file == filepath.Base(f) &&
				(in.Voters.Len() != c.voters || len(in.Projects) != c.projects || in.VoteType != c.voteType || in.Budget != c.budget) {
				t.Errorf("%s: %d voters, %d projects, %s, budget %d; want %+v", f, in.Voters.Len(), len(in.Projects), in.VoteType, in.Budget, c)
			}
		}
	}
	// Grochów 2026: two ballots list a project twice; the first occurrence stays.
	in, err := readFile("testdata/Poland_Warszawa_2026_Grochow.pb")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		voter string
		ids   []string
	}{
		{"294139", []string{"2107", "2096", "1419", "443"}},
		{"310592", []string{"2096", "1411", "1880", "599"}},
	} {
		var got []string
		for _, v := range in.Voters.All() {
			if v.ID == c.voter {
				for _, p := range v.Vote {
					got = append(got, in.Projects[p].ID)
				}
				if v.Fields[1] != strings.Join(append(c.ids[:1:1], c.ids...), ",") {
					t.Errorf("voter %s raw vote %q", c.voter, v.Fields[1])
				}
			}
		}
		if !slices.Equal(got, c.ids) {
			t.Errorf("Grochów voter %s: vote %v, want %v", c.voter, got, c.ids)
		}
	}
}

// pbioSmall is a small valid approval instance.
const pbioSmall = `META
key;value
description;test
num_projects;3
num_votes;3
budget;100
vote_type;approval
PROJECTS
project_id;cost;name
1;10;one
2;20;two
3;30;three
VOTES
voter_id;vote;age
a;1,2;30
b;3;None
c;;40
`

func TestReadQuirks(t *testing.T) {
	t.Parallel()
	ids := func(in *Instance, v int) string {
		var s []string
		for _, p := range in.Voters.Vote(v) {
			s = append(s, in.Projects[p].ID)
		}
		return strings.Join(s, ",")
	}
	tests := []struct {
		name  string
		input string
		check func(t *testing.T, in *Instance)
	}{
		{"plain", pbioSmall, func(t *testing.T, in *Instance) {
			if in.Budget != 100 || in.Scale != 0 || in.VoteType != Approval || len(in.Meta) != 5 {
				t.Errorf("meta: %+v", in)
			}
			if ids(in, 0) != "1,2" || ids(in, 1) != "3" || in.Voters.Vote(2) != nil {
				t.Errorf("votes %v", voterList(&in.Voters))
			}
			if in.Voters.Points(0) != nil {
				t.Error("approval ballots have points")
			}
			if !slices.Equal(in.Voters.Fields(1), []string{"b", "3", ""}) {
				t.Errorf("None not read as missing: %q", in.Voters.Fields(1))
			}
		}},
		{"BOM", "\xEF\xBB\xBF" + pbioSmall, func(t *testing.T, in *Instance) {
			if in.Meta[0].Key != "description" || in.Voters.Len() != 3 {
				t.Errorf("meta %q", in.Meta[0].Key)
			}
		}},
		{"CRLF", strings.ReplaceAll(pbioSmall, "\n", "\r\n"), func(t *testing.T, in *Instance) {
			if in.Voters.Fields(2)[2] != "40" || in.Projects[2].Fields[2] != "three" || in.Meta[4].Value != "approval" {
				t.Errorf("CR kept: %q %q", in.Voters.Fields(2), in.Projects[2].Fields)
			}
		}},
		{"mixed line endings, no final newline", strings.Replace(strings.TrimSuffix(pbioSmall, "\n"), "\n", "\r\n", 5),
			func(t *testing.T, in *Instance) {
				if in.Voters.Len() != 3 || in.Voters.Fields(2)[2] != "40" {
					t.Errorf("voters %v", voterList(&in.Voters))
				}
			}},
		{"empty and blank lines", strings.NewReplacer("PROJECTS\n", "\n  \nPROJECTS\n\n", "2;20;two\n", "2;20;two\n\t\n\n", "c;;40\n", "c;;40\n\n\n").Replace(pbioSmall),
			func(t *testing.T, in *Instance) {
				if len(in.Projects) != 3 || in.Voters.Len() != 3 {
					t.Errorf("%d projects, %d voters", len(in.Projects), in.Voters.Len())
				}
			}},
		{"titles in any case", strings.NewReplacer("META\n", " meta \n", "PROJECTS\n", "Projects\n", "VOTES\n", "votes\t\n").Replace(pbioSmall),
			func(t *testing.T, in *Instance) {
				if in.Voters.Len() != 3 {
					t.Error("voters")
				}
			}},
		{"quoted fields", "META\nkey;value\nbudget;100\ncomment;\"#1: a;b \"\"c\"\"\"\nPROJECTS\nproject_id;cost;name;note\n" +
			"1;10;\"semi;colon\";\"two\nlines\"\n\"2\";\"20\";\"\"\"quoted\"\" - x\";\"crlf\r\ninside\"\n" +
			"3;30;Orlik \"x\" y;\"ab\"cd\"e\nVOTES\nvoter_id;vote\n\"v;1\";\"1,2\"\nv2;3\n",
			func(t *testing.T, in *Instance) {
				if v, _ := in.MetaValue("comment"); v != `#1: a;b "c"` {
					t.Errorf("comment %q", v)
				}
				want := [][]string{
					{"1", "10", "semi;colon", "two\nlines"},
					{"2", "20", `"quoted" - x`, "crlf\ninside"},
					{"3", "30", `Orlik "x" y`, `abcd"e`},
				}
				for i, w := range want {
					if !slices.Equal(in.Projects[i].Fields, w) {
						t.Errorf("project %d: %q, want %q", i, in.Projects[i].Fields, w)
					}
				}
				if in.Voters.ID(0) != "v;1" || ids(in, 0) != "1,2" || ids(in, 1) != "3" {
					t.Errorf("voters %+v", voterList(&in.Voters))
				}
			}},
		{"None in projects and votes", "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost;name\n1;10;NONE\n2;20;x\nVOTES\nvoter_id;vote;points;age\na;none;None;none\nb;2;;1\n",
			func(t *testing.T, in *Instance) {
				if in.Projects[0].Fields[2] != "" || in.Voters.Vote(0) != nil || in.Voters.Fields(0)[1] != "" || in.Voters.Fields(0)[3] != "" {
					t.Errorf("None kept: %q %q", in.Projects[0].Fields, in.Voters.Fields(0))
				}
			}},
		{"decimal costs set the scale", "META\nkey;value\nbudget;100.5\nPROJECTS\nproject_id;cost\n1;12.25\n2;3.10\n3;7\nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if in.Scale != 2 || in.Budget != 10050 || in.Projects[0].Cost != 1225 || in.Projects[1].Cost != 310 || in.Projects[2].Cost != 700 {
					t.Errorf("scale %d budget %d costs %+v", in.Scale, in.Budget, in.Projects)
				}
			}},
		{"trailing zeros do not count", "META\nkey;value\nbudget;400000.0\nPROJECTS\nproject_id;cost\n1;4000.0\n2;12.50\n3;.5\n4;5.\nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if in.Scale != 1 || in.Budget != 4000000 || in.Projects[0].Cost != 40000 || in.Projects[1].Cost != 125 ||
					in.Projects[2].Cost != 5 || in.Projects[3].Cost != 50 {
					t.Errorf("scale %d budget %d costs %+v", in.Scale, in.Budget, in.Projects)
				}
			}},
		{"whole decimals", "META\nkey;value\nbudget;400000.0\nPROJECTS\nproject_id;cost\n1;4000.0\n2;0.000\nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if in.Scale != 0 || in.Budget != 400000 || in.Projects[0].Cost != 4000 || in.Projects[1].Cost != 0 {
					t.Errorf("scale %d budget %d costs %+v", in.Scale, in.Budget, in.Projects)
				}
			}},
		{"decimal comma in costs", "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;12,5\n2; 3 \nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if in.Scale != 1 || in.Budget != 1000 || in.Projects[0].Cost != 125 || in.Projects[1].Cost != 30 {
					t.Errorf("scale %d budget %d costs %+v", in.Scale, in.Budget, in.Projects)
				}
			}},
		{"ids are strings", "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n10;1\n010;2\nBO.OM.97/24;3\nVOTES\nvoter_id;vote\n01;010\n1;10,BO.OM.97/24\n",
			func(t *testing.T, in *Instance) {
				if ids(in, 0) != "010" || ids(in, 1) != "10,BO.OM.97/24" || in.Voters.ID(0) != "01" {
					t.Errorf("votes %v", voterList(&in.Voters))
				}
			}},
		{"approval duplicates keep the first", "META\nkey;value\nbudget;100\nPROJECTS\nproject_id;cost\n1;1\n2;2\n3;3\nVOTES\nvoter_id;vote;points\na;2,1,2,3,1;9,9,9,9,9\n",
			func(t *testing.T, in *Instance) {
				if ids(in, 0) != "2,1,3" || in.Voters.Points(0) != nil {
					t.Errorf("vote %v points %v", in.Voters.Vote(0), in.Voters.Points(0))
				}
			}},
		{"choose-1 duplicates keep the first", "META\nkey;value\nbudget;100\nvote_type;choose-1\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;vote\na;2,2\nb;1,2\n",
			func(t *testing.T, in *Instance) {
				if in.VoteType != Choose1 || ids(in, 0) != "2" || ids(in, 1) != "1,2" {
					t.Errorf("%s votes %v", in.VoteType, voterList(&in.Voters))
				}
			}},
		{"ordinal duplicates keep the first, with its points", "META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;1\n2;2\n3;3\nVOTES\nvoter_id;vote;points\na;2,1,2,3;4,3,2,1\nb;3,1;\n",
			func(t *testing.T, in *Instance) {
				if ids(in, 0) != "2,1,3" || !slices.Equal(in.Voters.Points(0), []int64{4, 3, 1}) {
					t.Errorf("vote %v points %v", in.Voters.Vote(0), in.Voters.Points(0))
				}
				if ids(in, 1) != "3,1" || in.Voters.Points(1) != nil {
					t.Errorf("ordinal ballot without points: %v", in.Voters.Points(1))
				}
			}},
		{"ordinal without a points column", "META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;vote\na;2,1\n",
			func(t *testing.T, in *Instance) {
				if ids(in, 0) != "2,1" || in.Voters.Points(0) != nil {
					t.Errorf("vote %v points %v", in.Voters.Vote(0), in.Voters.Points(0))
				}
			}},
		{"cumulative duplicates: one entry, last points, first position", "META\nkey;value\nbudget;100\nvote_type;Cumulative\nPROJECTS\nproject_id;cost\n579;1\n2;2\nVOTES\nvoter_id;vote;points\na;579,579,579,579;1,1,1,1\nb;579,2,579;5,3,1\nc;;\n",
			func(t *testing.T, in *Instance) {
				if in.VoteType != Cumulative || ids(in, 0) != "579" || !slices.Equal(in.Voters.Points(0), []int64{1}) {
					t.Errorf("a: %v %v", in.Voters.Vote(0), in.Voters.Points(0))
				}
				if ids(in, 1) != "579,2" || !slices.Equal(in.Voters.Points(1), []int64{1, 3}) {
					t.Errorf("b: %v %v", in.Voters.Vote(1), in.Voters.Points(1))
				}
				if in.Voters.Vote(2) != nil || in.Voters.Points(2) != nil {
					t.Errorf("c: %v %v", in.Voters.Vote(2), in.Voters.Points(2))
				}
			}},
		{"scoring duplicates: last points", "META\nkey;value\nbudget;100\nvote_type;scoring\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;vote;points\na;1,2,1;-2, 3 ,+7\n",
			func(t *testing.T, in *Instance) {
				if ids(in, 0) != "1,2" || !slices.Equal(in.Voters.Points(0), []int64{7, 3}) {
					t.Errorf("a: %v %v", in.Voters.Vote(0), in.Voters.Points(0))
				}
			}},
		{"no voters, no projects", "META\nkey;value\nbudget;0\nnum_projects;0\nnum_votes;0\nPROJECTS\nproject_id;cost\nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if len(in.Projects) != 0 || in.Voters.Len() != 0 {
					t.Error("rows")
				}
			}},
		{"META None values kept; empty vote_type means approval", "META\nkey;value\nbudget;5\nvote_type;\nmin_length;None\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote\n",
			func(t *testing.T, in *Instance) {
				if v, _ := in.MetaValue("min_length"); v != "None" || in.VoteType != Approval {
					t.Errorf("min_length %q, %s", v, in.VoteType)
				}
			}},
		{"long line", "META\nkey;value\nbudget;5\nPROJECTS\nproject_id;cost;name\n1;1;" + strings.Repeat("é", 100000) + "\nVOTES\nvoter_id;vote\nv;1\n",
			func(t *testing.T, in *Instance) {
				if len(in.Projects[0].Fields[2]) != 200000 || ids(in, 0) != "1" {
					t.Error("long field")
				}
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := mustRead(t, tc.input)
			pbioCheckInvariants(t, in)
			tc.check(t, in)
		})
	}
}

func TestParseErrorMessage(t *testing.T) {
	t.Parallel()
	e := &ParseError{Section: "VOTES", Line: 1234, Field: "points", Msg: `expected 3 comma-separated integers (one per project in "vote"), got "5,2"`}
	want := `pb: VOTES line 1234, field "points": expected 3 comma-separated integers (one per project in "vote"), got "5,2"`
	if e.Error() != want {
		t.Errorf("got  %s\nwant %s", e.Error(), want)
	}
	if got := (&ParseError{Section: "META", Msg: "x"}).Error(); got != "pb: META: x" {
		t.Errorf("got %s", got)
	}
	// The message from Read itself.
	in := strings.Replace(pbioSmall, "VOTES\nvoter_id;vote;age\n", "VOTES\nvoter_id;vote;age;points\n", 1)
	in = strings.NewReplacer("a;1,2;30\n", "a;1,2,3;30;5,2\n", "b;3;None\n", "b;3;None;1\n", "c;;40\n", "c;;40;\n").Replace(in)
	in = strings.Replace(in, "vote_type;approval", "vote_type;cumulative", 1)
	_, err := Read(strings.NewReader(in))
	want = `pb: VOTES line 15, field "points": expected 3 comma-separated integers (one per project in "vote"), got "5,2"`
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
	const meta = "META\nkey;value\nbudget;100\n"                        // lines 1-3
	const projects = "PROJECTS\nproject_id;cost;name\n1;10;a\n2;20;b\n" // lines 4-7 after meta
	const votes = "VOTES\nvoter_id;vote\n"                              // lines 8-9
	tests := []struct {
		name, input string
		section     string
		line        int
		field, msg  string
	}{
		{"empty input", "", "META", 0, "", "empty input"},
		{"only blank lines", "\n \r\n", "META", 0, "", "empty input"},
		{"no META title", "key;value\nbudget;1\n", "META", 1, "", "expected the section title META"},
		{"META header", "META\nkey;val\n", "META", 2, "", "expected the header row key;value"},
		{"META header missing", "META\n", "META", 1, "", "missing the header row key;value"},
		{"META row with 3 fields", "META\nkey;value\nbudget;1;2\n", "META", 3, "", "expected 2 fields (key;value), got 3"},
		{"META empty key", "META\nkey;value\n;1\n", "META", 3, "key", "empty key"},
		{"META duplicate key", "META\nkey;value\nbudget;1\nunit;x\nbudget;2\n", "META", 5, "budget", "duplicate key \"budget\" (first on line 3)"},
		{"file ends in META", "META\nkey;value\nbudget;1\n", "PROJECTS", 3, "", "missing section"},
		{"VOTES before PROJECTS", meta + votes, "META", 4, "", "unexpected section title VOTES"},
		{"missing budget", "META\nkey;value\nunit;x\n" + projects + votes, "META", 4, "budget", "missing key budget"},
		{"bad budget", "META\nkey;value\nbudget;1e6\n", "META", 3, "budget", `expected a number, got "1e6"`},
		{"budget with a decimal comma", "META\nkey;value\nbudget;100,5\n", "META", 3, "budget", "decimal comma"},
		{"negative budget", "META\nkey;value\nbudget;-5\n", "META", 3, "budget", "negative"},
		{"unknown vote_type", "META\nkey;value\nbudget;1\nvote_type;plurality\n", "META", 4, "vote_type", `unknown vote type "plurality"`},
		{"num_projects not a number", "META\nkey;value\nbudget;1\nnum_projects;many\n", "META", 4, "num_projects", "non-negative integer"},
		{"num_votes negative", "META\nkey;value\nbudget;1\nnum_votes;-1\n", "META", 4, "num_votes", "non-negative integer"},
		{"PROJECTS header missing", meta + "PROJECTS\n", "PROJECTS", 4, "", "missing the header row"},
		{"PROJECTS header wrong", meta + "PROJECTS\nid;cost\n", "PROJECTS", 5, "", "expected a header row starting project_id;cost"},
		{"PROJECTS header is a title", meta + "PROJECTS\nVOTES\n", "PROJECTS", 5, "", "got the section title VOTES"},
		{"PROJECTS header repeats a column", meta + "PROJECTS\nproject_id;cost;name;name\n", "PROJECTS", 5, "name", "appears twice"},
		{"PROJECTS header empty column", meta + "PROJECTS\nproject_id;cost;;name\n", "PROJECTS", 5, "", "header column 3 is empty"},
		{"project row too short", meta + "PROJECTS\nproject_id;cost;name\n1;10\n", "PROJECTS", 6, "", "expected 3 fields (as in the header), got 2"},
		{"project row too long", meta + "PROJECTS\nproject_id;cost;name\n1;10;a;b\n", "PROJECTS", 6, "", "expected 3 fields (as in the header), got 4"},
		{"bad cost", meta + "PROJECTS\nproject_id;cost;name\n1;12a;x\n", "PROJECTS", 6, "cost", `expected a number, got "12a"`},
		{"missing cost", meta + "PROJECTS\nproject_id;cost;name\n1;None;x\n", "PROJECTS", 6, "cost", "missing"},
		{"two decimal points", meta + "PROJECTS\nproject_id;cost;name\n1;1.2.3;x\n", "PROJECTS", 6, "cost", "expected a number"},
		{"negative cost", meta + "PROJECTS\nproject_id;cost;name\n1;-10;x\n", "PROJECTS", 6, "cost", "negative amount \"-10\""},
		{"cost overflow", meta + "PROJECTS\nproject_id;cost;name\n1;99999999999999999999;x\n", "PROJECTS", 6, "cost", "too large"},
		{"cost with too many decimals", meta + "PROJECTS\nproject_id;cost;name\n1;0.0000000000000000001;x\n", "PROJECTS", 6, "cost", "more than 18 significant decimal places"},
		{"cost overflow at the scale", meta + "PROJECTS\nproject_id;cost;name\n1;9000000000000000000;x\n2;0.5;y\n" + votes,
			"PROJECTS", 6, "cost", "does not fit in 64 bits at 1 decimal places"},
		{"budget overflow at the scale", "META\nkey;value\nbudget;9000000000000000000\nPROJECTS\nproject_id;cost\n1;0.5\n" + votes,
			"META", 3, "budget", "does not fit in 64 bits"},
		{"duplicate project id", meta + "PROJECTS\nproject_id;cost;name\n1;10;a\n1;20;b\n", "PROJECTS", 7, "project_id", `duplicate project id "1" (first on line 6)`},
		{"empty project id", meta + "PROJECTS\nproject_id;cost;name\nnone;10;a\n", "PROJECTS", 6, "project_id", "empty project id"},
		{"num_projects mismatch", "META\nkey;value\nbudget;100\nnum_projects;3\n" + projects + votes, "META", 4, "num_projects",
			"num_projects is 3 but PROJECTS has 2 rows"},
		{"file ends in PROJECTS", meta + projects, "VOTES", 7, "", "missing section: the file ends in PROJECTS"},
		{"META title again", meta + projects + "META\n", "PROJECTS", 8, "", "unexpected section title META"},
		{"VOTES header missing", meta + projects + "VOTES\n", "VOTES", 8, "", "missing the header row"},
		{"VOTES header wrong", meta + projects + "VOTES\nvote;voter_id\n", "VOTES", 9, "", "expected a header row starting voter_id;vote"},
		{"cumulative without points", "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + projects + votes, "VOTES", 10, "points",
			"vote_type cumulative needs a points column"},
		{"vote row field count", meta + projects + votes + "v1;1;x\n", "VOTES", 10, "", "expected 2 fields (as in the header), got 3"},
		{"unknown project in a vote", meta + projects + votes + "v1;1\nv2;2,9\n", "VOTES", 11, "vote", `unknown project id "9" (not in PROJECTS)`},
		{"empty id in a vote", meta + projects + votes + "v1;1,,2\n", "VOTES", 10, "vote", `empty project id in the list "1,,2"`},
		{"vote with spaces", meta + projects + votes + "v1;1, 2\n", "VOTES", 10, "vote", `unknown project id " 2"`},
		{"duplicate voter id", meta + projects + votes + "v1;1\nv2;2\nv1;2\n", "VOTES", 12, "voter_id", `duplicate voter id "v1" (first on line 10)`},
		{"duplicate voter id after blank lines and a field on two lines", meta + projects + "VOTES\nvoter_id;vote;note\nv2;1;x\n\nv1;2;\"a\nb\"\n\nv3;1;y\nv1;1;z\n",
			"VOTES", 16, "voter_id", `duplicate voter id "v1" (first on line 12)`},
		{"num_votes mismatch", "META\nkey;value\nbudget;100\nnum_votes;3\n" + projects + votes + "v1;1\nv2;2\n", "META", 4, "num_votes",
			"num_votes is 3 but VOTES has 2 rows"},
		{"points count mismatch", "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\nv;1,2,1;5,2\n",
			"VOTES", 11, "points", `expected 3 comma-separated integers (one per project in "vote"), got "5,2"`},
		{"points missing", "META\nkey;value\nbudget;100\nvote_type;scoring\n" + projects + "VOTES\nvoter_id;vote;points\nv;1,2;\n",
			"VOTES", 11, "points", `expected 2 comma-separated integers`},
		{"points for an empty vote", "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\nv;;3\n",
			"VOTES", 11, "points", `expected no points for an empty vote, got "3"`},
		{"non-integer points", "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\nv;1,2;1.5,2\n",
			"VOTES", 11, "points", `expected integers, got "1.5" in "1.5,2"`},
		{"points overflow", "META\nkey;value\nbudget;100\nvote_type;cumulative\n" + projects + "VOTES\nvoter_id;vote;points\nv;1;9223372036854775808\n",
			"VOTES", 11, "points", `expected integers`},
		{"ordinal points count mismatch", "META\nkey;value\nbudget;100\nvote_type;ordinal\n" + projects + "VOTES\nvoter_id;vote;points\nv;1,2;1\n",
			"VOTES", 11, "points", `expected 2 comma-separated integers`},
		{"title inside VOTES", meta + projects + votes + "v1;1\nprojects\n", "VOTES", 11, "", "unexpected section title PROJECTS"},
		{"unterminated quote", meta + "PROJECTS\nproject_id;cost;name\n1;10;\"abc\n2;20;x\n", "PROJECTS", 6, "name",
			"unterminated quoted field: the quote opened on line 6 is never closed"},
		{"unterminated quote after a multi-line field", meta + "PROJECTS\nproject_id;cost;name\n1;10;\"a\nb\nc\"\n\"2;20;x\n", "PROJECTS", 9, "project_id",
			"the quote opened on line 9"},
		{"line numbers after a multi-line field", meta + "PROJECTS\nproject_id;cost;name\n1;10;\"a\r\nb\r\n\r\nc\"\n2;x;y\n", "PROJECTS", 10, "cost",
			"expected a number"},
		{"line numbers after a BOM and blank lines", "\xEF\xBB\xBF\n" + meta + "\n" + projects + votes + "v;3\n", "VOTES", 12, "vote", "unknown project id \"3\""},
	}
	if len(tests) < 25 {
		t.Fatalf("only %d cases", len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := Read(strings.NewReader(tc.input))
			if err == nil {
				t.Fatalf("no error; read %d projects, %d voters", len(in.Projects), in.Voters.Len())
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v, want *ParseError", err, err)
			}
			if pe.Section != tc.section || pe.Line != tc.line || pe.Field != tc.field || !strings.Contains(pe.Msg, tc.msg) {
				t.Errorf("got  %s %d %q %q\nwant %s %d %q %q", pe.Section, pe.Line, pe.Field, pe.Msg, tc.section, tc.line, tc.field, tc.msg)
			}
			if _, err2 := ReadBallots(strings.NewReader(tc.input)); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("ReadBallots: %v, Read: %v", err2, err)
			}
		})
	}
}

// errReader fails after its data.
type errReader struct{ r *strings.Reader }

var errBroken = errors.New("broken pipe")

func (e errReader) Read(b []byte) (int, error) {
	if e.r.Len() == 0 {
		return 0, errBroken
	}
	return e.r.Read(b)
}

func TestReadIOError(t *testing.T) {
	t.Parallel()
	_, err := Read(errReader{strings.NewReader(pbioSmall[:100])})
	if !errors.Is(err, errBroken) {
		t.Errorf("err = %v, want the reader's error", err)
	}
}

// The README asks for Wrocław (3.4 MB, 84,611 voters) well under a second.
func TestReadWroclawTime(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	start := time.Now()
	in, err := readFile(filepath.Join(dir, "Poland_Wroclaw_2021.pb"))
	d := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Read(Wrocław 2021): %d voters in %v", in.Voters.Len(), d)
	if d > 5*time.Second { // generous: race detector, loaded machines
		t.Errorf("Read took %v", d)
	}
}

func BenchmarkRead(b *testing.B) { benchmarkRead(b, Read) }

// BenchmarkReadBallots reads as shahr tally does, without the voters'
// other columns.
func BenchmarkReadBallots(b *testing.B) { benchmarkRead(b, ReadBallots) }

func benchmarkRead(b *testing.B, read func(io.Reader) (*Instance, error)) {
	dir := sharedCorpus(b)
	load := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	for _, name := range []string{
		"Poland_Wroclaw_2021.pb", "Poland_Lodz_2024.pb", "Poland_Krakow_2021.pb", "Poland_Katowice_2021.pb",
		"Hungary_Budapest_2024.pb", "Netherlands_Amsterdam_309.pb", "Poland_Czestochowa_2020.pb",
	} {
		data := load(name)
		b.Run(strings.TrimSuffix(name, ".pb"), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := read(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	// Every shared file, one after the other.
	names, _ := filepath.Glob(filepath.Join(dir, "*.pb"))
	var files [][]byte
	var size int64
	for _, name := range names {
		files = append(files, load(filepath.Base(name)))
		size += int64(len(files[len(files)-1]))
	}
	b.Run("shared_corpus", func(b *testing.B) {
		b.SetBytes(size)
		b.ReportAllocs()
		for b.Loop() {
			for _, data := range files {
				if _, err := read(bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}

// sameBallots reports how b, read by ReadBallots, differs from in, read
// by Read: only the voters' Fields may, being nil in b.
func sameBallots(in, b *Instance) string {
	c := viewOf(in)
	for i := range c.Voters {
		c.Voters[i].Fields = nil
	}
	if !reflect.DeepEqual(c, viewOf(b)) {
		return "ReadBallots' instance differs from Read's beyond the voters' Fields"
	}
	return ""
}

// voterList is every voter of vs as a record.
func voterList(vs *Voters) []Voter {
	list := make([]Voter, 0, vs.Len())
	for _, v := range vs.All() {
		list = append(list, v)
	}
	return list
}

// editVoters changes an instance's voters as records.
func editVoters(in *Instance, edit func([]Voter)) {
	list := voterList(&in.Voters)
	edit(list)
	in.Voters = NewVoters(list)
}

// instanceView is an instance as its users see it, its voters as
// records: instances read from different text compare equal when they
// say the same.
type instanceView struct {
	Instance // without its Voters
	Voters   []Voter
}

func viewOf(in *Instance) instanceView {
	v := instanceView{Instance: *in, Voters: voterList(&in.Voters)}
	v.Instance.Voters = Voters{}
	return v
}

// packSpan reads ids with one load where it can; it must pack them as
// packID does, whatever their length and place.
func TestPackSpan(t *testing.T) {
	t.Parallel()
	s := "0123456789abcdefghij;k\xff\x80"
	if w := packSpan(s, 1, 3); w != 0x3132 {
		t.Errorf("packSpan(s, 1, 3) = %#x, want 0x3132 (the first byte most significant)", w)
	}
	if w := packSpan(s, 2, 12); w != 0x3435363738396162 {
		t.Errorf("packSpan(s, 2, 12) = %#x, want the last 8 bytes 0x3435363738396162", w)
	}
	for i := 0; i <= len(s); i++ {
		for j := i; j <= len(s); j++ {
			if got, want := packSpan(s, i, j), packID(s[i:j]); got != want {
				t.Errorf("packSpan(s, %d, %d) = %#x, want %#x", i, j, got, want)
			}
		}
	}
}

func TestReadBallots(t *testing.T) {
	t.Parallel()
	files := pbioTestdataFiles(t)
	if dir, err := os.Stat(sharedCorpusDir); err == nil && dir.IsDir() {
		shared, _ := filepath.Glob(filepath.Join(sharedCorpusDir, "*.pb"))
		files = append(files, shared...)
	}
	inputs := map[string]string{
		"small": pbioSmall,
		"CRLF":  strings.ReplaceAll(pbioSmall, "\n", "\r\n"),
		"None and quotes": "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\n" +
			"voter_id;vote;points;age\nNone;\"1,2\";3,4;None\nv2;none;;x\n",
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = string(data)
	}
	for name, data := range inputs {
		in, err := Read(strings.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := ReadBallots(strings.NewReader(data))
		if err != nil {
			t.Fatalf("%s: ReadBallots: %v", name, err)
		}
		if d := sameBallots(in, b); d != "" {
			t.Errorf("%s: %s", name, d)
		}
		for _, v := range b.Voters.All() {
			if v.Fields != nil {
				t.Fatalf("%s: voter %q keeps its fields", name, v.ID)
			}
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, file := range pbioTestdataFiles(f) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		pbioSmall,
		"\xEF\xBB\xBF" + strings.ReplaceAll(pbioSmall, "\n", "\r\n"),
		"META\nkey;value\nbudget;1.5\nvote_type;cumulative\nPROJECTS\nproject_id;cost;name\n1;0,25;\"a;\"\"b\"\"\nc\"\n2;3;x\nVOTES\nvoter_id;vote;points\nv;1,2,1;3,2,1\nw;;\n",
		"META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\na;1\nb;2\nVOTES\nvoter_id;vote;points\nv;b,a,b;2,1,0\nw;a;\n",
		"META\nkey;value\nbudget;10\nvote_type;choose-1\nnum_votes;1\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote\nNone;None\n",
		"meta\nkey;value\nbudget;0\nprojects\nproject_id;cost\nvotes\nvoter_id;vote\n",
		"META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\n1;\"2\"x\"\nVOTES\nvoter_id;vote\n\" v\";1\n",
		"META\nkey;value\nbudget;1\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote\nv;\"1\r\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in, err := Read(bytes.NewReader(data))
		b, errB := ReadBallots(bytes.NewReader(data))
		if (err == nil) != (errB == nil) || err != nil && err.Error() != errB.Error() {
			t.Fatalf("Read: %v, ReadBallots: %v", err, errB)
		}
		if err == nil {
			if d := sameBallots(in, b); d != "" {
				t.Fatal(d)
			}
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %T %v is not a *ParseError", err, err)
			}
			if pe.Line < 0 || pe.Section == "" || pe.Msg == "" {
				t.Fatalf("incomplete error %+v", pe)
			}
			return
		}
		pbioCheckInvariants(t, in)
		var buf bytes.Buffer
		if err := Write(&buf, in); err != nil {
			t.Fatalf("Write of a read instance: %v", err)
		}
		out := buf.String()
		again, err := Read(&buf)
		if err != nil {
			t.Fatalf("Read(Write(Read(data))): %v\nwritten:\n%s", err, out)
		}
		if d := pbioDiff(in, again); d != "" {
			t.Fatalf("Read(Write(in)) differs from in: %s\nwritten:\n%s", d, out)
		}
		if !reflect.DeepEqual(viewOf(in), viewOf(again)) {
			t.Fatalf("Read(Write(in)) not deeply equal to in\nwritten:\n%s", out)
		}
		in.CheckConstraints()
	})
}
