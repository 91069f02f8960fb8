package events_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
)

// managed lists the ids of f's events, earliest first, that who may
// organize and that keep (nil: all).
func managed(t *testing.T, e *apptest.Env, who *auth.Principal, f events.Filter, keep func(events.Event) bool) []int64 {
	t.Helper()
	evs, err := e.App.Events.Events(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, ev := range evs {
		if who.Can(auth.OrganizeEvents, ev.OwnerPath) && (keep == nil || keep(ev)) {
			ids = append(ids, ev.ID)
		}
	}
	return ids
}

// TestStaffListPaging walks every page of /admin/events, upcoming and
// past, as the assembly's secretariat and as the operator, and with a
// title search typed with Arabic letters: each event the person
// organizes comes once, in order, fifty a page, and the same pages come
// back through the previous links.
func TestStaffListPaging(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		manyEvents(t, e, 120, apptest.Start.AddDate(0, 0, -20))
		now := e.Clock.Now()
		secretariat := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		assembly := staffOf(e.Org("council-chairs-assembly"), auth.Secretariat)
		titled := func(ev events.Event) bool { return strings.Contains(ev.TitleFa, "رویداد آزمون") }
		for _, w := range []struct {
			name string
			c    *apptest.Client
			who  *auth.Principal
			q    url.Values
			keep func(events.Event) bool
		}{
			{"the assembly's secretariat", secretariat, assembly, url.Values{}, nil},
			{"the operator", e.Superuser(), operator, url.Values{}, nil},
			{"a search in Arabic letters", secretariat, assembly, url.Values{"q": {"رويداد آزمون"}}, titled},
		} {
			upcoming, past := managed(t, e, w.who, events.Filter{From: now}, w.keep), managed(t, e, w.who, events.Filter{To: now}, w.keep)
			slices.Reverse(past)
			pastQ := url.Values{"when": {"past"}, "q": w.q["q"]}
			for _, want := range []struct {
				path string
				ids  []int64
			}{{"/admin/events?" + w.q.Encode(), upcoming}, {"/admin/events?" + pastQ.Encode(), past}} {
				pages := walkCalendar(t, w.c, want.path)
				if got := slices.Concat(pages...); !slices.Equal(got, want.ids) || len(pages) != (len(want.ids)+49)/50 || len(want.ids) < 51 {
					t.Errorf("%s, %s: %d events in %d pages, want %d in order", w.name, want.path, len(got), len(pages), len(want.ids))
				}
			}
		}
	})
}

// TestStaffListRoles: each person's list holds the events they organize
// and no others; staff who organize nowhere are told they have none; a
// citizen is refused and an anonymous visitor sent to sign in. A row
// says its seats taken, and the title search folds Arabic letters and
// English case, and takes LIKE's wildcards as themselves.
func TestStaffListRoles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		waste := newEvent(t, e, func(ev *events.Event) {
			ev.Kind, ev.TitleFa, ev.TitleEn, ev.Capacity = events.Seminar, "همایش مدیریت پسماندهای شهری", "Urban Waste Management", 10
		})
		for _, n := range []string{"مریم احمدی", "علی رضایی"} {
			if _, err := register(e, operator, waste, e.Org("tehran"), n); err != nil {
				t.Fatal(err)
			}
		}
		karajOwn := newEvent(t, e, func(ev *events.Event) {
			ev.TitleFa, ev.Organizers = "نشست شورای شهر کرج", []events.Organizer{{OrgID: e.Org("karaj").ID}}
		})
		organizer := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		karaj := e.Staff("admin@karaj.example", "karaj", auth.Admin)
		viewer := e.Staff("viewer@assembly.example", "council-chairs-assembly", auth.Viewer)
		has := func(c *apptest.Client, path string, ev events.Event) bool {
			return slices.Contains(getCalendar(t, c, path).ids, ev.ID)
		}
		if !has(organizer, "/admin/events", waste) || has(organizer, "/admin/events", karajOwn) {
			t.Error("the assembly's secretariat: its own event missing or Karaj's shown")
		}
		if !has(karaj, "/admin/events", karajOwn) || has(karaj, "/admin/events", waste) {
			t.Error("Karaj's admin: its own event missing or the assembly's shown")
		}
		if r := viewer.Get("/admin/events"); r.Status != http.StatusOK || staffHref.MatchString(r.Body) || !strings.Contains(r.Body, "رویدادی برای مدیریت ندارید") {
			t.Errorf("the assembly's viewer: %d, or events listed", r.Status)
		}
		if r := e.Citizen("09121234567").Get("/admin/events"); r.Status != http.StatusForbidden {
			t.Errorf("a citizen: %d", r.Status)
		}
		if r := e.Client().Get("/admin/events"); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous: %d", r.Status)
		}
		if r := organizer.Get("/admin/events"); !strings.Contains(r.Body, "۲ جا از ۱۰ گرفته شده") {
			t.Error("a row does not say its seats taken of its capacity")
		}
		if r := karaj.Get("/admin/events?lang=en"); !strings.Contains(r.Body, "0 registered, no limit") {
			t.Error("a row without a capacity does not say so")
		}
		for q, want := range map[string]bool{"مديريت پسماند": true, "WASTE management": true, "پسماند": true, "%": false, "_": false, "کرج": false} {
			if got := has(organizer, "/admin/events?q="+url.QueryEscape(q), waste); got != want {
				t.Errorf("search %q: found %v, want %v", q, got, want)
			}
		}
		if has(organizer, "/admin/events?when=past&q="+url.QueryEscape("پسماند"), waste) {
			t.Error("an event to come among the past ones")
		}
		if r := organizer.Get("/admin/events?after=not-a-cursor"); r.Status != http.StatusBadRequest {
			t.Errorf("a bad cursor: %d", r.Status)
		}
	})
}
