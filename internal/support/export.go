package support

import (
	"context"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/sheet"
)

// tableFunc builds one download's table.
type tableFunc func(ctx context.Context, s *Service, coop org.Org) (sheet.Table, error)

// Public downloads: the ranking and the projects. Staff downloads add the
// visits with their follow-up actions and owners.
var (
	publicTables = map[string]tableFunc{"priorities": prioritiesTable, "projects": projectsTable}
	staffTables  = map[string]tableFunc{"priorities": prioritiesTable, "projects": projectsTable, "visits": visitsTable}
)

func (h *handlers) publicExport(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, publicTables)
}

func (h *handlers) staffExport(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, staffTables)
}

// export answers {name}.csv or {name}.xlsx for a table of tables.
func (h *handlers) export(w http.ResponseWriter, r *http.Request, tables map[string]tableFunc) error {
	file := r.PathValue("file")
	ext := path.Ext(file)
	build, ok := tables[strings.TrimSuffix(file, ext)]
	if !ok || (ext != ".csv" && ext != ".xlsx") {
		return apperr.ErrNotFound
	}
	coop, err := h.svc.Coop(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	t, err := build(r.Context(), h.svc, coop)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+coop.Slug+"-"+file+`"`)
	if ext == ".csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		return sheet.WriteCSV(w, t)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	return sheet.WriteXLSX(w, t)
}

func num(n int64) string { return strconv.FormatInt(n, 10) }

// jdate is a day as a Jalali date with ASCII digits, "" for none.
func jdate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return jalali.FromTime(t).String()
}

func prioritiesTable(ctx context.Context, s *Service, coop org.Org) (sheet.Table, error) {
	ranked, _, err := s.Priorities(ctx, coop)
	t := sheet.Table{Name: "priorities", Columns: []sheet.Column{{Name: "rank", Kind: sheet.Number}, {Name: "org_id", Kind: sheet.Number},
		{Name: "slug", Width: 24}, {Name: "name", Width: 30}, {Name: "score", Kind: sheet.Number}, {Name: "tier", Width: 16},
		{Name: "population", Kind: sheet.Number}, {Name: "staff_count", Kind: sheet.Number},
		{Name: "open_high_needs", Kind: sheet.Number}, {Name: "open_medium_needs", Kind: sheet.Number}}}
	for i, r := range ranked {
		f := r.Factors()
		t.Rows = append(t.Rows, []string{strconv.Itoa(i + 1), num(r.ID), r.Slug, r.NameFa, strconv.FormatFloat(r.Score, 'f', 1, 64),
			string(f.Tier), num(f.Population), num(f.StaffCount), strconv.Itoa(f.HighNeeds), strconv.Itoa(f.MediumNeeds)})
	}
	return t, err
}

func projectsTable(ctx context.Context, s *Service, coop org.Org) (sheet.Table, error) {
	ps, err := s.Projects(ctx, coop, 0)
	t := sheet.Table{Name: "projects", Columns: []sheet.Column{{Name: "id", Kind: sheet.Number}, {Name: "town", Width: 24},
		{Name: "title", Width: 40}, {Name: "status", Width: 18}, {Name: "expected_revenue_rials", Kind: sheet.Number},
		{Name: "partners", Width: 60}}}
	for _, p := range ps {
		var partners []string
		for _, pt := range p.Partners {
			partners = append(partners, pt.NameFa+" "+pt.ShareText(i18n.En))
		}
		t.Rows = append(t.Rows, []string{num(p.ID), p.TownName, p.Title, p.Status, num(p.ExpectedRevenue), strings.Join(partners, "؛ ")})
	}
	return t, err
}

// visitsTable has one row per follow-up action (a visit without actions
// has one row of its own).
func visitsTable(ctx context.Context, s *Service, coop org.Org) (sheet.Table, error) {
	list, err := s.Visits(ctx, coop, 0)
	t := sheet.Table{Name: "visits", Columns: []sheet.Column{{Name: "visit_id", Kind: sheet.Number}, {Name: "town", Width: 24},
		{Name: "planned_on"}, {Name: "status"}, {Name: "visited_on"}, {Name: "purpose", Width: 40}, {Name: "findings", Kind: sheet.Number},
		{Name: "action", Width: 40}, {Name: "owner", Width: 24}, {Name: "due_on"}, {Name: "action_status"}}}
	for _, v := range list {
		if err != nil {
			break
		}
		var full Visit
		if full, err = s.Visit(ctx, coop, v.ID); err != nil {
			break
		}
		head := []string{num(v.ID), v.TownName, jdate(v.PlannedOn), string(v.Status),
			jdate(v.VisitedOn), v.Purpose, strconv.Itoa(len(full.Findings))}
		if len(full.Actions) == 0 {
			t.Rows = append(t.Rows, append(head, "", "", "", ""))
		}
		for _, a := range full.Actions {
			t.Rows = append(t.Rows, append(append([]string{}, head...), a.Title, a.Owner, jdate(a.DueOn), a.Status))
		}
	}
	return t, err
}
