package network

import "github.com/shahr-city/shahr/internal/web"

// The bounds of the network's forms, route by route (README, "Limits").
// Amounts are whole units of the fee's currency, up to 10^15, so that the
// fee in minor units (×100 for euros) never overflows; counts and years
// fit their INTEGER columns.
const (
	maxAmount     = 1_000_000_000_000_000
	maxPopulation = 100_000_000
	maxMission    = 2000
	maxReport     = 10000 // the justification report
	maxMinutes    = 20000
	maxLines      = 5000 // a list typed one item a line: benefits, an agenda
)

var (
	profileFields = web.Fields{
		web.Text("mission_fa", "network.profile.mission", maxMission),
		web.Text("mission_en", "network.bound.mission_en", maxMission),
		web.Number("founded_year", "network.profile.founded", 0, 2100),
		web.Text("secretariat_fa", "network.secretariat", web.MaxTitle),
		web.Text("secretariat_en", "network.bound.secretariat_en", web.MaxTitle),
		web.Text("city_fa", "network.profile.city", web.MaxTitle),
		web.Text("city_en", "network.bound.city_en", web.MaxTitle),
		web.Number("min_population", "network.profile.minpop", 0, maxPopulation),
		web.Text("criteria_fa", "network.profile.criteria", maxMission),
		web.Text("criteria_en", "network.bound.criteria_en", maxMission),
		web.Number("fee_amount", "network.profile.fee", 0, maxAmount),
		web.Number("grace_days", "network.profile.grace", 0, 365),
		web.Text("benefits_fa", "network.profile.benefits", maxLines),
		web.Text("benefits_en", "network.bound.benefits_en", maxLines),
	}
	// decisionFields holds the fields of every step of the secretariat's.
	decisionFields = web.Fields{
		web.Text("override_reason", "network.override.reason", web.MaxReason),
		web.Text("refusal_reason", "network.refusal_reason", web.MaxReason),
		web.Number("amount", "network.amount", 0, maxAmount),
		web.Number("year", "network.year", 1300, 2200),
	}
	paymentFields = web.Fields{web.Text("payment_ref", "network.payment_ref", web.MaxTitle)}
	// nameFields is a group's or a benefit's names.
	nameFields     = web.Fields{web.Text("name_fa", "network.name_fa", web.MaxTitle), web.Text("name_en", "network.name_en", web.MaxTitle)}
	benefitFields  = append(web.Fields{web.Number("seats", "network.seats", 1, 1000)}, nameFields...)
	meetingFields  = web.Fields{web.Text("agenda", "network.agenda", maxLines), web.Text("minutes", "network.minutes", maxMinutes)}
	allocateFields = web.Fields{web.Text("person", "network.person", web.MaxTitle), web.Text("event", "network.event", web.MaxTitle)}
	usageFields    = web.Fields{web.Text("usage", "network.usage", web.MaxReason)}
	applyFields    = web.Fields{web.Text("justification", "network.justification", maxReport)}
	councilFields  = web.Fields{web.Text("resolution_no", "network.resolution_no", 100), web.Text("session", "network.session", web.MaxTitle)}
	letterFields   = web.Fields{web.Text("letter_ref", "network.letter_ref", 100)}
)
