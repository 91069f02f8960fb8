package budgeting

import (
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/web"
)

// pageRoutes are the citizens' pages of a process.
func (h *handlers) pageRoutes() []web.Route { return nil }

// inProcess requires perm in the organization that runs the process named
// by the route's {id}; an unknown process is not found for everyone.
func (h *handlers) inProcess(perm auth.Permission) web.Access {
	return web.AccessFunc("process:"+string(perm), func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		p, err := h.svc.Process(r.Context(), id)
		if err != nil {
			return err
		}
		if !who.Can(perm, p.OrgPath) {
			return apperr.ErrForbidden
		}
		return nil
	})
}
