package budgeting

import "github.com/shahr-city/shahr/internal/web"

// pageRoutes are the citizens' pages and the staff pages of a process.
func (h *handlers) pageRoutes() []web.Route { return nil }
