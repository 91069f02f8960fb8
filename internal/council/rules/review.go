package rules

import (
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
)

// State is where a resolution stands in its Article 80 review.
type State string

const (
	Pending      State = "pending"      // adopted, not yet notified
	InReview     State = "in_review"    // with the review board, inside its objection window
	Objected     State = "objected"     // objected to; the council's window to answer runs
	Reconsidered State = "reconsidered" // amended by the council; with the review board again
	Dispute      State = "dispute"      // before the dispute board
	InForce      State = "in_force"     // binding: by silence, or upheld
	Void         State = "void"         // withdrawn by the council or annulled
)

// States lists every state in the order a resolution can pass them.
func States() []State {
	return []State{Pending, InReview, Objected, Reconsidered, Dispute, InForce, Void}
}

// rank orders the states: a resolution's review never goes back to a
// lower rank. Amended text returns to the review board as Reconsidered,
// not InReview, and a second objection goes straight to the dispute board,
// so the review ends in a bounded number of steps.
func (s State) rank() int {
	switch s {
	case Pending:
		return 0
	case InReview:
		return 1
	case Objected:
		return 2
	case Reconsidered:
		return 3
	case Dispute:
		return 4
	}
	return 5 // InForce, Void
}

// Final reports whether nothing can change the state any more.
func (s State) Final() bool { return s == InForce || s == Void }

// EventKind is a step of the review that someone takes.
type EventKind string

const (
	Notified        EventKind = "notified"        // the resolution is notified to the mayor and the review board
	Objection       EventKind = "objection"       // the review board objects, with its grounds
	Reconsideration EventKind = "reconsideration" // the council answers an objection
	Decision        EventKind = "decision"        // the dispute board rules
)

// EventKinds lists every event kind.
func EventKinds() []EventKind { return []EventKind{Notified, Objection, Reconsideration, Decision} }

// Answer is the council's answer to an objection.
type Answer string

const (
	Insisted  Answer = "insisted"  // the council keeps its text: the dispute board decides
	Amended   Answer = "amended"   // the council changes its text: the review board sees it again
	Withdrawn Answer = "withdrawn" // the council gives the resolution up: it is void
)

// Answers lists the council's possible answers.
func Answers() []Answer { return []Answer{Insisted, Amended, Withdrawn} }

// Ruling is the dispute board's decision.
type Ruling string

const (
	Upheld   Ruling = "upheld"   // the resolution stands and is in force
	Annulled Ruling = "annulled" // the resolution is void
)

// Rulings lists the dispute board's possible decisions.
func Rulings() []Ruling { return []Ruling{Upheld, Annulled} }

// Event is one recorded step of a resolution's review.
type Event struct {
	Kind    EventKind
	At      time.Time
	Grounds string // an objection's grounds, required
	Answer  Answer // a reconsideration's answer
	Ruling  Ruling // a decision's ruling
}

// Status is a resolution's review state at an instant, with the last day
// of the window that runs in it (Until, a Tehran calendar day: the day a
// badge names), or the zero Date when none runs.
type Status struct {
	State  State
	Since  time.Time // when the resolution entered the state
	Until  jalali.Date
	Answer Answer // the council's last answer to an objection, if any
}

// Deadline is the instant the window of s closes: the start of the day
// after Until in Tehran. Ok is false when no window runs.
func (s Status) Deadline() (t time.Time, ok bool) {
	if s.Until.Year == 0 {
		return time.Time{}, false
	}
	return s.Until.AddDays(1).In(jalali.Tehran()), true
}

// lapses reports whether silence ends the state when its window closes:
// the review board's silence puts the text in force, the council's sends
// it to the dispute board; the dispute board's deadline only says when
// its ruling is due.
func (s State) lapses() bool { return s == InReview || s == Objected || s == Reconsidered }

// window starts a state at t with a window of days Tehran calendar days
// counted from the day after t's: a resolution notified on 1 Azar may be
// objected to until the end of 15 Azar.
func window(state State, t time.Time, days int) Status {
	return Status{State: state, Since: t, Until: jalali.Today(t).AddDays(days)}
}

// advance applies the clock up to now: every window that closed before
// now ends its state as silence does.
func (st Settings) advance(s Status, now time.Time) Status {
	for s.State.lapses() {
		end, _ := s.Deadline()
		if now.Before(end) {
			break
		}
		switch s.State {
		case Objected: // the council did not answer in time
			s = Status{State: Dispute, Since: end, Until: jalali.Today(end).AddDays(st.DisputeDays), Answer: s.Answer}
		default:
			s = Status{State: InForce, Since: end, Answer: s.Answer}
		}
	}
	return s
}

// Apply returns the status after ev, taken after the clock has moved to
// ev.At, or an error saying why ev cannot happen then; s is unchanged on
// an error. Events must come in time order: ev.At may not precede the
// start of the state it finds.
func (st Settings) Apply(s Status, ev Event) (Status, error) {
	if s.State == "" {
		s.State = Pending
	}
	if err := ev.check(); err != nil {
		return s, err
	}
	if !s.Since.IsZero() && ev.At.Before(s.Since) {
		return s, errOutOfOrder
	}
	now := st.advance(s, ev.At)
	next, ok := st.step(now, ev)
	switch {
	case ok:
		return next, nil
	case now.State != s.State && st.allows(s, ev):
		return s, errLate(s)
	}
	return s, errNotNow(s.State, ev.Kind)
}

// allows reports whether ev would have been taken in s.
func (st Settings) allows(s Status, ev Event) bool {
	_, ok := st.step(s, ev)
	return ok
}

// step is the transition table: the status after ev in s, when s takes ev.
func (st Settings) step(s Status, ev Event) (Status, bool) {
	t := ev.At
	switch {
	case s.State == Pending && ev.Kind == Notified:
		return window(InReview, t, st.ObjectionDays), true
	case s.State == InReview && ev.Kind == Objection:
		return window(Objected, t, st.ReconsiderDays), true
	case s.State == Reconsidered && ev.Kind == Objection:
		// The council has answered once; the board's second objection
		// goes to the dispute board.
		return withAnswer(window(Dispute, t, st.DisputeDays), s.Answer), true
	case s.State == Objected && ev.Kind == Reconsideration:
		return st.answer(t, ev.Answer), true
	case s.State == Dispute && ev.Kind == Decision:
		if ev.Ruling == Upheld {
			return Status{State: InForce, Since: t, Answer: s.Answer}, true
		}
		return Status{State: Void, Since: t, Answer: s.Answer}, true
	}
	return s, false
}

// answer is the status after the council's answer a at t.
func (st Settings) answer(t time.Time, a Answer) Status {
	switch a {
	case Insisted:
		return withAnswer(window(Dispute, t, st.DisputeDays), a)
	case Amended:
		return withAnswer(window(Reconsidered, t, st.ObjectionDays), a)
	}
	return Status{State: Void, Since: t, Answer: a}
}

func withAnswer(s Status, a Answer) Status {
	s.Answer = a
	return s
}

// check refuses an event that is incomplete whatever the state.
func (ev Event) check() error {
	switch ev.Kind {
	case Notified:
	case Objection:
		if strings.TrimSpace(ev.Grounds) == "" {
			return errNoGrounds
		}
	case Reconsideration:
		if ev.Answer != Insisted && ev.Answer != Amended && ev.Answer != Withdrawn {
			return errNoAnswer
		}
	case Decision:
		if ev.Ruling != Upheld && ev.Ruling != Annulled {
			return errNoRuling
		}
	default:
		return errUnknownEvent
	}
	if ev.At.IsZero() {
		return errNoTime
	}
	return nil
}

// StateAt is where a resolution with the recorded history stands at now:
// the events up to now, in order, then the clock. Events after now are
// not yet part of the story (a page for a past date shows that date's
// state). A history that breaks the rules is an error naming the first
// bad event.
func (st Settings) StateAt(history []Event, now time.Time) (Status, error) {
	s := Status{State: Pending}
	for _, ev := range history {
		if ev.At.After(now) {
			break
		}
		var err error
		if s, err = st.Apply(s, ev); err != nil {
			return s, err
		}
	}
	return st.advance(s, now), nil
}
