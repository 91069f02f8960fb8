package events

import (
	"net/http"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// The staff's event form: dates are typed in Jalali with a Tehran
// wall-clock time, organizations by their short addresses.

// jalaliInstant reads a Jalali date and an "HH:MM" time in Tehran.
func jalaliInstant(date, clock, field string) (time.Time, error) {
	bad := invalid(field, "تاریخ را به شکل ۱۴۰۵/۰۹/۱۵ و ساعت را به شکل ۰۹:۳۰ بنویسید.",
		"Write the date as 1405/09/15 and the time as 09:30.")
	d, err := jalali.Parse(date)
	if err != nil {
		return time.Time{}, bad
	}
	clock = persian.ToASCIIDigits(strings.TrimSpace(clock))
	if clock == "" {
		clock = "00:00"
	}
	hm, err := time.Parse("15:04", clock)
	if err != nil {
		return time.Time{}, bad
	}
	return d.In(jalali.Tehran()).Add(time.Duration(hm.Hour())*time.Hour + time.Duration(hm.Minute())*time.Minute), nil
}

// slugs splits a list of short addresses typed with spaces or commas.
func slugs(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '،' || r == ' ' || r == '\n' || r == '\r' })
}

// readEvent reads the event form into e (its id kept).
func (h *handlers) readEvent(r *http.Request, e *Event) error {
	f := r.PostFormValue
	e.Kind, e.Status = Kind(f("kind")), Status(f("status"))
	e.TitleFa, e.TitleEn, e.DescriptionFa, e.DescriptionEn = f("title_fa"), f("title_en"), f("description_fa"), f("description_en")
	e.Venue, e.HostCity, e.HostOrgID = f("venue"), f("host_city"), 0
	e.MembersOnly = f("members_only") != ""
	var err error
	if e.StartsAt, err = jalaliInstant(f("start_date"), f("start_time"), "start"); err != nil {
		return err
	}
	if e.EndsAt, err = jalaliInstant(f("end_date"), f("end_time"), "ends"); err != nil {
		return err
	}
	// The route's bounds have refused any other figure: empty is 0, no limit.
	e.Capacity, e.OrgQuota = web.FormInt(r, "capacity"), web.FormInt(r, "org_quota")
	if f("host_org") != "" {
		if e.HostOrgID, err = h.orgID(r, "host_org"); err != nil {
			return err
		}
	}
	return h.readOrganizers(r, e)
}

// readOrganizers reads the owner and the other organizers.
func (h *handlers) readOrganizers(r *http.Request, e *Event) error {
	e.Organizers = nil
	for i, slug := range append([]string{r.PostFormValue("owner")}, slugs(r.PostFormValue("organizers"))...) {
		field := "organizers"
		if i == 0 {
			field = "owner"
		}
		o, err := h.orgBySlug(r, slug, field)
		if err != nil {
			return err
		}
		if !containsOrg(e.Organizers, o.ID) {
			e.Organizers = append(e.Organizers, Organizer{OrgID: o.ID, NameFa: o.NameFa, NameEn: o.NameEn})
		}
	}
	return nil
}

func containsOrg(os []Organizer, id int64) bool {
	for _, o := range os {
		if o.OrgID == id {
			return true
		}
	}
	return false
}
