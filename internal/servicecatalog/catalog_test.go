package servicecatalog_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/servicecatalog"
)

// TestSearchAndRetire: the demo catalog is found across spellings, by
// organization (districts under their city) and category; a retired
// service leaves the public list but keeps its page.
func TestSearchAndRetire(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		cat := e.App.Catalog
		count := func(q servicecatalog.Query) int {
			t.Helper()
			_, n, err := cat.List(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		for q, want := range map[string]int{
			"صدور پروانه": 1, "صدورپروانه": 1, // a space or none
			"سالنهاي ورزشي": 1,           // Arabic yeh, no half-space
			"137":           1, "۱۳۷": 1, // digits either way
			"recycling": 1, "هواپیما": 0,
		} {
			if got := count(servicecatalog.Query{Search: q}); got != want {
				t.Errorf("search %q: %d, want %d", q, got, want)
			}
		}
		all := count(servicecatalog.Query{})
		d21 := count(servicecatalog.Query{Org: "tehran-district-21"})
		if all < 12 || d21 != 6 || count(servicecatalog.Query{Org: "tehran"}) != all || count(servicecatalog.Query{Org: "karaj"}) != 0 {
			t.Errorf("all %d, district 21 %d: want a dozen, six in District 21, all under Tehran, none in Karaj", all, d21)
		}
		items, _, _ := cat.List(ctx, servicecatalog.Query{Org: "tehran-district-21", Category: "sports"})
		if len(items) != 1 {
			t.Fatalf("sports in District 21: %d", len(items))
		}
		it := items[0]
		if _, err := cat.Retire(ctx, 0, e.Org("tehran").ID, it.ID); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("Tehran retired District 21's service: %v", err)
		}
		if _, err := cat.Retire(ctx, 0, it.OrgID, it.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := cat.Retire(ctx, 0, it.OrgID, it.ID); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("retired twice: %v", err)
		}
		if got := count(servicecatalog.Query{}); got != all-1 {
			t.Errorf("after retiring: %d, want %d", got, all-1)
		}
		r := e.Client().Get("/services/" + strconv.FormatInt(it.ID, 10))
		if r.Status != http.StatusOK || !strings.Contains(r.Body, `id="retired"`) {
			t.Errorf("retired service's page: %d", r.Status)
		}
	})
}

// TestStaffPagesByRole: District 21's editors keep its catalog through
// the forms; its viewers, another city's admin, a citizen and the public
// may not; a bad form is shown again with a 422 and nothing stored.
func TestStaffPagesByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		base := "/admin/orgs/tehran-district-21/services"
		editor := e.Staff("editor@d21.example", "tehran-district-21", auth.Editor)
		refused := map[string]*apptest.Client{
			"viewer":  e.Staff("viewer@d21.example", "tehran-district-21", auth.Viewer),
			"karaj":   e.Staff("admin@karaj.example", "karaj", auth.Admin),
			"citizen": e.Citizen("09121234567"),
		}
		form := url.Values{"category": {"social"}, "title_fa": {"مشاوره حقوقی رایگان"}, "description_fa": {"مشاوره برای ساکنان"},
			"phone": {"۰۲۱-۱۲۳۴"}}
		for who, c := range refused {
			if r := c.Get(base + "/new"); r.Status != http.StatusForbidden {
				t.Errorf("%s opened the form: %d", who, r.Status)
			}
			if r := c.PostForm(base, form); r.Status != http.StatusForbidden {
				t.Errorf("%s created a service: %d", who, r.Status)
			}
		}
		if r := e.Client().PostForm(base, form); r.Status != http.StatusUnauthorized {
			t.Errorf("the public: %d", r.Status)
		}
		bad := url.Values{"category": {"social"}, "title_fa": {""}, "description_fa": {"x"}}
		if r := editor.PostForm(base, bad); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="title_fa-error"`) {
			t.Errorf("empty title: %d", r.Status)
		}
		if r := editor.PostForm(base, form); r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%.400s", r.Status, r.Body)
		}
		items, _, _ := e.App.Catalog.List(context.Background(), servicecatalog.Query{Search: "مشاوره حقوقی"})
		if len(items) != 1 || items[0].OrgID != e.Org("tehran-district-21").ID {
			t.Fatalf("stored: %+v", items)
		}
		edit := base + "/" + strconv.FormatInt(items[0].ID, 10) + "/edit"
		got, ok := editor.Get(edit).Form(edit)
		if !ok || got.Get("title_fa") != "مشاوره حقوقی رایگان" || got.Get("category") != "social" {
			t.Fatalf("edit form reads back %v", got)
		}
		got.Set("title_en", "Free legal advice")
		if r := editor.PostForm(edit, got); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d", r.Status)
		}
		if r := e.Client().Get("/services/" + strconv.FormatInt(items[0].ID, 10) + "?lang=en"); !strings.Contains(r.Body, "Free legal advice") ||
			!strings.Contains(r.Body, `lang="fa" dir="rtl">مشاوره برای ساکنان`) {
			t.Errorf("English page: want the English title and the Persian description marked as Persian\n%.2000s", r.Body)
		}
		if r := refused["karaj"].PostForm(base+"/"+strconv.FormatInt(items[0].ID, 10)+"/retire", url.Values{}); r.Status != http.StatusForbidden {
			t.Errorf("Karaj retired it: %d", r.Status)
		}
		// Tehran's editors hold the right in District 21 too, but reach its
		// services only through District 21's pages.
		tehran := e.Staff("editor@tehran.example", "tehran", auth.Editor)
		if r := tehran.PostForm("/admin/orgs/tehran/services/"+strconv.FormatInt(items[0].ID, 10)+"/retire", url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("retired through Tehran's pages: %d", r.Status)
		}
		if r := editor.PostForm(base+"/"+strconv.FormatInt(items[0].ID, 10)+"/retire", url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("retire: %d", r.Status)
		}
	})
}

// TestPublicPagesAndExports: the catalog, an organization's page and its
// downloads.
func TestPublicPagesAndExports(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		c := e.Client()
		r := c.Get("/services?q=" + url.QueryEscape("فرهنگسرا") + "&category=culture")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "فرهنگسراها") || !strings.Contains(r.Body, `<span id="total">۱</span>`) {
			t.Errorf("search page: %d\n%.1500s", r.Status, r.Body)
		}
		r = c.Get("/orgs/tehran-district-21/services")
		if r.Status != http.StatusOK || !strings.Contains(r.Body, "سرای محله") || strings.Contains(r.Body, "فرهنگسراها") {
			t.Errorf("District 21's page: %d", r.Status)
		}
		r = c.Get("/orgs/tehran-district-21/services.csv")
		rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "\uFEFFid,category,title_fa") || err != nil || len(rows) != 7 {
			t.Errorf("CSV: %d, %d rows (want a header and District 21's six services), %v", r.Status, len(rows), err)
		}
		r = c.Get("/orgs/tehran-district-21/services.xlsx")
		if r.Status != http.StatusOK || !strings.HasPrefix(r.Body, "PK") {
			t.Errorf("XLSX: %d", r.Status)
		}
		if r := c.Get("/orgs/nowhere/services.csv"); r.Status != http.StatusNotFound {
			t.Errorf("unknown organization: %d", r.Status)
		}
	})
}

// TestRestoreByRole: District 21's editors bring a retired service back
// through the staff page, which lists retired services apart with their
// day; its viewers, another city's admin, a citizen and the public may
// not, Tehran's editors cannot reach it through Tehran's pages, and
// restoring a service offered is a conflict. Retiring and restoring are
// audited.
func TestRestoreByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		d21 := e.Org("tehran-district-21")
		items, _, _ := e.App.Catalog.List(ctx, servicecatalog.Query{Org: d21.Slug, Category: "sports"})
		if len(items) != 1 {
			t.Fatalf("sports in District 21: %d", len(items))
		}
		id := strconv.FormatInt(items[0].ID, 10)
		base := "/admin/orgs/tehran-district-21/services"
		editor := e.Staff("editor@d21.example", d21.Slug, auth.Editor)
		if r := editor.PostForm(base+"/"+id+"/retire", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("retire: %d", r.Status)
		}
		page := editor.Get(base)
		retired := page.Body[strings.Index(page.Body, "خدمات بازنشسته"):]
		if !strings.Contains(retired, items[0].TitleFa) || !strings.Contains(retired, `action="`+base+"/"+id+`/restore"`) ||
			!strings.Contains(retired, "۱۴۰۵") {
			t.Fatalf("the staff page does not list the retired service apart with its day\n%.3000s", page.Body)
		}
		restore := base + "/" + id + "/restore"
		for who, c := range map[string]*apptest.Client{
			"viewer":  e.Staff("viewer@d21.example", d21.Slug, auth.Viewer),
			"karaj":   e.Staff("admin@karaj.example", "karaj", auth.Admin),
			"citizen": e.Citizen("09121234567"),
		} {
			if r := c.PostForm(restore, url.Values{}); r.Status != http.StatusForbidden {
				t.Errorf("%s restored it: %d", who, r.Status)
			}
		}
		if r := e.Client().PostForm(restore, url.Values{}); r.Status != http.StatusUnauthorized {
			t.Errorf("the public: %d", r.Status)
		}
		tehran := e.Staff("editor@tehran.example", "tehran", auth.Editor)
		if r := tehran.PostForm("/admin/orgs/tehran/services/"+id+"/restore", url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("restored through Tehran's pages: %d", r.Status)
		}
		if r := e.Client().Get("/services/" + id); !strings.Contains(r.Body, `id="retired"`) {
			t.Fatal("a refused restore brought the service back")
		}
		if r := editor.PostForm(restore, url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("restore: %d", r.Status)
		}
		if r := editor.PostForm(restore, url.Values{}); r.Status != http.StatusConflict || !strings.Contains(r.Body, "بازنشسته نیست") {
			t.Errorf("restored twice: %d", r.Status)
		}
		if r := e.Client().Get("/services/" + id); r.Status != http.StatusOK || strings.Contains(r.Body, `id="retired"`) {
			t.Errorf("the restored service's page still says it is retired: %d", r.Status)
		}
		if n, _, _ := e.App.Catalog.List(ctx, servicecatalog.Query{Org: d21.Slug, Category: "sports"}); len(n) != 1 {
			t.Errorf("the public catalog does not list it again")
		}
		entries, err := audit.List(ctx, e.App.DB.Read, e.App.Identity, audit.Query{OrgPath: d21.Path})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, en := range entries {
			if en.Entity == "municipal_service" && en.EntityID == id {
				actions = append(actions, en.Action)
			}
		}
		slices.Sort(actions)
		if !slices.Equal(actions, []string{"service.restore", "service.retire"}) {
			t.Errorf("audited %v, want the retirement and the restoration", actions)
		}
	})
}
