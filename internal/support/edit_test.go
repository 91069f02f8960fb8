package support_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/support"
)

func id(n int64) string { return strconv.FormatInt(n, 10) }

// dayValue is an instant's Jalali day in Tehran, as 1405/09/01.
func dayValue(t time.Time) string { return jalali.FromTime(t.In(jalali.Tehran())).Numeric() }

// demoRecords are the demo's support records the edit tests work on.
type demoRecords struct {
	planned, done support.Visit // Khaf's planned visit; Roshtkhar's, reported, with findings and actions
	project       support.Project
}

func records(t *testing.T, e *apptest.Env) demoRecords {
	ctx, s, co := context.Background(), e.App.Support, coop(t, e)
	var d demoRecords
	visits, err := s.Visits(ctx, co, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range visits {
		full, err := s.Visit(ctx, co, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Status == support.Planned {
			d.planned = full
		} else {
			d.done = full
		}
	}
	ps, err := s.Projects(ctx, co, 0)
	if err != nil || len(ps) == 0 {
		t.Fatalf("projects: %v", err)
	}
	if d.project, err = s.Project(ctx, co, ps[0].ID); err != nil {
		t.Fatal(err)
	}
	if d.planned.ID == 0 || len(d.done.Findings) == 0 || len(d.done.Actions) == 0 || len(d.project.Stages) == 0 {
		t.Fatalf("the demo lacks a record: %+v", d)
	}
	return d
}

// editing is what an edit test starts from: the demo's records, and a
// client signed in with role in the cooperation organization.
func editing(t *testing.T, e *apptest.Env, email string, role auth.Role) (demoRecords, *apptest.Client) {
	return records(t, e), e.Staff(email, demo.HamyariSlug, role)
}

// audited counts the audit entries of a person's action on a record.
func audited(t *testing.T, e *apptest.Env, action string, entity int64) int {
	var n int
	err := e.App.DB.Read.QueryRowContext(context.Background(), `SELECT count(*) FROM audit_log
		WHERE action = $1 AND entity_id = $2 AND actor_id IS NOT NULL`, "support."+action, id(entity)).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestEditFormsAreTheCreateFormsFilledIn opens every edit form, checks
// that it shows the record (days in Persian digits, shares as
// percentages), and sends it back untouched: the record stays as it was,
// so each form is read exactly as it was filled.
func TestEditFormsAreTheCreateFormsFilledIn(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		d := records(t, e)
		c := e.SignInStaff(demo.HamyariEmail, demo.Password)
		v, p := base+"/visits/", base+"/projects/"
		for _, f := range []struct {
			page, action string
			shows        []string // name=value pairs the form must hold
		}{
			{v + id(d.planned.ID) + "/edit", "", []string{"town=" + id(d.planned.TownID), "purpose=" + d.planned.Purpose}},
			{v + id(d.done.ID), v + id(d.done.ID) + "/report", []string{"visited_on=۱۳۹۹/۱۲/۱۱", "participant_role=mayor",
				"participant_name=علی احمدپور، شهردار رشتخوار"}},
			{v + id(d.done.ID) + "/findings/" + id(d.done.Findings[1].ID) + "/edit", "", []string{"kind=need", "category=management", "priority=medium"}},
			{v + id(d.done.ID) + "/actions/" + id(d.done.Actions[0].ID) + "/edit", "", []string{"owner=" + d.done.Actions[0].Owner, "status=open"}},
			{p + id(d.project.ID) + "/edit", "", []string{"share_coop=۴۰", "share_town=۳۰", "expected_revenue=۸٬۰۰۰٬۰۰۰٬۰۰۰", "status=study"}},
			{p + id(d.project.ID) + "/stages/" + id(d.project.Stages[0].ID) + "/edit", "", []string{"name=" + d.project.Stages[0].Name}},
		} {
			if f.action == "" {
				f.action = f.page
			}
			r := c.Get(f.page)
			form, ok := r.Form(f.action)
			if r.Status != 200 || !ok {
				t.Fatalf("%s: %d, form %s found %v", f.page, r.Status, f.action, ok)
			}
			for _, kv := range f.shows {
				k, val, _ := strings.Cut(kv, "=")
				if !contains(form[k], val) {
					t.Errorf("%s: %s is %q, want %q", f.page, k, form[k], val)
				}
			}
			if r := c.PostForm(f.action, form); r.Status != http.StatusSeeOther {
				t.Errorf("%s sent back untouched: %d\n%.400s", f.action, r.Status, r.Body[strings.Index(r.Body, "<main"):])
			}
		}
		after := records(t, e)
		after.project.UpdatedAt, d.project.UpdatedAt = time.Time{}, time.Time{}
		if !reflect.DeepEqual(after, d) {
			t.Errorf("records changed by untouched forms:\nbefore %+v\nafter  %+v", d, after)
		}
		if ranked, _, _ := s.Priorities(ctx, co); len(ranked) != 10 {
			t.Errorf("%d towns", len(ranked))
		}
	})
}

func contains(vals []string, v string) bool {
	for _, x := range vals {
		if x == v {
			return true
		}
	}
	return false
}

// TestVisitPlanEditAndCancel edits a planned visit, cancels it and plans
// it again, and checks what a visit made or cancelled allows.
func TestVisitPlanEditAndCancel(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		d, c := editing(t, e, "sec@hamyari.example", auth.Secretariat)
		bardaskan, _ := s.Town(ctx, co, "bardaskan")
		planned := base + "/visits/" + id(d.planned.ID)

		// A bad day is a 422 in Persian (and English), and nothing changes.
		bad := url.Values{"town": {id(bardaskan.ID)}, "planned_on": {"۱۴۰۵/۱۳/۰۱"}, "purpose": {"بازدید پیگیری"}}
		if r := c.PostForm(planned+"/edit", bad); r.Status != 422 || !strings.Contains(r.Body, "تاریخ بازدید را به شکل") {
			t.Errorf("bad day: %d", r.Status)
		}
		en := e.Staff("sec-en@hamyari.example", demo.HamyariSlug, auth.Secretariat)
		en.Get("/?lang=en")
		if r := en.PostForm(planned+"/edit", bad); r.Status != 422 ||
			!strings.Contains(r.Body, "Enter the visit&#39;s date as 1405/09/01") {
			t.Errorf("bad day in English: %d", r.Status)
		}
		if v, _ := s.Visit(ctx, co, d.planned.ID); !reflect.DeepEqual(v, d.planned) {
			t.Errorf("a refused edit changed the visit: %+v", v)
		}
		// The plan moves to Bardaskan on another day.
		good := url.Values{"town": {id(bardaskan.ID)}, "planned_on": {"۱۴۰۵/۰۹/۲۰"}, "purpose": {" بازدید پیگیری "}}
		if r := c.PostForm(planned+"/edit", good); r.Status != http.StatusSeeOther || r.Header.Get("Location") != planned {
			t.Fatalf("edit: %d %s", r.Status, r.Header.Get("Location"))
		}
		v, _ := s.Visit(ctx, co, d.planned.ID)
		if v.TownID != bardaskan.ID || v.Purpose != "بازدید پیگیری" || !strings.Contains(c.Get(planned).Body, "۲۰ آذر ۱۴۰۵") {
			t.Errorf("edited plan: %+v", v)
		}
		if audited(t, e, "visit.edit", d.planned.ID) != 1 {
			t.Error("the edit is not in the audit log")
		}
		// Cancelled: no plan edit, no report (409), until planned again.
		if r := c.PostForm(planned+"/status", url.Values{"status": {"cancelled"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("cancel: %d", r.Status)
		}
		report := url.Values{"visited_on": {"1405/09/20"}, "participant_name": {"شهردار"}, "participant_role": {"mayor"}}
		for path, form := range map[string]url.Values{planned + "/edit": good, planned + "/report": report,
			planned + "/status": {"status": {"cancelled"}}} {
			if r := c.PostForm(path, form); r.Status != http.StatusConflict {
				t.Errorf("%s of a cancelled visit: %d", path, r.Status)
			}
		}
		if r := c.Get(planned + "/edit"); r.Status != http.StatusConflict {
			t.Errorf("edit page of a cancelled visit: %d", r.Status)
		}
		if r := c.PostForm(planned+"/status", url.Values{"status": {"planned"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("plan again: %d", r.Status)
		}
		// Reported, it is done: its report can be corrected, its plan
		// not, and it cannot be cancelled.
		if r := c.PostForm(planned+"/report", report); r.Status != http.StatusSeeOther {
			t.Fatalf("report: %d", r.Status)
		}
		report.Set("summary", "گزارش اصلاح‌شده")
		report["participant_name"] = []string{"شهردار بردسکن", "عضو شورا"}
		report["participant_role"] = []string{"mayor", "council_member"}
		if r := c.PostForm(planned+"/report", report); r.Status != http.StatusSeeOther {
			t.Fatalf("corrected report: %d", r.Status)
		}
		if v, _ := s.Visit(ctx, co, d.planned.ID); v.Status != support.Done || v.Summary != "گزارش اصلاح‌شده" || len(v.Participants) != 2 {
			t.Errorf("corrected report: %+v", v)
		}
		for _, path := range []string{planned + "/edit", planned + "/status"} {
			if r := c.PostForm(path, url.Values{"status": {"cancelled"}, "town": {id(bardaskan.ID)}, "planned_on": {"1405/10/01"}, "purpose": {"x"}}); r.Status != http.StatusConflict {
				t.Errorf("%s of a done visit: %d", path, r.Status)
			}
		}
		if n := audited(t, e, "visit.status", d.planned.ID); n != 2 {
			t.Errorf("%d status changes audited, want 2", n)
		}
	})
}

// TestEditAndDeleteFindingsAndActions edits the Roshtkhar visit's
// findings and actions and deletes a finding; the town's score follows.
func TestEditAndDeleteFindingsAndActions(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		d, c := editing(t, e, "ed@hamyari.example", auth.Editor)
		visit := base + "/visits/" + id(d.done.ID)
		need := d.done.Findings[0] // the open high need for revenue
		before := score(t, e, "roshtkhar")

		f := visit + "/findings/" + id(need.ID)
		if r := c.PostForm(f+"/edit", url.Values{"kind": {"need"}, "category": {"revenue"}, "priority": {"urgent"}, "body": {""}}); r.Status != 422 ||
			!strings.Contains(r.Body, "اولویت را انتخاب کنید") || !strings.Contains(r.Body, "این بخش را پر کنید") {
			t.Errorf("bad finding: %d", r.Status)
		}
		edited := url.Values{"kind": {"need"}, "category": {"infrastructure"}, "priority": {"low"}, "body": {"آب‌رسانی"}, "addressed": {"true"}}
		if r := c.PostForm(f+"/edit", edited); r.Status != http.StatusSeeOther || r.Header.Get("Location") != visit {
			t.Fatalf("edit finding: %d", r.Status)
		}
		got, _ := s.Finding(ctx, co, d.done.ID, need.ID)
		if got.Category != "infrastructure" || got.Priority != "low" || got.Body != "آب‌رسانی" || !got.Addressed {
			t.Errorf("edited finding: %+v", got)
		}
		if after := score(t, e, "roshtkhar"); after >= before {
			t.Errorf("score %v → %v after the high need was addressed", before, after)
		}
		// The medium need deleted: gone from the visit and the score.
		medium := d.done.Findings[1]
		mid := score(t, e, "roshtkhar")
		if r := c.PostForm(visit+"/findings/"+id(medium.ID)+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("delete: %d", r.Status)
		}
		if _, err := s.Finding(ctx, co, d.done.ID, medium.ID); err == nil {
			t.Error("the deleted finding is still there")
		}
		if after := score(t, e, "roshtkhar"); after >= mid {
			t.Errorf("score %v → %v after an open need was deleted", mid, after)
		}
		if r := c.PostForm(visit+"/findings/"+id(medium.ID)+"/delete", url.Values{}); r.Status != 404 {
			t.Errorf("deleted twice: %d", r.Status)
		}
		if audited(t, e, "finding.edit", need.ID) != 1 || audited(t, e, "finding.delete", medium.ID) != 1 {
			t.Error("finding changes not audited")
		}

		// The overdue action gets a new owner, day and status.
		a := d.done.Actions[0]
		act := visit + "/actions/" + id(a.ID) + "/edit"
		if r := c.PostForm(act, url.Values{"title": {a.Title}, "owner": {""}, "due_on": {"فردا"}, "status": {"open"}}); r.Status != 422 ||
			!strings.Contains(r.Body, "مهلت را به شکل") {
			t.Errorf("bad action: %d", r.Status)
		}
		if r := c.PostForm(act, url.Values{"title": {a.Title}, "owner": {"معاونت برنامه‌ریزی"}, "due_on": {"۱۴۰۵/۱۰/۱۵"}, "status": {"in_progress"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit action: %d", r.Status)
		}
		got2, _ := s.Action(ctx, co, d.done.ID, a.ID)
		if got2.Owner != "معاونت برنامه‌ریزی" || got2.Status != "in_progress" || got2.DueOn.Equal(a.DueOn) || audited(t, e, "action.edit", a.ID) != 1 {
			t.Errorf("edited action: %+v", got2)
		}
		// Another visit's finding is not found under this one.
		other := base + "/visits/" + id(d.planned.ID) + "/findings/" + id(need.ID) + "/edit"
		if r := c.Get(other); r.Status != 404 {
			t.Errorf("finding under another visit: %d", r.Status)
		}
	})
}

// TestEditProjectPartnersStagesAndDocuments changes the demo project's
// partners and shares (still 100% in all), revenue and status, edits and
// deletes a stage, and attaches and removes a document.
func TestEditProjectPartnersStagesAndDocuments(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, s, co := context.Background(), e.App.Support, coop(t, e)
		d, c := editing(t, e, "adm@hamyari.example", auth.Admin)
		project := base + "/projects/" + id(d.project.ID)
		insurance := e.Org("hamyar-insurance")
		form := url.Values{"town": {id(d.project.TownID)}, "title": {d.project.Title}, "description": {"شرح تازه"},
			"status": {"approved"}, "expected_revenue": {"۹٬۵۰۰٬۰۰۰٬۰۰۰"}, "share_coop": {"۵۰"}, "share_town": {"۳۳٫۵"},
			"share_" + id(insurance.ID): {"10"}}
		if r := c.PostForm(project+"/edit", form); r.Status != 422 || !strings.Contains(r.Body, "۱۰۰ درصد") {
			t.Fatalf("shares of 93.5%%: %d", r.Status)
		}
		if p, _ := s.Project(ctx, co, d.project.ID); !reflect.DeepEqual(p.Partners, d.project.Partners) || p.Status != d.project.Status {
			t.Errorf("a refused edit changed the project: %+v", p)
		}
		form.Set("share_"+id(insurance.ID), "16.5")
		if r := c.PostForm(project+"/edit", form); r.Status != http.StatusSeeOther || r.Header.Get("Location") != project {
			t.Fatalf("edit: %d %.300s", r.Status, r.Body)
		}
		p, _ := s.Project(ctx, co, d.project.ID)
		shares := map[int64]int64{}
		for _, pt := range p.Partners {
			shares[pt.OrgID] = pt.Share
		}
		want := map[int64]int64{co.ID: 5000, d.project.TownID: 3350, insurance.ID: 1650} // Hamyar Sazeh Toos is out
		if !reflect.DeepEqual(shares, want) || p.ExpectedRevenue != 9_500_000_000 || p.Status != "approved" || p.Description != "شرح تازه" {
			t.Errorf("edited project: %+v", p)
		}
		if audited(t, e, "project.edit", d.project.ID) != 1 {
			t.Error("the project edit is not audited")
		}
		// An organization outside the group is refused, as at creation.
		err := s.EditProject(ctx, 1, co, d.project.ID, support.Project{TownID: p.TownID, Title: "x", Status: "idea",
			Partners: []support.Partner{{OrgID: co.ID, Share: 5000}, {OrgID: e.Org("karaj").ID, Share: 5000}}})
		if err == nil || !strings.Contains(err.Error(), "Partners can only be") {
			t.Errorf("partner outside the group: %v", err)
		}

		// A stage: a bad day is refused, then it is renamed, moved, done,
		// and another deleted.
		st := d.project.Stages[0]
		stage := project + "/stages/" + id(st.ID)
		if r := c.PostForm(stage+"/edit", url.Values{"name": {""}, "planned_on": {"1405/02/31"}}); r.Status != 422 {
			t.Errorf("bad stage: %d", r.Status)
		}
		if r := c.PostForm(stage+"/edit", url.Values{"name": {"مطالعه و امکان‌سنجی"}, "planned_on": {"1405/12/01"}, "done": {"true"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("edit stage: %d", r.Status)
		}
		gone := d.project.Stages[1]
		if r := c.PostForm(project+"/stages/"+id(gone.ID)+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("delete stage: %d", r.Status)
		}
		got, _ := s.Stage(ctx, co, d.project.ID, st.ID)
		if !got.Done || got.Name != "مطالعه و امکان‌سنجی" || dayValue(got.PlannedOn) != "1405/12/01" {
			t.Errorf("edited stage: %+v", got)
		}
		if p, _ = s.Project(ctx, co, d.project.ID); len(p.Stages) != len(d.project.Stages)-1 {
			t.Errorf("stages after a deletion: %+v", p.Stages)
		}
		if audited(t, e, "stage.edit", st.ID) != 1 || audited(t, e, "stage.delete", gone.ID) != 1 {
			t.Error("stage changes not audited")
		}

		// A document attached, then removed.
		pdf := []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")
		if r := c.PostMultipart(project+"/documents", nil, "files", map[string][]byte{"study.pdf": pdf}); r.Status != http.StatusSeeOther {
			t.Fatalf("attach: %d %.300s", r.Status, r.Body)
		}
		p, _ = s.Project(ctx, co, d.project.ID)
		if len(p.Documents) != 1 {
			t.Fatalf("documents: %+v", p.Documents)
		}
		doc := project + "/documents/" + id(p.Documents[0].ID)
		page := c.Get(project)
		if _, ok := page.Form(doc + "/delete"); !ok {
			t.Error("the project page has no remove button for the document")
		}
		if r := c.PostForm(doc+"/delete", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("remove: %d", r.Status)
		}
		if r := c.Get(doc); r.Status != 404 {
			t.Errorf("removed document: %d", r.Status)
		}
		if audited(t, e, "document.delete", p.Documents[0].ID) != 1 {
			t.Error("the removal is not audited")
		}
	})
}

// TestEditRoutesByRole tries every edit and delete route as each kind of
// person: the organization's staff who run its support (secretariat,
// editor, admin) may, its viewer, a town's own staff, another
// organization's admin and a citizen may not, and the public is sent to
// sign in.
func TestEditRoutesByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		d := records(t, e)
		people := map[string]*apptest.Client{
			"admin":   e.Staff("x-admin@hamyari.example", demo.HamyariSlug, auth.Admin),
			"editor":  e.Staff("x-editor@hamyari.example", demo.HamyariSlug, auth.Editor),
			"viewer":  e.Staff("x-viewer@hamyari.example", demo.HamyariSlug, auth.Viewer),
			"town":    e.Staff("x-town@roshtkhar.example", "roshtkhar", auth.Admin),
			"other":   e.Staff("x-other@karaj.example", "karaj", auth.Admin),
			"citizen": e.Citizen("09151112244"),
			"anon":    e.Client(),
		}
		allowed := map[string]bool{"admin": true, "editor": true}
		v, p := base+"/visits/"+id(d.done.ID), base+"/projects/"+id(d.project.ID)
		pv := base + "/visits/" + id(d.planned.ID)
		for _, rt := range []struct {
			method, path string
			ok           int // the status of those allowed
		}{
			{"GET", pv + "/edit", 200},
			{"POST", pv + "/edit", 422}, // an empty form
			{"GET", v + "/findings/" + id(d.done.Findings[0].ID) + "/edit", 200},
			{"POST", v + "/findings/" + id(d.done.Findings[0].ID) + "/edit", 422},
			{"POST", v + "/findings/999999/delete", 404}, // allowed, but no such finding
			{"GET", v + "/actions/" + id(d.done.Actions[0].ID) + "/edit", 200},
			{"POST", v + "/actions/" + id(d.done.Actions[0].ID) + "/edit", 422},
			{"GET", p + "/edit", 200},
			{"POST", p + "/edit", 422},
			{"GET", p + "/stages/" + id(d.project.Stages[0].ID) + "/edit", 200},
			{"POST", p + "/stages/" + id(d.project.Stages[0].ID) + "/edit", 422},
			{"POST", p + "/stages/999999/delete", 404},
			{"POST", p + "/documents/999999/delete", 404},
		} {
			for who, c := range people {
				want := rt.ok
				switch {
				case allowed[who]:
				case who == "anon" && rt.method == "GET":
					want = http.StatusSeeOther
				case who == "anon":
					want = http.StatusUnauthorized
				default:
					want = http.StatusForbidden
				}
				var got int
				if rt.method == "GET" {
					got = c.Get(rt.path).Status
				} else {
					got = c.PostForm(rt.path, url.Values{}).Status
				}
				if got != want {
					t.Errorf("%s %s as %s: %d, want %d", rt.method, rt.path, who, got, want)
				}
			}
		}
		// Nothing was changed by those refused.
		if after := records(t, e); !reflect.DeepEqual(after, d) {
			t.Error("a refused request changed a record")
		}
	})
}
