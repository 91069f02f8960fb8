package events

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/sheet"
)

// Columns of the downloads: machine names, so that scripts read the CSV
// and the spreadsheet alike.
var (
	eventColumnsSheet = []sheet.Column{{Name: "id", Kind: sheet.Number, Width: 8}, {Name: "kind", Width: 16},
		{Name: "title_fa", Width: 50}, {Name: "title_en", Width: 50}, {Name: "city", Width: 20}, {Name: "venue", Width: 30},
		{Name: "starts_at", Width: 22}, {Name: "ends_at", Width: 22}, {Name: "status", Width: 12},
		{Name: "capacity", Kind: sheet.Number}, {Name: "registered", Kind: sheet.Number}}
	registrationColumnsSheet = []sheet.Column{{Name: "id", Kind: sheet.Number, Width: 8}, {Name: "organization", Width: 40},
		{Name: "name", Width: 30}, {Name: "role", Width: 24}, {Name: "email", Width: 30}, {Name: "phone", Width: 16},
		{Name: "registered_at", Width: 22}, {Name: "cancelled", Kind: sheet.Bool}, {Name: "attended", Kind: sheet.Bool}}
)

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func eventsTable(evs []Event) sheet.Table {
	t := sheet.Table{Name: "events", Columns: eventColumnsSheet}
	for _, e := range evs {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(e.ID, 10), string(e.Kind), e.TitleFa, e.TitleEn, e.City(i18n.Fa),
			e.Venue, rfc3339(e.StartsAt), rfc3339(e.EndsAt), string(e.Status), strconv.FormatInt(e.Capacity, 10),
			strconv.FormatInt(e.Registered, 10)})
	}
	return t
}

func registrationsTable(regs []Registration) sheet.Table {
	t := sheet.Table{Name: "registrations", Columns: registrationColumnsSheet}
	for _, g := range regs {
		t.Rows = append(t.Rows, []string{strconv.FormatInt(g.ID, 10), g.OrgNameFa, g.Name, g.Role, g.Email, g.Phone,
			rfc3339(g.CreatedAt), strconv.FormatBool(!g.Active()), strconv.FormatBool(g.Attended)})
	}
	return t
}

// writeTable sends a table as a CSV or XLSX download named name.
func writeTable(w http.ResponseWriter, format, name string, t sheet.Table) error {
	if format == "xlsx" {
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.xlsx"`)
		return sheet.WriteXLSX(w, t)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.csv"`)
	return sheet.WriteCSV(w, t)
}

// exportEvents downloads the calendar's events (its filters apply).
func (h *handlers) exportEvents(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		evs, err := h.svc.Events(r.Context(), filterOf(r))
		if err != nil {
			return err
		}
		return writeTable(w, format, "events", eventsTable(evs))
	}
}

// exportRegistrations downloads an event's registrations.
func (h *handlers) exportRegistrations(format string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		e, err := h.eventOf(r)
		if err != nil {
			return err
		}
		regs, err := h.svc.Registrations(r.Context(), e.ID)
		if err != nil {
			return err
		}
		return writeTable(w, format, "event-"+strconv.FormatInt(e.ID, 10)+"-registrations", registrationsTable(regs))
	}
}
