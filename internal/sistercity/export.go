package sistercity

import (
	"io"
	"net/http"
	"strings"

	"github.com/shahr-city/shahr/internal/sheet"
)

// exportColumns are the download's columns: machine names, so that
// scripts read the CSV and the workbook alike. Days are Gregorian ISO and
// names in both languages.
var exportColumns = []sheet.Column{{Name: "id", Kind: sheet.Number, Width: 8},
	{Name: "party_1_fa", Width: 24}, {Name: "party_1_en", Width: 24}, {Name: "party_1_country", Width: 8},
	{Name: "party_2_fa", Width: 24}, {Name: "party_2_en", Width: 24}, {Name: "party_2_country", Width: 8},
	{Name: "status", Width: 12}, {Name: "proposed_on", Width: 12}, {Name: "signed_on", Width: 12}, {Name: "ended_on", Width: 12},
	{Name: "areas", Width: 40}}

func agreementsTable(as []Agreement) sheet.Table {
	t := sheet.Table{Name: "sister-cities", Columns: exportColumns}
	for _, a := range as {
		areas := make([]string, len(a.Areas))
		for i, ar := range a.Areas {
			areas[i] = string(ar)
		}
		p0, p1 := a.Parties[0], a.Parties[1]
		t.Rows = append(t.Rows, []string{itoa(a.ID), p0.NameFa, p0.NameEn, p0.Country, p1.NameFa, p1.NameEn, p1.Country,
			string(a.Status), ISODay(a.ProposedOn), ISODay(a.SignedOn), ISODay(a.EndedOn), strings.Join(areas, " ")})
	}
	return t
}

// exportCSV and exportXLSX download the list with the page's filters.
func (h *handlers) exportCSV(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, "text/csv; charset=utf-8", "csv", sheet.WriteCSV)
}

func (h *handlers) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.export(w, r, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", sheet.WriteXLSX)
}

func (h *handlers) export(w http.ResponseWriter, r *http.Request, contentType, ext string, write func(io.Writer, sheet.Table) error) error {
	as, err := h.svc.Agreements(r.Context(), filterOf(r))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", `attachment; filename="sister-cities.`+ext+`"`)
	return write(w, agreementsTable(as))
}
