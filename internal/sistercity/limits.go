package sistercity

import "github.com/shahr-city/shahr/internal/web"

// The bounds of the sister-city forms, route by route (README, "Limits").
const (
	maxDescription = 5000
	maxPopulation  = 100_000_000
)

var (
	agreementFields = web.Fields{
		web.Text("description_fa", "sister.new.description_fa", maxDescription),
		web.Text("description_en", "sister.new.description_en", maxDescription),
	}
	cityFormFields = web.Fields{
		web.Text("name_fa", "sister.gazetteer.name_fa", web.MaxTitle),
		web.Text("name_en", "sister.gazetteer.name_en", web.MaxTitle),
		web.Text("name_local", "sister.gazetteer.name_local", web.MaxTitle),
		web.Number("population", "sister.gazetteer.population", 0, maxPopulation),
	}
	statusFields   = web.Fields{web.Text("note", "sister.manage.note", web.MaxReason)}
	documentFields = web.Fields{web.Text("title", "sister.manage.doc_title", web.MaxTitle)}
	contactFields  = web.Fields{
		web.Text("name", "sister.manage.name", web.MaxTitle),
		web.Text("role", "sister.manage.role", web.MaxTitle),
		web.Text("email", "sister.manage.email", web.MaxEmail),
		web.Text("phone", "sister.manage.phone", web.MaxPhone),
	}
	activityFields = web.Fields{
		web.Text("description_fa", "sister.new.description_fa", maxDescription),
		web.Text("description_en", "sister.new.description_en", maxDescription),
	}
)
