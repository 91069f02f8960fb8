package network_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/network"
)

func must(t *testing.T, what string, r apptest.Response, status int, wants ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%.1500s", what, r.Status, status, r.Body)
	}
	for _, w := range wants {
		if !strings.Contains(r.Body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
	if strings.Contains(r.Body, "[network.") {
		t.Errorf("%s shows a missing catalog key", what)
	}
}

// TestPagesFlow: Karaj's staff apply through the pages with a PDF, record
// the council's approval and the letter; Metropolis's secretariat waives
// the threshold, accepts, activates and bills; the public page shows the
// member on the map; the exports list it. Each side is kept to its role.
func TestPagesFlow(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		newSite(t, e)
		karaj := e.Staff("staff@karaj.example", "karaj", auth.Secretariat)
		sec := e.Staff("sec@metropolis.example", testSlug, auth.Secretariat)
		citizen, anon := e.Citizen("09121234567"), e.Client()
		other := e.Staff("staff@shiraz.example", "shiraz", auth.Admin)

		r := karaj.PostMultipart("/admin/orgs/karaj/memberships", url.Values{"association": {testSlug}, "justification": {"  "}},
			"files", nil)
		must(t, "an empty application", r, http.StatusUnprocessableEntity)
		r = karaj.PostMultipart("/admin/orgs/karaj/memberships", url.Values{"association": {testSlug}, "justification": {"کرج کلانشهری در حال رشد است"}},
			"files", map[string][]byte{"گزارش.pdf": []byte("%PDF-1.4 report")})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("apply: %d\n%.1000s", r.Status, r.Body)
		}
		base := r.Header.Get("Location")
		page := karaj.Get(base)
		must(t, "the application", page, http.StatusOK, "گزارش.pdf", "فاقد شرط جمعیت", "مصوبه شورای شهر")
		ms, _ := e.App.Network.MembershipsBy(t.Context(), e.Org("karaj").ID)
		id := ms[0].ID
		secBase := fmt.Sprintf("/admin/associations/%s/memberships/%d", testSlug, id)

		must(t, "submit a draft", karaj.PostForm(base+"/submit", url.Values{"letter_ref": {"۱"}}), http.StatusConflict, "نمی‌تواند")
		must(t, "a council record by an outsider", other.PostForm(strings.Replace(base, "/karaj/", "/shiraz/", 1)+"/council", url.Values{}), http.StatusNotFound)
		must(t, "council", karaj.PostForm(base+"/council", url.Values{"resolution_no": {"۱۲۳"}, "resolution_date": {"۱۴۰۱/۰۵/۱۲"},
			"session": {"نخستین جلسه علنی"}, "urgency": {"double"}}), http.StatusSeeOther)
		must(t, "submit", karaj.PostForm(base+"/submit", url.Values{"letter_ref": {"۴۵۶۷"}}), http.StatusSeeOther)
		must(t, "the applicant may not accept", karaj.PostForm(secBase+"/accept", url.Values{}), http.StatusForbidden)
		must(t, "accept under the threshold", sec.PostForm(secBase+"/accept", url.Values{}), http.StatusConflict, "چشم‌پوشی")
		must(t, "override", sec.PostForm(secBase+"/override", url.Values{"override_reason": {"مرکز منطقه کلانشهری البرز"}}), http.StatusSeeOther)
		must(t, "accept", sec.PostForm(secBase+"/accept", url.Values{}), http.StatusSeeOther)
		must(t, "activate", sec.PostForm(secBase+"/activate", url.Values{"since": {"۱۴۰۵/۰۹/۰۱"}}), http.StatusSeeOther)
		must(t, "invoice", sec.PostForm(secBase+"/invoice", url.Values{"year": {"۱۴۰۵"}, "due": {"۱۴۰۵/۱۰/۰۱"}}), http.StatusSeeOther)
		must(t, "the secretariat's page", sec.Get("/admin/associations/"+testSlug), http.StatusOK, "شهرداری کرج", "۷٬۰۰۰ یورو")
		invs, _ := e.App.Network.InvoicesOf(t.Context(), id)
		must(t, "pay", sec.PostForm(fmt.Sprintf("/admin/associations/%s/invoices/%d/payment", testSlug, invs[0].ID),
			url.Values{"paid_on": {"1405/09/10"}, "payment_ref": {"TX-1"}}), http.StatusSeeOther)
		must(t, "the history", sec.Get(secBase), http.StatusOK, "با قید دو فوریت", "مرکز منطقه کلانشهری البرز", "پرداخت و تمدید")

		for _, c := range []*apptest.Client{anon, citizen, other} {
			must(t, "the public page", c.Get("/associations/"+testSlug), http.StatusOK, "شهرداری کرج", "عضو فعال", "بارسلون")
			if r := c.Get("/admin/associations/" + testSlug); r.Status == http.StatusOK {
				t.Errorf("the secretariat's page answers someone else")
			}
			if r := c.Get(base); r.Status == http.StatusOK {
				t.Errorf("the application answers someone else")
			}
		}
		// Mashhad has a point: the map shows it (Karaj has no geometry).
		s := &site{e: e, ctx: t.Context(), slug: testSlug, assoc: e.Org(testSlug).ID}
		mashhad := s.apply(t, "mashhad")
		s.toSubmitted(t, mashhad.ID)
		e.App.Network.Accept(t.Context(), 0, mashhad.ID)
		e.App.Network.Activate(t.Context(), 0, mashhad.ID, e.Clock.Now())
		must(t, "the map", anon.Get("/associations/"+testSlug), http.StatusOK, "<svg", "<title>شهرداری مشهد</title>")
		must(t, "the English page", anon.Get("/associations/"+testSlug+"?lang=en"), http.StatusOK, "Karaj Municipality", "Active member", "Test Capitals")
		must(t, "search with other letters", e.Client().Get("/associations?q="+url.QueryEscape("كلانشهرهاي آزمون")), http.StatusOK, "انجمن کلانشهرهای آزمون")
		must(t, "members CSV", sec.Get("/admin/associations/"+testSlug+"/export/members.csv"), http.StatusOK, "karaj", "active")
		must(t, "fees CSV", sec.Get("/admin/associations/"+testSlug+"/export/fees.csv"), http.StatusOK, "700000", "EUR", "TX-1")
		if r := sec.Get("/admin/associations/" + testSlug + "/export/fees.xlsx"); r.Status != 200 || !strings.HasPrefix(r.Body, "PK") {
			t.Errorf("fees XLSX: %d", r.Status)
		}
		m, _ := e.App.Network.Membership(t.Context(), id)
		if m.Status != network.Active {
			t.Errorf("status %s", m.Status)
		}
	})
}
