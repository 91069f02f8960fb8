package rules

import (
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/i18n"
)

// TestEveryValueHasLabels: each state, motion, majority, urgency, result,
// event, answer and ruling is named in both languages, in Persian letters
// and digits only.
func TestEveryValueHasLabels(t *testing.T) {
	t.Parallel()
	var labels []i18n.Text
	for _, v := range States() {
		labels = append(labels, v.Label())
	}
	for _, v := range Motions() {
		labels = append(labels, v.Label())
	}
	for _, v := range Majorities() {
		labels = append(labels, v.Label())
	}
	for _, v := range Urgencies() {
		labels = append(labels, v.Label())
	}
	for _, v := range []Result{Adopted, Rejected, NoQuorum} {
		labels = append(labels, v.Label())
	}
	for _, v := range EventKinds() {
		labels = append(labels, v.Label())
	}
	for _, v := range Answers() {
		labels = append(labels, v.Label())
	}
	for _, v := range Rulings() {
		labels = append(labels, v.Label())
	}
	seen := map[string]bool{}
	for i, l := range labels {
		if l.Fa == "" || l.En == "" || strings.ContainsAny(l.Fa, "0123456789يكabcdefghijklmnopqrstuvwxyz") {
			t.Errorf("label %d: %+v", i, l)
		}
		seen[l.Fa] = true
	}
	if len(seen) < len(labels)-2 { // a single-urgency motion and matter share their words, as may the review board's objection
		t.Errorf("%d labels, %d distinct", len(labels), len(seen))
	}
}

func TestUrgencyTracks(t *testing.T) {
	t.Parallel()
	st := DefaultSettings()
	for u, want := range map[Urgency]struct {
		motion   Motion
		voted    bool
		referred bool
		days     int
	}{
		Normal: {"", false, true, 30},
		Single: {UrgencySingle, true, true, 7},
		Double: {UrgencyDouble, true, false, 0},
	} {
		m, voted := u.Motion()
		if m != want.motion || voted != want.voted || u.Referred() != want.referred || st.CommissionDays(u) != want.days {
			t.Errorf("%s: %s %v %v %d", u, m, voted, u.Referred(), st.CommissionDays(u))
		}
	}
}
