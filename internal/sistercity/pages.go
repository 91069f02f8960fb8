package sistercity

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// pageRoutes are the public pages.
func (h *handlers) pageRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/sister-cities", Access: web.Public, Handle: h.index},
		{Method: "GET", Pattern: "/sister-cities.csv", Access: web.Public, Handle: h.exportCSV},
		{Method: "GET", Pattern: "/sister-cities.xlsx", Access: web.Public, Handle: h.exportXLSX},
		{Method: "GET", Pattern: "/sister-cities/{id}", Access: web.Public, Handle: h.show},
		{Method: "GET", Pattern: "/sister-cities/files/{fid}", Access: web.Public, Handle: h.file},
		{Method: "GET", Pattern: "/orgs/{slug}/sister-cities", Access: web.Public, Handle: h.network},
	}
}

// option is one choice of a select or a group of checkboxes.
type option struct {
	Value, Label string
	Selected     bool
}

// row is an agreement as pages show it, every value in the page's language.
type row struct {
	ID                      int64
	Countries               string
	Status                  string
	StatusKey               Status
	Proposed, Signed, Ended string
	Areas                   string
	NameA, NameB            string
	PartyAURL, PartyBURL    string
	CountryA, CountryB      string
	Description             string
}

// rowOf formats an agreement for l.
func rowOf(l i18n.Lang, a Agreement) row {
	r := row{ID: a.ID, Status: a.Status.Label().In(l), StatusKey: a.Status,
		Proposed: l.Date(a.ProposedOn), Signed: l.Date(a.SignedOn), Ended: l.Date(a.EndedOn), Areas: areaNames(l, a.Areas),
		NameA: a.Parties[0].Name(l), NameB: a.Parties[1].Name(l), Description: a.Description(l),
		CountryA: CountryName(l, a.Parties[0].Country), CountryB: CountryName(l, a.Parties[1].Country)}
	r.Countries = r.CountryA
	if r.CountryB != r.CountryA {
		r.Countries += " / " + r.CountryB
	}
	r.PartyAURL, r.PartyBURL = partyURL(a.Parties[0]), partyURL(a.Parties[1])
	return r
}

// partyURL is an installation party's network page; cities abroad have none.
func partyURL(p Party) string {
	if p.OrgSlug == "" {
		return ""
	}
	return "/orgs/" + url.PathEscape(p.OrgSlug) + "/sister-cities"
}

// table is the list of agreements the _rows partial draws; Base is what
// each row's link starts with.
type table struct {
	Rows []row
	Base string
}

// tableOf formats agreements for l, linked under base.
func tableOf(l i18n.Lang, as []Agreement, base string) table {
	t := table{Base: base}
	for _, a := range as {
		t.Rows = append(t.Rows, rowOf(l, a))
	}
	return t
}

type indexPage struct {
	web.Page
	Table                      table
	Query                      string
	Statuses, Areas, Countries []option
	CSV, XLSX                  string
}

// filterOf reads the list's filters from the query string.
func filterOf(r *http.Request) Filter {
	q := r.URL.Query()
	return Filter{Status: Status(q.Get("status")), Area: Area(q.Get("area")), Country: q.Get("country"), Query: q.Get("q")}
}

func (h *handlers) index(w http.ResponseWriter, r *http.Request) error {
	f := filterOf(r)
	all, err := h.svc.Agreements(r.Context(), Filter{})
	if err != nil {
		return err
	}
	as, err := h.svc.Agreements(r.Context(), f)
	if err != nil {
		return err
	}
	p := &indexPage{Page: web.NewPage(w, r, "sister.index.title"), Query: f.Query}
	p.Table = tableOf(p.L, as, "/sister-cities/")
	p.Statuses = statusOptions(p.L, f.Status)
	p.Areas = areaOptions(p.L, []Area{f.Area})
	p.Countries = countryOptions(p.L, all, f.Country)
	query := "?" + r.URL.Query().Encode()
	p.CSV, p.XLSX = "/sister-cities.csv"+query, "/sister-cities.xlsx"+query
	h.web.Render(w, r, http.StatusOK, "sistercity/index", p)
	return nil
}

func statusOptions(l i18n.Lang, selected Status) []option {
	var out []option
	for _, s := range Statuses {
		out = append(out, option{Value: string(s), Label: s.Label().In(l), Selected: s == selected})
	}
	return out
}

func areaOptions(l i18n.Lang, selected []Area) []option {
	var out []option
	for _, a := range Areas {
		out = append(out, option{Value: string(a), Label: a.Label().In(l), Selected: slices.Contains(selected, a)})
	}
	return out
}

// countryOptions are the countries of the agreements' parties.
func countryOptions(l i18n.Lang, as []Agreement, selected string) []option {
	seen := map[string]bool{}
	var out []option
	for _, a := range as {
		for _, p := range a.Parties {
			if !seen[p.Country] {
				seen[p.Country] = true
				out = append(out, option{Value: p.Country, Label: CountryName(l, p.Country), Selected: p.Country == selected})
			}
		}
	}
	slices.SortFunc(out, func(a, b option) int { return compareText(a.Label, b.Label) })
	return out
}

type showPage struct {
	web.Page
	row
	History    []historyRow
	Documents  []docRow
	Activities []activityRow
	CanManage  bool
	Staff      bool // the staff page: documents and activities can be removed
}

type historyRow struct{ Status, Note, Who, At string }

type docRow struct {
	URL, Name, Kind, Title, Size string
	DeleteURL                    string // on the staff page
}

type activityRow struct{ Kind, Day, Description, By, DeleteURL string }

func (h *handlers) show(w http.ResponseWriter, r *http.Request) error {
	a, err := h.agreementOf(r)
	if err != nil {
		return err
	}
	p := &showPage{Page: web.NewPage(w, r, "")}
	p.row, p.Title, p.CanManage = rowOf(p.L, a), a.Title(p.L), Manages(p.Who, a)
	if err := h.fillShow(r, p, a); err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "sistercity/show", p)
	return nil
}

// fillShow adds an agreement's history, documents and activity to its page.
func (h *handlers) fillShow(r *http.Request, p *showPage, a Agreement) error {
	ctx, l := r.Context(), p.L
	hist, err := h.svc.History(ctx, a.ID)
	if err != nil {
		return err
	}
	for _, c := range hist {
		p.History = append(p.History, historyRow{Status: c.Status.Label().In(l), Note: c.Note, Who: c.ActorName, At: l.DateTime(c.At)})
	}
	docs, err := h.svc.Documents(ctx, a.ID)
	if err != nil {
		return err
	}
	for _, d := range docs {
		p.Documents = append(p.Documents, docRow{URL: "/sister-cities/files/" + itoa(d.ID), Name: d.Name, Kind: d.Kind.Label().In(l),
			Title: d.Title, Size: l.Num((d.Size + 1023) / 1024), DeleteURL: p.staffURL(a.ID, "documents", d.ID)})
	}
	acts, err := h.svc.Activities(ctx, a.ID)
	if err != nil {
		return err
	}
	for _, act := range acts {
		p.Activities = append(p.Activities, activityRow{Kind: act.Kind.Label().In(l), Day: dayOrUnknown(l, act.On),
			Description: act.Description(l), By: partyName(l, a, act.OrgID), DeleteURL: p.staffURL(a.ID, "activities", act.ID)})
	}
	return nil
}

// staffURL is partURL on the staff page, "" on the public one.
func (p *showPage) staffURL(id int64, kind string, partID int64) string {
	if !p.Staff {
		return ""
	}
	return partURL(id, kind, partID)
}

// dayOrUnknown is a day in l, Jalali in Persian, or "date unknown".
func dayOrUnknown(l i18n.Lang, t time.Time) string {
	if t.IsZero() {
		return l.T("sister.day.unknown")
	}
	return l.Date(t)
}

// partyName names the installation party orgID of a, or "".
func partyName(l i18n.Lang, a Agreement, orgID int64) string {
	for _, p := range a.Parties {
		if orgID != 0 && p.OrgID == orgID {
			return p.Name(l)
		}
	}
	return ""
}

// compareText orders labels by their Persian-normalized form.
func compareText(a, b string) int { return strings.Compare(persian.SearchKey(a), persian.SearchKey(b)) }

// agreementOf loads the agreement named by the route's {id}.
func (h *handlers) agreementOf(r *http.Request) (Agreement, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Agreement{}, err
	}
	return h.svc.Agreement(r.Context(), id)
}

// file serves a document: agreements and their papers are public.
func (h *handlers) file(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	d, data, err := h.svc.Document(r.Context(), id)
	if err != nil {
		return err
	}
	upload.Serve(w, d.Name, d.ContentType, data)
	return nil
}
