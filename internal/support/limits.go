package support

import "github.com/shahr-city/shahr/internal/web"

// The bounds of the support pages' forms, route by route (README,
// "Limits"): the same as the service checks, so that a refusal names the
// field and its limit before anything is read further. Partners' shares
// are percentages, which percentShare bounds to 100 with two decimals.
const (
	maxRevenue = 1_000_000_000_000_000 // rials a year
	maxWeight  = 100
	maxOwner   = 200
)

var (
	townFields = web.Fields{
		web.Text("name_fa", "support.town.name_fa", web.MaxTitle),
		web.Text("name_en", "support.town.name_en", web.MaxTitle),
		web.Number("population", "support.col.population", 0, maxPopulation),
	}
	indicatorFields = web.Fields{
		web.Number("population", "support.col.population", 0, maxPopulation),
		web.Number("staff_count", "support.col.staff", 0, maxStaff),
		web.Text("revenue_sources", "support.col.revenue", maxText),
	}
	weightFields = web.Fields{
		web.Number("w_tier", "support.weights.tier", 0, maxWeight),
		web.Number("w_needs", "support.weights.needs", 0, maxWeight),
		web.Number("w_small", "support.weights.small", 0, maxWeight),
		web.Number("w_staff", "support.weights.staff", 0, maxWeight),
	}
	projectFields = web.Fields{
		web.Text("title", "support.col.title", maxTitle),
		web.Text("description", "support.col.description", maxText),
		web.Number("expected_revenue", "support.col.revenue_expected", 0, maxRevenue),
	}
	stageFields   = web.Fields{web.Text("name", "support.col.name", maxTitle)}
	planFields    = web.Fields{web.Text("purpose", "support.col.purpose", maxText)}
	reportFields  = web.Fields{web.Text("summary", "support.col.summary", maxText), web.Text("participant_name", "support.col.name", web.MaxTitle)}
	findingFields = web.Fields{web.Text("body", "support.col.text", maxText)}
	actionFields  = web.Fields{web.Text("title", "support.col.action", maxTitle), web.Text("owner", "support.col.owner", maxOwner)}
)
