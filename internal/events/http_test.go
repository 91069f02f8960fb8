package events_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
)

const title = "همایش درآمدهای پایدار شهری، نشست مشهد"

func TestPublicPages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev := newEvent(t, e, func(ev *events.Event) { ev.Kind, ev.TitleFa, ev.Capacity = events.Seminar, title, 10 })
		c := e.Client()
		id := strconv.FormatInt(ev.ID, 10)
		if r := c.Get("/events"); r.Status != 200 || !strings.Contains(r.Body, title) || !strings.Contains(r.Body, "آذر ۱۴۰۵") {
			t.Errorf("calendar: %d, title or its Jalali month missing", r.Status)
		}
		if r := c.Get("/events?kind=exhibition"); strings.Contains(r.Body, title) {
			t.Error("the kind filter kept a seminar among exhibitions")
		}
		if r := c.Get("/events?city=" + url.QueryEscape("شیراز")); strings.Contains(r.Body, title) {
			t.Error("the city filter kept an event in Mashhad")
		}
		if r := c.Get("/events/" + id); r.Status != 200 || !strings.Contains(r.Body, "۱۰") || !strings.Contains(r.Body, "شهرداری مشهد") {
			t.Errorf("event page: %d, seats left or host missing\n%.400s", r.Status, r.Body)
		}
		if r := c.Get("/events/" + id + "?lang=en"); !strings.Contains(r.Body, "Seats left") {
			t.Error("the English page has no seats line")
		}
		checkFeed(t, c, ev)
		checkAPI(t, c, ev)
	})
}

func checkFeed(t *testing.T, c *apptest.Client, ev events.Event) {
	t.Helper()
	r := c.Get("/events.ics")
	if r.Status != 200 || r.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed: %d %s", r.Status, r.Header.Get("Content-Type"))
	}
	cal, err := ical.NewDecoder(strings.NewReader(r.Body)).Decode()
	if err != nil {
		t.Fatalf("feed does not parse: %v", err)
	}
	for _, ve := range cal.Events() {
		uid, _ := ve.Props.Text(ical.PropUID)
		if !strings.HasPrefix(uid, "event-"+strconv.FormatInt(ev.ID, 10)+"@") {
			continue
		}
		summary, _ := ve.Props.Text(ical.PropSummary)
		start, _ := ve.DateTimeStart(nil)
		if summary != title || !start.Equal(ev.StartsAt) {
			t.Errorf("feed event: %q at %v, want %q at %v", summary, start, title, ev.StartsAt)
		}
		return
	}
	t.Errorf("the feed lacks event %d", ev.ID)
}

func checkAPI(t *testing.T, c *apptest.Client, ev events.Event) {
	t.Helper()
	if r := c.Get("/api/v1/events?from=yesterday"); r.Status != http.StatusBadRequest {
		t.Errorf("a bad date: %d", r.Status)
	}
	r := c.Get("/api/v1/events?from=2026-11-01")
	var body struct {
		Data []map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(r.Body), &body); err != nil || r.Status != 200 {
		t.Fatalf("api: %d %v", r.Status, err)
	}
	for _, d := range body.Data {
		if d["id"] != float64(ev.ID) {
			continue
		}
		want := map[string]any{"id": float64(ev.ID), "title": title, "kind": "seminar", "city": "شهرداری مشهد",
			"starts_at": ev.StartsAt.UTC().Format(time.RFC3339), "ends_at": ev.EndsAt.UTC().Format(time.RFC3339)}
		for k, v := range want {
			if d[k] != v {
				t.Errorf("api %s = %v, want %v", k, d[k], v)
			}
		}
		if len(d) != len(want) {
			t.Errorf("api fields: %v", d)
		}
		return
	}
	t.Errorf("the API lacks event %d", ev.ID)
}

// TestRoles walks the registration and organizer pages as each kind of
// person, on a real event.
func TestRoles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev := newEvent(t, e, func(ev *events.Event) { ev.Capacity, ev.OrgQuota = 10, 1 })
		id := strconv.FormatInt(ev.ID, 10)
		organizer := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		member := e.Staff("editor@mashhad.example", "mashhad", auth.Editor)
		unrelated := e.Staff("viewer@karaj.example", "karaj", auth.Viewer)
		citizen, anon := e.Citizen("09121234567"), e.Client()
		person := url.Values{"org": {"mashhad"}, "name": {"زهرا موسوی"}, "role": {"معاون شهردار"}, "phone": {"۰۹۱۵۱۲۳۴۵۶۷"}}

		if r := member.Get("/events/" + id + "/register"); r.Status != 200 {
			t.Errorf("member's registration page: %d", r.Status)
		}
		if r := member.PostForm("/events/"+id+"/register", person); r.Status != http.StatusSeeOther {
			t.Fatalf("member registers: %d\n%.500s", r.Status, r.Body)
		}
		if r := member.PostForm("/events/"+id+"/register", person); r.Status != http.StatusConflict || !strings.Contains(r.Body, "سهمیه") {
			t.Errorf("over the quota: %d", r.Status)
		}
		other := url.Values{"org": {"tehran"}, "name": {"نام"}, "email": {"a@b.ir"}}
		if r := member.PostForm("/events/"+id+"/register", other); r.Status != http.StatusForbidden {
			t.Errorf("member registers for Tehran: %d", r.Status)
		}
		for who, c := range map[string]*apptest.Client{"unrelated": unrelated, "citizen": citizen} {
			if r := c.Get("/events/" + id + "/register"); r.Status != http.StatusForbidden {
				t.Errorf("%s on the registration page: %d", who, r.Status)
			}
		}
		if r := anon.Get("/events/" + id + "/register"); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous on the registration page: %d", r.Status)
		}
		for who, c := range map[string]*apptest.Client{"member": member, "unrelated": unrelated, "citizen": citizen} {
			if r := c.Get("/admin/events/" + id + "/registrations"); r.Status != http.StatusForbidden {
				t.Errorf("%s on the registrations list: %d", who, r.Status)
			}
		}
		r := organizer.Get("/admin/events/" + id + "/registrations")
		if r.Status != 200 || !strings.Contains(r.Body, "زهرا موسوی") {
			t.Fatalf("organizer's registrations list: %d", r.Status)
		}
		regs, _ := e.App.Events.Registrations(t.Context(), ev.ID)
		rid := strconv.FormatInt(regs[0].ID, 10)
		if r := organizer.PostForm("/admin/events/"+id+"/attendance", url.Values{"present": {rid}}); r.Status != http.StatusSeeOther {
			t.Errorf("organizer marks attendance: %d", r.Status)
		}
		if regs, _ := e.App.Events.Registrations(t.Context(), ev.ID); !regs[0].Attended {
			t.Error("attendance not stored")
		}
		if r := unrelated.PostForm("/events/"+id+"/registrations/"+rid+"/cancel", nil); r.Status != http.StatusForbidden {
			t.Errorf("unrelated staff cancels: %d", r.Status)
		}
		if r := member.PostForm("/events/"+id+"/registrations/"+rid+"/cancel", url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("member cancels its registration: %d", r.Status)
		}
		if r := organizer.Get("/admin/events/" + id + "/registrations.csv"); r.Status != 200 || !strings.Contains(r.Body, "زهرا موسوی") {
			t.Errorf("registrations CSV: %d", r.Status)
		}
	})
}

// TestStaffForm creates an event through the organizers' form, reads the
// form back from the edit page, and saves it again unchanged.
func TestStaffForm(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Staff("editor@assembly.example", "council-chairs-assembly", auth.Editor)
		if r := c.Get("/admin/events/new"); r.Status != 200 {
			t.Fatalf("new event page: %d", r.Status)
		}
		form := url.Values{"kind": {"exhibition"}, "status": {"open"}, "title_fa": {"نمایشگاه تجربه‌های شهری"},
			"owner": {"council-chairs-assembly"}, "organizers": {"tehran-council"}, "host_org": {"shiraz"},
			"start_date": {"۱۴۰۵/۱۰/۰۵"}, "start_time": {"۰۹:۳۰"}, "end_date": {"1405/10/07"}, "end_time": {"18:00"},
			"capacity": {"۵۰"}, "org_quota": {"3"}}
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set("owner", "tehran")
		if r := c.PostForm("/admin/events", bad); r.Status != http.StatusForbidden {
			t.Errorf("an event owned by Tehran, by the assembly's editor: %d", r.Status)
		}
		r := c.PostForm("/admin/events", form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%.600s", r.Status, r.Body)
		}
		page := c.Get(r.Header.Get("Location"))
		action := r.Header.Get("Location")
		back, ok := page.Form(action)
		if !ok || back.Get("start_date") != "1405/10/05" || back.Get("start_time") != "09:30" || back.Get("host_org") != "shiraz" ||
			back.Get("organizers") != "tehran-council" || back.Get("capacity") != "50" {
			t.Fatalf("form read back: %v", back)
		}
		if r := c.PostForm(action, back); r.Status != http.StatusSeeOther {
			t.Errorf("saving unchanged: %d", r.Status)
		}
		x := url.Values{"exhibitor": {"shiraz"}, "showcase_fa": {"گردشگری شهری"}}
		if r := c.PostForm(action+"/exhibitors", x); r.Status != http.StatusSeeOther {
			t.Errorf("add exhibitor: %d", r.Status)
		}
		if r := c.PostForm(action+"/exhibitors", x); r.Status != http.StatusConflict {
			t.Errorf("the same exhibitor twice: %d", r.Status)
		}
		r = c.PostMultipart(action+"/materials", url.Values{"material_title_fa": {"برنامه"}}, "file", map[string][]byte{"a.pdf": pdf})
		if r.Status != http.StatusSeeOther {
			t.Errorf("add material: %d\n%.400s", r.Status, r.Body)
		}
		if r := c.Get(strings.Replace(action, "/admin", "", 1)); !strings.Contains(r.Body, "گردشگری شهری") || !strings.Contains(r.Body, "/event-files/") {
			t.Error("the public page lacks the exhibitor or the material")
		}
	})
}
