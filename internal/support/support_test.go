package support_test

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
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/support"
)

const base = "/admin/support/" + demo.HamyariSlug

func coop(t *testing.T, e *apptest.Env) org.Org {
	c, err := e.App.Support.Coop(context.Background(), demo.HamyariSlug)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func indicatorsOf(t *testing.T, e *apptest.Env, slug string) support.Indicators {
	town, err := e.App.Support.Town(context.Background(), coop(t, e), slug)
	if err != nil {
		t.Fatal(err)
	}
	return town.Indicators
}

func TestImportIndicators(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Staff("editor@hamyari.example", demo.HamyariSlug, auth.Editor)
		good := "\uFEFFslug,population,tier,staff_count,revenue_sources\nroshtkhar,۱۲٬۰۰۰,کم‌برخوردار,۲۴,عوارض محلی\nkashmar,100000,developed,400,\n"
		if r := c.PostMultipart(base+"/indicators/import", nil, "file", map[string][]byte{"i.csv": []byte(good)}); r.Status != http.StatusSeeOther {
			t.Fatalf("import: %d\n%.500s", r.Status, r.Body)
		}
		if in := indicatorsOf(t, e, "roshtkhar"); in.Population != 12000 || in.StaffCount != 24 || in.Tier != support.LessDeveloped {
			t.Errorf("roshtkhar after import: %+v", in)
		}
		// A bad third line: nothing of the file is written.
		bad := "slug,population,tier\nkhaf,5000,developed\nnowhere,1,developed\n"
		r := c.PostMultipart(base+"/indicators/import", nil, "file", map[string][]byte{"i.csv": []byte(bad)})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "سطر ۳") {
			t.Fatalf("bad import: %d\n%s", r.Status, r.Body[strings.Index(r.Body, "<main"):])
		}
		if in := indicatorsOf(t, e, "khaf"); in.Population == 5000 || in.Tier != support.LessDeveloped {
			t.Errorf("khaf changed by a failed import: %+v", in)
		}
	})
}

func TestVisitReportFindingsAndActions(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		c := e.Staff("secretariat@hamyari.example", demo.HamyariSlug, auth.Secretariat)
		town, _ := s.Town(ctx, co, "bardaskan")
		before := score(t, e, "bardaskan")
		r := c.PostForm(base+"/visits", url.Values{"town": {strconv.FormatInt(town.ID, 10)}, "planned_on": {"۱۴۰۵/۰۹/۱۰"}, "purpose": {"بازدید دوره‌ای"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("plan: %d %.300s", r.Status, r.Body)
		}
		visits, _ := s.Visits(ctx, co, town.ID)
		v := base + "/visits/" + strconv.FormatInt(visits[0].ID, 10)
		r = c.PostForm(v+"/report", url.Values{"visited_on": {"1405/09/10"}, "summary": {"دیدار با شهردار"},
			"participant_name": {"شهردار بردسکن", "", "عضو شورا"}, "participant_role": {"mayor", "other", "council_member"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("report: %d %.300s", r.Status, r.Body)
		}
		for _, f := range []url.Values{
			{"kind": {"need"}, "category": {"revenue"}, "priority": {"high"}, "body": {"درآمد پایدار"}},
			{"kind": {"capacity"}, "category": {"tourism"}, "priority": {"low"}, "body": {"جاذبه‌های گردشگری"}},
		} {
			if r := c.PostForm(v+"/findings", f); r.Status != http.StatusSeeOther {
				t.Fatalf("finding: %d %.300s", r.Status, r.Body)
			}
		}
		if r := c.PostForm(v+"/findings", url.Values{"kind": {"wish"}, "category": {"revenue"}, "priority": {"high"}, "body": {"x"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("bad finding kind: %d", r.Status)
		}
		// An action due yesterday is overdue on the page.
		if r := c.PostForm(v+"/actions", url.Values{"title": {"طرح درآمدی"}, "owner": {"معاونت سرمایه‌گذاری"}, "due_on": {"1405/08/29"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("action: %d %.300s", r.Status, r.Body)
		}
		full, err := s.Visit(ctx, co, visits[0].ID)
		if err != nil || full.Status != support.Done || len(full.Participants) != 2 || len(full.Findings) != 2 || len(full.Actions) != 1 {
			t.Fatalf("visit %+v, %v", full, err)
		}
		page := c.Get(v)
		if !strings.Contains(page.Body, `class="overdue"`) || !strings.Contains(page.Body, "معاونت سرمایه‌گذاری") {
			t.Errorf("visit page lacks the overdue action and its owner")
		}
		// The open high need raises the town's score; the public page
		// shows the findings but not the action's owner.
		if after := score(t, e, "bardaskan"); after <= before {
			t.Errorf("score %v → %v after an open high need", before, after)
		}
		pub := e.Client().Get("/support/" + demo.HamyariSlug + "/towns/bardaskan")
		if !strings.Contains(pub.Body, "درآمد پایدار") || strings.Contains(pub.Body, "معاونت سرمایه‌گذاری") {
			t.Errorf("public town page: findings shown %v, owner hidden %v", strings.Contains(pub.Body, "درآمد پایدار"), !strings.Contains(pub.Body, "معاونت سرمایه‌گذاری"))
		}
		a := full.Actions[0]
		if r := c.PostForm(v+"/actions/"+strconv.FormatInt(a.ID, 10), url.Values{"status": {"done"}}); r.Status != http.StatusSeeOther {
			t.Errorf("action status: %d", r.Status)
		}
		if r := c.Get(v); strings.Contains(r.Body, `class="overdue"`) {
			t.Error("a done action is still overdue")
		}
	})
}

func score(t *testing.T, e *apptest.Env, slug string) float64 {
	ranked, _, err := e.App.Support.Priorities(context.Background(), coop(t, e))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range ranked {
		if r.Slug == slug {
			return r.Score
		}
	}
	t.Fatalf("no town %s", slug)
	return 0
}

func TestCapitalSharesMustAddUpTo100(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		c := e.Staff("admin@hamyari.example", demo.HamyariSlug, auth.Admin)
		town, _ := s.Town(ctx, co, "khaf")
		company := e.Org("hamyar-sazeh-toos")
		form := url.Values{"town": {strconv.FormatInt(town.ID, 10)}, "title": {"بازارچه مرزی"}, "status": {"idea"},
			"expected_revenue": {"۵٬۰۰۰٬۰۰۰٬۰۰۰"}, "share_coop": {"50"}, "share_town": {"30"}, "share_" + strconv.FormatInt(company.ID, 10): {"۱۰"}}
		before, _ := s.Projects(ctx, co, town.ID)
		if r := c.PostForm(base+"/projects", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "۱۰۰ درصد") {
			t.Fatalf("shares of 90%%: %d %.300s", r.Status, r.Body)
		}
		if after, _ := s.Projects(ctx, co, town.ID); len(after) != len(before) {
			t.Fatal("a project with bad shares was stored")
		}
		form.Set("share_"+strconv.FormatInt(company.ID, 10), "۲۰")
		if r := c.PostForm(base+"/projects", form); r.Status != http.StatusSeeOther {
			t.Fatalf("shares of 100%%: %d %.300s", r.Status, r.Body)
		}
		ps, _ := s.Projects(ctx, co, town.ID)
		if len(ps) != 1 || ps[0].ExpectedRevenue != 5_000_000_000 || len(ps[0].Partners) != 3 || ps[0].Partners[0].Share != 5000 {
			t.Fatalf("projects %+v", ps)
		}
		// An organization outside the group cannot be a partner.
		_, err := s.CreateProject(ctx, 0, co, support.Project{TownID: town.ID, Title: "x", Status: "idea",
			Partners: []support.Partner{{OrgID: co.ID, Share: 5000}, {OrgID: e.Org("karaj").ID, Share: 5000}}})
		if !apperr.Is(err, apperr.Invalid) {
			t.Errorf("partner outside the group: %v", err)
		}
	})
}

func TestPrioritiesAPIAndWeights(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		co := coop(t, e)
		var got struct {
			Data []struct {
				OrgID int64   `json:"org_id"`
				Name  string  `json:"name"`
				Score float64 `json:"score"`
				Tier  string  `json:"tier"`
			}
		}
		r := e.Client().Get("/api/v1/support/priorities?org=" + strconv.FormatInt(co.ID, 10))
		if err := json.Unmarshal([]byte(r.Body), &got); err != nil || r.Status != 200 || len(got.Data) != 10 {
			t.Fatalf("api: %d %v %.300s", r.Status, err, r.Body)
		}
		seenDeveloped := false
		for i, d := range got.Data {
			if i > 0 && d.Score > got.Data[i-1].Score {
				t.Errorf("not ordered by score: %+v", got.Data)
			}
			seenDeveloped = seenDeveloped || d.Tier == "developed"
			if seenDeveloped && d.Tier == "less_developed" {
				t.Errorf("a less-developed town ranks below a developed one: %+v", got.Data)
			}
		}
		if got.Data[0].Name != "شهرداری رشتخوار" {
			t.Errorf("first is %s, want Roshtkhar (less-developed with open needs)", got.Data[0].Name)
		}
		for _, q := range []string{"", "?org=abc", "?org=0"} {
			if r := e.Client().Get("/api/v1/support/priorities" + q); r.Status != 400 || !strings.Contains(r.Body, `"name":"org"`) {
				t.Errorf("api%s: %d %.200s", q, r.Status, r.Body)
			}
		}
		for _, q := range []string{"?org=999999", "?org=" + strconv.FormatInt(e.Org("karaj").ID, 10)} {
			if r := e.Client().Get("/api/v1/support/priorities" + q); r.Status != 404 || !strings.Contains(r.Body, `"error"`) {
				t.Errorf("api%s: %d %.200s", q, r.Status, r.Body)
			}
		}
		// Weights: an editor may not set them, an admin may; size only
		// then decides, and the page shows the new formula.
		w := url.Values{"w_tier": {"0"}, "w_needs": {"0"}, "w_small": {"۱۰"}, "w_staff": {"0"}}
		if r := e.Staff("ed@hamyari.example", demo.HamyariSlug, auth.Editor).PostForm(base+"/weights", w); r.Status != 403 {
			t.Errorf("editor sets weights: %d", r.Status)
		}
		admin := e.Staff("ad@hamyari.example", demo.HamyariSlug, auth.Admin)
		if r := admin.PostForm(base+"/weights", url.Values{"w_tier": {"101"}, "w_needs": {"0"}, "w_small": {"0"}, "w_staff": {"0"}}); r.Status != 422 {
			t.Errorf("weight of 101: %d", r.Status)
		}
		if r := admin.PostForm(base+"/weights", w); r.Status != 303 {
			t.Fatalf("admin sets weights: %d %.300s", r.Status, r.Body)
		}
		if got, _ := e.App.Support.Weights(context.Background(), co.ID); got != (support.Weights{Small: 10}) {
			t.Errorf("weights %+v", got)
		}
		if page := e.Client().Get("/support/" + demo.HamyariSlug); !strings.Contains(page.Body, "۱۰·smallness") {
			t.Errorf("the public page does not show the new weights")
		}
	})
}

// TestStaffRoles tries the staff pages as each kind of person.
func TestStaffRoles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		people := map[string]*apptest.Client{
			"admin":   e.Staff("r-admin@hamyari.example", demo.HamyariSlug, auth.Admin),
			"editor":  e.Staff("r-editor@hamyari.example", demo.HamyariSlug, auth.Editor),
			"viewer":  e.Staff("r-viewer@hamyari.example", demo.HamyariSlug, auth.Viewer),
			"town":    e.Staff("r-town@roshtkhar.example", "roshtkhar", auth.Admin),
			"other":   e.Staff("r-other@karaj.example", "karaj", auth.Admin),
			"citizen": e.Citizen("09151112233"),
			"demo":    e.SignInStaff(demo.HamyariEmail, demo.Password),
		}
		weights := url.Values{"w_tier": {"55"}, "w_needs": {"15"}, "w_small": {"15"}, "w_staff": {"15"}}
		plan := url.Values{"town": {"0"}, "planned_on": {"1405/10/01"}, "purpose": {"x"}} // town 0: 422 for those allowed
		for who, want := range map[string][3]int{                                         // view, run (422: allowed, bad town), weights
			"admin": {200, 422, 303}, "demo": {200, 422, 303}, "editor": {200, 422, 403}, "viewer": {200, 403, 403},
			"town": {403, 403, 403}, "other": {403, 403, 403}, "citizen": {403, 403, 403},
		} {
			c := people[who]
			got := [3]int{c.Get(base).Status, c.PostForm(base+"/visits", plan).Status, c.PostForm(base+"/weights", weights).Status}
			if got != want {
				t.Errorf("%s: view, run, weights = %v, want %v", who, got, want)
			}
		}
		anon := e.Client()
		if r := anon.Get(base); r.Status != http.StatusSeeOther {
			t.Errorf("anonymous staff page: %d", r.Status)
		}
		if r := anon.Get("/support/" + demo.HamyariSlug); r.Status != 200 || !strings.Contains(r.Body, "رشتخوار") {
			t.Errorf("public page: %d", r.Status)
		}
		if r := anon.Get("/support/" + demo.HamyariSlug + "/towns/roshtkhar?lang=en"); r.Status != 200 || !strings.Contains(r.Body, "Roshtkhar Municipality") ||
			!strings.Contains(r.Body, "Less-developed") || !strings.Contains(r.Body, "Hamyar Sazeh Toos Company</bdi>: 30%") {
			t.Errorf("English town page: %d", r.Status)
		}
		if r := anon.Get("/support/karaj"); r.Status != 404 {
			t.Errorf("a municipality as a cooperation organization: %d", r.Status)
		}
	})
}

func TestExports(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.SignInStaff(demo.HamyariEmail, demo.Password)
		r := c.Get(base + "/export/visits.csv")
		if r.Status != 200 || !strings.Contains(r.Body, "علی احمدپور") && !strings.Contains(r.Body, "رشتخوار") || !strings.Contains(r.Body, "دفتر مدیرعامل") {
			t.Errorf("visits.csv: %d %.300s", r.Status, r.Body)
		}
		if r := c.Get(base + "/export/visits.xlsx"); r.Status != 200 || !strings.HasPrefix(r.Body, "PK") {
			t.Errorf("visits.xlsx: %d", r.Status)
		}
		pub := e.Client()
		if r := pub.Get("/support/" + demo.HamyariSlug + "/export/projects.csv"); r.Status != 200 || !strings.Contains(r.Body, "همیار سازه توس 30%") {
			t.Errorf("projects.csv: %d %.300s", r.Status, r.Body)
		}
		if r := pub.Get("/support/" + demo.HamyariSlug + "/export/visits.csv"); r.Status != 404 {
			t.Errorf("public visits.csv: %d", r.Status)
		}
		if r := pub.Get("/support/" + demo.HamyariSlug + "/export/priorities.xlsx"); r.Status != 200 || !strings.HasPrefix(r.Body, "PK") {
			t.Errorf("priorities.xlsx: %d", r.Status)
		}
	})
}

func TestProvinceTownsFromGazetteer(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		for _, p := range [][4]string{{"province", "109", "", "خراسان رضوی"}, {"county", "10900027", "109", "رشتخوار"},
			{"city", "10900027001359", "10900027", "رشتخوار"}, {"city", "10900027009999", "10900027", "جنگل"}} {
			if _, err := e.App.DB.Write.ExecContext(ctx, `INSERT INTO places (kind, code, parent_code, name_fa, name_key, source)
				VALUES ($1, $2, $3, $4, $5, 'test')`, p[0], p[1], p[2], p[3], persian.SearchKey(p[3])); err != nil {
				t.Fatal(err)
			}
		}
		co := coop(t, e)
		// Roshtkhar is a member already (by name); only Jangal is added,
		// and only once.
		for want := range []int{1, 0} {
			n, err := e.App.Support.AddProvinceTowns(ctx, 0, co, "خراسان رضوی")
			if err != nil || n != 1-want {
				t.Fatalf("run %d: added %d, %v", want, n, err)
			}
		}
		if _, err := e.App.Support.Town(ctx, co, "town-10900027009999"); err != nil {
			t.Errorf("Jangal not a member: %v", err)
		}
	})
}
