package events

import "github.com/shahr-city/shahr/internal/web"

// The bounds of the events' forms, route by route (README, "Limits").
const (
	maxDescription = 20000
	maxShowcase    = 2000
	maxSlugList    = 2000    // co-organizers' short addresses, typed in one line
	maxSeats       = 1000000 // a capacity or a quota; 0 is none
)

var (
	eventFields = web.Fields{
		web.Text("title_fa", "events.f.title_fa", maxTitleLen),
		web.Text("title_en", "events.f.title_en", maxTitleLen),
		web.Text("description_fa", "events.f.description_fa", maxDescription),
		web.Text("description_en", "events.f.description_en", maxDescription),
		web.Text("organizers", "events.f.organizers", maxSlugList),
		web.Text("host_city", "events.f.host_city", web.MaxTitle),
		web.Text("venue", "events.f.venue", web.MaxTitle),
		web.Number("capacity", "events.f.capacity", 0, maxSeats),
		web.Number("org_quota", "events.f.org_quota", 0, maxSeats),
	}
	exhibitorFields = web.Fields{
		web.Text("showcase_fa", "events.f.showcase_fa", maxShowcase),
		web.Text("showcase_en", "events.f.showcase_en", maxShowcase),
	}
	materialFields = web.Fields{
		web.Text("material_title_fa", "events.f.material_title_fa", maxTitleLen),
		web.Text("material_title_en", "events.f.material_title_en", maxTitleLen),
		web.Text("url", "events.f.url", web.MaxURL),
	}
	registerFields = web.Fields{
		web.Text("name", "events.register.name", web.MaxTitle),
		web.Text("role", "events.register.role", web.MaxTitle),
		web.Text("email", "events.register.email", web.MaxEmail),
		web.Text("phone", "events.register.phone", web.MaxPhone),
	}
)
