package support

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

// The public pages. What is public: the ranking and its formula, each
// town's indicators, the findings of reported visits (needs, problems,
// capacities, potentials) and its joint projects with partners and
// stages — the organization's accountability to the towns. What is not:
// follow-up actions and their owners, planned visits, and projects'
// documents, which are the organization's working papers.
func (h *handlers) publicRoutes() []web.Route {
	return []web.Route{
		{Method: "GET", Pattern: "/support", Access: web.Public, Handle: h.indexPage},
		{Method: "GET", Pattern: "/support/{slug}", Access: web.Public, Handle: h.coopPage},
		{Method: "GET", Pattern: "/support/{slug}/towns/{town}", Access: web.Public, Handle: h.townPage},
		{Method: "GET", Pattern: "/support/{slug}/export/{file}", Access: web.Public, Handle: h.publicExport},
	}
}

// formula is what the page shows of the score: the weights and constants.
type formula struct {
	W     Weights
	Scale int64
	Norm  float64
	Needs float64
}

func newFormula(w Weights) formula {
	return formula{W: w, Scale: smallTownScale, Norm: staffNorm, Needs: needsFull}
}

type indexPage struct {
	web.Page
	Coops web.Cards
}

// indexPage lists the cooperation organizations, each leading to its
// towns' ranking.
func (h *handlers) indexPage(w http.ResponseWriter, r *http.Request) error {
	coops, err := h.svc.orgs.List(r.Context(), org.Query{Kind: org.CooperationOrg, Limit: 500})
	if err != nil {
		return err
	}
	p := indexPage{Page: web.NewPage(w, r, "support.index.title")}
	p.Coops = org.Cards(coops, p.L, "/support/")
	h.web.Render(w, r, http.StatusOK, "support/index", p)
	return nil
}

type coopPage struct {
	web.Page
	Coop    org.Org
	Name    string
	Ranking rankingView
	Formula formula
	IsStaff bool
}

func (h *handlers) coopPage(w http.ResponseWriter, r *http.Request) error {
	coop, err := h.svc.Coop(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	ranked, weights, err := h.svc.Priorities(r.Context(), coop)
	if err != nil {
		return err
	}
	p := coopPage{Page: web.NewPage(w, r, ""), Coop: coop, Formula: newFormula(weights)}
	if p.Ranking, err = newRankingView(r, p.L, ranked); err != nil {
		return err
	}
	p.Name = coop.Name(p.L)
	p.Title = p.L.Tf("support.coop.title", p.Name)
	p.IsStaff = p.Who.Can(auth.ViewStaff, coop.Path)
	h.web.Render(w, r, http.StatusOK, "support/coop", p)
	return nil
}

type townPage struct {
	web.Page
	Coop     org.Org
	Town     Ranked
	History  []Indicators
	Findings []PublicFinding
	Projects []Project
}

func (h *handlers) townPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	coop, err := h.svc.Coop(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	ranked, _, err := h.svc.Priorities(ctx, coop)
	if err != nil {
		return err
	}
	p := townPage{Page: web.NewPage(w, r, ""), Coop: coop}
	found := false
	for _, t := range ranked {
		if t.Slug == r.PathValue("town") {
			p.Town, found = t, true
		}
	}
	if !found {
		return errNoTown
	}
	if p.History, err = h.svc.IndicatorHistory(ctx, coop, p.Town.ID); err != nil {
		return err
	}
	if p.Findings, err = h.svc.TownFindings(ctx, coop, p.Town.ID); err != nil {
		return err
	}
	if p.Projects, err = h.svc.Projects(ctx, coop, p.Town.ID); err != nil {
		return err
	}
	p.Title = p.Town.Name(p.L)
	h.web.Render(w, r, http.StatusOK, "support/town", p)
	return nil
}

// View helpers shared by the module's templates.

// ScoreText is the score with one decimal, in l's digits and decimal
// separator.
func (r Ranked) ScoreText(l i18n.Lang) string {
	s := fmt.Sprintf("%.1f", r.Score)
	if l == i18n.Fa {
		s = strings.Replace(s, ".", "٫", 1)
	}
	return l.Digits(s)
}

// ShareText is a capital share as a percentage in l's digits.
func (pt Partner) ShareText(l i18n.Lang) string {
	sign := "٪"
	if l == i18n.En {
		sign = "%"
	}
	return shareValue(l, pt.Share) + sign
}

// shareValue is a share in hundredths of a percent as the percentage a
// share field takes ("33.5"), in l's digits.
func shareValue(l i18n.Lang, share int64) string {
	return l.Digits(fmt.Sprintf("%g", float64(share)/100))
}

// Name is the partner's name in l.
func (pt Partner) Name(l i18n.Lang) string { return i18n.Text{Fa: pt.NameFa, En: pt.NameEn}.In(l) }

// Town is the project's town's name in l.
func (p Project) Town(l i18n.Lang) string { return i18n.Text{Fa: p.TownName, En: p.TownNameEn}.In(l) }

// Town is the visit's town's name in l.
func (v Visit) Town(l i18n.Lang) string { return i18n.Text{Fa: v.TownName, En: v.TownNameEn}.In(l) }
