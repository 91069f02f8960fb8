package org

import "github.com/shahr-city/shahr/internal/web"

// The bounds of an organization's form (README, "Limits"), the same as
// Validate checks. A boundary is GeoJSON, as long as a province's (the
// largest in the geo files is about 360,000 characters) and some more.
const (
	maxName        = 200
	maxDescription = 5000
	maxWebsite     = 300
	maxGeometry    = 1_000_000
)

// orgFields are the organization form's bounded fields; the short address
// and the kind are bounded by their patterns.
var orgFields = web.Fields{
	web.Text("name_fa", "org.name_fa", maxName),
	web.Text("name_en", "org.name_en", maxName),
	web.Text("description_fa", "org.description_fa", maxDescription),
	web.Text("description_en", "org.description_en", maxDescription),
	web.Text("website", "org.website", maxWebsite),
	web.Number("population", "org.population", 0, maxPopulation),
	web.Text("geometry", "org.geometry", maxGeometry),
}
