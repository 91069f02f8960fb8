package events_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
)

// TestMembersOnly: on an event of the assembly of council chairs marked
// members only, a member council registers and a municipality that is
// no member is refused with a message saying why; an event not so marked
// stays open to both; only an association's event may be marked.
func TestMembersOnly(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		only := newEvent(t, e, func(ev *events.Event) { ev.MembersOnly = true })
		open := newEvent(t, e, nil)
		member, outsider := e.Org("mashhad-council"), e.Org("mashhad") // the demo's councils are the assembly's members
		if _, err := register(e, operator, only, member, "عضو شورا"); err != nil {
			t.Fatalf("a member council registers: %v", err)
		}
		_, err := register(e, operator, only, outsider, "کارمند شهرداری")
		wantCode(t, err, apperr.Forbidden, "a municipality that is no member")
		if ae, _ := apperr.As(err); !strings.Contains(ae.Msg.Fa, "اعضای فعال") || !strings.Contains(ae.Msg.En, "active members") {
			t.Errorf("the refusal says: %v", ae.Msg)
		}
		for _, o := range []string{"mashhad-council", "mashhad"} {
			if _, err := register(e, operator, open, e.Org(o), "شرکت‌کننده"); err != nil {
				t.Errorf("%s on an event open to all: %v", o, err)
			}
		}
		_, err = e.App.Events.Create(t.Context(), operator, events.Event{Kind: events.Seminar, TitleFa: "همایش شهرداری",
			Status: events.Open, Organizers: []events.Organizer{{OrgID: e.Org("tehran").ID}}, HostCity: "تهران",
			StartsAt: only.StartsAt, EndsAt: only.EndsAt, MembersOnly: true})
		wantCode(t, err, apperr.Invalid, "a municipality's event marked members only")
		checkMembersOnlyPages(t, e, only, open)
	})
}

// checkMembersOnlyPages registers through the form as a member council's
// staff and as a municipality's, and reads who may register on the
// event's page.
func checkMembersOnlyPages(t *testing.T, e *apptest.Env, only, open events.Event) {
	t.Helper()
	id := strconv.FormatInt(only.ID, 10)
	if r := e.Client().Get("/events/" + id); !strings.Contains(r.Body, "ثبت‌نام ویژه اعضای فعال «مجمع") {
		t.Errorf("the event's page does not say who may register:\n%.2000s", r.Body)
	}
	if r := e.Client().Get("/events/" + strconv.FormatInt(open.ID, 10) + "?lang=en"); !strings.Contains(r.Body, "Staff of any organization") {
		t.Error("the open event's English page does not say who may register")
	}
	council := e.Staff("editor@mashhad-council.example", "mashhad-council", auth.Editor)
	person := url.Values{"org": {"mashhad-council"}, "name": {"رضا کریمی"}, "email": {"reza@example.org"}}
	if r := council.PostForm("/events/"+id+"/register", person); r.Status != http.StatusSeeOther {
		t.Errorf("the member council's staff register: %d\n%.500s", r.Status, r.Body)
	}
	city := e.Staff("editor@mashhad.example", "mashhad", auth.Editor)
	person.Set("org", "mashhad")
	r := city.PostForm("/events/"+id+"/register", person)
	if r.Status != http.StatusForbidden || !strings.Contains(r.Body, "سازمان شما عضو فعال آن نیست") {
		t.Errorf("the municipality's staff register: %d\n%.500s", r.Status, r.Body)
	}
	regs, _ := e.App.Events.Registrations(t.Context(), only.ID)
	if len(regs) != 2 { // the service's member and the form's
		t.Errorf("%d registrations stored, want 2", len(regs))
	}
}

// TestMembersOnlyForm marks an event members only on the organizers'
// form, reads the mark back and clears it.
func TestMembersOnlyForm(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev := newEvent(t, e, nil)
		action := "/admin/events/" + strconv.FormatInt(ev.ID, 10)
		c := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		form, ok := c.Get(action).Form(action)
		if !ok || form.Has("members_only") {
			t.Fatalf("the form: %v", form)
		}
		form.Set("members_only", "on")
		if r := c.PostForm(action, form); r.Status != http.StatusSeeOther {
			t.Fatalf("mark members only: %d\n%.500s", r.Status, r.Body)
		}
		if got, _ := e.App.Events.Event(t.Context(), ev.ID); !got.MembersOnly {
			t.Fatal("the mark was not stored")
		}
		form, _ = c.Get(action).Form(action)
		if form.Get("members_only") != "on" {
			t.Error("the form does not show the mark")
		}
		form.Del("members_only")
		c.PostForm(action, form)
		if got, _ := e.App.Events.Event(t.Context(), ev.ID); got.MembersOnly {
			t.Error("the mark was not cleared")
		}
		city := e.Staff("editor@tehran.example", "tehran", auth.Editor)
		bad := url.Values{"kind": {"seminar"}, "status": {"open"}, "title_fa": {"همایش"}, "owner": {"tehran"}, "host_org": {"tehran"},
			"start_date": {"1405/10/05"}, "end_date": {"1405/10/06"}, "members_only": {"on"}}
		if r := city.PostForm("/admin/events", bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "ویژه اعضا باشد") {
			t.Errorf("a municipality's event marked members only: %d", r.Status)
		}
	})
}
