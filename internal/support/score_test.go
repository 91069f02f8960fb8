package support

import (
	"math/rand"
	"strings"
	"testing"
	"testing/quick"
	"time"
)

func randomFactors(r *rand.Rand, tier Tier) Factors {
	f := Factors{Tier: tier, HighNeeds: r.Intn(30), MediumNeeds: r.Intn(30)}
	if r.Intn(5) > 0 { // sometimes unknown
		f.Population = 1 + r.Int63n(10_000_000)
	}
	if r.Intn(5) > 0 {
		f.StaffCount = 1 + r.Int63n(50_000)
	}
	return f
}

// With the default weights every less-developed town ranks above every
// developed one, whatever their other indicators.
func TestDefaultWeightsRankLessDevelopedFirst(t *testing.T) {
	t.Parallel()
	prop := func(seed int64) bool {
		r := rand.New(rand.NewSource(seed))
		poor, rich := randomFactors(r, LessDeveloped), randomFactors(r, Developed)
		// The developed town gets every other advantage it can.
		rich.HighNeeds, rich.Population, rich.StaffCount = rich.HighNeeds+20, 1+r.Int63n(1000), 1
		return Score(poor, DefaultWeights) > Score(rich, DefaultWeights)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 5000}); err != nil {
		t.Error(err)
	}
}

func TestRankOrdersTownsByScore(t *testing.T) {
	t.Parallel()
	town := func(slug string, tier Tier, pop int64) Town {
		tw := Town{Indicators: Indicators{Tier: tier, Population: pop}}
		tw.Slug = slug
		return tw
	}
	towns := []Town{town("big-rich", Developed, 3_000_000), town("small-poor", LessDeveloped, 10_000),
		town("mid", Developing, 100_000), town("big-poor", LessDeveloped, 900_000)}
	var got []string
	for _, r := range Rank(towns, DefaultWeights) {
		got = append(got, r.Slug)
	}
	if want := "small-poor big-poor mid big-rich"; strings.Join(got, " ") != want {
		t.Errorf("order %v, want %s", got, want)
	}
	// Weights that care only for size put the small developed town first.
	towns[0].Indicators.Population = 2_000
	if first := Rank(towns, Weights{Small: 1}); first[0].Slug != "big-rich" {
		t.Errorf("size-only weights rank %s first", first[0].Slug)
	}
}

// The score stays within 0–100 and grows with open needs, for any input.
func TestScoreBoundsAndMonotoneInNeeds(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewSource(time.Now().UnixNano()))
	for i := 0; i < 5000; i++ {
		f := randomFactors(r, Tiers[r.Intn(3)])
		w := Weights{r.Int63n(101), r.Int63n(101), r.Int63n(101), r.Int63n(101)}
		s := Score(f, w)
		if s < 0 || s > 100 {
			t.Fatalf("Score(%+v, %+v) = %v", f, w, s)
		}
		more := f
		more.HighNeeds++
		if Score(more, w) < s {
			t.Fatalf("one more high need lowered the score: %+v %+v", f, w)
		}
	}
	if Score(Factors{Tier: LessDeveloped}, Weights{}) != 0 {
		t.Error("zero weights must give 0")
	}
}

func TestScoreByHand(t *testing.T) {
	t.Parallel()
	// tier 1, needs (2·2+1)/10 = 0.5, smallness 50k/(50k+50k) = 0.5,
	// shortage 1 − (75 per 50,000 = 1.5 per 1,000)/3 = 0.5.
	f := Factors{Tier: LessDeveloped, Population: 50_000, StaffCount: 75, HighNeeds: 2, MediumNeeds: 1}
	if got := Score(f, DefaultWeights); got != 77.5 { // (55 + 7.5 + 7.5 + 7.5)
		t.Errorf("score %v, want 77.5", got)
	}
}
