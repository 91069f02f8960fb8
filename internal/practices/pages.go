package practices

import (
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
	"github.com/shahr-city/shahr/internal/web/bitext"
)

func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/practices", Access: web.Public, Handle: h.index},
		{Method: "GET", Pattern: "/practices/{id}", Access: web.Public, Handle: h.show},
	}
}

func practiceURL(id int64) string { return "/practices/" + strconv.FormatInt(id, 10) }

var errGroupFilter = apperr.New(apperr.Invalid, "کمیسیون، کارگروه یا شبکه‌ای با این شناسه در هیچ انجمنی نیست.",
	"No association has a commission, working group or network with this id.")

// queryOf reads a library search from the address: q, tag, group, city
// and the page number (from 1, in any digits). A group that is not a
// number is refused; whether it names a group, the caller checks.
func queryOf(r *http.Request) (Query, web.Window, error) {
	v := r.URL.Query()
	page := web.PageAt(web.PageParam(v, "page"), PageSize)
	q := Query{Search: v.Get("q"), Tag: v.Get("tag"), City: v.Get("city"), Offset: page.Offset(), Limit: PageSize}
	if g := v.Get("group"); g != "" {
		var err error
		if q.Group, err = strconv.ParseInt(persian.ToASCIIDigits(g), 10, 64); err != nil || q.Group <= 0 {
			return q, page, errGroupFilter
		}
	}
	return q, page, nil
}

// listed is one page of the library with the groups its practices name
// and the filter names, resolved in one pass.
type listed struct {
	Practices  []Practice
	web.Window // the page shown, of the practices found
	Groups     map[int64]GroupRef
}

// search runs the library search the address asks for. also are more
// groups to resolve with the page's (the filter's choices). A group filter
// naming no group is refused.
func (h *handlers) search(r *http.Request, also ...int64) (Query, listed, error) {
	q, page, err := queryOf(r)
	if err != nil {
		return q, listed{}, err
	}
	ps, total, err := h.svc.List(r.Context(), q)
	if err != nil {
		return q, listed{}, err
	}
	ids := append([]int64{}, also...)
	if q.Group != 0 {
		ids = append(ids, q.Group)
	}
	for _, p := range ps {
		ids = append(ids, p.Groups...)
	}
	refs, err := h.svc.ResolveGroups(r.Context(), ids)
	if err != nil {
		return q, listed{}, err
	}
	if _, ok := refs[q.Group]; q.Group != 0 && !ok {
		return q, listed{}, errGroupFilter
	}
	return q, listed{Practices: ps, Window: page.Of(total), Groups: refs}, nil
}

// option is one choice of a filter.
type option struct {
	Value, Label string
	Selected     bool
}

// optionGroup is the choices of one association in the group filter.
type optionGroup struct {
	Label   string
	Options []option
}

// link is a labelled address.
type link struct{ URL, Label string }

// row is one practice in the library's list.
type row struct {
	URL    string
	Title  bitext.Shown
	City   string
	Tags   []string
	Groups []link // each to the library filtered by the group
	Date   string
}

type indexPage struct {
	web.Page
	Query  string
	Tags   []option
	Groups []optionGroup
	Cities []option
	Rows   []row
	Total  string
	Pager  web.Pager
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	used, err := h.svc.PublishedGroups(r.Context())
	if err != nil {
		return err
	}
	q, res, err := h.search(r, used...)
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
	p := &indexPage{Page: web.NewPage(w, r, "practices.title"), Query: q.Search, Total: web.L(r).Int(res.Total)}
	for _, t := range tags {
		p.Tags = append(p.Tags, option{t, t, persian.SearchKey(t) == persian.SearchKey(q.Tag)})
	}
	p.Groups = groupOptions(p.L, res.Groups, append(used, q.Group), q.Group)
	for _, c := range cities {
		p.Cities = append(p.Cities, option{c.Slug, c.Name.In(p.L), c.Slug == q.City})
	}
	for _, pr := range res.Practices {
		rw := row{URL: practiceURL(pr.ID), Title: bitext.Show(p.L, pr.TitleFa, pr.TitleEn),
			City: pr.OrgName(p.L), Tags: pr.Tags, Date: p.L.Date(pr.PublishedAt)}
		for _, g := range pr.refsOf(res.Groups) {
			rw.Groups = append(rw.Groups, link{groupFilterURL(g.ID), g.Name.In(p.L)})
		}
		p.Rows = append(p.Rows, rw)
	}
	p.Pager = res.Pager(p.L, r.URL.Path, r.URL.Query(), "page")
	h.web.Render(w, r, http.StatusOK, "practices/index", p)
	return nil
}

func groupFilterURL(id int64) string { return "/practices?group=" + strconv.FormatInt(id, 10) }

// groupOptions are the group filter's choices: the groups ids name (those
// published practices name, and the one chosen), under their
// associations, both in the order they first come.
func groupOptions(l i18n.Lang, refs map[int64]GroupRef, ids []int64, selected int64) []optionGroup {
	var out []optionGroup
	at := map[string]int{} // an association's index in out
	seen := map[int64]bool{}
	for _, id := range ids {
		g, ok := refs[id]
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		i, ok := at[g.AssocSlug]
		if !ok {
			i, at[g.AssocSlug] = len(out), len(out)
			out = append(out, optionGroup{Label: g.AssocName.In(l)})
		}
		out[i].Options = append(out[i].Options, option{strconv.FormatInt(id, 10), g.Name.In(l), id == selected})
	}
	return out
}

// shownGroup is a group on a practice's page: its place on the
// association's page, and the library's other practices of it.
type shownGroup struct {
	Name, Association string
	URL, More         string
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
	Groups   []shownGroup
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
	refs, err := h.svc.ResolveGroups(r.Context(), pr.Groups)
	if err != nil {
		return err
	}
	p := &showPage{Page: web.NewPage(w, r, ""), P: pr, Heading: bitext.Show(web.L(r), pr.TitleFa, pr.TitleEn),
		City: pr.OrgName(web.L(r)), Tags: pr.Tags, CanEdit: canEdit,
		CanTake: who != nil && who.Superuser && pr.Status == Published, EditURL: editURL(pr.OrgSlug, pr.ID)}
	p.Title = p.Heading.Text
	p.Sections = sections(p.L, pr)
	for _, g := range pr.refsOf(refs) {
		p.Groups = append(p.Groups, shownGroup{Name: g.Name.In(p.L), Association: g.AssocName.In(p.L),
			URL: g.URL(), More: groupFilterURL(g.ID)})
	}
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
