package practices

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/practices/bitext"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/practices", Access: web.Public, Handle: h.index},
		{Method: "GET", Pattern: "/practices/{id}", Access: web.Public, Handle: h.show},
	}
}

func practiceURL(id int64) string { return "/practices/" + strconv.FormatInt(id, 10) }

// queryOf reads a library search from the address: q, tag, city and the
// page number (from 1, in any digits).
func queryOf(r *http.Request) (Query, int) {
	v := r.URL.Query()
	page, err := strconv.Atoi(persian.ToASCIIDigits(v.Get("page")))
	if err != nil || page < 1 {
		page = 1
	}
	return Query{Search: v.Get("q"), Tag: v.Get("tag"), City: v.Get("city"),
		Offset: (page - 1) * PageSize, Limit: PageSize}, page
}

// option is one choice of a filter.
type option struct {
	Value, Label string
	Selected     bool
}

// row is one practice in the library's list.
type row struct {
	URL   string
	Title bitext.Shown
	City  string
	Tags  []string
	Date  string
}

type indexPage struct {
	web.Page
	Query      string
	Tags       []option
	Cities     []option
	Rows       []row
	Total      string
	Prev, Next string
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	q, page := queryOf(r)
	ps, total, err := h.svc.List(r.Context(), q)
	if err != nil {
		return err
	}
	tags, err := h.svc.Tags(r.Context())
	if err != nil {
		return err
	}
	cities, err := h.svc.Cities(r.Context())
	if err != nil {
		return err
	}
	p := &indexPage{Page: web.NewPage(w, r, "practices.title"), Query: q.Search, Total: web.L(r).Int(total)}
	for _, t := range tags {
		p.Tags = append(p.Tags, option{t, t, persian.SearchKey(t) == persian.SearchKey(q.Tag)})
	}
	for _, c := range cities {
		p.Cities = append(p.Cities, option{c.Slug, c.Name.In(p.L), c.Slug == q.City})
	}
	for _, pr := range ps {
		p.Rows = append(p.Rows, row{URL: practiceURL(pr.ID), Title: bitext.Show(p.L, pr.TitleFa, pr.TitleEn),
			City: pr.OrgName(p.L), Tags: pr.allTags(), Date: p.L.Date(pr.PublishedAt)})
	}
	p.Prev, p.Next = pager(r.URL, page, total)
	h.web.Render(w, r, http.StatusOK, "practices/index", p)
	return nil
}

// pager is the addresses of the previous and next pages, "" at either end.
func pager(u *url.URL, page, total int) (prev, next string) {
	at := func(n int) string {
		v := u.Query()
		v.Set("page", strconv.Itoa(n))
		return u.Path + "?" + v.Encode()
	}
	if page > 1 {
		prev = at(page - 1)
	}
	if page*PageSize < total {
		next = at(page + 1)
	}
	return prev, next
}

// allTags is the practice's tags and its commission, for display.
func (p Practice) allTags() []string {
	if p.Commission == "" {
		return p.Tags
	}
	return append([]string{p.Commission}, p.Tags...)
}

// section is one titled text of a practice's page.
type section struct {
	Heading string
	Body    bitext.Shown
}

type showPage struct {
	web.Page
	P        Practice
	Heading  bitext.Shown
	City     string
	Sections []section
	Tags     []string
	Date     string
	Status   string // for staff: where it stands, "" when published
	CanEdit  bool   // the sharing organization's staff
	CanTake  bool   // the operator, while it is published
	EditURL  string
}

func (h *handlers) show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := h.svc.Practice(r.Context(), id)
	if err != nil {
		return err
	}
	who := web.Who(r)
	canEdit := who.Can(auth.Apply, pr.OrgPath)
	if pr.Status != Published && !canEdit {
		return errNoPractice // drafts and practices taken down are not public
	}
	p := &showPage{Page: web.NewPage(w, r, ""), P: pr, Heading: bitext.Show(web.L(r), pr.TitleFa, pr.TitleEn),
		City: pr.OrgName(web.L(r)), Tags: pr.allTags(), CanEdit: canEdit,
		CanTake: who != nil && who.Superuser && pr.Status == Published, EditURL: editURL(pr.OrgSlug, pr.ID)}
	p.Title = p.Heading.Text
	p.Sections = sections(p.L, pr)
	if !pr.PublishedAt.IsZero() {
		p.Date = p.L.Date(pr.PublishedAt)
	}
	if pr.Status != Published {
		p.Status = pr.Status.Label(p.L)
	}
	h.web.Render(w, r, http.StatusOK, "practices/show", p)
	return nil
}

// sections are a practice's texts under their headings, each in the
// page's language when the author gave it; results only when written.
func sections(l i18n.Lang, p Practice) []section {
	out := []section{
		{l.T("practices.problem"), bitext.Show(l, p.ProblemFa, p.ProblemEn)},
		{l.T("practices.action"), bitext.Show(l, p.ActionFa, p.ActionEn)},
	}
	if p.ResultsFa != "" {
		out = append(out, section{l.T("practices.results"), bitext.Show(l, p.ResultsFa, p.ResultsEn)})
	}
	return out
}
