package rules

import (
	"math/rand/v2"
	"testing"
)

// chamber is Tehran's council with a vacancy, six absent and two recused:
// every majority has a different base, so a swapped rule shows.
var chamber = Snapshot{Seats: 21, Seated: 20, Present: 15, Recused: 2}

// TestRequiredEveryMotionAndMajority sets each motion kind to each
// majority in turn and checks the count it requires in chamber.
func TestRequiredEveryMotionAndMajority(t *testing.T) {
	t.Parallel()
	want := map[Majority]int{
		OfPresent:        7,  // 13 may vote: 13/2+1
		OfSeated:         10, // 20 seated, 2 recused: 18/2+1
		TwoThirdsPresent: 9,  // ⌈26/3⌉
		TwoThirdsSeated:  12, // ⌈36/3⌉
		Absolute:         11, // 21 seats: 21/2+1
	}
	for _, k := range Motions() {
		for _, m := range Majorities() {
			st := DefaultSettings()
			st.Majorities[k] = m
			if err := st.Validate(); err != nil {
				t.Fatalf("%s by %s: %v", k, m, err)
			}
			if got := st.RequiredFor(k, chamber); got != want[m] {
				t.Errorf("%s by %s: requires %d, want %d", k, m, got, want[m])
			}
		}
	}
}

// TestDefaultMajorities pins the default rule of every motion kind.
func TestDefaultMajorities(t *testing.T) {
	t.Parallel()
	want := map[Motion]Majority{
		UrgencySingle: OfPresent, UrgencyDouble: TwoThirdsPresent, Generalities: OfPresent,
		Clause: OfPresent, Amendment: OfPresent, ClosingDebate: OfPresent, Referral: OfPresent,
		ClosedSession: TwoThirdsPresent,
	}
	st := DefaultSettings()
	if err := st.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, k := range Motions() {
		if got := st.MajorityFor(k); got != want[k] {
			t.Errorf("%s: %s, want %s", k, got, want[k])
		}
	}
	if len(want) != len(Motions()) || len(st.Majorities) != len(Motions()) {
		t.Errorf("%d motions, %d defaults, %d in this test", len(Motions()), len(st.Majorities), len(want))
	}
}

// TestQuorumOfCouncilSizes checks Article 15's two thirds on every council
// size the law gives, against the counts the Ministry's rules spell out
// for the small ones (5 sit with 4, 7 with 5).
func TestQuorumOfCouncilSizes(t *testing.T) {
	t.Parallel()
	want := map[int]int{5: 4, 7: 5, 9: 6, 11: 8, 13: 9, 15: 10, 21: 14}
	st := DefaultSettings()
	for n, q := range want {
		if got := QuorumOf(n, st); got != q {
			t.Errorf("%d seated: quorum %d, want %d", n, got, q)
		}
		if Quorate(Snapshot{Seats: n, Seated: n, Present: q - 1}, st) || !Quorate(Snapshot{Seats: n, Seated: n, Present: q}, st) {
			t.Errorf("%d seated: quorate is not exactly from %d present", n, q)
		}
	}
	if Quorate(Snapshot{Seats: 5}, st) {
		t.Error("a council with nobody seated is quorate")
	}
}

// randomChamber is any chamber a council of up to MaxSeats can have.
func randomChamber(r *rand.Rand) Snapshot {
	s := Snapshot{Seats: 1 + r.IntN(MaxSeats)}
	s.Seated = r.IntN(s.Seats + 1)
	s.Present = r.IntN(s.Seated + 1)
	s.Recused = r.IntN(s.Present + 1)
	return s
}

// randomTally spreads the chamber's voters over yes, no and abstain.
func randomTally(r *rand.Rand, s Snapshot) Tally {
	t := Tally{Absent: s.Seated - s.Present, Recused: s.Recused}
	t.Yes = r.IntN(s.Voters() + 1)
	t.No = r.IntN(s.Voters() - t.Yes + 1)
	t.Abstain = s.Voters() - t.Yes - t.No
	return t
}

// TestDecideNeverContradictsItsSnapshot decides many random votes under
// random quorum rules and checks each outcome against its own numbers.
func TestDecideNeverContradictsItsSnapshot(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(14, 80))
	for range 200_000 {
		s := randomChamber(r)
		tl := randomTally(r, s)
		m := Majorities()[r.IntN(len(Majorities()))]
		st := DefaultSettings()
		st.QuorumDen = 1 + r.IntN(12)
		st.QuorumNum = st.QuorumDen/2 + 1 + r.IntN(st.QuorumDen-st.QuorumDen/2)
		o, err := Decide(tl, s, m, st)
		if err != nil {
			t.Fatalf("%+v in %+v: %v", tl, s, err)
		}
		checkOutcome(t, o, tl, s, st)
	}
}

func checkOutcome(t *testing.T, o Outcome, tl Tally, s Snapshot, st Settings) {
	t.Helper()
	quorate := s.Present*st.QuorumDen >= s.Seated*st.QuorumNum && s.Seated > 0
	switch {
	case tl.Yes+tl.No+tl.Abstain+tl.Absent+tl.Recused != s.Seated:
		t.Fatalf("%+v does not count the %d seated", tl, s.Seated)
	case o.Result == NoQuorum && quorate, o.Result != NoQuorum && !quorate:
		t.Fatalf("%s with %d of %d present under %d/%d", o.Result, s.Present, s.Seated, st.QuorumNum, st.QuorumDen)
	case o.Result == Adopted && tl.Yes < o.Required, o.Result == Rejected && tl.Yes >= o.Required:
		t.Fatalf("%s with %d yes of %d required", o.Result, tl.Yes, o.Required)
	case o.Required < 1 || o.Required > max(o.Base, 1):
		t.Fatalf("requires %d of a base of %d", o.Required, o.Base)
	case o.Majority != Absolute && o.Base > s.Seated-s.Recused:
		t.Fatalf("the base %d counts some of the %d recused", o.Base, s.Recused)
	case o.Result == Adopted && tl.Yes <= tl.No:
		t.Fatalf("adopted with %d yes and %d no", tl.Yes, tl.No)
	}
}

// TestDecideRefusesInconsistentTallies: a tally that miscounts the chamber
// has no outcome, whichever count is off.
func TestDecideRefusesInconsistentTallies(t *testing.T) {
	t.Parallel()
	good := Tally{Yes: 7, No: 4, Abstain: 2, Absent: 5, Recused: 2}
	st := DefaultSettings()
	if _, err := Decide(good, chamber, OfPresent, st); err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string]func(*Tally){
		"yes":      func(t *Tally) { t.Yes++ },
		"no":       func(t *Tally) { t.No-- },
		"abstain":  func(t *Tally) { t.Abstain++ },
		"absent":   func(t *Tally) { t.Absent-- },
		"recused":  func(t *Tally) { t.Recused++; t.Yes-- }, // a recused member voting yes
		"negative": func(t *Tally) { t.No, t.Abstain = -1, 7 },
	} {
		tl := good
		bad(&tl)
		if _, err := Decide(tl, chamber, OfPresent, st); err == nil {
			t.Errorf("%s: %+v decided", name, tl)
		}
	}
	if _, err := Decide(good, chamber, "most", st); err == nil {
		t.Error("an unknown majority decided")
	}
	for _, s := range []Snapshot{{Seats: 0}, {Seats: 22, Seated: 22}, {Seats: 5, Seated: 6}, {Seats: 5, Seated: 5, Present: 6},
		{Seats: 5, Seated: 5, Present: 4, Recused: 5}, {Seats: 5, Seated: -1}} {
		if s.Check() == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

// TestRequiredArithmetic proves, for every base a council can have and
// beyond, that requirements grow with their base, that two thirds never
// asks fewer than a simple majority, and that each is its exact fraction.
func TestRequiredArithmetic(t *testing.T) {
	t.Parallel()
	prev := map[Majority]int{}
	for n := 0; n <= 10*MaxSeats; n++ {
		s := Snapshot{Seats: max(n, 1), Seated: n, Present: n}
		for _, m := range Majorities() {
			got := Required(m, s)
			if got < prev[m] {
				t.Fatalf("%s: %d for a base of %d, %d for one less", m, got, n, prev[m])
			}
			prev[m] = got
			base := Base(m, s)
			exact := 2*got > base && 2*(got-1) <= base // more than half, and the least such
			if m == TwoThirdsPresent || m == TwoThirdsSeated {
				exact = 3*got >= 2*base && 3*(got-1) < 2*base
			}
			if !exact && base > 0 {
				t.Fatalf("%s of %d: %d", m, base, got)
			}
		}
		if Required(TwoThirdsPresent, s) < Required(OfPresent, s) || Required(TwoThirdsSeated, s) < Required(OfSeated, s) {
			t.Fatalf("two thirds of %d below a majority", n)
		}
	}
}

// TestRecusalLowersOnlyTheVotingBase: recused members still make the
// quorum but never count in a majority's base, except the statutory one.
func TestRecusalLowersOnlyTheVotingBase(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	s := Snapshot{Seats: 7, Seated: 7, Present: 5, Recused: 2}
	if !Quorate(s, st) {
		t.Error("5 of 7 present, 2 recused: not quorate")
	}
	for m, want := range map[Majority]int{OfPresent: 3, OfSeated: 5, TwoThirdsPresent: 3, TwoThirdsSeated: 5, Absolute: 7} {
		if got := Base(m, s); got != want {
			t.Errorf("%s: base %d, want %d", m, got, want)
		}
	}
}
