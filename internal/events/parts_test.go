package events_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/upload"
)

// exhibitionWithParts stores an exhibition of the assembly with Shiraz as
// an exhibitor, a link and a file.
func exhibitionWithParts(t *testing.T, e *apptest.Env) (events.Event, events.Exhibitor, events.Material, events.Material) {
	t.Helper()
	ctx := context.Background()
	ev := newEvent(t, e, func(ev *events.Event) { ev.Kind = events.Exhibition })
	x, err := e.App.Events.AddExhibitor(ctx, operator, events.Exhibitor{EventID: ev.ID, OrgID: e.Org("shiraz").ID, ShowcaseFa: "گردشگری شهری"})
	if err != nil {
		t.Fatal(err)
	}
	link, err := e.App.Events.AddMaterial(ctx, operator, events.Material{EventID: ev.ID, TitleFa: "گزارش", URL: "https://example.org/r"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	file, err := e.App.Events.AddMaterial(ctx, operator, events.Material{EventID: ev.ID, TitleFa: "برنامه"}, []upload.File{{Name: "a.pdf", Data: pdf}})
	if err != nil {
		t.Fatal(err)
	}
	return ev, x, link, file
}

func partPath(ev events.Event, kind string, id int64) string {
	return "/admin/events/" + strconv.FormatInt(ev.ID, 10) + "/" + kind + "/" + strconv.FormatInt(id, 10)
}

// TestPartRoles: the pages that edit and remove an exhibitor or a
// material are the event's organizers' alone.
func TestPartRoles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev, x, link, _ := exhibitionWithParts(t, e)
		paths := []string{partPath(ev, "exhibitors", x.ID), partPath(ev, "materials", link.ID)}
		organizer := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		exhibitor := e.Staff("admin@shiraz.example", "shiraz", auth.Admin) // the exhibitor's own staff organize nothing here
		other := e.Staff("admin@karaj.example", "karaj", auth.Admin)
		citizen, anon := e.Citizen("09121234567"), e.Client()
		for _, p := range paths {
			if r := organizer.Get(p); r.Status != http.StatusOK {
				t.Errorf("organizer GET %s: %d", p, r.Status)
			}
			for who, c := range map[string]*apptest.Client{"exhibitor": exhibitor, "other": other, "citizen": citizen} {
				for _, post := range []string{p, p + "/delete"} {
					if r := c.PostForm(post, url.Values{"showcase_fa": {"x"}, "material_title_fa": {"x"}}); r.Status != http.StatusForbidden {
						t.Errorf("%s POST %s: %d", who, post, r.Status)
					}
				}
				if r := c.Get(p); r.Status != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", who, p, r.Status)
				}
			}
			if r := anon.Get(p); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
				t.Errorf("anonymous GET %s: %d", p, r.Status)
			}
			if r := anon.PostForm(p+"/delete", url.Values{}); r.Status != http.StatusUnauthorized {
				t.Errorf("anonymous POST %s/delete: %d", p, r.Status)
			}
		}
		if got, _ := e.App.Events.Exhibitors(t.Context(), ev.ID); len(got) != 1 || got[0].ShowcaseFa != "گردشگری شهری" {
			t.Errorf("refused requests changed the exhibitors: %+v", got)
		}
		if got, _ := e.App.Events.Materials(t.Context(), ev.ID); len(got) != 2 || got[0].TitleFa != "گزارش" {
			t.Errorf("refused requests changed the materials: %+v", got)
		}
		other2 := newEvent(t, e, func(ev *events.Event) { ev.Kind = events.Exhibition })
		if r := organizer.Get(partPath(other2, "exhibitors", x.ID)); r.Status != http.StatusNotFound {
			t.Errorf("an exhibitor under another event: %d", r.Status)
		}
	})
}

// TestEditParts edits and removes an exhibitor, a link and a file
// through the organizers' forms: bad input is refused with the field's
// message and changes nothing, every change is audited.
func TestEditParts(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ev, x, link, file := exhibitionWithParts(t, e)
		c := e.Staff("sec@assembly.example", "council-chairs-assembly", auth.Secretariat)
		xp := partPath(ev, "exhibitors", x.ID)
		form, ok := c.Get(xp).Form(xp)
		if !ok || form.Get("showcase_fa") != "گردشگری شهری" {
			t.Fatalf("the exhibitor's form: %v", form)
		}
		if r := c.PostForm(xp, url.Values{"showcase_fa": {" "}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "نمایش می‌دهد") {
			t.Errorf("an empty showcase: %d", r.Status)
		}
		form.Set("showcase_fa", "حمل و نقل عمومي") // Arabic yeh, stored as Persian
		form.Set("showcase_en", "Public transport")
		if r := c.PostForm(xp, form); r.Status != http.StatusSeeOther {
			t.Fatalf("save the exhibitor: %d\n%.400s", r.Status, r.Body)
		}
		if got, _ := e.App.Events.Exhibitor(t.Context(), ev.ID, x.ID); got.ShowcaseFa != "حمل و نقل عمومی" || got.ShowcaseEn != "Public transport" || got.OrgID != x.OrgID {
			t.Errorf("stored exhibitor: %+v", got)
		}
		pub := "/events/" + strconv.FormatInt(ev.ID, 10)
		if r := e.Client().Get(pub + "?lang=en"); !strings.Contains(r.Body, "Public transport") {
			t.Error("the English public page lacks the new showcase")
		}
		lp := partPath(ev, "materials", link.ID)
		if r := c.PostForm(lp, url.Values{"material_title_fa": {"گزارش"}, "url": {"javascript:alert(1)"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a script link: %d", r.Status)
		}
		if r := c.PostForm(lp, url.Values{"material_title_fa": {"گزارش نهایی"}, "url": {"https://example.org/final"}}); r.Status != http.StatusSeeOther {
			t.Errorf("save the link: %d", r.Status)
		}
		fp := partPath(ev, "materials", file.ID)
		ff, _ := c.Get(fp).Form(fp)
		if ff.Has("url") {
			t.Error("a file's form offers a link")
		}
		ff.Set("material_title_fa", "برنامه نمایشگاه")
		if r := c.PostForm(fp, ff); r.Status != http.StatusSeeOther {
			t.Errorf("save the file's title: %d", r.Status)
		}
		ms, _ := e.App.Events.Materials(t.Context(), ev.ID)
		if ms[0].TitleFa != "گزارش نهایی" || ms[0].URL != "https://example.org/final" || ms[1].TitleFa != "برنامه نمایشگاه" || ms[1].URL != "" || ms[1].Name != "a.pdf" {
			t.Errorf("stored materials: %+v", ms)
		}
		for _, p := range []string{xp, fp} {
			if r := c.PostForm(p+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
				t.Errorf("remove %s: %d", p, r.Status)
			}
			if r := c.PostForm(p+"/delete", url.Values{}); r.Status != http.StatusNotFound {
				t.Errorf("remove %s again: %d", p, r.Status)
			}
		}
		if r := e.Client().Get("/event-files/" + strconv.FormatInt(file.ID, 10)); r.Status != http.StatusNotFound {
			t.Errorf("a removed file is still served: %d", r.Status)
		}
		if xs, _ := e.App.Events.Exhibitors(t.Context(), ev.ID); len(xs) != 0 {
			t.Errorf("exhibitors left: %+v", xs)
		}
		checkPartAudit(t, e)
	})
}

func checkPartAudit(t *testing.T, e *apptest.Env) {
	t.Helper()
	rows, err := e.App.DB.Read.QueryContext(t.Context(), `SELECT action FROM audit_log
		WHERE entity IN ('event_exhibitor', 'event_material') ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var a string
		rows.Scan(&a)
		got = append(got, a)
	}
	want := []string{"events.exhibitor.add", "events.material.add", "events.material.add", "events.exhibitor.update",
		"events.material.update", "events.material.update", "events.exhibitor.delete", "events.material.delete"}
	// The demo's exhibition audited its own parts before.
	if len(got) < len(want) || !slices.Equal(got[len(got)-len(want):], want) {
		t.Errorf("audit: %v, want it to end with %v", got, want)
	}
}
