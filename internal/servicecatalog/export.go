package servicecatalog

import (
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/sheet"
)

// exportColumns are the columns of an organization's services download,
// in the CSV and the workbook alike.
var exportColumns = []sheet.Column{{Name: "id", Kind: sheet.Number, Width: 8}, {Name: "category", Width: 14},
	{Name: "title_fa", Width: 40}, {Name: "title_en", Width: 40}, {Name: "description_fa", Width: 60},
	{Name: "eligibility_fa", Width: 40}, {Name: "steps_fa", Width: 60}, {Name: "online_url", Width: 30},
	{Name: "address_fa", Width: 40}, {Name: "hours_fa", Width: 24}, {Name: "phone", Width: 16}, {Name: "fees_fa", Width: 30}}

// table is an organization's services still offered, one row each.
func (h *handlers) table(r *http.Request) (sheet.Table, string, error) {
	o, err := h.orgs.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return sheet.Table{}, "", err
	}
	items, _, err := h.svc.List(r.Context(), Query{Org: o.Slug, Limit: 500})
	if err != nil {
		return sheet.Table{}, "", err
	}
	t := sheet.Table{Name: o.NameFa, Columns: exportColumns}
	for _, it := range items {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(it.ID, 10), string(it.Category), it.TitleFa, it.TitleEn,
			it.DescriptionFa, it.EligibilityFa, it.StepsFa, it.OnlineURL, it.AddressFa, it.HoursFa, it.Phone, it.FeesFa})
	}
	return t, o.Slug + "-services", nil
}

func (h *handlers) exportCSV(w http.ResponseWriter, r *http.Request) error {
	t, name, err := h.table(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	return sheet.WriteCSV(w, t)
}

func (h *handlers) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	t, name, err := h.table(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
	return sheet.WriteXLSX(w, t)
}
