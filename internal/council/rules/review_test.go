package rules

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/jalali"
)

// tehranDay is the first instant of a Jalali day in Tehran.
func tehranDay(t *testing.T, y, m, d int) time.Time {
	t.Helper()
	day, err := jalali.New(y, m, d)
	if err != nil {
		t.Fatal(err)
	}
	return day.In(jalali.Tehran())
}

// t0 is 1 Azar 1405, 10:00 in Tehran: when the example resolution is
// notified.
func t0(t *testing.T) time.Time { return tehranDay(t, 1405, 9, 1).Add(10 * time.Hour) }

func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// historyTo is a short history that leaves a resolution in state s, every
// event inside its window.
func historyTo(t *testing.T, s State) []Event {
	t.Helper()
	notified := Event{Kind: Notified, At: t0(t)}
	objected := Event{Kind: Objection, At: t0(t).Add(days(1)), Grounds: "خارج از حدود اختیارات شورا"}
	answered := func(a Answer) Event { return Event{Kind: Reconsideration, At: t0(t).Add(days(2)), Answer: a} }
	insisted := []Event{notified, objected, answered(Insisted)}
	return map[State][]Event{
		Pending:      nil,
		InReview:     {notified},
		Objected:     {notified, objected},
		Reconsidered: {notified, objected, answered(Amended)},
		Dispute:      insisted,
		InForce:      append(insisted, Event{Kind: Decision, At: t0(t).Add(days(3)), Ruling: Upheld}),
		Void:         {notified, objected, answered(Withdrawn)},
	}[s]
}

// TestEveryStateTimesEveryEvent applies each kind of event, inside every
// window, to a resolution in each state.
func TestEveryStateTimesEveryEvent(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	// next[state][event] is the state the event leads to; absent: refused.
	next := map[State]map[EventKind]State{
		Pending:      {Notified: InReview},
		InReview:     {Objection: Objected},
		Objected:     {Reconsideration: Reconsidered},
		Reconsidered: {Objection: Dispute},
		Dispute:      {Decision: InForce},
		InForce:      {},
		Void:         {},
	}
	at := t0(t).Add(days(4))
	events := map[EventKind]Event{
		Notified:        {Kind: Notified, At: at},
		Objection:       {Kind: Objection, At: at, Grounds: "مغایر قانون"},
		Reconsideration: {Kind: Reconsideration, At: at, Answer: Amended},
		Decision:        {Kind: Decision, At: at, Ruling: Upheld},
	}
	for _, s := range States() {
		before, err := st.StateAt(historyTo(t, s), at)
		if err != nil || before.State != s {
			t.Fatalf("history to %s: %+v, %v", s, before, err)
		}
		for _, k := range EventKinds() {
			after, err := st.Apply(before, events[k])
			want, allowed := next[s][k]
			switch {
			case allowed && (err != nil || after.State != want):
				t.Errorf("%s + %s: %s, %v; want %s", s, k, after.State, err, want)
			case !allowed && (err == nil || after != before || !apperr.Is(err, apperr.Conflict)):
				t.Errorf("%s + %s: %s, %v; want a conflict and no change", s, k, after.State, err)
			}
		}
	}
}

// TestAnswersAndRulings: each answer of the council and each ruling of
// the dispute board leads where the law says.
func TestAnswersAndRulings(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	at := t0(t).Add(days(4))
	objected, _ := st.StateAt(historyTo(t, Objected), at)
	for a, want := range map[Answer]State{Insisted: Dispute, Amended: Reconsidered, Withdrawn: Void} {
		s, err := st.Apply(objected, Event{Kind: Reconsideration, At: at, Answer: a})
		if err != nil || s.State != want || s.Answer != a {
			t.Errorf("%s: %+v, %v; want %s", a, s, err, want)
		}
	}
	dispute, _ := st.StateAt(historyTo(t, Dispute), at)
	for r, want := range map[Ruling]State{Upheld: InForce, Annulled: Void} {
		if s, err := st.Apply(dispute, Event{Kind: Decision, At: at, Ruling: r}); err != nil || s.State != want {
			t.Errorf("%s: %+v, %v; want %s", r, s, err, want)
		}
	}
	for _, bad := range []Event{
		{Kind: Reconsideration, At: at, Answer: "ignored"},
		{Kind: Objection, At: at, Grounds: " \n"},
		{Kind: Decision, At: at},
		{Kind: "appeal", At: at},
		{Kind: Notified},
	} {
		if _, err := st.Apply(objected, bad); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("%+v: %v, want invalid", bad, err)
		}
	}
	if _, err := st.Apply(objected, Event{Kind: Reconsideration, At: t0(t), Answer: Amended}); err != errOutOfOrder {
		t.Errorf("an answer dated before the objection: %v", err)
	}
}

// TestWindowsInTehranDays follows the example resolution on the calendar:
// notified on 1 Azar 1405, the review board has until the end of 15 Azar;
// objected on 15 Azar, the council until the end of 25 Azar; silent, the
// matter goes to the dispute board, due 15 days later (11 Dey).
func TestWindowsInTehranDays(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	h := []Event{{Kind: Notified, At: t0(t)}}
	s, _ := st.StateAt(h, t0(t))
	if want, _ := jalali.New(1405, 9, 15); s.Until != want {
		t.Fatalf("objection window until %s, want %s", s.Until, want)
	}
	if b := s.Badge(); b.Fa != "در حال بررسی هیئت تطبیق تا ۱۵ آذر ۱۴۰۵" {
		t.Errorf("badge %q", b.Fa)
	}
	day16 := tehranDay(t, 1405, 9, 16)
	late := Event{Kind: Objection, At: day16, Grounds: "مغایر قانون"}
	if _, err := st.Apply(s, late); !apperr.Is(err, apperr.Conflict) || err.Error() == errNotNow(InForce, Objection).Error() {
		t.Errorf("an objection on 16 Azar: %v, want the window's end", err)
	}
	if got, _ := st.StateAt(h, day16.Add(-time.Nanosecond)); got.State != InReview {
		t.Errorf("on the last instant of 15 Azar: %s", got.State)
	}
	if got, _ := st.StateAt(h, day16); got.State != InForce || !got.Since.Equal(day16) || got.Until.Year != 0 {
		t.Errorf("on 16 Azar: %+v, want in force since its first instant", got)
	}

	h = append(h, Event{Kind: Objection, At: day16.Add(-time.Minute), Grounds: "مغایر قانون"})
	s, err := st.StateAt(h, day16)
	if want, _ := jalali.New(1405, 9, 25); err != nil || s.State != Objected || s.Until != want {
		t.Fatalf("objected on 15 Azar: %+v, %v", s, err)
	}
	day26 := tehranDay(t, 1405, 9, 26)
	s, _ = st.StateAt(h, day26)
	if want, _ := jalali.New(1405, 10, 11); s.State != Dispute || !s.Since.Equal(day26) || s.Until != want {
		t.Fatalf("the council silent until 26 Azar: %+v", s)
	}
	// The dispute board's due date passes without a change, and its late
	// ruling still counts.
	h = append(h, Event{Kind: Decision, At: tehranDay(t, 1405, 11, 1), Ruling: Annulled})
	if s, err := st.StateAt(h, tehranDay(t, 1405, 10, 20)); err != nil || s.State != Dispute {
		t.Errorf("after the dispute board's due date: %+v, %v", s, err)
	}
	if s, err := st.StateAt(h, tehranDay(t, 1405, 12, 1)); err != nil || s.State != Void {
		t.Errorf("after the late ruling: %+v, %v", s, err)
	}
}

// randomEvent is any event, valid or not, some days after at.
func randomEvent(r *rand.Rand, at time.Time) Event {
	ev := Event{
		Kind: EventKinds()[r.IntN(len(EventKinds()))],
		At:   at.Add(time.Duration(r.Int64N(int64(days(20))))),
	}
	if r.IntN(10) > 0 {
		ev.Grounds = "مغایر قانون"
	}
	ev.Answer = append(Answers(), "")[r.IntN(len(Answers())+1)]
	ev.Ruling = append(Rulings(), "")[r.IntN(len(Rulings())+1)]
	return ev
}

// windowDays is the length of the window the state runs, under st.
func (st Settings) windowDays(s State) (int, bool) {
	switch s {
	case InReview, Reconsidered:
		return st.ObjectionDays, true
	case Objected:
		return st.ReconsiderDays, true
	case Dispute:
		return st.DisputeDays, true
	}
	return 0, false
}

// checkStatus is what every status at now must satisfy.
func checkStatus(t *testing.T, st Settings, s Status, now time.Time) {
	t.Helper()
	n, windowed := st.windowDays(s.State)
	switch {
	case s.State != Pending && (s.Since.IsZero() || s.Since.After(now)):
		t.Fatalf("%s since %v, seen at %v", s.State, s.Since, now)
	case windowed && s.Until != jalali.Today(s.Since).AddDays(n):
		t.Fatalf("%s since %v until %s, want %d days", s.State, s.Since, s.Until, n)
	case !windowed && s.Until.Year != 0:
		t.Fatalf("%s has a window until %s", s.State, s.Until)
	}
	if end, ok := s.Deadline(); ok && s.State.lapses() && !now.Before(end) {
		t.Fatalf("%s at %v, after its window closed at %v", s.State, now, end)
	}
}

// TestReviewProperties drives the review with many random event streams
// under random deadlines: refused events change nothing, accepted ones
// and the clock never move a resolution back, and every state seen at
// any instant agrees with its deadlines.
func TestReviewProperties(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(80, 14))
	start := t0(t)
	seen := map[State]bool{}
	for range 5_000 {
		st := DefaultSettings()
		st.ObjectionDays, st.ReconsiderDays, st.DisputeDays = 1+r.IntN(30), 1+r.IntN(30), 1+r.IntN(30)
		var history []Event
		s, at := Status{State: Pending}, start
		for range 1 + r.IntN(8) {
			ev := randomEvent(r, at)
			if r.IntN(8) == 0 {
				ev.At = at.Add(-time.Hour) // out of order
			}
			next, err := st.Apply(s, ev)
			if err != nil {
				if next != s {
					t.Fatalf("refused %+v changed %+v to %+v", ev, s, next)
				}
				continue
			}
			if next.State.rank() <= s.State.rank() {
				t.Fatalf("%+v moved %s to %s", ev, s.State, next.State)
			}
			checkStatus(t, st, next, ev.At)
			history, s, at = append(history, ev), next, ev.At
			seen[s.State] = true
		}
		checkTimeline(t, st, history, start, at.Add(days(40)), r)
	}
	for _, s := range States()[1:] {
		if !seen[s] {
			t.Errorf("no random history reached %s", s)
		}
	}
}

// checkTimeline reads the history at increasing instants: no error, no
// step back, every status consistent.
func checkTimeline(t *testing.T, st Settings, history []Event, from, to time.Time, r *rand.Rand) {
	t.Helper()
	prev := Pending
	for now := from.Add(-time.Hour); now.Before(to); now = now.Add(time.Duration(r.Int64N(int64(days(3))))) {
		s, err := st.StateAt(history, now)
		if err != nil {
			t.Fatalf("%+v at %v: %v", history, now, err)
		}
		if s.State.rank() < prev.rank() {
			t.Fatalf("%+v: %s after %s", history, s.State, prev)
		}
		checkStatus(t, st, s, now)
		prev = s.State
	}
}

func TestDisputeBadgeNamesItsDueDate(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	s, err := st.StateAt(historyTo(t, Dispute), t0(t).Add(days(40)))
	if err != nil {
		t.Fatal(err)
	}
	// Insisted on 3 Azar: the ruling is due 15 days later, and the badge
	// still says so once the date has passed.
	if b := s.Badge(); b.Fa != "در هیئت حل اختلاف؛ مهلت رأی ۱۸ آذر ۱۴۰۵" || b.En != "Before the dispute board; decision due 18 Azar 1405" {
		t.Errorf("%+v", b)
	}
}
