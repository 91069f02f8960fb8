package budgeting

import (
	"strconv"
	"testing"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/pb"
)

// File names are ASCII: the English name's letters and digits, a hyphen
// for anything between them; a heading without one, or sharing it with
// another heading, is heading-{id}.
func TestPublishedFileNames(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"Central Tehransar", "Central-Tehransar"}, {"Shahrak-e Daneshgah", "Shahrak-e-Daneshgah"},
		{"  District 21 (west) ", "District-21-west"}, {"ویلاشهر", ""}, {"Zürich", "Z-rich"}, {"", ""},
	} {
		if got := fileSlug(tc.in, ""); got != tc.want {
			t.Errorf("fileSlug(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	p := Process{Slug: "district-21-1404", Headings: []Heading{{ID: 1, NameEn: "Villashahr"}, {ID: 2, NameEn: "Daryā"},
		{ID: 3, NameEn: "villa shahr!"}, {ID: 4, NameFa: "شهرک دریا"}, {ID: 5, NameEn: "Villashahr"}}}
	where := pabulibPlace{slug: "Tehran"}
	for i, want := range []string{"Villashahr", "Dary", "villa-shahr", "heading-4", "heading-5"} {
		if i == 0 {
			want = "heading-1" // shares its name with heading 5
		}
		if got := fileName(p, p.Headings[i], where); got != "Iran_Tehran_district-21-1404_"+want+".pb" {
			t.Errorf("heading %d: %q, want …_%s.pb", i+1, got, want)
		}
	}
	for _, tc := range []struct{ fa, en, want string }{
		{"شهرداری تهران", "Tehran Municipality", "Tehran"}, {"شهرداری کرج", "", "کرج"},
		{"شهرداری مشهد", "Municipality of Mashhad", "Mashhad"}, {"تبریز", "Tabriz", "Tabriz"},
	} {
		if got := cityName(org.Org{NameFa: tc.fa, NameEn: tc.en}); got != tc.want {
			t.Errorf("cityName(%q, %q) = %q, want %q", tc.fa, tc.en, got, tc.want)
		}
	}
}

// The ballot's limits, for every kind of ballot: a ballot of exactly one
// project is pabulib's choose-1, lengths never exceed the projects, and a
// ballot left shorter by a withdrawn proposal lowers min_length.
func TestBallotLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		p        Process
		projects int
		shortest int
		vt       pb.VoteType
		want     string
		lowered  bool
	}{
		{Process{Ballot: Approval}, 5, 1, pb.Approval, "min_length=1 max_sum_cost=100", false},
		{Process{Ballot: Approval, MinChoices: 2, MaxChoices: 4}, 5, 2, pb.Approval, "min_length=2 max_length=4 max_sum_cost=100", false},
		{Process{Ballot: Approval, MaxChoices: 1}, 5, 1, pb.Choose1, "min_length=1 max_length=1 max_sum_cost=100", false},
		{Process{Ballot: KApproval, MinChoices: 1, MaxChoices: 1}, 5, 1, pb.Choose1, "min_length=1 max_length=1", false},
		{Process{Ballot: KApproval, MinChoices: 2, MaxChoices: 3}, 5, 2, pb.Approval, "min_length=2 max_length=3", false},
		{Process{Ballot: KApproval, MinChoices: 2, MaxChoices: 3}, 5, 1, pb.Approval, "min_length=1 max_length=3", true},
		{Process{Ballot: KApproval, MinChoices: 3, MaxChoices: 6}, 2, 2, pb.Approval, "min_length=2 max_length=2", false},
		{Process{Ballot: Ordinal, MaxChoices: 3}, 5, 1, pb.Ordinal, "min_length=1 max_length=3", false},
		{Process{Ballot: Cumulative, MaxPoints: 10}, 5, 1, pb.Cumulative, "min_length=1 min_points=1 max_points=10 max_sum_points=10", false},
		{Process{Ballot: Cumulative, MaxChoices: 2, MaxPoints: 7}, 5, 1, pb.Cumulative, "min_length=1 max_length=2 min_points=1 max_points=7 max_sum_points=7", false},
	}
	for i, tc := range tests {
		in := &pb.Instance{VoteType: voteType(tc.p.Ballot), Projects: make([]pb.Project, tc.projects)}
		meta, lowered := ballotLimits(tc.p, Heading{Budget: 100}, in, tc.shortest)
		got := ""
		for _, m := range meta {
			got += " " + m.Key + "=" + m.Value
		}
		if got[1:] != tc.want || lowered != tc.lowered || in.VoteType != tc.vt {
			t.Errorf("case %d (%s): %s %v %s, want %s %v %s", i, strconv.Quote(string(tc.p.Ballot)), got[1:], lowered, in.VoteType, tc.want, tc.lowered, tc.vt)
		}
	}
}
