package pb

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// pbioDiff describes the first difference between two instances, "" when
// they are deeply equal (nil and empty slices count as different, as for
// reflect.DeepEqual), their voters taken as the records Voters gives.
func pbioDiff(a, b *Instance) string {
	strs := func(what string, x, y []string) string {
		if (x == nil) != (y == nil) {
			return fmt.Sprintf("%s: nil %v vs nil %v", what, x == nil, y == nil)
		}
		if len(x) != len(y) {
			return fmt.Sprintf("%s: %d vs %d entries", what, len(x), len(y))
		}
		for i := range x {
			if x[i] != y[i] {
				return fmt.Sprintf("%s[%d]: %q vs %q", what, i, x[i], y[i])
			}
		}
		return ""
	}
	if (a.Meta == nil) != (b.Meta == nil) || len(a.Meta) != len(b.Meta) {
		return fmt.Sprintf("Meta: %d vs %d entries", len(a.Meta), len(b.Meta))
	}
	for i := range a.Meta {
		if a.Meta[i] != b.Meta[i] {
			return fmt.Sprintf("Meta[%d]: %q vs %q", i, a.Meta[i], b.Meta[i])
		}
	}
	if a.Budget != b.Budget || a.Scale != b.Scale || a.VoteType != b.VoteType {
		return fmt.Sprintf("budget, scale, vote type: %d %d %s vs %d %d %s", a.Budget, a.Scale, a.VoteType, b.Budget, b.Scale, b.VoteType)
	}
	if d := strs("ProjectColumns", a.ProjectColumns, b.ProjectColumns); d != "" {
		return d
	}
	if (a.Projects == nil) != (b.Projects == nil) || len(a.Projects) != len(b.Projects) {
		return fmt.Sprintf("Projects: %d vs %d", len(a.Projects), len(b.Projects))
	}
	for i, p := range a.Projects {
		q := b.Projects[i]
		if p.ID != q.ID || p.Cost != q.Cost {
			return fmt.Sprintf("project %d: %q cost %d vs %q cost %d", i, p.ID, p.Cost, q.ID, q.Cost)
		}
		if d := strs(fmt.Sprintf("project %q Fields", p.ID), p.Fields, q.Fields); d != "" {
			return d
		}
	}
	if d := strs("VoteColumns", a.VoteColumns, b.VoteColumns); d != "" {
		return d
	}
	if a.Voters.Len() != b.Voters.Len() {
		return fmt.Sprintf("Voters: %d vs %d", a.Voters.Len(), b.Voters.Len())
	}
	for i, v := range a.Voters.All() {
		w := b.Voters.At(i)
		if v.ID != w.ID {
			return fmt.Sprintf("voter %d: %q vs %q", i, v.ID, w.ID)
		}
		if d := strs(fmt.Sprintf("voter %q Fields", v.ID), v.Fields, w.Fields); d != "" {
			return d
		}
		if (v.Vote == nil) != (w.Vote == nil) || !slices.Equal(v.Vote, w.Vote) {
			return fmt.Sprintf("voter %q Vote: %v vs %v", v.ID, v.Vote, w.Vote)
		}
		if (v.Points == nil) != (w.Points == nil) || !slices.Equal(v.Points, w.Points) {
			return fmt.Sprintf("voter %q Points: %v vs %v", v.ID, v.Points, w.Points)
		}
	}
	if !reflect.DeepEqual(viewOf(a), viewOf(b)) {
		return "not deeply equal (pbioDiff misses a field)"
	}
	return ""
}

// pbioRoundTrip checks Read(Write(in)) == in, and that writing is stable.
func pbioRoundTrip(t *testing.T, in *Instance) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatalf("Write: %v", err)
	}
	first := slices.Clone(buf.Bytes())
	again, err := Read(&buf)
	if err != nil {
		t.Fatalf("Read(Write(in)): %v", err)
	}
	if d := pbioDiff(in, again); d != "" {
		t.Fatalf("Read(Write(in)) differs: %s", d)
	}
	var buf2 bytes.Buffer
	if err := Write(&buf2, again); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, buf2.Bytes()) {
		t.Fatal("Write(Read(Write(in))) differs from Write(in)")
	}
	return first
}

func TestWriteRoundTripTestdata(t *testing.T) {
	t.Parallel()
	for _, f := range pbioTestdataFiles(t) {
		t.Run(filepath.Base(f), func(t *testing.T) {
			in, err := readFile(f)
			if err != nil {
				t.Fatal(err)
			}
			pbioRoundTrip(t, in)
		})
	}
}

func TestWriteRoundTripShared(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	for _, c := range pbioCorpus {
		t.Run(c.file, func(t *testing.T) {
			in, err := readFile(filepath.Join(dir, c.file))
			if err != nil {
				t.Fatal(err)
			}
			pbioRoundTrip(t, in)
		})
	}
}

// Files already in the writer's form (LF, no BOM, no duplicates in
// ballots, None written as "") come out byte for byte.
func TestWriteIdentity(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("testdata/Switzerland_Zurich_D10.pb")
	if err != nil {
		t.Fatal(err)
	}
	in, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if out := pbioRoundTrip(t, in); !bytes.Equal(out, data) {
		t.Error("Zurich D10 is not reproduced byte for byte")
	}
	// A CRLF file comes out with LF.
	data, _ = os.ReadFile("testdata/Switzerland_Zurich_S5.pb")
	in, _ = Read(bytes.NewReader(data))
	if out := pbioRoundTrip(t, in); !bytes.Equal(out, bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))) {
		t.Error("Zurich S5 is not reproduced with LF line endings")
	}
}

func TestWriteQuirksRoundTrip(t *testing.T) {
	t.Parallel()
	// Quoting, None, decimal comma, duplicates in ballots, CRLF, BOM.
	input := "\xEF\xBB\xBFMETA\r\nkey;value\r\nbudget;100.50\r\nvote_type;cumulative\r\ncomment;\" lead;\"\"q\"\"\nx \"\r\n" +
		"PROJECTS\r\nproject_id;cost;name\r\n1;12,5;None\r\n2;3.0;\"a\r\nb\"\r\n\" 3\";0;\tt\t\r\n" +
		"VOTES\r\nvoter_id;vote;points;note\r\nv1;1,2,1;1,2,3;x\r\nv2;;;\r\n\"v;3\";\" 3\";5;\"\"\"\"\r\n"
	in := mustRead(t, input)
	out := pbioRoundTrip(t, in)
	want := "META\nkey;value\nbudget;100.50\nvote_type;cumulative\ncomment;\" lead;\"\"q\"\"\nx \"\n" +
		"PROJECTS\nproject_id;cost;name\n1;12,5;\n2;3.0;\"a\nb\"\n\" 3\";0;\"\tt\t\"\n" +
		"VOTES\nvoter_id;vote;points;note\nv1;1,2,1;1,2,3;x\nv2;;;\n\"v;3\";\" 3\";5;\"\"\"\"\n"
	if string(out) != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

// An instance built in memory (no Fields, no columns) is written from its
// parsed values.
func TestWriteFromValues(t *testing.T) {
	t.Parallel()
	in := &Instance{
		Budget: 10050, Scale: 2, VoteType: Cumulative,
		Projects: []Project{{ID: "a", Cost: 1225}, {ID: "b;c", Cost: 7}, {ID: "d", Cost: 0}},
		Voters: NewVoters([]Voter{
			{ID: "v1", Vote: []int32{1, 0}, Points: []int64{3, -1}},
			{ID: "v2"},
		}),
	}
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	want := "META\nkey;value\nbudget;100.50\nvote_type;cumulative\n" +
		"PROJECTS\nproject_id;cost\na;12.25\n\"b;c\";0.07\nd;0.00\n" +
		"VOTES\nvoter_id;vote;points\nv1;\"b;c,a\";3,-1\nv2;;\n"
	if buf.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", buf.String(), want)
	}
	back := mustRead(t, buf.String())
	if back.Budget != 10050 || back.Scale != 2 || back.Projects[0].Cost != 1225 || back.Projects[1].Cost != 7 ||
		!slices.Equal(back.Voters.Vote(0), []int32{1, 0}) || !slices.Equal(back.Voters.Points(0), []int64{3, -1}) {
		t.Errorf("read back: %+v", back)
	}
}

// Changed values win over the text they were read from, and the META
// counts follow the rows.
func TestWriteKeepsMetaConsistent(t *testing.T) {
	t.Parallel()
	in := mustRead(t, pbioSmall)
	vs := voterList(&in.Voters)[:2]
	vs[0].Vote = []int32{2}
	in.Voters = NewVoters(vs)
	in.Projects[0].Cost = 11
	in.Budget = 99
	in.VoteType = Choose1
	var buf bytes.Buffer
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	want := "META\nkey;value\ndescription;test\nnum_projects;3\nnum_votes;2\nbudget;99\nvote_type;choose-1\n" +
		"PROJECTS\nproject_id;cost;name\n1;11;one\n2;20;two\n3;30;three\n" +
		"VOTES\nvoter_id;vote;age\na;3;30\nb;3;\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	// Ordinal ballot whose points no longer match: points are written from Points.
	in = mustRead(t, "META\nkey;value\nbudget;10\nvote_type;ordinal\nPROJECTS\nproject_id;cost\n1;1\n2;2\nVOTES\nvoter_id;vote;points\nv;1,2;2,1\nw;2;7\n")
	editVoters(in, func(vs []Voter) {
		vs[0].Vote, vs[0].Points = []int32{1}, nil
		vs[1].Points = []int64{9}
	})
	buf.Reset()
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "voter_id;vote;points\nv;2;\nw;2;9\n") {
		t.Errorf("got\n%s", buf.String())
	}
	back := mustRead(t, buf.String())
	if !slices.Equal(back.Voters.Vote(0), []int32{1}) || back.Voters.Points(0) != nil ||
		!slices.Equal(back.Voters.Vote(1), []int32{1}) || !slices.Equal(back.Voters.Points(1), []int64{9}) {
		t.Errorf("read back %+v", voterList(&back.Voters))
	}
	// A points column is added when the ballots need one.
	in = mustRead(t, "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote;x\nv;1;y\n")
	in.VoteType = Scoring
	editVoters(in, func(vs []Voter) { vs[0].Points = []int64{4} })
	buf.Reset()
	if err := Write(&buf, in); err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(buf.String(), "vote_type;scoring\nPROJECTS\nproject_id;cost\n1;1\nVOTES\nvoter_id;vote;x;points\nv;1;y;4\n") {
		t.Errorf("got\n%s", buf.String())
	}
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	base := func() *Instance { return mustRead(t, pbioSmall) }
	tests := []struct {
		name   string
		change func(in *Instance)
		msg    string
	}{
		{"duplicate project id", func(in *Instance) { in.Projects[1].ID = "1" }, "appears twice"},
		{"empty project id", func(in *Instance) { in.Projects[1].ID = "" }, "empty id"},
		{"negative cost", func(in *Instance) { in.Projects[1].Cost = -1 }, "negative cost"},
		{"negative budget", func(in *Instance) { in.Budget = -1 }, "negative budget"},
		{"bad scale", func(in *Instance) { in.Scale = 19 }, "scale"},
		{"bad vote type", func(in *Instance) { in.VoteType = "plurality" }, "unknown vote type"},
		{"project fields", func(in *Instance) { in.Projects[0].Fields = in.Projects[0].Fields[:2] }, "2 fields for 3 columns"},
		{"voter fields", func(in *Instance) {
			editVoters(in, func(vs []Voter) { vs[0].Fields = nil; vs[1].Fields = []string{"b"} })
		}, "1 fields for 3 columns"},
		{"vote out of range", func(in *Instance) { editVoters(in, func(vs []Voter) { vs[0].Vote = []int32{5} }) }, "out of range"},
		{"vote repeats", func(in *Instance) { editVoters(in, func(vs []Voter) { vs[0].Vote = []int32{1, 1} }) }, "twice"},
		{"duplicate voter", func(in *Instance) { editVoters(in, func(vs []Voter) { vs[1].ID = "a" }) }, "voter id \"a\" appears twice"},
		{"points mismatch", func(in *Instance) { editVoters(in, func(vs []Voter) { vs[0].Points = []int64{1} }) }, "1 points for 2 projects"},
		{"cumulative without points", func(in *Instance) { in.VoteType = Cumulative }, "has no points"},
		{"bad header", func(in *Instance) { in.ProjectColumns[0] = "id" }, "must start project_id;cost"},
		{"repeated column", func(in *Instance) { in.VoteColumns[2] = "vote" }, "empty or repeated"},
		{"comma in a voted id", func(in *Instance) { in.Projects[0].ID = "1,5" }, "comma"},
		{"duplicate META key", func(in *Instance) { in.Meta = append(in.Meta, in.Meta[0]) }, "appears twice"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := base()
			tc.change(in)
			err := Write(&bytes.Buffer{}, in)
			if err == nil || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want one containing %q", err, tc.msg)
			}
		})
	}
}

func TestFormatMoney(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v     int64
		scale int
		want  string
	}{
		{400000, 0, "400000"},
		{40000, 1, "4000.0"},
		{12345, 2, "123.45"},
		{5, 2, "0.05"},
		{0, 3, "0.000"},
		{-5, 2, "-0.05"},
		{-12345, 2, "-123.45"},
		{7, -1, "7"},
		{math.MaxInt64, 18, "9.223372036854775807"},
		{math.MinInt64, 18, "-9.223372036854775808"},
		{math.MinInt64, 0, "-9223372036854775808"},
	}
	for _, tc := range tests {
		if got := FormatMoney(tc.v, tc.scale); got != tc.want {
			t.Errorf("FormatMoney(%d, %d) = %q, want %q", tc.v, tc.scale, got, tc.want)
		}
	}
}

func TestMoneyParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		s     string
		comma bool
		mant  int64
		dec   int
		err   string
	}{
		{"400000", false, 400000, 0, ""},
		{"400000.0", false, 400000, 0, ""},
		{"123.45", false, 12345, 2, ""},
		{"123.450", false, 12345, 2, ""},
		{"0.05", false, 5, 2, ""},
		{"1.0010", false, 1001, 3, ""},
		{" 7 ", false, 7, 0, ""},
		{".5", false, 5, 1, ""},
		{"5.", false, 5, 0, ""},
		{"12,5", true, 125, 1, ""},
		{"12,5", false, 0, 0, "decimal comma"},
		{"9223372036854775807", false, math.MaxInt64, 0, ""},
		{"9223372036854775808", false, 0, 0, "too large"},
		{"0.000000000000000001", false, 1, 18, ""},
		{"0.0000000000000000010", false, 1, 18, ""},
		{"0.0000000000000000001", false, 0, 0, "more than 18"},
		{"", false, 0, 0, "missing"},
		{".", false, 0, 0, "expected a number"},
		{"-1", false, 0, 0, "negative"},
		{"+1", false, 0, 0, "expected a number"},
		{"1e3", false, 0, 0, "expected a number"},
		{"1.2.3", false, 0, 0, "expected a number"},
		{"1,2,3", true, 0, 0, "expected a number"},
	}
	for _, tc := range tests {
		a, msg := parseAmount(tc.s, tc.comma)
		if tc.err != "" {
			if !strings.Contains(msg, tc.err) {
				t.Errorf("parseAmount(%q) = %v %q, want error %q", tc.s, a, msg, tc.err)
			}
			continue
		}
		if msg != "" || a.mant != tc.mant || a.dec != tc.dec {
			t.Errorf("parseAmount(%q) = %+v %q, want %d %d", tc.s, a, msg, tc.mant, tc.dec)
		}
	}
	// Conversions to a scale.
	a, _ := parseAmount("100.5", false)
	if v, ok := a.units(2); !ok || v != 10050 {
		t.Errorf("units(2) = %d %v", v, ok)
	}
	if _, ok := a.units(0); ok {
		t.Error("units(0) of 100.5 must fail")
	}
	if a.unitsRounded(0, false) != 100 || a.unitsRounded(0, true) != 101 || a.unitsRounded(3, false) != 100500 {
		t.Error("unitsRounded")
	}
	big, _ := parseAmount("9000000000000000000", false)
	if _, ok := big.units(1); ok || big.unitsRounded(1, false) != math.MaxInt64 {
		t.Error("overflow not detected")
	}
}
