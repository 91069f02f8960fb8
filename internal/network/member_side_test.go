package network_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/network"
)

// activate takes an organization's application through to an active
// membership from the clock's day.
func (s *site) activate(t *testing.T, member string) network.Membership {
	t.Helper()
	svc := s.e.App.Network
	m := s.apply(t, member)
	s.toSubmitted(t, m.ID)
	if _, err := svc.Override(s.ctx, 0, m.ID, "آزمون"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Accept(s.ctx, 0, m.ID); err != nil {
		t.Fatal(err)
	}
	m, err := svc.Activate(s.ctx, 0, m.ID, s.e.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestOwnGroups: an active member's own staff join a commission of the
// association from their membership's page and leave it, audited in their
// organization; a member whose application is a draft, one lapsed for an
// unpaid fee (as of the clock, with no sweep run first), another
// organization's staff, the association's secretariat, a citizen and the
// public are refused.
func TestOwnGroups(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		g, err := svc.CreateGroup(s.ctx, 0, network.Group{AssociationID: s.assoc, Kind: network.Commission, Name: i18nText("کمیسیون محیط زیست", "Environment")})
		if err != nil {
			t.Fatal(err)
		}
		tehran, mashhad, karaj := s.activate(t, "tehran"), s.activate(t, "mashhad"), s.apply(t, "karaj")
		own := e.Staff("intl@tehran.example", "tehran", auth.Secretariat)
		page := fmt.Sprintf("/admin/orgs/tehran/memberships/%d", tehran.ID)
		join, leave := fmt.Sprintf("%s/groups/%d/join", page, g.ID), fmt.Sprintf("%s/groups/%d/leave", page, g.ID)

		must(t, "the member's page", own.Get(page), http.StatusOK, "کمیسیون محیط زیست", `action="`+join+`"`)
		for who, c := range map[string]*apptest.Client{
			"the association's secretariat": e.Staff("sec@test-capitals.example", testSlug, auth.Secretariat),
			"another city's admin":          e.Staff("admin@shiraz.example", "shiraz", auth.Admin),
			"a citizen":                     e.Citizen("09121112233"),
		} {
			must(t, "a join by "+who, c.PostForm(join, url.Values{}), http.StatusForbidden)
		}
		must(t, "a join by the public", e.Client().PostForm(join, url.Values{}), http.StatusUnauthorized)
		must(t, "a join", own.PostForm(join, url.Values{}), http.StatusSeeOther)
		must(t, "the page after joining", own.Get(page), http.StatusOK, "عضو این گروه هستید", `action="`+leave+`"`)
		must(t, "a second join", own.PostForm(join, url.Values{}), http.StatusConflict, "پیش‌تر به این گروه پیوسته")
		if got, _ := svc.Group(s.ctx, g.ID); len(got.Members) != 1 || got.Members[0].Fa != e.Org("tehran").NameFa {
			t.Errorf("the group's members %v, want Tehran", got.Members)
		}
		must(t, "a group of another association", own.PostForm(fmt.Sprintf("%s/groups/%d/join", page, g.ID+1000), url.Values{}), http.StatusNotFound)
		must(t, "a leave", own.PostForm(leave, url.Values{}), http.StatusSeeOther)
		must(t, "a second leave", own.PostForm(leave, url.Values{}), http.StatusConflict, "در این گروه نیست")
		checkAudited(t, e, "tehran", "network.group.join", "network.group.leave")

		draft := e.Staff("intl@karaj.example", "karaj", auth.Secretariat)
		must(t, "a join by an applicant", draft.PostForm(fmt.Sprintf("/admin/orgs/karaj/memberships/%d/groups/%d/join", karaj.ID, g.ID), url.Values{}),
			http.StatusConflict, "فقط اعضای فعال")

		// Mashhad's fee falls due and stays unpaid past the 30 days' grace.
		if _, err := svc.IssueInvoice(s.ctx, 0, mashhad.ID, 1405, e.Clock.Now().Add(24*time.Hour), 0); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(32 * 24 * time.Hour)
		lapsed := e.Staff("intl@mashhad.example", "mashhad", auth.Secretariat)
		must(t, "a join by a lapsed member", lapsed.PostForm(fmt.Sprintf("/admin/orgs/mashhad/memberships/%d/groups/%d/join", mashhad.ID, g.ID), url.Values{}),
			http.StatusConflict, "فقط اعضای فعال")
		if got, _ := svc.Group(s.ctx, g.ID); len(got.Members) != 0 {
			t.Errorf("the group's members %v, want none", got.Members)
		}
	})
}

// TestLateFiles: the applicant attaches files after the draft, while the
// council's approval and the letter are recorded, until the secretariat
// decides; each addition is a step of the history, audited, and the
// secretariat sees the files and the steps.
func TestLateFiles(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		m := s.apply(t, "karaj")
		own := e.Staff("intl@karaj.example", "karaj", auth.Secretariat)
		page := fmt.Sprintf("/admin/orgs/karaj/memberships/%d", m.ID)
		pdf := func(name string) map[string][]byte { return map[string][]byte{name: []byte("%PDF-1.4 " + name)} }

		if _, err := svc.RecordCouncil(s.ctx, 0, m.ID, network.Council{ResolutionNo: "۱", Date: "۱۴۰۵/۰۸/۰۱", Session: "جلسه علنی", Urgency: network.Ordinary}); err != nil {
			t.Fatal(err)
		}
		must(t, "the page offers files", own.Get(page), http.StatusOK, `action="`+page+`/files"`)
		must(t, "a file after the council", own.PostMultipart(page+"/files", nil, "files", pdf("مصوبه-شورا.pdf")), http.StatusSeeOther)
		if _, err := svc.Submit(s.ctx, 0, m.ID, "۹۹"); err != nil {
			t.Fatal(err)
		}
		must(t, "no file chosen", own.PostMultipart(page+"/files", nil, "files", nil), http.StatusUnprocessableEntity, "پرونده‌ای برای پیوست انتخاب کنید")
		must(t, "a file that is not one", own.PostMultipart(page+"/files", nil, "files", map[string][]byte{"x.exe": []byte("MZ")}), http.StatusUnprocessableEntity)
		must(t, "a file after the letter", own.PostMultipart(page+"/files", nil, "files", pdf("نقشه.pdf")), http.StatusSeeOther)

		sec := e.Staff("sec@test-capitals.example", testSlug, auth.Secretariat)
		secPage := fmt.Sprintf("/admin/associations/%s/memberships/%d", testSlug, m.ID)
		must(t, "the secretariat's view", sec.Get(secPage), http.StatusOK, "مصوبه-شورا.pdf", "نقشه.pdf", "افزودن پیوست")
		must(t, "the secretariat may not attach", sec.PostMultipart(page+"/files", nil, "files", pdf("x.pdf")), http.StatusForbidden)
		must(t, "another city may not attach", e.Staff("admin@shiraz.example", "shiraz", auth.Admin).PostMultipart(page+"/files", nil, "files", pdf("x.pdf")),
			http.StatusForbidden)
		must(t, "the public may not attach", e.Client().PostMultipart(page+"/files", nil, "files", pdf("x.pdf")), http.StatusUnauthorized)
		if files, _ := svc.Files(s.ctx, m.ID); len(files) != 3 {
			t.Errorf("%d files, want the report and two more", len(files))
		}

		if _, err := svc.Override(s.ctx, 0, m.ID, "آزمون"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Accept(s.ctx, 0, m.ID); err != nil {
			t.Fatal(err)
		}
		r := own.PostMultipart(page+"/files", nil, "files", pdf("دیرهنگام.pdf"))
		must(t, "a file after the decision", r, http.StatusConflict, "تصمیم گرفته است")
		if strings.Contains(own.Get(page).Body, page+"/files") {
			t.Errorf("the page still offers files after the decision")
		}
		steps, _ := svc.History(s.ctx, m.ID)
		var notes []string
		for _, st := range steps {
			if st.Action == "files" {
				notes = append(notes, st.Note)
			}
		}
		if strings.Join(notes, " | ") != "مصوبه-شورا.pdf | نقشه.pdf" {
			t.Errorf("the history's additions %q", notes)
		}
		checkAudited(t, e, "karaj", "network.membership.files")
	})
}

// TestQuotaUnderConcurrency: twenty allocations of a benefit with three
// seats a year, sent at once for one member, give it exactly three seats
// on both engines; the others are refused as over the quota.
func TestQuotaUnderConcurrency(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		b, m := s.training(t), s.activate(t, "tehran")
		const n = 20
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = svc.Allocate(s.ctx, 0, b.AssociationID, b.ID, m.ID, fmt.Sprintf("کارشناس %d", i), "دوره")
			}()
		}
		close(start)
		wg.Wait()
		given := 0
		for _, err := range errs {
			switch {
			case err == nil:
				given++
			case !apperr.Is(err, apperr.Conflict):
				t.Errorf("an allocation failed otherwise than on the quota: %v", err)
			}
		}
		all, _ := svc.Allocations(s.ctx, s.assoc)
		if given != 3 || len(all) != 3 {
			t.Errorf("%d allocations succeeded and %d are stored, want 3 and 3", given, len(all))
		}
	})
}

// TestLapseShowsOnPages: once the grace period of an unpaid fee has
// passed by the clock, the association's public page, its secretariat's
// page and the API show the member lapsed, with no sweep run by anyone.
func TestLapseShowsOnPages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s, svc := newSite(t, e), e.App.Network
		m := s.activate(t, "tehran")
		if _, err := svc.IssueInvoice(s.ctx, 0, m.ID, 1405, e.Clock.Now().Add(10*24*time.Hour), 0); err != nil {
			t.Fatal(err)
		}
		anon := e.Client()
		page := "/associations/" + testSlug
		must(t, "within the grace period", anon.Get(page+"?status=active"), http.StatusOK, "۱ تا ۱ از ۱", "شهرداری تهران")
		e.Clock.Advance(41 * 24 * time.Hour)
		must(t, "past it", anon.Get(page+"?status=lapsed"), http.StatusOK, "۱ تا ۱ از ۱", "شهرداری تهران", "معلق به سبب پرداخت‌نشدن حق عضویت")
		must(t, "the API", anon.Get("/api/v1/associations"), http.StatusOK, `"status":"lapsed"`)
		if got, _ := svc.Membership(s.ctx, m.ID); got.Status != network.Lapsed {
			t.Errorf("stored status %s, want lapsed", got.Status)
		}
	})
}
