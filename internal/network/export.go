package network

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/sheet"
)

// The exports' columns: machine names, so that scripts read the CSV and
// the workbook alike.
var (
	memberColumns = []sheet.Column{{Name: "org_id", Kind: sheet.Number, Width: 8}, {Name: "org_slug", Width: 16},
		{Name: "name_fa", Width: 40}, {Name: "name_en", Width: 40}, {Name: "status", Width: 12}, {Name: "since", Width: 12}}
	feeColumns = []sheet.Column{{Name: "invoice_id", Kind: sheet.Number, Width: 8}, {Name: "member_fa", Width: 40},
		{Name: "year", Kind: sheet.Number}, {Name: "amount_minor", Kind: sheet.Number}, {Name: "currency", Width: 8},
		{Name: "due", Width: 12}, {Name: "paid_on", Width: 12}, {Name: "payment_ref", Width: 20}}
)

// export answers /admin/associations/{slug}/export/{file} for members.csv,
// members.xlsx, fees.csv and fees.xlsx.
func (h *handlers) export(w http.ResponseWriter, r *http.Request) error {
	o, err := h.association(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	name, format, _ := strings.Cut(r.PathValue("file"), ".")
	var t sheet.Table
	switch name {
	case "members":
		t, err = h.membersTable(r, o.ID)
	case "fees":
		t, err = h.feesTable(r, o.ID)
	default:
		return apperr.ErrNotFound
	}
	if err != nil {
		return err
	}
	return writeTable(w, o.Slug+"-"+name, format, t)
}

func writeTable(w http.ResponseWriter, base, format string, t sheet.Table) error {
	switch format {
	case "csv":
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="`+base+`.csv"`)
		return sheet.WriteCSV(w, t)
	case "xlsx":
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+base+`.xlsx"`)
		return sheet.WriteXLSX(w, t)
	}
	return apperr.ErrNotFound
}

func (h *handlers) membersTable(r *http.Request, assocID int64) (sheet.Table, error) {
	ms, err := h.svc.Members(r.Context(), assocID)
	t := sheet.Table{Name: "members", Columns: memberColumns}
	for _, m := range ms {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(m.OrgID, 10), m.Slug, m.Name.Fa, m.Name.En, string(m.Status), dateOrEmpty(m.Since)})
	}
	return t, err
}

func (h *handlers) feesTable(r *http.Request, assocID int64) (sheet.Table, error) {
	invs, err := h.svc.Invoices(r.Context(), assocID)
	t := sheet.Table{Name: "fees", Columns: feeColumns}
	for _, i := range invs {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(i.ID, 10), i.MemberName.Fa, strconv.Itoa(i.Year),
			strconv.FormatInt(i.Amount, 10), i.Currency, dateOrEmpty(i.DueAt), dateOrEmpty(i.PaidAt), i.PaymentRef})
	}
	return t, err
}

// dateOrEmpty is the day in Tehran as YYYY-MM-DD, or "".
func dateOrEmpty(t time.Time) string {
	if d := isoDay(t); d != nil {
		return *d
	}
	return ""
}
