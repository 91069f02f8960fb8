package budgeting

import "github.com/shahr-city/shahr/internal/web"

// staffRoutes are the staff pages of a process: review, moderation,
// paper ballots and implementation.
func (h *handlers) staffRoutes() []web.Route { return nil }
