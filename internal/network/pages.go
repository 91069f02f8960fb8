package network

import (
	"net/http"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// publicRoutes are the associations' pages anyone may read.
func (h *handlers) publicRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/associations", Access: web.Public, Handle: h.directory},
		{Method: "GET", Pattern: "/associations/{slug}", Access: web.Public, Handle: h.associationPage},
	}
}

type directoryPage struct {
	web.Page
	Query string
	List  web.Cards
}

func (h *handlers) directory(w http.ResponseWriter, r *http.Request) error {
	p := &directoryPage{Page: web.NewPage(w, r, "network.directory.title"), Query: r.URL.Query().Get("q")}
	list, err := h.svc.Directory(r.Context(), p.Query)
	if err != nil {
		return err
	}
	for _, a := range list {
		note := p.L.Tf("network.members.count", p.L.Int(a.Members))
		if city := a.City.In(p.L); city != "" {
			note = p.T("network.secretariat") + ": " + city + " · " + note
		}
		p.List = append(p.List, web.Card{URL: "/associations/" + a.Slug, Title: a.Name.In(p.L), Note: note})
	}
	h.web.Render(w, r, http.StatusOK, "network/associations", p)
	return nil
}

// profileView is an association's profile as pages show it.
type profileView struct {
	Has         bool
	Mission     string
	Founded     string
	Secretariat string
	City        string
	Criteria    string
	MinPop      string // "" without a threshold
	Fee         string
	Grace       string
	Benefits    []string
}

func viewProfile(l i18n.Lang, p Profile, has bool) profileView {
	v := profileView{Has: has, Mission: pick(l, p.MissionFa, p.MissionEn), Secretariat: pick(l, p.SecretariatFa, p.SecretariatEn),
		City: pick(l, p.CityFa, p.CityEn), Criteria: pick(l, p.CriteriaFa, p.CriteriaEn), Fee: money(l, p.FeeAmount, p.FeeCurrency),
		Grace: l.Tf("network.days", l.Int(p.GraceDays)), Benefits: p.BenefitsFa}
	if p.FoundedYear > 0 {
		v.Founded = l.Int(p.FoundedYear)
	}
	if p.MinPopulation > 0 {
		v.MinPop = l.Num(p.MinPopulation)
	}
	if l == i18n.En && len(p.BenefitsEn) > 0 {
		v.Benefits = p.BenefitsEn
	}
	return v
}

// pick is the English text in English when there is one, else the Persian.
func pick(l i18n.Lang, fa, en string) string {
	if l == i18n.En && en != "" {
		return en
	}
	return fa
}

// minorUnits is how many minor units make one unit of each currency
// (the rial is counted whole).
var minorUnits = map[string]int64{"IRR": 1, "EUR": 100, "USD": 100}

// money formats an amount in minor units: "۷٬۰۰۰ یورو", "7,000 EUR".
func money(l i18n.Lang, amount int64, currency string) string {
	unit := minorUnits[currency]
	if unit == 0 {
		unit = 1
	}
	s := l.Num(amount / unit)
	if cents := amount % unit; cents != 0 {
		s += l.Digits(".") + l.Digits(strings.TrimPrefix(formatCents(cents), "0."))
	}
	return s + " " + l.T("network.currency."+currency)
}

func formatCents(c int64) string {
	return string([]byte{'0', '.', byte('0' + c/10), byte('0' + c%10)})
}

type memberRow struct {
	Name, Slug, Status, Since string
}

type associationPage struct {
	web.Page
	Org     org.Org
	Name    string
	Profile profileView
	List    memberList
	Members []memberRow
	Map     MemberMap
	HasMap  bool
	Groups  []groupView
	CanRun  bool
}

type groupView struct {
	ID      int64
	Kind    string
	Name    string
	Members string
}

func (h *handlers) associationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := h.association(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := &associationPage{Page: web.NewPage(w, r, ""), Org: o, Name: o.Name(web.L(r))}
	p.Title = p.Name
	prof, has, err := h.svc.Profile(r.Context(), o.ID)
	if err != nil {
		return err
	}
	p.Profile = viewProfile(p.L, prof, has)
	if err := h.fillMembers(r, p); err != nil {
		return err
	}
	if p.Groups, err = h.groupViews(r, p.L, o.ID); err != nil {
		return err
	}
	p.CanRun = p.Who.Can("network.run", o.Path)
	h.web.Render(w, r, http.StatusOK, "network/association", p)
	return nil
}

// fillMembers adds the page of members the query asks for, and the map of
// every member it selects.
func (h *handlers) fillMembers(r *http.Request, p *associationPage) error {
	page, list, err := h.listMembers(r, p.Org.ID, PublicStatuses, true, "/associations/"+p.Org.Slug)
	if err != nil {
		return err
	}
	for _, m := range page.Members {
		p.Members = append(p.Members, memberRow{Name: m.Name.In(p.L), Slug: m.Slug, Status: m.Status.Label().In(p.L), Since: p.L.DateNumeric(m.Since)})
	}
	p.List = list
	p.Map, p.HasMap = memberMap(p.L, page.Places)
	return nil
}

func (h *handlers) groupViews(r *http.Request, l i18n.Lang, assocID int64) ([]groupView, error) {
	gs, err := h.svc.Groups(r.Context(), assocID)
	var out []groupView
	for _, g := range gs {
		names := make([]string, len(g.Members))
		for i, m := range g.Members {
			names[i] = m.In(l)
		}
		out = append(out, groupView{ID: g.ID, Kind: g.Kind.Label().In(l), Name: g.Name.In(l), Members: strings.Join(names, l.T("network.comma"))})
	}
	return out, err
}

// association loads the association named by slug after sweeping lapses,
// so that every page shows statuses as of the clock.
func (h *handlers) association(r *http.Request, slug string) (org.Org, error) {
	o, err := h.orgs.BySlug(r.Context(), slug)
	if err == nil && o.Kind != org.Association {
		err = errNoAssociation
	}
	if err != nil {
		return o, err
	}
	_, err = h.svc.Sweep(r.Context())
	return o, err
}

// parseDay reads a Jalali date typed in any digits as the day's start in
// Tehran; the zero time when it is not a date.
func parseDay(s string) time.Time {
	d, err := jalali.Parse(persian.ToASCIIDigits(strings.TrimSpace(s)))
	if err != nil {
		return time.Time{}
	}
	return d.In(jalali.Tehran())
}
