package servicecatalog

import (
	"embed"
	"io/fs"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the catalog's public pages and downloads and its staff pages
// to the server. orgs finds the organization a page names.
func Mount(s *web.Server, svc *Service, orgs *org.Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("servicecatalog", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s, orgs: orgs}
	s.Handle(h.pageRoutes()...)
	s.Handle(h.staffRoutes()...)
	return nil
}

type handlers struct {
	svc  *Service
	web  *web.Server
	orgs *org.Service
}
