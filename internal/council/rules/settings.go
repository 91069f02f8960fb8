package rules

// MaxSeats is the most seats a city council has: Tehran's 21 (Article 4
// of the councils law gives 5 to 15, and 21 for Tehran).
const MaxSeats = 21

// MaxDays bounds every deadline in the settings: a year.
const MaxDays = 365

// Settings are one council's rules. DefaultSettings gives Iran's usual
// values; a council whose internal rules differ changes them, and every
// computation reads them from here, never from a constant.
type Settings struct {
	// QuorumNum/QuorumDen of the seated members make a session official.
	QuorumNum, QuorumDen int
	// Majorities is the majority each motion kind needs.
	Majorities map[Motion]Majority
	// MinSignatories is the fewest members who sign a member's motion (طرح).
	MinSignatories int
	// CommissionDaysNormal and CommissionDaysSingle are a commission's
	// deadline for its report, for a normal and a single-urgency matter.
	CommissionDaysNormal, CommissionDaysSingle int
	// ObjectionDays is the review board's window, from notification.
	ObjectionDays int
	// ReconsiderDays is the council's window to answer an objection.
	ReconsiderDays int
	// DisputeDays is when the dispute board's decision is due; a late
	// decision still counts (nothing in the law voids or enforces a
	// resolution when that board is silent).
	DisputeDays int
}

// DefaultSettings are the values of Iran's councils law (قانون تشکیلات،
// وظایف و انتخابات شوراهای اسلامی کشور و انتخاب شهرداران, as amended)
// and, where the law is silent, of the internal rules councils usually
// adopt (آیین‌نامه داخلی), which follow the parliament's.
func DefaultSettings() Settings {
	return Settings{
		// Article 15: sessions are official with two thirds of the members
		// present (a council of 5 sits with 4, of 7 with 5).
		QuorumNum: 2, QuorumDen: 3,
		Majorities: map[Motion]Majority{
			// Article 15: decisions by an absolute majority of those present.
			Generalities: OfPresent,
			Clause:       OfPresent,
			Amendment:    OfPresent,
			Referral:     OfPresent,
			// Internal rules, after the parliament's: closure of debate and a
			// single urgency by a majority of those present, a double urgency
			// by two thirds of them.
			ClosingDebate: OfPresent,
			UrgencySingle: OfPresent,
			UrgencyDouble: TwoThirdsPresent,
			// Article 15: a closed session needs two thirds of those present.
			ClosedSession: TwoThirdsPresent,
		},
		// Internal rules (Mashhad's, for one): a member's motion is signed
		// by at least three members.
		MinSignatories: 3,
		// No law fixes a commission's deadline; these are the project's
		// assumption, to be set by each council: a month, and a week for a
		// single-urgency matter.
		CommissionDaysNormal: 30,
		CommissionDaysSingle: 7,
		// Article 80: the review board (هیئت تطبیق) may object within two
		// weeks of notification; silence puts the resolution in force.
		ObjectionDays: 14,
		// Article 80: the council meets and answers an objection within
		// ten days of receiving it.
		ReconsiderDays: 10,
		// Article 80: the dispute board (هیئت حل اختلاف) decides within
		// fifteen days of the referral.
		DisputeDays: 15,
	}
}

// Validate refuses settings outside their bounds, naming every field in
// both languages (messages_rules.go).
func (st Settings) Validate() error {
	var v validation
	v.number(fieldQuorumDen, st.QuorumDen, 1, 12)
	// A quorum of half or less would let two halves of a council sit
	// apart; all of it would let one absence stop the council.
	if st.QuorumDen >= 1 && st.QuorumDen <= 12 {
		v.number(fieldQuorumNum, st.QuorumNum, st.QuorumDen/2+1, st.QuorumDen)
	}
	for _, k := range Motions() {
		if !st.Majorities[k].Valid() {
			v.majority(k)
		}
	}
	if len(st.Majorities) != len(Motions()) {
		v.unknownMotion()
	}
	v.number(fieldSignatories, st.MinSignatories, 1, MaxSeats)
	v.number(fieldCommissionNormal, st.CommissionDaysNormal, 1, MaxDays)
	// A single urgency shortens the deadline, so it is at most the normal
	// one (when that one is itself right: one mistake, one message).
	single := MaxDays
	if st.CommissionDaysNormal >= 1 && st.CommissionDaysNormal <= MaxDays {
		single = st.CommissionDaysNormal
	}
	v.number(fieldCommissionSingle, st.CommissionDaysSingle, 1, single)
	v.number(fieldObjection, st.ObjectionDays, 1, MaxDays)
	v.number(fieldReconsider, st.ReconsiderDays, 1, MaxDays)
	v.number(fieldDispute, st.DisputeDays, 1, MaxDays)
	return v.Err()
}
