package practices_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/practices"
)

// TestStaffByRole: the city's staff who act for it in networks write and
// publish its practices through the forms; a viewer of the city, another
// city's admin, a citizen and the public may not; a draft stays hidden
// from everyone but its organization's staff; only the operator takes a
// published practice down.
func TestStaffByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		base := "/admin/orgs/karaj/practices"
		secretariat := e.Staff("sec@karaj.example", "karaj", auth.Secretariat)
		refused := map[string]*apptest.Client{
			"viewer":  e.Staff("viewer@karaj.example", "karaj", auth.Viewer),
			"mashhad": e.Staff("admin@mashhad.example", "mashhad", auth.Admin),
			"citizen": e.Citizen("09121234567"),
		}
		form := url.Values{"title_fa": {"آموزش کارشناسان در متروپلیس"}, "problem_fa": {"کمبود آموزش"},
			"action_fa": {"اعزام سه کارشناس در سال"}, "tags": {"آموزش، شبکه‌ها"}, "contact_name": {"امور بین‌الملل"},
			"contact_phone": {"۰۲۶-۱۲۳۴۵۶۷"}}
		for who, c := range refused {
			if r := c.Get(base + "/new"); r.Status != http.StatusForbidden {
				t.Errorf("%s opened the form: %d", who, r.Status)
			}
			if r := c.PostForm(base, form); r.Status != http.StatusForbidden {
				t.Errorf("%s shared a practice: %d", who, r.Status)
			}
		}
		if r := e.Client().PostForm(base, form); r.Status != http.StatusUnauthorized {
			t.Errorf("the public: %d", r.Status)
		}
		bad := url.Values{"title_fa": {"x"}, "problem_fa": {"y"}, "action_fa": {"z"}, "contact_name": {"n"}, "contact_email": {"nope"}}
		if r := secretariat.PostForm(base, bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="contact_email-error"`) ||
			!strings.Contains(r.Body, `value="nope"`) {
			t.Errorf("bad email: %d", r.Status)
		}
		r := secretariat.PostForm(base, form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%.500s", r.Status, r.Body)
		}
		edit := r.Header.Get("Location")
		id := strings.TrimSuffix(strings.TrimPrefix(edit, base+"/"), "/edit")
		page := "/practices/" + id
		if r := e.Client().Get(page); r.Status != http.StatusNotFound {
			t.Errorf("the public saw a draft: %d", r.Status)
		}
		if r := refused["mashhad"].Get(page); r.Status != http.StatusNotFound {
			t.Errorf("another city saw a draft: %d", r.Status)
		}
		if r := secretariat.Get(page); r.Status != http.StatusOK || !strings.Contains(r.Body, `id="status"`) {
			t.Errorf("its staff could not see the draft: %d", r.Status)
		}
		// Another city's admin cannot reach it through their own pages.
		if r := refused["mashhad"].PostForm("/admin/orgs/mashhad/practices/"+id+"/publish", url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("published through another city's pages: %d", r.Status)
		}
		got, ok := secretariat.Get(edit).Form(edit)
		if !ok || got.Get("title_fa") != form.Get("title_fa") || got.Get("tags") != "آموزش، شبکه‌ها" {
			t.Fatalf("edit form reads back %v", got)
		}
		got.Set("title_en", "Training staff through Metropolis")
		if r := secretariat.PostForm(edit, got); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		if r := secretariat.PostForm(base+"/"+id+"/publish", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d", r.Status)
		}
		// English: the English title; the problem, given in Persian only,
		// marked as Persian.
		r = e.Client().Get(page + "?lang=en")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, ">Training staff through Metropolis</h1>") ||
			!strings.Contains(r.Body, `lang="fa" dir="rtl">کمبود آموزش</p>`) {
			t.Errorf("English page: %d\n%.3000s", r.Status, r.Body)
		}
		if r := e.Client().Get(page); !strings.Contains(r.Body, ">آموزش کارشناسان در متروپلیس</h1>") {
			t.Errorf("Persian page lacks the Persian title")
		}
		if r := secretariat.PostForm("/admin/practices/"+id+"/unpublish", url.Values{"reason": {"x"}}); r.Status != http.StatusForbidden {
			t.Errorf("staff took it down: %d", r.Status)
		}
		if r := e.Superuser().PostForm("/admin/practices/"+id+"/unpublish", url.Values{"reason": {"تکراری"}}); r.Status != http.StatusSeeOther {
			t.Errorf("operator: %d", r.Status)
		}
		if r := e.Client().Get(page); r.Status != http.StatusNotFound {
			t.Errorf("a practice taken down is still public: %d", r.Status)
		}
		if r := secretariat.Get(base); !strings.Contains(r.Body, "تکراری") {
			t.Errorf("the staff list does not show the reason")
		}
	})
}

// TestLibraryPages: the demo library's search page, in Persian digits,
// and the JSON list with its filters.
func TestLibraryPages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		r := c.Get("/practices?q=" + url.QueryEscape("متروپليس"))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "عضویت در متروپلیس") || !strings.Contains(r.Body, `<span id="total">۱</span>`) {
			t.Errorf("search page: %d\n%.2000s", r.Status, r.Body)
		}
		// The demo tags Tehran's and Karaj's practices with Metropolis's
		// urban innovation commission.
		groups, err := e.App.Network.Groups(context.Background(), e.Org("metropolis").ID)
		if err != nil {
			t.Fatal(err)
		}
		var innovation int64
		for _, g := range groups {
			if g.Name.En == "Urban innovation commission" {
				innovation = g.ID
			}
		}
		r = c.Get("/practices?group=" + strconv.FormatInt(innovation, 10))
		if innovation == 0 || !strings.Contains(r.Body, `<span id="total">۲</span>`) || !strings.Contains(r.Body, "عضویت در متروپلیس") {
			t.Errorf("commission filter: want Tehran's and Karaj's practices (group %d)", innovation)
		}
		var out struct {
			Data []struct {
				ID   int64  `json:"id"`
				City string `json:"city"`
			} `json:"data"`
			Total int `json:"total"`
		}
		r = c.Get("/api/v1/practices?city=tehran")
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || out.Total != 2 {
			t.Fatalf("API: %v, %+v", err, out)
		}
		for _, p := range out.Data {
			if p.City != "tehran" && p.City != "tehran-district-21" {
				t.Errorf("city filter let %s through", p.City)
			}
		}
		ps, _, err := e.App.Library.List(context.Background(), practices.Query{City: "tehran"})
		if err != nil || len(ps) != 2 || c.Get("/practices/"+strconv.FormatInt(ps[0].ID, 10)).Status != http.StatusOK {
			t.Errorf("practice page: %v", err)
		}
	})
}
