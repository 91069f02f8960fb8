package budgeting_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
)

// tehranMidnight is 00:00 in Tehran on a Gregorian day, written out
// independently of the Jalali code: 1 Azar 1405 is 22 November 2026.
func tehranMidnight(t *testing.T, y int, m time.Month, d int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Asia/Tehran")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// newProcessForm is the form an administrator of District 21 fills to
// create a process, typed as a Persian user would: Persian digits and
// separators.
func newProcessForm(e *apptest.Env) url.Values {
	return url.Values{
		"org": {strconv.FormatInt(e.Org("tehran-district-21").ID, 10)}, "slug": {"d21-1406"},
		"title_fa": {"من شهردارم منطقه ۲۱، ۱۴۰۶"}, "title_en": {"I am Mayor, District 21, 1406"},
		"description_fa": {"بودجه محله‌ها را خودتان تعیین کنید."}, "description_en": {""},
		"rule": {"equalshares/add1"}, "ballot": {"approval"}, "min_choices": {""}, "max_choices": {""}, "max_points": {""},
		"proposers": {"signed_in"}, "eligibility": {"resident"}, "min_age": {"۱۶"}, "scope": {"own"},
		"start_proposals": {"۱۴۰۵/۰۹/۰۱"}, "end_proposals": {"۱۴۰۵/۰۹/۱۰"},
		"start_review": {"۱۴۰۵/۰۹/۱۱"}, "end_review": {"۱۴۰۵/۰۹/۱۵"},
		"start_voting": {"1405/9/16"}, "end_voting": {"۱۴۰۵/۰۹/۳۰"},
		"start_results": {"۱۴۰۵/۱۰/۰۱"}, "end_results": {"۱۴۰۵/۱۲/۲۹"},
		"heading_id": {"", "", ""}, "heading_name_fa": {"ویلاشهر", "وردآورد", ""}, "heading_name_en": {"Villashahr", "", ""},
		"heading_area":   {strconv.FormatInt(e.Org("tehran-21-villashahr").ID, 10), strconv.FormatInt(e.Org("tehran-21-vardavard").ID, 10), "0"},
		"heading_budget": {"۵۰۰٬۰۰۰٬۰۰۰", "300,000,000", ""},
	}
}

// auditCount counts District 21's audit entries of an action on a
// process.
func auditCount(t *testing.T, e *apptest.Env, action string, processID int64) int {
	t.Helper()
	entries, err := e.App.Orgs.AuditLog(context.Background(), audit.Query{OrgPath: e.Org("tehran-district-21").Path, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, en := range entries {
		if en.Action == action && en.EntityID == strconv.FormatInt(processID, 10) {
			n++
		}
	}
	return n
}

func with(v url.Values, changes map[string][]string) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	for k, vs := range changes {
		out[k] = vs
	}
	return out
}

// TestProcessSettingsCreate: an administrator of District 21 creates a
// process from the form, in Persian digits and Jalali dates; bad forms
// are refused with the problem shown and nothing stored.
func TestProcessSettingsCreate(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		admin := e.Staff("runner@d21.example", "tehran-district-21", auth.Admin)
		if r := admin.Get("/admin/budgets"); r.Status != http.StatusOK || !strings.Contains(r.Body, `href="/admin/budgets/new"`) {
			t.Fatalf("index: %d, link to a new process missing", r.Status)
		}
		// One organization to choose from: the form opens on it, with its
		// neighbourhoods as areas and no other district's.
		blank := admin.Get("/admin/budgets/new")
		villashahr := strconv.FormatInt(e.Org("tehran-21-villashahr").ID, 10)
		mustContain(t, "new process form", blank.Body, `name="heading_area"`, `<option value="`+villashahr+`"`, `name="start_voting"`)
		mustNotContain(t, "new process form", blank.Body, strconv.FormatInt(e.Org("karaj").ID, 10)+`" selected`)

		bad := map[string]map[string][]string{
			"an impossible date":          {"start_voting": {"۱۴۰۵/۱۳/۰۱"}},
			"a phase ending before start": {"end_review": {"۱۴۰۵/۰۹/۰۵"}},
			"no voting phase":             {"start_voting": {""}, "end_voting": {""}},
			"a budget in words":           {"heading_budget": {"پانصد میلیون", "300,000,000", ""}},
			"an area of another city":     {"heading_area": {strconv.FormatInt(e.Org("karaj").ID, 10), "0", "0"}},
			"two headings of one name":    {"heading_name_fa": {"ویلاشهر", "ويلاشهر", ""}},
			"an organization not theirs":  {"org": {strconv.FormatInt(e.Org("karaj").ID, 10)}},
			"a negative age":              {"min_age": {"-3"}},
			"a slug with capitals":        {"slug": {"D21"}},
		}
		for name, change := range bad {
			r := admin.PostForm("/admin/budgets", with(newProcessForm(e), change))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `class="field-error"`) {
				t.Errorf("%s: status %d, want 422 with the problem shown\n%.600s", name, r.Status, r.Body)
			}
		}
		if _, err := e.App.Budget.ProcessBySlug(ctx, "d21-1406"); err == nil {
			t.Fatal("a refused form stored a process")
		}

		r := admin.PostForm("/admin/budgets", newProcessForm(e))
		if r.Status != http.StatusSeeOther {
			t.Fatalf("create: %d\n%.2000s", r.Status, r.Body)
		}
		p, err := e.App.Budget.ProcessBySlug(ctx, "d21-1406")
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("/admin/budgets/%d/settings", p.ID); r.Header.Get("Location") != want {
			t.Errorf("create went to %q, want %q", r.Header.Get("Location"), want)
		}
		if p.MinAge != 16 || p.Eligibility != budgeting.Resident || p.Proposers != budgeting.SignedIn || p.Rule != "equalshares/add1" ||
			p.Scope != budgeting.OwnHeading || p.OrgID != e.Org("tehran-district-21").ID {
			t.Errorf("stored rules: %+v", p)
		}
		if len(p.Headings) != 2 || p.Headings[0].Budget != 500_000_000 || p.Headings[1].Budget != 300_000_000 ||
			p.Headings[0].AreaID != e.Org("tehran-21-villashahr").ID || p.Headings[1].NameFa != "وردآورد" {
			t.Errorf("stored headings: %+v", p.Headings)
		}
		proposals, _ := p.Window(budgeting.Proposals)
		voting, _ := p.Window(budgeting.Voting)
		if len(p.Phases) != 4 || !proposals.Start.Equal(tehranMidnight(t, 2026, 11, 22)) ||
			!voting.Start.Equal(tehranMidnight(t, 2026, 12, 7)) || !voting.End.Equal(tehranMidnight(t, 2026, 12, 22)) {
			t.Errorf("stored phases: %+v", p.Phases)
		}
		if n := auditCount(t, e, "budgeting.process.create", p.ID); n != 1 {
			t.Errorf("audit of the creation: %d entries, want 1", n)
		}
	})
}

// TestProcessSettingsEdit: the settings page shows the process as stored,
// sends it back unchanged to the instant, and changes what may change:
// everything before voting, only texts and dates ahead once it has begun.
func TestProcessSettingsEdit(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Approval) // phases at 10:00 Tehran, not midnight
		admin := e.Staff("runner@d21.example", "tehran-district-21", auth.Admin)
		settings := s.base + "/settings"
		page := admin.Get(settings)
		if page.Status != http.StatusOK {
			t.Fatalf("settings: %d\n%.1000s", page.Status, page.Body)
		}
		// 1405/08/30 is 21 November 2026, the clock's day.
		mustContain(t, "settings page", page.Body, `value="۱۴۰۵/۰۸/۳۰"`, `value="ویلاشهر"`, `value="۵۰۰٬۰۰۰٬۰۰۰"`)
		form, ok := page.Form(settings)
		if !ok {
			t.Fatal("settings page has no form posting to itself")
		}
		// Sent back as shown: nothing changes, not even the phases' times
		// of day, which the form shows only as dates.
		if r := admin.PostForm(settings, form); r.Status != http.StatusSeeOther {
			t.Fatalf("unchanged form: %d\n%.2000s", r.Status, r.Body)
		}
		same, err := e.App.Budget.Process(ctx, s.p.ID)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range s.p.Phases {
			if !same.Phases[i].Start.Equal(w.Start) || !same.Phases[i].End.Equal(w.End) {
				t.Errorf("phase %s moved from %v–%v to %v–%v", w.Phase, w.Start, w.End, same.Phases[i].Start, same.Phases[i].End)
			}
		}

		// Before voting: rename, add a heading, remove one without
		// proposals, change the rule; a heading with a proposal stays.
		s.submit(t, 0, "پارک محله", 100_000_000)
		edit := with(form, map[string][]string{"title_fa": {"من شهردارم ۲۱ (ویرایش)"}, "rule": {"greedy"},
			"heading_id":      {strconv.FormatInt(s.p.Headings[0].ID, 10), strconv.FormatInt(s.p.Headings[1].ID, 10), ""},
			"heading_name_fa": {"ویلاشهر", "", "شهرک دانشگاه"}, "heading_name_en": {"Villashahr", "", ""},
			"heading_area":   {strconv.FormatInt(e.Org("tehran-21-villashahr").ID, 10), "0", "0"},
			"heading_budget": {"۶۰۰٬۰۰۰٬۰۰۰", "", "۱۰۰٬۰۰۰٬۰۰۰"}})
		if r := admin.PostForm(settings, edit); r.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%.2000s", r.Status, r.Body)
		}
		p, _ := e.App.Budget.Process(ctx, s.p.ID)
		if p.TitleFa != "من شهردارم ۲۱ (ویرایش)" || p.Rule != "greedy" || len(p.Headings) != 2 || p.Headings[0].Budget != 600_000_000 ||
			p.Headings[1].NameFa != "شهرک دانشگاه" || p.Slug != s.p.Slug {
			t.Errorf("after the edit: %+v", p)
		}
		removeUsed := with(edit, map[string][]string{"heading_name_fa": {"", "شهرک دانشگاه", ""}, "heading_name_en": {"", "", ""},
			"heading_budget": {"", "۱۰۰٬۰۰۰٬۰۰۰", ""}, "heading_id": {strconv.FormatInt(p.Headings[0].ID, 10), strconv.FormatInt(p.Headings[1].ID, 10), ""}})
		if r := admin.PostForm(settings, removeUsed); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("removing a heading with a proposal: %d, want 422", r.Status)
		}

		// Voting under way: the rules and past dates stay; the end of the
		// vote may move later.
		e.Clock.Advance(3 * time.Hour)
		frozen := admin.Get(settings)
		mustContain(t, "settings during voting", frozen.Body, "role=\"note\"")
		form, _ = frozen.Form(settings)
		const rulesStay, pastStays = "دیگر تغییر نمی‌کند", "تاریخ‌هایی که گذشته‌اند تغییر نمی‌کنند"
		refused := []struct {
			name   string
			change map[string][]string
			status int
			says   string
		}{
			{"another rule", map[string][]string{"rule": {"equalshares/add1"}}, http.StatusConflict, rulesStay},
			{"another budget", map[string][]string{"heading_budget": {"۷۰۰٬۰۰۰٬۰۰۰", "۱۰۰٬۰۰۰٬۰۰۰"}}, http.StatusConflict, rulesStay},
			{"a minimum age", map[string][]string{"min_age": {"18"}}, http.StatusConflict, rulesStay},
			{"the review removed after it ran", map[string][]string{"start_review": {""}, "end_review": {""}}, http.StatusUnprocessableEntity, pastStays},
			{"the vote's start moved", map[string][]string{"start_review": {""}, "end_review": {""}, "start_voting": {"۱۴۰۵/۰۸/۳۰"}},
				http.StatusUnprocessableEntity, pastStays},
		}
		for _, c := range refused {
			r := admin.PostForm(settings, with(form, c.change))
			if r.Status != c.status || !strings.Contains(r.Body, c.says) {
				t.Errorf("%s during voting: %d, want %d saying %q", c.name, r.Status, c.status, c.says)
			}
		}
		unchanged, _ := e.App.Budget.Process(ctx, s.p.ID)
		if unchanged.Rule != "greedy" || unchanged.MinAge != 0 || unchanged.Headings[0].Budget != 600_000_000 {
			t.Errorf("a refused change was stored: %+v", unchanged)
		}
		// Voting runs from 1405/08/30 12:00 to 1405/09/01 12:00; it is
		// extended to the end of 1405/09/03, 00:00 on 25 November.
		extend := with(form, map[string][]string{"end_voting": {"۱۴۰۵/۰۹/۰۳"}, "start_results": {"۱۴۰۵/۰۹/۰۴"}, "end_results": {"۱۴۰۵/۰۹/۲۰"},
			"title_en": {"I am Mayor, District 21 (extended)"}})
		if r := admin.PostForm(settings, extend); r.Status != http.StatusSeeOther {
			t.Fatalf("extending the vote: %d\n%.2000s", r.Status, r.Body)
		}
		p, _ = e.App.Budget.Process(ctx, s.p.ID)
		voting, _ := p.Window(budgeting.Voting)
		if !voting.End.Equal(tehranMidnight(t, 2026, 11, 25)) || !voting.Start.Equal(s.p.Phases[2].Start) || p.TitleEn != "I am Mayor, District 21 (extended)" {
			t.Errorf("after extending: voting %v–%v, title %q", voting.Start, voting.End, p.TitleEn)
		}
		if n := auditCount(t, e, "budgeting.process.update", p.ID); n != 3 {
			t.Errorf("audit of the updates: %d entries, want 3", n)
		}
	})
}

// TestProcessSettingsByTree: Karaj's administrator runs processes, but
// not in Tehran: creating one in District 21 is refused, and so is
// changing one there (TestStaffRoutesByRole tries every role).
func TestProcessSettingsByTree(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newStaffSite(t, e, budgeting.Approval)
		karaj := e.Staff("admin@karaj.example", "karaj", auth.Admin)
		if r := karaj.Get("/admin/budgets/new"); r.Status != http.StatusOK || strings.Contains(r.Body, "ویلاشهر") {
			t.Errorf("Karaj's new-process form: %d, or it offers District 21's neighbourhoods", r.Status)
		}
		if r := karaj.PostForm("/admin/budgets", newProcessForm(e)); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("Karaj's admin creating in District 21: %d, want 422", r.Status)
		}
		if r := karaj.PostForm(s.base+"/settings", url.Values{"title_fa": {"ربوده"}}); r.Status != http.StatusForbidden {
			t.Errorf("Karaj's admin changing District 21's process: %d, want 403", r.Status)
		}
		if _, err := e.App.Budget.ProcessBySlug(context.Background(), "d21-1406"); err == nil {
			t.Error("a refused form stored a process")
		}
	})
}
