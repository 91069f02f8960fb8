package org

import (
	"net/http"

	"github.com/shahr-city/shahr/internal/web"
)

// Head is the top of a staff page over one organization's records (the
// practices library's, the services catalog's): the organization named by
// the route's {slug}, its name in the page's language, and the address of
// its list.
type Head struct {
	web.Page
	Org     Org
	OrgName string
	ListURL string
}

// NewHead starts such a page; list gives the list's address from the
// organization's slug.
func NewHead(w http.ResponseWriter, r *http.Request, orgs *Service, titleKey string, list func(slug string) string) (Head, error) {
	o, err := orgs.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return Head{}, err
	}
	hd := Head{Page: web.NewPage(w, r, titleKey), Org: o, ListURL: list(o.Slug)}
	hd.OrgName = o.Name(hd.L)
	return hd, nil
}
