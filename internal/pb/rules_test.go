package pb

import (
	"errors"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// smallCity is worked out by hand below: a budget of 100 rials, five
// voters, five projects.
//
//	project  cost  supporters        votes
//	1        60    v1 v2 v3          3
//	2        50    v1 v3 v4          3
//	3        30    v2 v5             2
//	4        20    nobody            0
//	5        40    v4                1
const smallCity = `META
key;value
budget;100
num_projects;5
num_votes;5
vote_type;approval
currency;IRR
rule;greedy
PROJECTS
project_id;cost;selected
1;60;1
2;50;0
3;30;1
4;20;0
5;40;0
VOTES
voter_id;vote
v1;1,2
v2;1,3
v3;1,2
v4;2,5
v5;3
`

func readSmall(t *testing.T, text string) *Instance {
	t.Helper()
	in, err := Read(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return in
}

func runSmall(t *testing.T, in *Instance, s Spec) (Result, []Explanation) {
	t.Helper()
	r, err := Run(in, s)
	if err != nil {
		t.Fatal(err)
	}
	return r, Explain(r.Profile, r.Outcome, MoneyOf(in))
}

// TestRulesOnSmallCity checks each rule's selection against the outcome
// computed by hand (see smallCity):
//   - greedy in file order funds 1 (100 left), skips 2 (40 left < 50),
//     funds 3 (40 left), skips 5 (10 left) and 4 (10 left < 20);
//   - with cheaper-first ties, 2 comes before 1: 2, 3, then 4 fits the
//     20 left (greedy funds what fits, votes or not);
//   - no-skip stops at 2; a threshold of 3 votes leaves 1 alone;
//   - Equal Shares gives each voter 20. With cost utilities a project's
//     price per unit of utility is the most a supporter pays over its
//     cost: 1/3 for 1 (20 each) and for 2 (50/3 each), 1/2 for 3. With
//     cheaper-first ties round 1 buys 2 (v1, v3, v4 keep 10/3), round 2
//     buys 3 (15 each from v2 and v5); then 1's supporters hold 35/3 and
//     5's supporter 10/3, too little. With ties by id, 1 comes first
//     and takes all of v1, v2 and v3's money; nothing else is
//     affordable;
//   - the comparison step: against greedy's 1 and 3, Equal Shares by id
//     (1 alone) leaves v2 and v5 worse off and nobody better, so greedy's
//     outcome is taken; Equal Shares' 2 and 3 against greedy's 1 and 3
//     suit v4 better and v2 worse: a draw keeps Equal Shares;
//   - Phragmén: 3 (load 15), 2 (load 50/3), then 1 would overspend.
func TestRulesOnSmallCity(t *testing.T) {
	t.Parallel()
	in := readSmall(t, smallCity)
	for _, c := range []struct {
		spec Spec
		want []string
		cost int64
	}{
		{Spec{Rule: "greedy"}, []string{"1", "3"}, 90},
		{Spec{Rule: "greedy", Tie: TieID}, []string{"1", "3"}, 90},
		{Spec{Rule: "greedy", Tie: TieCostVotes}, []string{"2", "3", "4"}, 100},
		{Spec{Rule: "greedy-no-skip"}, []string{"1"}, 60},
		{Spec{Rule: "greedy-threshold", Threshold: 3}, []string{"1"}, 60},
		{Spec{Rule: "mes"}, []string{"2", "3"}, 80},
		{Spec{Rule: "mes", Tie: TieID}, []string{"1"}, 60},
		{Spec{Rule: "mes", Tie: TieID, Comparison: true}, []string{"1", "3"}, 90},
		{Spec{Rule: "mes", Comparison: true}, []string{"2", "3"}, 80},
		{Spec{Rule: "phragmen"}, []string{"3", "2"}, 80},
	} {
		r, _ := runSmall(t, in, c.spec)
		if got := r.Outcome.SelectedIDs(r.Profile); !slices.Equal(got, c.want) || r.Outcome.TotalCost != c.cost {
			t.Errorf("%+v: selected %v costing %d, want %v costing %d", c.spec, got, r.Outcome.TotalCost, c.want, c.cost)
		}
	}
}

func TestGreedyExplanations(t *testing.T) {
	t.Parallel()
	in := readSmall(t, smallCity)
	_, ex := runSmall(t, in, Spec{Rule: "greedy"})
	want := map[string][2]string{
		"1": {"Funded: it ranked 1 with 3 votes, and 100 IRR was left when its turn came, enough for its cost of 60 IRR.",
			"تأمین شد: با ۳ رأی رتبه ۱ را داشت و وقتی نوبتش رسید ۱۰۰ ریال باقی بود که برای هزینه‌اش (۶۰ ریال) کافی بود."},
		"2": {"Not funded: it ranked 2 with 3 votes, but only 40 IRR was left when its turn came, less than its cost of 50 IRR.",
			"تأمین نشد: با ۳ رأی رتبه ۲ را داشت، اما وقتی نوبتش رسید فقط ۴۰ ریال باقی مانده بود که از هزینه‌اش (۵۰ ریال) کمتر است."},
		"4": {"Not funded: it ranked 5 with 0 votes, but only 10 IRR was left when its turn came, less than its cost of 20 IRR.",
			"تأمین نشد: با ۰ رأی رتبه ۵ را داشت، اما وقتی نوبتش رسید فقط ۱۰ ریال باقی مانده بود که از هزینه‌اش (۲۰ ریال) کمتر است."},
		"5": {"Not funded: it ranked 4 with 1 votes, but only 10 IRR was left when its turn came, less than its cost of 40 IRR.",
			"تأمین نشد: با ۱ رأی رتبه ۴ را داشت، اما وقتی نوبتش رسید فقط ۱۰ ریال باقی مانده بود که از هزینه‌اش (۴۰ ریال) کمتر است."},
	}
	checkExplanations(t, ex, want)

	_, ex = runSmall(t, in, Spec{Rule: "greedy-no-skip"})
	checkExplanations(t, ex, map[string][2]string{"3": {
		"Not funded: the count stops at the first project that does not fit the budget, and that project came before this one.",
		"تأمین نشد: شمارش در نخستین طرحی که در بودجه نگنجید متوقف می‌شود و آن طرح پیش از این طرح بود.",
	}})
	_, ex = runSmall(t, in, Spec{Rule: "greedy-threshold", Threshold: 3})
	checkExplanations(t, ex, map[string][2]string{"3": {
		"Not funded: it had 2 votes, fewer than the minimum a project needs to be eligible.",
		"تأمین نشد: ۲ رأی داشت که کمتر از حد نصاب لازم برای ورود به رقابت است.",
	}})
}

func TestEqualSharesExplanations(t *testing.T) {
	t.Parallel()
	in := readSmall(t, smallCity)
	r, ex := runSmall(t, in, Spec{Rule: "mes"})
	checkExplanations(t, ex, map[string][2]string{
		"3": {"Funded in round 2 of Equal Shares: its 2 supporters shared its cost of 30 IRR, each paying at most 15 IRR; that is as strong as 2 voters paying a full share.",
			"تأمین شد در دور ۲ روش سهم‌های برابر: ۲ حامی آن هزینه‌اش (۳۰ ریال) را بین خود تقسیم کردند و هر کدام حداکثر ۱۵ ریال پرداخت؛ یعنی به اندازه ۲ رأی کامل حمایت داشت."},
		"2": {"Funded in round 1 of Equal Shares: its 3 supporters shared its cost of 50 IRR, each paying at most 16.67 IRR; that is as strong as 3 voters paying a full share.",
			"تأمین شد در دور ۱ روش سهم‌های برابر: ۳ حامی آن هزینه‌اش (۵۰ ریال) را بین خود تقسیم کردند و هر کدام حداکثر ۱۶٫۶۷ ریال پرداخت؛ یعنی به اندازه ۳ رأی کامل حمایت داشت."},
		"1": {"Not funded: when Equal Shares ended, its 3 supporters had only 11.67 IRR left of their shares of the budget together, less than its cost of 60 IRR.",
			"تأمین نشد: در پایان شمارش روش سهم‌های برابر، ۳ حامی آن روی هم فقط ۱۱٫۶۷ ریال از سهم خود از بودجه باقی داشتند که از هزینه‌اش (۶۰ ریال) کمتر است."},
		"5": {"Not funded: when Equal Shares ended, its 1 supporters had only 3.33 IRR left of their shares of the budget together, less than its cost of 40 IRR.",
			"تأمین نشد: در پایان شمارش روش سهم‌های برابر، ۱ حامی آن روی هم فقط ۳٫۳۳ ریال از سهم خود از بودجه باقی داشتند که از هزینه‌اش (۴۰ ریال) کمتر است."},
	})
	sum := Summary(r.Profile, r.Outcome, MoneyOf(in))
	if want := "2 of 5 projects were selected, costing 80 IRR of the 100 IRR budget (rule: mes). In Equal Shares every voter held an equal share of the budget, 20 IRR."; sum.En != want {
		t.Errorf("summary:\n got %s\nwant %s", sum.En, want)
	}
	r, ex = runSmall(t, in, Spec{Rule: "mes", Tie: TieID, Comparison: true})
	checkExplanations(t, ex, map[string][2]string{"3": {
		"Funded: it ranked 3 with 2 votes, and 40 IRR was left when its turn came, enough for its cost of 30 IRR.",
		"تأمین شد: با ۲ رأی رتبه ۳ را داشت و وقتی نوبتش رسید ۴۰ ریال باقی بود که برای هزینه‌اش (۳۰ ریال) کافی بود.",
	}})
	sum = Summary(r.Profile, r.Outcome, MoneyOf(in))
	if want := "2 of 5 projects were selected, costing 90 IRR of the 100 IRR budget (rule: mes-comparison). Compared with greedy by votes, 0 voters preferred the Equal Shares outcome and 2 the greedy one. So the greedy outcome was taken."; sum.En != want {
		t.Errorf("summary:\n got %s\nwant %s", sum.En, want)
	}
	_, ex = runSmall(t, in, Spec{Rule: "phragmen"})
	checkExplanations(t, ex, map[string][2]string{
		"2": {"Funded in round 2 of Phragmén's method: after it, each supporter's load was 16.67 IRR.",
			"تأمین شد در دور ۲ روش فراگمن: پس از آن بار هر حامی به ۱۶٫۶۷ ریال رسید."},
		"1": {"Not funded: the count stopped when the next project would have exceeded the budget.",
			"تأمین نشد: شمارش وقتی متوقف شد که طرح بعدی از بودجه بیشتر می‌شد."},
	})
}

func checkExplanations(t *testing.T, ex []Explanation, want map[string][2]string) {
	t.Helper()
	for _, e := range ex {
		w, ok := want[e.ID]
		if ok && (e.Text.En != w[0] || e.Text.Fa != w[1]) {
			t.Errorf("project %s:\n got %s\n     %s\nwant %s\n     %s", e.ID, e.Text.En, e.Text.Fa, w[0], w[1])
		}
	}
}

// TestPersianExplanationsArePersian: every rule's Persian text, on every
// test file, uses Persian digits and Persian (not Arabic) letters.
func TestPersianExplanationsArePersian(t *testing.T) {
	t.Parallel()
	for _, name := range pbioTestdataFiles(t) {
		in, err := readFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []Spec{{Rule: "greedy"}, {Rule: "greedy-no-skip"}, {Rule: "mes", Completion: Add1U, Exhaustive: true}, {Rule: "mes", Comparison: true}, {Rule: "phragmen"}} {
			r, ex := runSmall(t, in, s)
			texts := []string{Summary(r.Profile, r.Outcome, MoneyOf(in)).Fa}
			for _, e := range ex {
				texts = append(texts, e.Text.Fa)
				if e.Text.En == "" || e.Text.En == e.Text.Fa {
					t.Errorf("%s %s project %s: no English text", name, s.Rule, e.ID)
				}
			}
			for _, text := range texts {
				if i := strings.IndexFunc(text, func(r rune) bool { return r < unicode.MaxASCII && unicode.IsDigit(r) || r == 'ي' || r == 'ك' }); i >= 0 {
					t.Fatalf("%s %s: Persian text with a Latin digit or an Arabic letter at %d: %s", name, s.Rule, i, text)
				}
			}
		}
	}
}

// TestUtilitarianBeatsGreedy: greedy funds the most-voted project and
// nothing else fits; the optimum is the two projects with 5 votes between
// them.
func TestUtilitarianBeatsGreedy(t *testing.T) {
	t.Parallel()
	b := NewProfileBuilder(100, []string{"a", "b", "c"}, []int64{60, 50, 50}, false)
	for _, ballot := range [][]int32{{0}, {0}, {0}, {1}, {1}, {2}, {2}} {
		b.Add(ballot, nil)
	}
	pr := b.Profile()
	if got := Greedy(pr, GreedyOptions{}).SelectedIDs(pr); !slices.Equal(got, []string{"a"}) {
		t.Fatalf("greedy %v, want [a]", got)
	}
	o, err := Utilitarian(pr, TieFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := o.SelectedIDs(pr); !slices.Equal(got, []string{"b", "c"}) || o.Projects[0].Reason != NotInOptimum {
		t.Errorf("utilitarian %v (a: reason %d), want [b c] and a left out of the optimum", got, o.Projects[0].Reason)
	}
}

// TestUtilitarianSaysWhenIntractable: 2,000 projects with costs that share
// no divisor and 600,000 approvals exceed both tables' bounds.
func TestUtilitarianSaysWhenIntractable(t *testing.T) {
	t.Parallel()
	const n = 2000
	ids, costs := make([]string, n), make([]int64, n)
	all := make([]int32, n)
	for p := range n {
		ids[p], costs[p], all[p] = string(rune('a'+p%26))+strings.Repeat("x", p/26), 1_000_003+int64(p)*7919, int32(p)
	}
	b := NewProfileBuilder(1_000_000_000, ids, costs, false)
	for range 300 {
		b.Add(all, nil)
	}
	_, err := Utilitarian(b.Profile(), TieFile)
	if !errors.Is(err, ErrIntractable) {
		t.Fatalf("err = %v, want ErrIntractable", err)
	}
	in := readSmall(t, smallCity)
	if _, err := Run(in, Spec{Rule: "utilitarian"}); err != nil {
		t.Errorf("a small instance is tractable: %v", err)
	}
}

func TestGreedyByScoreAndColumns(t *testing.T) {
	t.Parallel()
	// Cumulative ballots: by votes, a (3 voters) comes first; by points,
	// b (10 points against 3) does. The file's own columns say the reverse
	// of the ballots, so counting by columns follows them.
	const text = `META
key;value
budget;10
vote_type;cumulative
max_sum_points;10
PROJECTS
project_id;cost;votes;score
a;10;1;1
b;10;3;30
VOTES
voter_id;vote;points
1;a;1
2;a;1
3;b,a;9,1
`
	in := readSmall(t, text)
	for _, c := range []struct {
		spec Spec
		want string
	}{
		{Spec{Rule: "greedy"}, "a"},
		{Spec{Rule: "greedy", ByScore: true}, "b"},
		{Spec{Rule: "greedy", FromColumns: true}, "b"},
		{Spec{Rule: "greedy", ByScore: true, FromColumns: true}, "b"},
	} {
		r, _ := runSmall(t, in, c.spec)
		if got := r.Outcome.SelectedIDs(r.Profile); !slices.Equal(got, []string{c.want}) {
			t.Errorf("%+v: %v, want [%s]", c.spec, got, c.want)
		}
	}
	if s, err := SpecFromMeta(in); err != nil || !s.ByScore || s.Rule != "greedy" {
		t.Errorf("a cumulative file's greedy ranks by score: %+v %v", s, err)
	}
}

func TestSpecFromMeta(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		meta string // extra META rows
		want Spec
		err  bool
	}{
		{"rule;greedy\n", Spec{Rule: "greedy"}, false},
		{"rule;greedy-no-skip\n", Spec{Rule: "greedy-no-skip"}, false},
		{"rule;greedy-threshold\nmin_project_score_threshold; 3.0\n", Spec{Rule: "greedy-threshold", Threshold: 3}, false},
		{"rule;greedy-threshold\n", Spec{}, true},
		{"rule;equalshares\n", Spec{Rule: "mes"}, false},
		{"rule;equalshares-comparison\n", Spec{Rule: "mes", Comparison: true}, false},
		{"rule;equalshares/add1\n", Spec{Rule: "mes", Completion: Add1, IntegralStart: true}, false},
		{"rule;equalshares/add1-comparison\n", Spec{Rule: "mes", Completion: Add1, IntegralStart: true, Comparison: true}, false},
		{"rule;unknown\n", Spec{Rule: "greedy", Note: "the file names no rule; counted as greedy"}, false},
		{"", Spec{Rule: "greedy", Note: "the file names no rule; counted as greedy"}, false},
		{"rule;greedy-custom\n", Spec{Rule: "greedy", Note: `the file's rule "greedy-custom" is city-specific; counted as plain greedy`}, false},
		{"rule;greedy-comparison\n", Spec{}, true},
		{"rule;borda\n", Spec{}, true},
	} {
		text := "META\nkey;value\nbudget;10\nvote_type;approval\n" + c.meta + "PROJECTS\nproject_id;cost\na;5\nVOTES\nvoter_id;vote\n1;a\n"
		got, err := SpecFromMeta(readSmall(t, text))
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("META %q: %+v, %v; want %+v (error %v)", c.meta, got, err, c.want, c.err)
		}
	}
}

func TestParseTie(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]Tie{"": TieAuto, "auto": TieAuto, "id": TieID, "cost-votes": TieCostVotes, "file": TieFile} {
		if got, err := ParseTie(name); err != nil || got != want {
			t.Errorf("ParseTie(%q) = %v, %v", name, got, err)
		}
		if name != "" && want.String() != name {
			t.Errorf("%v.String() = %q", want, want.String())
		}
	}
	if _, err := ParseTie("random"); err == nil {
		t.Error("ParseTie accepted random")
	}
}

func TestInstanceAccessors(t *testing.T) {
	t.Parallel()
	in := readSmall(t, strings.Replace(smallCity, "rule;greedy\n", "rule;greedy\nmin_length; 2 \nmax_length;2.5\n", 1))
	if n, ok := in.MetaInt("min_length"); !ok || n != 2 {
		t.Errorf("MetaInt(min_length) = %d, %v", n, ok)
	}
	if _, ok := in.MetaInt("max_length"); ok {
		t.Error("MetaInt accepted 2.5")
	}
	if _, ok := in.MetaInt("absent"); ok {
		t.Error("MetaInt found an absent key")
	}
	if v, ok := in.Field(0, "selected"); !ok || v != "1" {
		t.Errorf("Field(0, selected) = %q, %v", v, ok)
	}
	in.Projects[0].Fields = nil // an instance built in code, not read
	if _, ok := in.Field(0, "selected"); ok {
		t.Error("Field found a value in a project without fields")
	}
}

// TestUtilitarianIsOptimal compares the utilitarian rule with every subset
// of projects on random instances: its outcome fits the budget and no
// subset that fits has more total approval.
func TestUtilitarianIsOptimal(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(7, 8))
	for i := range 3000 {
		pr := randomProfile(r, false)
		tie := []Tie{TieID, TieCostVotes, TieFile}[i%3]
		o, err := Utilitarian(pr, tie)
		if err != nil {
			t.Fatal(err)
		}
		var got int64
		for _, p := range o.Selected {
			got += pr.Approvals[p]
		}
		best := int64(0)
		for set := range 1 << len(pr.Costs) {
			var cost, approval int64
			for p := range pr.Costs {
				if set&(1<<p) != 0 {
					cost, approval = cost+pr.Costs[p], approval+pr.Approvals[p]
				}
			}
			if cost <= pr.Budget {
				best = max(best, approval)
			}
		}
		if o.TotalCost > pr.Budget || got != best {
			t.Fatalf("case %d (%s): utilitarian %v has approval %d costing %d; the best subset has %d", i, pr, o.Selected, got, o.TotalCost, best)
		}
	}
}
