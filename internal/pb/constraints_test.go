package pb

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// pbioConstraintFile builds a small instance: projects 1..4 costing 10, 20,
// 30, 40 (money at scale 1 when decimal is set), the given META lines and
// ballots "voter;vote;points".
func pbioConstraintFile(t *testing.T, voteType, meta string, decimal bool, ballots ...string) *Instance {
	t.Helper()
	var b strings.Builder
	b.WriteString("META\nkey;value\nbudget;100\nvote_type;" + voteType + "\n" + meta)
	b.WriteString("PROJECTS\nproject_id;cost\n")
	for i := 1; i <= 4; i++ {
		if decimal {
			fmt.Fprintf(&b, "%d;%d.5\n", i, 10*i)
		} else {
			fmt.Fprintf(&b, "%d;%d\n", i, 10*i)
		}
	}
	b.WriteString("VOTES\nvoter_id;vote;points\n")
	for _, s := range ballots {
		b.WriteString(s + "\n")
	}
	return mustRead(t, b.String())
}

func TestCheckConstraints(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, voteType, meta string
		decimal              bool
		ballots              []string
		want                 []string // "voter constraint", in order
	}{
		{"approval defaults", "approval", "", false,
			[]string{"ok;1;", "all;1,2,3,4;", "empty;;"},
			[]string{"empty min_length"}},
		{"approval lengths", "approval", "min_length;2\nmax_length;3\n", false,
			[]string{"short;1;", "ok2;1,2;", "ok3;1,2,3;", "long;1,2,3,4;"},
			[]string{"short min_length", "long max_length"}},
		{"approval sum of costs", "approval", "min_sum_cost;30\nmax_sum_cost;60\n", false,
			[]string{"low;1;", "edge-low;1,2;", "edge-high;2,4;", "high;3,4;"},
			[]string{"low min_sum_cost", "high max_sum_cost"}},
		{"sum of costs in money units", "approval", "min_sum_cost;31.0\nmax_sum_cost;61.5\n", true,
			// costs 10.5, 20.5, 30.5, 40.5
			[]string{"low;1;", "ok;1,2;", "edge;1,3,2;", "high;3,4;"},
			[]string{"low min_sum_cost", "high max_sum_cost"}},
		{"limit with more decimals than the scale", "approval", "min_sum_cost;10.01\nmax_sum_cost;20.99\n", false,
			[]string{"low;1;", "ok;2;", "high;1,2;"},
			[]string{"low min_sum_cost", "high max_sum_cost"}},
		{"choose-1", "choose-1", "min_length;1\nmax_length;1\n", false,
			[]string{"ok;2;", "zero;;", "two;1,2;"},
			[]string{"zero choose-1", "two choose-1"}},
		{"ordinal lengths", "ordinal", "min_length;2\nmax_length;2\n", false,
			[]string{"ok;2,1;", "short;1;", "long;1,2,3;2,1,0"},
			[]string{"short min_length", "long max_length"}},
		{"cumulative: max_sum_points missing", "cumulative", "", false,
			[]string{"ok;1;5", "neg;1,2;3,-1"},
			[]string{" max_sum_points", "neg min_points"}},
		{"cumulative limits", "cumulative", "min_sum_points;2\nmax_sum_points;6\nmax_points;4\n", false,
			[]string{"ok;1,2;4,2", "low;1;1", "high;1,2;4,3", "big;1;5", "empty;;"},
			[]string{"low min_sum_points", "high max_sum_points", "big max_points", "empty min_length", "empty min_sum_points"}},
		{"cumulative max_points defaults to max_sum_points", "cumulative", "max_sum_points;3\nmin_points;1\n", false,
			[]string{"ok;1,2;2,1", "zero;1,2;3,0", "big;1;4"},
			[]string{"zero min_points", "big max_points", "big max_sum_points"}},
		{"scoring", "scoring", "min_points;-2\nmax_points;2\nmin_length;1\n", false,
			[]string{"ok;1,2;2,-2", "low;1;-3", "high;2,1;3,3", "empty;;"},
			[]string{"low min_points", "high max_points", "empty min_length"}},
		{"scoring without limits", "scoring", "", false,
			[]string{"ok;1,2;99,-99"},
			nil},
		{"unreadable META values", "approval", "min_length;two\nmax_sum_cost;lots\nmax_length;2.0\n", false,
			[]string{"ok;1;", "long;1,2,3;"},
			[]string{" min_length", " max_sum_cost", "long max_length"}},
		{"None counts as absent", "cumulative", "max_sum_points;None\nmin_length;none\n", false,
			[]string{"empty;;"},
			[]string{" max_sum_points", "empty min_length"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := pbioConstraintFile(t, tc.voteType, tc.meta, tc.decimal, tc.ballots...)
			var got []string
			for _, v := range in.CheckConstraints() {
				got = append(got, v.Voter+" "+v.Constraint)
				if v.Msg == "" || (v.Voter == "") != (v.Index < 0) {
					t.Errorf("incomplete violation %+v", v)
				}
				if v.Index >= 0 && in.Voters.ID(v.Index) != v.Voter {
					t.Errorf("violation %+v: index does not match", v)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
				for _, v := range in.CheckConstraints() {
					t.Log(v)
				}
			}
		})
	}
}

func TestCheckConstraintsMessagesAndLimit(t *testing.T) {
	t.Parallel()
	in := pbioConstraintFile(t, "approval", "max_length;1\nmax_sum_cost;25.0\n", true, "v;1,2;")
	vs := in.CheckConstraints()
	if len(vs) != 2 {
		t.Fatalf("%v", vs)
	}
	if s := vs[0].String(); s != `voter "v" (#0) breaks max_length: lists 2 projects; max_length is 1` {
		t.Error(s)
	}
	if s := vs[1].String(); s != `voter "v" (#0) breaks max_sum_cost: costs 31.0 in total; max_sum_cost is 25.0` {
		t.Error(s)
	}
	var ballots []string
	for i := range 2500 {
		ballots = append(ballots, fmt.Sprintf("v%d;;", i))
	}
	in = pbioConstraintFile(t, "approval", "", false, ballots...)
	if vs := in.CheckConstraints(); len(vs) != MaxViolations {
		t.Errorf("%d violations listed, want %d", len(vs), MaxViolations)
	}
	list, counts := in.CheckConstraintsLimit(10)
	if len(list) != 10 || counts["min_length"] != 2500 {
		t.Errorf("%d listed, counts %v", len(list), counts)
	}
	if list, _ := in.CheckConstraintsLimit(-1); len(list) != 2500 {
		t.Errorf("%d listed with no limit", len(list))
	}
}

// The shared files: what they break is reported, not changed. None of them
// breaks its META constraints (also checked with an independent script:
// Amsterdam's largest ballot costs exactly its max_sum_cost, 300000; every
// Kraków ballot has 3 projects; Częstochowa's sums of points are 1..10).
func TestCheckConstraintsShared(t *testing.T) {
	t.Parallel()
	dir := sharedCorpus(t)
	for _, c := range pbioCorpus {
		in, err := readFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		_, counts := in.CheckConstraintsLimit(0)
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(counts)) {
			parts = append(parts, fmt.Sprintf("%s=%d", k, counts[k]))
		}
		got := strings.Join(parts, " ")
		t.Logf("%-75s %s", c.file, got)
		if got != "" {
			t.Errorf("%s: violations %s, want none", c.file, got)
		}
	}
}
