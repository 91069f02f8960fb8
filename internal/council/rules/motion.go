package rules

import "slices"

// Motion is a kind of motion voted within an agenda item.
type Motion string

const (
	UrgencySingle Motion = "urgency_single" // the single urgency of a bill or motion (یک‌فوریت)
	UrgencyDouble Motion = "urgency_double" // its double urgency (دوفوریت)
	Generalities  Motion = "generalities"   // the matter as a whole (کلیات)
	Clause        Motion = "clause"         // one article or note of its text (ماده، تبصره)
	Amendment     Motion = "amendment"      // a change proposed to a clause (پیشنهاد اصلاحی)
	ClosingDebate Motion = "closing_debate" // closure of debate (کفایت مذاکرات)
	Referral      Motion = "referral"       // sending the matter (back) to a commission (ارجاع)
	ClosedSession Motion = "closed_session" // holding the session closed (جلسه غیرعلنی)
)

// Motions lists every motion kind, in the order an item usually votes
// them.
func Motions() []Motion {
	return []Motion{UrgencyDouble, UrgencySingle, ClosedSession, Generalities, ClosingDebate, Referral, Amendment, Clause}
}

// Valid reports whether k is one of Motions.
func (k Motion) Valid() bool { return slices.Contains(Motions(), k) }

// Urgency is the track of a bill or member's motion.
type Urgency string

const (
	Normal Urgency = "normal" // عادی: a commission's report, then the vote
	Single Urgency = "single" // یک‌فوریتی: to its commission with a shortened deadline
	Double Urgency = "double" // دوفوریتی: no referral, decided in the same session
)

// Urgencies lists the tracks, least urgent first.
func Urgencies() []Urgency { return []Urgency{Normal, Single, Double} }

// Motion is the motion that grants urgency u, voted before the matter
// itself; a normal matter needs none (ok false).
func (u Urgency) Motion() (m Motion, ok bool) {
	switch u {
	case Single:
		return UrgencySingle, true
	case Double:
		return UrgencyDouble, true
	}
	return "", false
}

// Referred reports whether a matter of urgency u goes to a commission
// before its vote; a double-urgency matter does not.
func (u Urgency) Referred() bool { return u != Double }

// MajorityFor is the majority motion k needs under st.
func (st Settings) MajorityFor(k Motion) Majority { return st.Majorities[k] }

// RequiredFor is the fewest yes votes that adopt motion k in the chamber s.
func (st Settings) RequiredFor(k Motion, s Snapshot) int {
	return Required(st.MajorityFor(k), s)
}

// CommissionDays is how many days a commission has for its report on a
// matter of urgency u, counted from the referral; 0 for a double-urgency
// matter, which no commission sees.
func (st Settings) CommissionDays(u Urgency) int {
	switch u {
	case Single:
		return st.CommissionDaysSingle
	case Double:
		return 0
	}
	return st.CommissionDaysNormal
}
