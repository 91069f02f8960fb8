package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
)

// pageProcess creates a process of District 21 whose phases start at the
// environment's clock: proposals for 10 days, review 10, voting 10,
// results 10, implementation 100.
func pageProcess(t *testing.T, e *apptest.Env) budgeting.Process {
	t.Helper()
	d := func(days int) time.Time { return apptest.Start.AddDate(0, 0, days) }
	p, err := e.App.Budget.CreateProcess(context.Background(), 0, budgeting.Process{
		OrgID: e.Org("tehran-district-21").ID, Slug: "pages-1405", TitleFa: "من شهردارم آزمون", TitleEn: "I am Mayor test",
		Rule: "greedy", Ballot: budgeting.Approval, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{{Phase: budgeting.Proposals, Start: d(0), End: d(10)}, {Phase: budgeting.Review, Start: d(10), End: d(20)},
			{Phase: budgeting.Voting, Start: d(20), End: d(30)}, {Phase: budgeting.Results, Start: d(30), End: d(40)},
			{Phase: budgeting.Implementation, Start: d(40), End: d(140)}},
		Headings: []budgeting.Heading{{NameFa: "منطقه ۲۱", NameEn: "District 21", Budget: 100_000_000}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustContain(t *testing.T, what string, r apptest.Response, status int, parts ...string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%.600s", what, r.Status, status, r.Body)
	}
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s: the page lacks %q\n%.3000s", what, p, r.Body)
		}
	}
}

var pngImage = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

func TestCitizenPagesFromProposalToImplementation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		p := pageProcess(t, e)
		base := "/budgets/" + p.Slug
		citizen := e.Citizen("09121112233")

		// The process page: Persian, the current phase, a countdown, Jalali dates.
		r := e.Client().Get(base)
		mustContain(t, "process page", r, 200, `lang="fa"`, `dir="rtl"`, "ثبت طرح‌ها", "۱۰ روز", "۳۰ آبان ۱۴۰۵", "۱۰۰ میلیون ریال", "data-countdown",
			"هر کس که وارد سامانه شده باشد")
		mustContain(t, "process page in English", e.Client().Get(base+"?lang=en"), 200, `lang="en"`, "Proposals", "10 days", "100 million rials")

		// Proposing: the cost in Persian digits with separators, a photo, a point.
		form := url.Values{"title": {"روشنایی پارك"}, "description": {"چراغ‌های پارک محله خاموش است"}, "heading": {strconv.FormatInt(p.Headings[0].ID, 10)},
			"category": {"1"}, "estimated_cost": {"۴۰٬۰۰۰٬۰۰۰"}, "on_behalf_of": {"انجمن اولیای مدرسه"}, "lat": {"35.65"}, "lon": {"51.25"}}
		mustContain(t, "proposal form", citizen.Get(base+"/proposals/new"), 200, `enctype="multipart/form-data"`, `name="files"`)
		bad := url.Values{"title": {""}, "heading": form["heading"], "category": {"1"}, "estimated_cost": {"۴۰"}}
		mustContain(t, "empty title", citizen.PostMultipart(base+"/proposals", bad, "files", nil), 422, "عنوان طرح را", `class="error-summary"`)
		mustContain(t, "an HTML file as a photo", citizen.PostMultipart(base+"/proposals", form, "files", map[string][]byte{"x.png": []byte("<html><script></script>")}), 422,
			"فقط تصویر")
		r = citizen.PostMultipart(base+"/proposals", form, "files", map[string][]byte{"park.png": pngImage})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("propose: %d\n%s", r.Status, r.Body)
		}
		page := r.Header.Get("Location")
		id, _ := strconv.ParseInt(page[strings.LastIndex(page, "/")+1:], 10, 64)
		r = citizen.Get(page)
		mustContain(t, "proposal page", r, 200, "روشنایی پارک", "۴۰ میلیون ریال", "انجمن اولیای مدرسه", "در انتظار بررسی", "/budget-files/", "پشتیبانی می‌کنم")
		file := regexp.MustCompile(`/budget-files/\d+`).FindString(r.Body)
		f := e.Client().Get(file)
		if f.Status != 200 || f.Header.Get("Content-Type") != "image/png" || !strings.Contains(f.Header.Get("Content-Security-Policy"), "sandbox") ||
			f.Header.Get("X-Content-Type-Options") != "nosniff" || f.Body != string(pngImage) {
			t.Errorf("the photo is served as %d %v", f.Status, f.Header)
		}

		// Supporting, searching with Arabic letters, sorting at random.
		mustContain(t, "support", citizen.PostForm(page+"/support", url.Values{"support": {"add"}}), 303)
		mustContain(t, "after supporting", citizen.Get(page), 200, "پس گرفتن پشتیبانی", `<dd id="supports">۱</dd>`)
		mustContain(t, "search", e.Client().Get(base+"/proposals?q="+url.QueryEscape("پارك")), 200, "روشنایی پارک", `<span id="total">۱</span>`)
		mustContain(t, "search that finds nothing", e.Client().Get(base+"/proposals?q="+url.QueryEscape("کتابخانه")), 200, "طرحی با این مشخصات پیدا نشد")
		visitor := e.Client()
		mustContain(t, "random order", visitor.Get(base+"/proposals?sort=random"), 200, "روشنایی پارک")
		if visitor.Cookie("shahr_seed") == "" {
			t.Error("random order gave the visitor no seed")
		}
		mustContain(t, "flag", citizen.PostForm(page+"/flag", url.Values{"reason": {"تکراری است"}}), 303)

		other, err := e.App.Budget.Submit(ctx, 1, budgeting.Proposal{ProcessID: p.ID, HeadingID: p.Headings[0].ID, CategoryID: 4,
			Title: "سالن ورزش بانوان", Description: "شرح", EstimatedCost: 50_000_000})
		if err != nil {
			t.Fatal(err)
		}

		// Review: the author hears of it in the site and by SMS.
		e.Clock.Advance(11 * 24 * time.Hour)
		if _, err := e.App.Budget.ReviewProposal(ctx, 0, other.ID, budgeting.Verdict{Feasible: true, FinalCost: 50_000_000}); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "support during review", citizen.PostForm(page+"/support", url.Values{"support": {"add"}}), 400, "فقط پیش از بررسی")
		if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: 60_000_000}); err != nil {
			t.Fatal(err)
		}
		if e.SMS.Count("09121112233") < 2 { // the sign-in code, then the review
			t.Errorf("no SMS about the review")
		}
		mustContain(t, "notifications", citizen.Get("/account/notifications"), 200, "«روشنایی پارک» بررسی شد", page)

		// Voting: a plain form showing the money left; over the budget is refused and the choices kept.
		e.Clock.Advance(10 * 24 * time.Hour)
		ballot := fmt.Sprintf("%s/vote/%d", base, p.Headings[0].ID)
		mustContain(t, "ballot page", citizen.Get(ballot), 200, `type="checkbox" name="p"`, "بودجه باقی‌مانده", "۱۰۰ میلیون ریال", "۶۰ میلیون ریال")
		r = citizen.PostForm(ballot, url.Values{"p": {strconv.FormatInt(id, 10), strconv.FormatInt(other.ID, 10)}})
		mustContain(t, "over-budget ballot", r, 422, "از بودجه این سرفصل بیشتر است", `<output id="overby">۱۰ میلیون ریال</output>`, `<output id="left">۰ ریال</output>`)
		if strings.Count(r.Body, " checked>") != 2 {
			t.Errorf("the refused ballot lost its choices:\n%s", r.Body)
		}
		r = citizen.PostForm(ballot, url.Values{"p": {strconv.FormatInt(id, 10)}})
		mustContain(t, "ballot", r, 303)
		if to := r.Header.Get("Location"); to != ballot+"/receipt" {
			t.Fatalf("the ballot redirects to %q, want its receipt page %s", to, ballot+"/receipt")
		}
		r = citizen.Get(ballot + "/receipt")
		mustContain(t, "receipt page", r, 200, "رأی شما ثبت شد", `id="receipt"`, "روشنایی پارک")
		// One code: the receipt, not its hash beside it.
		receipt := regexp.MustCompile(`id="receipt" dir="ltr">([0-9a-f]+)<`).FindStringSubmatch(r.Body)
		if receipt == nil || strings.Contains(r.Body, ballotchain.ReceiptHash(p.Headings[0].ID, receipt[1])) {
			t.Fatalf("no receipt, or its published hash too, on the receipt page:\n%s", r.Body)
		}
		mustContain(t, "changing the ballot", citizen.Get(ballot), 200, "پیش‌تر رأی داده‌اید", " checked>")
		mustContain(t, "anonymous ballot page", e.Client().Get(ballot), 303)

		// Implementation: the winner's progress, rolled up, with a timeline.
		e.Clock.Advance(21 * 24 * time.Hour)
		if n, err := e.App.Budget.StartImplementation(ctx, 0, p.ID); err != nil || n != 1 {
			res, _ := e.App.Budget.Results(ctx, p.Headings[0].ID)
			t.Fatalf("started %d projects, %v; results %+v", n, err, res)
		}
		if err := e.App.Budget.UpdateProject(ctx, 0, id, budgeting.ProjectUpdate{Status: budgeting.ProjectInProgress, Progress: 40, Spent: 20_000_000}); err != nil {
			t.Fatal(err)
		}
		var staff int64
		if err := e.App.DB.Read.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, demo.AdminEmail).Scan(&staff); err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Budget.AddMilestone(ctx, staff, budgeting.Milestone{ProposalID: id, TitleFa: "نصب تیرهای چراغ", On: e.Clock.Now(), Done: true},
			[]budgeting.Upload{{Name: "poles.png", Data: pngImage}}); err != nil {
			t.Fatal(err)
		}
		mustContain(t, "implementation page", e.Client().Get(base+"/implementation"), 200, "روشنایی پارک", "در حال اجرا", "۴۰٪",
			"۲۰ میلیون ریال", "نصب تیرهای چراغ", `<meter min="0" max="100" value="40">`, "همه محله‌ها")
	})
}
