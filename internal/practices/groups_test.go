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
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/practices"
)

// metropolisGroup is the id of the demo Metropolis's group named fa.
func metropolisGroup(t *testing.T, e *apptest.Env, fa string) int64 {
	t.Helper()
	gs, err := e.App.Network.Groups(context.Background(), e.Org(demo.MetropolisSlug).ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Name.Fa == fa {
			return g.ID
		}
	}
	t.Fatalf("Metropolis has no %s", fa)
	return 0
}

// TestTaggedByCommission: Karaj's secretariat tags a practice with
// Metropolis's environment commission through the staff form, which
// offers every association's groups under the association's name; an id
// that names no group is refused with a 422 and nothing stored. Published,
// the practice is found by the library's group filter (page and API), its
// page links the commission on Metropolis's page, and a filter naming no
// group is refused.
func TestTaggedByCommission(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		env := metropolisGroup(t, e, "کمیسیون محیط زیست")
		food := metropolisGroup(t, e, "کمیسیون امنیت غذایی")
		id := strconv.FormatInt(env, 10)
		base := "/admin/orgs/karaj/practices"
		staff := e.Staff("sec@karaj.example", "karaj", auth.Secretariat)

		r := staff.Get(base + "/new")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "<legend><bdi>انجمن بین‌المللی کلانشهرهای جهان (متروپلیس)</bdi></legend>") ||
			!strings.Contains(r.Body, `<input type="checkbox" name="groups" value="`+id+`"> <bdi>کمیسیون محیط زیست</bdi>`) ||
			!strings.Contains(r.Body, "<bdi>کمیسیون گردشگری</bdi>") { // the assembly's, offered too
			t.Fatalf("the form does not offer the associations' groups: %d\n%.3000s", r.Status, r.Body)
		}
		form := url.Values{"title_fa": {"جمع‌آوری پسماند خشک از درب منازل"}, "problem_fa": {"پسماند خشک با زباله تر دفن می‌شد."},
			"action_fa": {"غرفه‌های بازیافت در محله‌ها"}, "contact_name": {"سازمان مدیریت پسماند"}, "contact_phone": {"۱۳۷"},
			"tags": {"بازیافت"}}
		before := count(t, e, practices.Query{OrgID: e.Org("karaj").ID})
		for _, bad := range []string{"999999", "x"} {
			form["groups"] = []string{id, bad}
			r := staff.PostForm(base, form)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="groups-error"`) ||
				!strings.Contains(r.Body, `value="`+id+`" checked`) {
				t.Errorf("group %q: %d, want 422 with the choice kept\n%.3000s", bad, r.Status, r.Body)
			}
		}
		if n := count(t, e, practices.Query{OrgID: e.Org("karaj").ID}); n != before {
			t.Fatalf("a refused practice was stored: %d, want %d", n, before)
		}
		form["groups"] = []string{id}
		r = staff.PostForm(base, form)
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%.2000s", r.Status, r.Body)
		}
		edit := r.Header.Get("Location")
		got, ok := staff.Get(edit).Form(edit)
		if !ok || len(got["groups"]) != 1 || got.Get("groups") != id {
			t.Fatalf("the edit form reads back groups %v", got["groups"])
		}
		pid := strings.TrimSuffix(strings.TrimPrefix(edit, base+"/"), "/edit")
		if r := staff.PostForm(base+"/"+pid+"/publish", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("publish: %d", r.Status)
		}

		c := e.Client()
		r = c.Get("/practices?group=" + id)
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `<span id="total">۱</span>`) || !strings.Contains(r.Body, "جمع‌آوری پسماند خشک") ||
			!strings.Contains(r.Body, `<option value="`+id+`" selected>کمیسیون محیط زیست</option>`) ||
			!strings.Contains(r.Body, `<a href="/practices?group=`+id+`"><bdi>کمیسیون محیط زیست</bdi></a>`) {
			t.Errorf("the group filter: %d\n%.4000s", r.Status, r.Body)
		}
		if r := c.Get("/practices?group=" + strconv.FormatInt(food, 10)); !strings.Contains(r.Body, `<span id="total">۰</span>`) {
			t.Error("another commission's filter found the practice")
		}
		r = c.Get("/practices/" + pid)
		if !strings.Contains(r.Body, `<a href="/associations/metropolis#group-`+id+`"><bdi>کمیسیون محیط زیست</bdi></a>`) {
			t.Errorf("the practice's page does not link the commission\n%.3000s", r.Body)
		}
		// The link lands on the commission in the association's page.
		if r := c.Get("/associations/metropolis"); !strings.Contains(r.Body, `<li id="group-`+id+`"><strong>`) {
			t.Errorf("the association's page has no anchor group-%s\n%.3000s", id, r.Body)
		}
		if r := e.Client().Get("/practices/" + pid + "?lang=en"); !strings.Contains(r.Body, "<bdi>Environment commission</bdi>") {
			t.Error("the English page does not name the commission in English")
		}

		var out struct {
			Data []struct {
				ID     int64 `json:"id"`
				Groups []struct {
					ID          int64             `json:"id"`
					Kind        string            `json:"kind"`
					Name        map[string]string `json:"name"`
					Association string            `json:"association"`
					URL         string            `json:"url"`
				} `json:"groups"`
			} `json:"data"`
			Total int `json:"total"`
		}
		r = c.Get("/api/v1/practices?group=" + id)
		if err := json.Unmarshal([]byte(r.Body), &out); err != nil || out.Total != 1 || len(out.Data[0].Groups) != 1 {
			t.Fatalf("API: %v %s", err, r.Body)
		}
		if g := out.Data[0].Groups[0]; g.ID != env || g.Kind != "commission" || g.Name["fa"] != "کمیسیون محیط زیست" ||
			g.Name["en"] != "Environment commission" || g.Association != "metropolis" || g.URL != "/associations/metropolis#group-"+id {
			t.Errorf("API group: %+v", g)
		}
		for _, path := range []string{"/practices?group=999999", "/practices?group=x", "/api/v1/practices?group=999999"} {
			if r := c.Get(path); r.Status != http.StatusBadRequest || !strings.Contains(r.Body, "هیچ انجمنی نیست") {
				t.Errorf("%s: %d, want 400 saying no association has the group\n%.500s", path, r.Status, r.Body)
			}
		}

		// The service refuses an unknown group the same way; a group named
		// twice is kept once.
		p := sample(e.Org("karaj").ID, "تجربه دیگر")
		p.Groups = []int64{999999}
		if _, err := e.App.Library.Create(ctx, practices.Actor{ID: 1}, p); !apperr.Is(err, apperr.Invalid) {
			t.Errorf("an unknown group: %v", err)
		}
		p.Groups = []int64{food, env, food}
		if p = create(t, e, p); len(p.Groups) != 2 || p.Groups[0] > p.Groups[1] {
			t.Errorf("groups stored as %v", p.Groups)
		}
	})
}

// count is how many practices q finds.
func count(t *testing.T, e *apptest.Env, q practices.Query) int {
	t.Helper()
	_, n, err := e.App.Library.List(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
