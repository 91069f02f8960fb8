package servicecatalog

import (
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/services", Access: web.Public, Handle: h.index},
		{Method: "GET", Pattern: "/services/{id}", Access: web.Public, Handle: h.show},
		{Method: "GET", Pattern: "/orgs/{slug}/services", Access: web.Public, Handle: h.orgIndex},
		{Method: "GET", Pattern: "/orgs/{slug}/services.csv", Access: web.Public, Handle: h.exportCSV},
		{Method: "GET", Pattern: "/orgs/{slug}/services.xlsx", Access: web.Public, Handle: h.exportXLSX},
	}
}

func itemURL(id int64) string { return "/services/" + strconv.FormatInt(id, 10) }

type option struct {
	Value, Label string
	Selected     bool
}

// row is one service in a list.
type row struct {
	URL      string
	Title    bitext.Shown
	Org      string
	Category string
}

type indexPage struct {
	web.Page
	Action     string // the search form's address
	Org        *org.Org
	OrgName    string
	Query      string
	Orgs       []option // nil on an organization's own page
	Categories []option
	Rows       []row
	Total      string
	Pager      web.Pager
	CSV, XLSX  string // an organization's downloads
}

// queryOf reads a catalog search from the address.
func queryOf(r *http.Request) (Query, web.Window) {
	v := r.URL.Query()
	page := web.PageAt(web.PageParam(v, "page"), PageSize)
	return Query{Search: v.Get("q"), Org: v.Get("org"), Category: Category(v.Get("category")),
		Offset: page.Offset(), Limit: PageSize}, page
}

// list fills a page's search, filters and rows for q.
func (h *handlers) list(r *http.Request, p *indexPage, q Query, page web.Window) error {
	items, total, err := h.svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	p.Query, p.Total = q.Search, p.L.Int(total)
	for _, c := range Categories {
		p.Categories = append(p.Categories, option{string(c), c.Label(p.L), c == q.Category})
	}
	for _, it := range items {
		p.Rows = append(p.Rows, row{URL: itemURL(it.ID), Title: bitext.Show(p.L, it.TitleFa, it.TitleEn),
			Org: it.OrgName(p.L), Category: it.Category.Label(p.L)})
	}
	p.Pager = page.Of(total).Pager(p.L, r.URL.Path, r.URL.Query(), "page")
	return nil
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	q, page := queryOf(r)
	p := &indexPage{Page: web.NewPage(w, r, "services.title"), Action: "/services"}
	providers, err := h.svc.Providers(r.Context())
	if err != nil {
		return err
	}
	for _, o := range providers {
		p.Orgs = append(p.Orgs, option{o.Slug, o.Name.In(p.L), o.Slug == q.Org})
	}
	if err := h.list(r, p, q, page); err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "servicecatalog/index", p)
	return nil
}

// orgIndex is one organization's catalog, with its downloads.
func (h *handlers) orgIndex(w http.ResponseWriter, r *http.Request) error {
	o, err := h.orgs.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	q, page := queryOf(r)
	q.Org = o.Slug
	p := &indexPage{Page: web.NewPage(w, r, ""), Org: &o, Action: "/orgs/" + o.Slug + "/services",
		CSV: "/orgs/" + o.Slug + "/services.csv", XLSX: "/orgs/" + o.Slug + "/services.xlsx"}
	p.OrgName = o.Name(p.L)
	p.Title = p.L.Tf("services.of", p.OrgName)
	if err := h.list(r, p, q, page); err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "servicecatalog/index", p)
	return nil
}

// fact is one labelled text of a service's page.
type fact struct {
	Label string
	Text  bitext.Shown
}

type showPage struct {
	web.Page
	It       Item
	Heading  bitext.Shown
	Org      string
	Category string
	Facts    []fact
	Retired  string // the date it was retired; "" while offered
}

func (h *handlers) show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	it, err := h.svc.Item(r.Context(), id)
	if err != nil {
		return err
	}
	l := web.L(r)
	p := &showPage{Page: web.NewPage(w, r, ""), It: it, Heading: bitext.Show(l, it.TitleFa, it.TitleEn),
		Org: it.OrgName(l), Category: it.Category.Label(l), Facts: facts(l, it)}
	p.Title = p.Heading.Text
	if !it.RetiredAt.IsZero() {
		p.Retired = l.Date(it.RetiredAt)
	}
	h.web.Render(w, r, http.StatusOK, "servicecatalog/show", p)
	return nil
}

// facts are a service's texts under their labels, those given only.
func facts(l i18n.Lang, it Item) []fact {
	var out []fact
	for _, f := range []struct{ key, fa, en string }{
		{"services.description", it.DescriptionFa, it.DescriptionEn},
		{"services.eligibility", it.EligibilityFa, it.EligibilityEn},
		{"services.steps", it.StepsFa, it.StepsEn},
		{"services.address", it.AddressFa, it.AddressEn},
		{"services.hours", it.HoursFa, it.HoursEn},
		{"services.fees", it.FeesFa, it.FeesEn},
	} {
		if f.fa != "" {
			out = append(out, fact{l.T(f.key), bitext.Show(l, f.fa, f.en)})
		}
	}
	return out
}
