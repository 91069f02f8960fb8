package budgeting

import "github.com/shahr-city/shahr/internal/web"

// resultRoutes are the results page and its downloads.
func (h *handlers) resultRoutes() []web.Route { return nil }
