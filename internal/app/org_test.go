package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
)

var square = `{"type":"Polygon","coordinates":[[[51.1,35.68],[51.3,35.68],[51.3,35.76],[51.1,35.76],[51.1,35.68]]]}`

func TestDistrictAdminBuildsItsTree(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Staff("a@d21.example", "tehran-district-21", auth.Admin)
		r := admin.PostForm("/admin/orgs/tehran-district-21/children", url.Values{
			"kind": {"sub_district"}, "slug": {"tehran-21-area-1"}, "name_fa": {"ناحيه يك"},
			"name_en": {"Area 1"}, "population": {"۱۲۰٬۰۰۰"}, "geometry": {square}})
		if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/admin/orgs/tehran-21-area-1" {
			t.Fatalf("create: %d %s\n%.1500s", r.Status, r.Header.Get("Location"), r.Body)
		}
		page := admin.Get("/orgs/tehran-21-area-1")
		for _, want := range []string{"ناحیه یک", "۱۲۰٬۰۰۰", `<svg class="map"`, `<path d="M`, "منطقه ۲۱", "شهرداری تهران"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("public page lacks %q", want)
			}
		}
		var api struct {
			Data struct {
				Kind       string
				Population int64
				Geometry   map[string]any
				ParentID   int64 `json:"parent_id"`
			}
		}
		json.Unmarshal([]byte(admin.Get("/api/v1/orgs/tehran-21-area-1").Body), &api)
		if api.Data.Kind != "sub_district" || api.Data.Population != 120000 || api.Data.Geometry["type"] != "Polygon" ||
			api.Data.ParentID != e.Org("tehran-district-21").ID {
			t.Fatalf("API: %+v", api.Data)
		}
		// A neighbourhood under the new sub-district inherits the path.
		r = admin.PostForm("/admin/orgs/tehran-21-area-1/children", url.Values{
			"kind": {"neighbourhood"}, "slug": {"tehran-21-new-town"}, "name_fa": {"شهرک نو"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("grandchild: %d\n%.1000s", r.Status, r.Body)
		}
		n := e.Org("tehran-21-new-town")
		wantPath := e.Org("tehran").Path + itoa(e.Org("tehran-district-21").ID) + "/" + itoa(e.Org("tehran-21-area-1").ID) + "/" + itoa(n.ID) + "/"
		if n.Path != wantPath {
			t.Fatalf("path %s, want %s", n.Path, wantPath)
		}
	})
}

func TestOrgFormErrors(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Staff("a@d21.example", "tehran-district-21", auth.Admin)
		cases := []struct {
			form   url.Values
			status int
			field  string
			fa     string
		}{
			{url.Values{"kind": {"district"}, "slug": {"x-district"}, "name_fa": {"الف"}}, 422, "kind", "نمی‌تواند زیرمجموعه"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"Bad Slug"}, "name_fa": {"الف"}}, 422, "slug", "نشانی کوتاه"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"new"}, "name_fa": {"الف"}}, 422, "slug", "نشانی کوتاه"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"tehran"}, "name_fa": {"الف"}}, 409, "", "پیش‌تر برای سازمان دیگری"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"dup-name"}, "name_fa": {"ويلا شهر"}}, 409, "", "همین نام"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"bad-geo"}, "name_fa": {"ب"}, "geometry": {`{"type":"Point","coordinates":[500,1]}`}}, 422, "geometry", "GeoJSON"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"bad-pop"}, "name_fa": {"پ"}, "population": {"بسیار"}}, 422, "population", "جمعیت"},
			{url.Values{"kind": {"neighbourhood"}, "slug": {"bad-web"}, "name_fa": {"ت"}, "website": {"javascript:alert(1)"}}, 422, "website", "https://"},
		}
		for _, c := range cases {
			r := admin.PostForm("/admin/orgs/tehran-district-21/children", c.form)
			if r.Status != c.status || !strings.Contains(r.Body, c.fa) {
				t.Errorf("%v: %d, want %d with %q\n%.400s", c.form, r.Status, c.status, c.fa, r.Body)
			}
			if c.field != "" && !strings.Contains(r.Body, `href="#`+c.field+`"`) {
				t.Errorf("%v: the error summary does not link to #%s", c.form, c.field)
			}
			if slug := c.form.Get("slug"); c.status == 422 && strings.Contains(r.Body, `value="`+slug+`"`) == false && c.field != "slug" {
				t.Errorf("%v: the form was not refilled", c.form)
			}
		}
		if n, _ := e.App.Orgs.CountBelow(context.Background(), e.Org("tehran-district-21")); n != 15 {
			t.Fatalf("%d organizations below District 21 after refused forms, want the 15 of the demo", n)
		}
	})
}

func TestEditIsAuditedWithBeforeAndAfter(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		editor := e.Staff("ed@d21.example", "tehran-district-21", auth.Editor)
		e.Clock.Advance(3600e9)
		r := editor.PostForm("/admin/orgs/tehran-district-21/edit", url.Values{
			"name_fa": {"منطقه ۲۱ تهران"}, "name_en": {"District 21"}, "population": {"190000"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%.800s", r.Status, r.Body)
		}
		entries, err := audit.List(context.Background(), e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: e.Org("tehran-district-21").Path})
		if err != nil || len(entries) == 0 {
			t.Fatalf("audit: %v, %d entries", err, len(entries))
		}
		last := entries[0]
		if last.Action != "org.update" || last.ActorName != "کارمند آزمون" || !strings.Contains(last.Before, `"NameFa":"منطقه ۲۱"`) ||
			!strings.Contains(last.After, `"NameFa":"منطقه ۲۱ تهران"`) || !strings.Contains(last.After, `"Population":190000`) ||
			last.RequestID == "" || last.IP == "" || !last.At.Equal(e.Clock.Now()) {
			t.Fatalf("audit entry: %+v", last)
		}
		// Tehran's admin reads it, with the Jalali date; Karaj's cannot.
		parent := e.Staff("p@tehran.example", "tehran", auth.Admin)
		page := parent.Get("/admin/orgs/tehran-district-21/audit")
		if !strings.Contains(page.Body, "org.update") || !strings.Contains(page.Body, "۱۴۰۵/۰۸/۳۰") {
			t.Fatalf("parent's audit page:\n%.3000s", page.Body)
		}
		whole := parent.Get("/admin/orgs/tehran/audit")
		if !strings.Contains(whole.Body, "منطقه ۲۱ تهران") {
			t.Fatal("Tehran's log does not include its district's entries")
		}
		other := e.Staff("k@karaj.example", "karaj", auth.Admin)
		if r := other.Get("/admin/orgs/karaj/audit"); strings.Contains(r.Body, "org.update") {
			t.Fatal("Karaj's log shows Tehran's entries")
		}
	})
}

func TestGrantRoleThroughThePage(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.Staff("a@d21.example", "tehran-district-21", auth.Admin)
		citizen := e.Citizen("09121112233")
		if r := citizen.Get("/admin"); r.Status != http.StatusForbidden {
			t.Fatalf("citizen /admin: %d", r.Status)
		}
		r := admin.PostForm("/admin/orgs/tehran-district-21/staff", url.Values{"contact": {"۰۹۱۲۱۱۱۲۲۳۳"}, "role": {"reviewer"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("grant: %d\n%.600s", r.Status, r.Body)
		}
		if r := admin.PostForm("/admin/orgs/tehran-district-21/staff", url.Values{"contact": {"09121112233"}, "role": {"reviewer"}}); r.Status != http.StatusConflict {
			t.Fatalf("granting twice: %d", r.Status)
		}
		if r := admin.PostForm("/admin/orgs/tehran-district-21/staff", url.Values{"contact": {"nobody@x.example"}, "role": {"viewer"}}); r.Status != 422 ||
			!strings.Contains(r.Body, "ثبت‌نام نکرده است") {
			t.Fatalf("unknown person: %d", r.Status)
		}
		// The grant takes effect on the citizen's next request.
		if r := citizen.Get("/admin/orgs/tehran-21-villashahr"); r.Status != 200 {
			t.Fatalf("new reviewer on a neighbourhood: %d", r.Status)
		}
		if r := citizen.Get("/admin/orgs/tehran-district-21/edit"); r.Status != http.StatusForbidden {
			t.Fatalf("reviewer editing: %d", r.Status)
		}
		grants, _ := e.App.Identity.GrantsIn(context.Background(), e.Org("tehran-district-21").ID)
		for _, g := range grants {
			if g.Role == auth.Reviewer {
				admin.PostForm("/admin/orgs/tehran-district-21/staff/"+itoa(g.ID)+"/revoke", url.Values{})
			}
		}
		if r := citizen.Get("/admin"); r.Status != http.StatusForbidden {
			t.Fatalf("after revoking: %d", r.Status)
		}
	})
}

func TestResidenceIsVerifiedByStaff(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		sec := e.Staff("s@d21.example", "tehran-district-21", auth.Secretariat)
		citizen := e.Citizen("09124445566")
		r := sec.PostForm("/admin/orgs/tehran-21-villashahr/residents", url.Values{"phone": {"09124445566"}, "source": {"staff"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("record residence: %d\n%.600s", r.Status, r.Body)
		}
		var me struct {
			Data struct {
				Residence *struct {
					OrgID int64 `json:"org_id"`
				}
			}
		}
		json.Unmarshal([]byte(citizen.Get("/api/v1/me").Body), &me)
		if me.Data.Residence == nil || me.Data.Residence.OrgID != e.Org("tehran-21-villashahr").ID {
			t.Fatalf("residence: %+v", me.Data.Residence)
		}
		if page := citizen.Get("/account"); !strings.Contains(page.Body, "ویلاشهر") {
			t.Fatal("the account page does not show the residence")
		}
		// Moving to another neighbourhood replaces it; a municipality is not an area.
		sec.PostForm("/admin/orgs/tehran-21-vardavard/residents", url.Values{"phone": {"09124445566"}, "source": {"census"}})
		json.Unmarshal([]byte(citizen.Get("/api/v1/me").Body), &me)
		if me.Data.Residence.OrgID != e.Org("tehran-21-vardavard").ID {
			t.Fatalf("residence after moving: %+v", me.Data.Residence)
		}
		if list := sec.Get("/admin/orgs/tehran-21-villashahr/residents"); strings.Contains(list.Body, "09124445566") {
			t.Fatal("the old neighbourhood still lists the resident")
		}
		super := e.Superuser()
		if r := super.PostForm("/admin/orgs/tehran/residents", url.Values{"phone": {"09124445566"}, "source": {"staff"}}); r.Status != 422 {
			t.Fatalf("residence in a municipality: %d", r.Status)
		}
		if r := sec.PostForm("/admin/orgs/tehran-21-vardavard/residents", url.Values{"phone": {"09359999999"}, "source": {"staff"}}); r.Status != 422 {
			t.Fatalf("residence of nobody: %d", r.Status)
		}
	})
}

func TestNationalID(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		a := e.Citizen("09121000001")
		for input, want := range map[string]string{"12345": "کد ملی باید ۱۰ رقم باشد", "1111111111": "معتبر نیست", "4591807321": "معتبر نیست"} {
			r := a.PostForm("/account/national-id", url.Values{"national_id": {input}})
			if r.Status != 422 || !strings.Contains(r.Body, want) {
				t.Errorf("national ID %s: %d, want 422 with %q", input, r.Status, want)
			}
		}
		if r := a.PostForm("/account/national-id", url.Values{"national_id": {"۴۵۹۱۸۰۷۳۲۰"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("valid ID in Persian digits: %d", r.Status)
		}
		if page := a.Get("/account"); !strings.Contains(page.Body, "۴۵۹۱۸۰۷۳۲۰") {
			t.Fatal("the account page does not show the national ID")
		}
		e.Clock.Advance(11 * 60e9)
		b := e.Citizen("09121000002")
		if r := b.PostForm("/account/national-id", url.Values{"national_id": {"4591807320"}}); r.Status != http.StatusConflict ||
			!strings.Contains(r.Body, "حساب دیگری") {
			t.Fatalf("the same ID on another account: %d", r.Status)
		}
	})
}

func TestOperatorBlocksAnAccount(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		super := e.Superuser()
		r := super.PostForm("/admin/users", url.Values{"email": {"New.Staff@Example.org"}, "name": {"کارمند"}, "password": {"long enough password"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create staff: %d\n%.600s", r.Status, r.Body)
		}
		staff := e.SignInStaff("new.staff@example.org", "long enough password")
		u, err := e.App.Identity.FindByContact(context.Background(), "new.staff@example.org")
		if err != nil {
			t.Fatal(err)
		}
		super.PostForm("/admin/users/"+itoa(u.ID)+"/block", url.Values{})
		if r := staff.Get("/api/v1/me"); r.Status != http.StatusUnauthorized {
			t.Fatalf("blocked account still signed in: %d", r.Status)
		}
		c := e.Client()
		if r := c.PostForm("/signin/staff", url.Values{"email": {"new.staff@example.org"}, "password": {"long enough password"}}); r.Status != http.StatusForbidden {
			t.Fatalf("blocked account signing in: %d", r.Status)
		}
		super.PostForm("/admin/users/"+itoa(u.ID)+"/unblock", url.Values{})
		e.SignInStaff("new.staff@example.org", "long enough password")
		if r := super.PostForm("/admin/users", url.Values{"email": {"new.staff@example.org"}, "password": {"long enough password"}}); r.Status != http.StatusConflict {
			t.Fatalf("duplicate email: %d", r.Status)
		}
		if r := super.PostForm("/admin/users", url.Values{"email": {"x@example.org"}, "password": {"short"}}); r.Status != 422 ||
			strings.Contains(r.Body, `value="short"`) {
			t.Fatalf("short password: %d (and it must not be echoed)", r.Status)
		}
	})
}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	for next, want := range map[string]string{"/admin/audit": "/admin/audit", "//evil.example/x": "/admin", "https://evil.example": "/admin", "/\\evil.example": "/admin"} {
		c := e.Client()
		r := c.PostForm("/signin/staff", url.Values{"email": {"admin@shahr.example"}, "password": {"shahr-demo-1405"}, "next": {next}})
		if got := r.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
		e.Clock.Advance(16 * 60e9)
	}
	// An anonymous visit to a staff page comes back after sign-in.
	r := e.Client().Get("/admin/orgs/tehran/edit")
	if r.Header.Get("Location") != "/signin?next=/admin/orgs/tehran/edit" {
		t.Fatalf("anonymous staff page: %s", r.Header.Get("Location"))
	}
}

func TestPasswordSignInIsRateLimited(t *testing.T) {
	t.Parallel()
	e := apptest.New(t, "sqlite")
	c := e.Client()
	for i := 1; i <= 6; i++ {
		r := c.PostForm("/signin/staff", url.Values{"email": {"admin@shahr.example"}, "password": {"wrong password " + itoa(int64(i))}})
		want := 422
		if i == 6 {
			want = http.StatusTooManyRequests
		}
		if r.Status != want {
			t.Fatalf("attempt %d: %d, want %d", i, r.Status, want)
		}
	}
	// Even the right password waits out the window.
	if r := c.PostForm("/signin/staff", url.Values{"email": {"admin@shahr.example"}, "password": {"shahr-demo-1405"}}); r.Status != http.StatusTooManyRequests {
		t.Fatalf("right password while limited: %d", r.Status)
	}
	e.Clock.Advance(15 * 60e9)
	e.SignInStaff("admin@shahr.example", "shahr-demo-1405")
}

// A provincial cooperation organization hosts its towns (South Khorasan's:
// the demo holds Khorasan Razavi's): each town's staff
// manage their own town only; the organization's administrators manage all.
func TestCooperationOrganizationHostsTowns(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		super := e.Superuser()
		r := super.PostForm("/admin/orgs", url.Values{"kind": {"cooperation_org"}, "slug": {"hamyari-khorasan-jonubi"},
			"name_fa": {"سازمان همیاری شهرداری‌های خراسان جنوبی"}, "name_en": {"South Khorasan Municipalities Cooperation Organization"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create the organization: %d\n%.600s", r.Status, r.Body)
		}
		coop := e.Staff("ceo@hamyari.example", "hamyari-khorasan-jonubi", auth.Admin)
		for slug, name := range map[string]string{"ferdows": "شهرداری فردوس", "tabas": "شهرداری طبس"} {
			r := coop.PostForm("/admin/orgs/hamyari-khorasan-jonubi/children", url.Values{"kind": {"municipality"}, "slug": {slug}, "name_fa": {name}})
			if r.Status != http.StatusSeeOther {
				t.Fatalf("add %s: %d\n%.600s", slug, r.Status, r.Body)
			}
		}
		ferdows := e.Staff("mayor@ferdows.example", "ferdows", auth.Admin)
		if r := ferdows.PostForm("/admin/orgs/ferdows/edit", url.Values{"name_fa": {"شهرداری فردوس"}, "population": {"8000"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("the town edits itself: %d", r.Status)
		}
		for _, p := range []string{"/admin/orgs/tabas", "/admin/orgs/tabas/edit", "/admin/orgs/hamyari-khorasan-jonubi", "/admin/orgs/tabas/audit"} {
			if r := ferdows.Get(p); r.Status != http.StatusForbidden {
				t.Errorf("Ferdows's mayor GET %s = %d, want 403", p, r.Status)
			}
		}
		for _, p := range []string{"/admin/orgs/tabas/edit", "/admin/orgs/ferdows/staff", "/admin/orgs/ferdows/audit"} {
			if r := coop.Get(p); r.Status != 200 {
				t.Errorf("the cooperation organization's admin GET %s = %d, want 200", p, r.Status)
			}
		}
		if r := coop.Get("/admin/orgs/tehran"); r.Status != http.StatusForbidden {
			t.Errorf("the cooperation organization reaches Tehran: %d", r.Status)
		}
	})
}
