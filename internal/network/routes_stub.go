package network

import "github.com/shahr-city/shahr/internal/web"

func (h *handlers) publicRoutes() []web.Route      { return nil }
func (h *handlers) applicantRoutes() []web.Route   { return nil }
func (h *handlers) secretariatRoutes() []web.Route { return nil }
