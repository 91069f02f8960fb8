package budgeting

import (
	"bytes"
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/pb"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds the budgeting module's pages, its staff pages and its
// open-data API to the server.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("budgeting", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s}
	s.Handle(h.apiRoutes()...)
	s.Handle(h.pageRoutes()...)
	s.Handle(h.staffRoutes()...)
	s.Handle(h.processRoutes()...)
	s.Handle(h.resultRoutes()...)
	s.Handle(h.ballotAPIRoutes()...)
	s.Handle(h.receiptRoutes()...)
	return nil
}

type handlers struct {
	svc *Service
	web *web.Server
}

func (h *handlers) apiRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/api/v1/processes", Access: web.Public, Handle: h.apiProcesses},
		{Method: "GET", Pattern: "/api/v1/processes/{id}/results", Access: web.Public, Handle: h.apiResults},
		{Method: "GET", Pattern: "/api/v1/processes/{id}/headings/{hid}/ballots.pb", Access: web.Public, Handle: h.apiBallots},
		{Method: "GET", Pattern: "/api/v1/processes/{id}/ballots.zip", Access: web.Public, Handle: h.apiBallotsZip},
	}
}

type headingJSON struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	Budget int64  `json:"budget"`
}

type processJSON struct {
	ID       int64         `json:"id"`
	Slug     string        `json:"slug"`
	Title    string        `json:"title"`
	Phase    Phase         `json:"phase"` // "" between phases
	Rule     string        `json:"rule"`
	Headings []headingJSON `json:"headings"`
}

// apiProcesses answers GET /api/v1/processes.
func (h *handlers) apiProcesses(w http.ResponseWriter, r *http.Request) error {
	ps, err := h.svc.Processes(r.Context())
	if err != nil {
		return err
	}
	data := make([]processJSON, 0, len(ps))
	for _, p := range ps {
		w, _ := p.PhaseAt(h.svc.now())
		j := processJSON{ID: p.ID, Slug: p.Slug, Title: p.TitleFa, Phase: w.Phase, Rule: p.Rule, Headings: []headingJSON{}}
		for _, hd := range p.Headings {
			j.Headings = append(j.Headings, headingJSON{hd.ID, hd.NameFa, hd.Budget})
		}
		data = append(data, j)
	}
	return web.JSON(w, http.StatusOK, map[string]any{"data": data})
}

type projectJSON struct {
	ID          int64             `json:"id"`
	Title       string            `json:"title"`
	Cost        int64             `json:"cost"`
	Votes       int64             `json:"votes"`
	Selected    bool              `json:"selected"`
	Explanation map[string]string `json:"explanation"`
}

type headingResultJSON struct {
	ID        int64         `json:"id"`
	Budget    int64         `json:"budget"`
	Selected  []int64       `json:"selected"`
	TotalCost int64         `json:"total_cost"`
	Ballots   int           `json:"ballots"`
	Projects  []projectJSON `json:"projects"`
}

// apiResults answers GET /api/v1/processes/{id}/results once voting has closed.
func (h *handlers) apiResults(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p, err := h.svc.Process(r.Context(), id)
	if err != nil {
		return err
	}
	out := map[string]any{"rule": p.Rule}
	var headings []headingResultJSON
	for _, hd := range p.Headings {
		res, err := h.svc.CachedResults(r.Context(), hd.ID)
		if err != nil {
			return err
		}
		j := headingResultJSON{ID: hd.ID, Budget: res.Budget, Selected: append([]int64{}, res.Selected...),
			TotalCost: res.TotalCost, Ballots: res.Ballots, Projects: []projectJSON{}}
		for _, pr := range res.Projects {
			j.Projects = append(j.Projects, projectJSON{pr.ID, pr.Title, pr.Cost, pr.Votes, pr.Selected,
				map[string]string{"fa": pr.Explanation.Fa, "en": pr.Explanation.En}})
		}
		headings = append(headings, j)
	}
	out["headings"] = headings
	return web.JSON(w, http.StatusOK, out)
}

// apiBallots answers GET /api/v1/processes/{id}/headings/{hid}/ballots.pb
// once voting has closed: the heading's published file (PublishedFile),
// sent under its own name.
func (h *handlers) apiBallots(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	hid, err := web.PathID(r, "hid")
	if err != nil {
		return err
	}
	p, err := h.svc.Process(r.Context(), id)
	if err != nil {
		return err
	}
	if _, ok := p.Heading(hid); !ok {
		return errNoProcess
	}
	f, err := h.svc.PublishedFile(r.Context(), hid)
	if err != nil {
		return err
	}
	var buf bytes.Buffer // written whole, so that an error is still an error page
	if err := pb.Write(&buf, f.Instance); err != nil {
		return err
	}
	download(w, "text/plain; charset=utf-8", f.Name, buf.Bytes())
	return nil
}

// apiBallotsZip answers GET /api/v1/processes/{id}/ballots.zip once voting
// has closed: every heading's published file in one zip archive.
func (h *handlers) apiBallotsZip(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.PublishedProcess(r.Context(), id)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := a.WriteZip(&buf); err != nil {
		return err
	}
	download(w, "application/zip", a.Name, buf.Bytes())
	return nil
}
