package budgeting

import "github.com/shahr-city/shahr/internal/web"

// ballotAPIRoutes are the JSON ballot endpoints.
func (h *handlers) ballotAPIRoutes() []web.Route { return nil }
