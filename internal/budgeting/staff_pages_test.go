package budgeting_test

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/persian"
)

// staffSite is a demo installation with a District 21 process run from
// the clock's time: proposals for an hour, review for an hour, voting
// for a day, then results. Anyone signed in may vote, in every heading.
type staffSite struct {
	e        *apptest.Env
	p        budgeting.Process
	base     string // /admin/budgets/{id}
	authorID int64
	author   *apptest.Client // the citizen who proposes, signed in
}

const staffAuthorPhone = "09121112233"

func newStaffSite(t *testing.T, e *apptest.Env, ballot budgeting.BallotKind) *staffSite {
	t.Helper()
	ctx := context.Background()
	start := e.Clock.Now()
	p, err := e.App.Budget.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: e.Org("tehran-district-21").ID, Slug: "d21-staff", TitleFa: "من شهردارم منطقه ۲۱", TitleEn: "I am Mayor, District 21",
		Rule: "greedy", Ballot: ballot, MaxChoices: 3, MaxPoints: 10, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{{budgeting.Proposals, start, start.Add(time.Hour)},
			{budgeting.Review, start.Add(time.Hour), start.Add(2 * time.Hour)},
			{budgeting.Voting, start.Add(2 * time.Hour), start.Add(26 * time.Hour)},
			{budgeting.Results, start.Add(26 * time.Hour), start.Add(50 * time.Hour)}},
		Headings: []budgeting.Heading{
			{AreaID: e.Org("tehran-21-villashahr").ID, NameFa: "ویلاشهر", NameEn: "Villashahr", Budget: 500_000_000},
			{AreaID: e.Org("tehran-21-vardavard").ID, NameFa: "وردآورد", NameEn: "Vardavard", Budget: 300_000_000}},
	})
	if err != nil {
		t.Fatal(err)
	}
	s := &staffSite{e: e, p: p, base: fmt.Sprintf("/admin/budgets/%d", p.ID)}
	s.author = e.Citizen(staffAuthorPhone)
	u, err := e.App.Identity.FindByContact(ctx, staffAuthorPhone)
	if err != nil {
		t.Fatal(err)
	}
	s.authorID = u.ID
	return s
}

// submit files a proposal in a heading (0: the first) as the author.
func (s *staffSite) submit(t *testing.T, heading int, title string, cost int64) int64 {
	t.Helper()
	pr, err := s.e.App.Budget.Submit(context.Background(), s.authorID, budgeting.Proposal{ProcessID: s.p.ID,
		HeadingID: s.p.Headings[heading].ID, CategoryID: 1, Title: title, Description: "شرح " + title, EstimatedCost: cost})
	if err != nil {
		t.Fatal(err)
	}
	return pr.ID
}

func (s *staffSite) proposal(t *testing.T, id int64) budgeting.Proposal {
	t.Helper()
	pr, err := s.e.App.Budget.Proposal(context.Background(), id, true)
	if err != nil {
		t.Fatal(err)
	}
	return pr
}

// follow checks that r is a redirect to where and returns the page it
// leads to.
func follow(t *testing.T, c *apptest.Client, r apptest.Response, where string) apptest.Response {
	t.Helper()
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != where {
		t.Fatalf("status %d to %q, want 303 to %q\n%.2000s", r.Status, r.Header.Get("Location"), where, r.Body)
	}
	return c.Get(where)
}

func mustContain(t *testing.T, what string, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
	if strings.Contains(body, "[budgeting.") {
		t.Errorf("%s shows a catalog key that does not exist: %s", what, regexp.MustCompile(`\[budgeting\.[a-z0-9_.]+\]`).FindString(body))
	}
}

func mustNotContain(t *testing.T, what string, body string, unwanted ...string) {
	t.Helper()
	for _, u := range unwanted {
		if strings.Contains(body, u) {
			t.Errorf("%s shows %q", what, u)
		}
	}
}

// TestStaffReview: a reviewer works through the queue: filters, a
// verdict with a cost typed in Persian digits, a comment citizens never
// see, a merge, and a flagged proposal hidden.
func TestStaffReview(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Approval)
		var plan bytes.Buffer
		png.Encode(&plan, image.NewRGBA(image.Rect(0, 0, 3, 3)))
		parkProposal, err := e.App.Budget.Submit(ctx, s.authorID, budgeting.Proposal{ProcessID: s.p.ID, HeadingID: s.p.Headings[0].ID,
			CategoryID: 4, Title: "پارک محله ویلاشهر", Description: "شرح پارک", EstimatedCost: 150_000_000},
			budgeting.Upload{Name: "نقشه پارک.png", Data: plan.Bytes()})
		if err != nil {
			t.Fatal(err)
		}
		park := parkProposal.ID
		dup := s.submit(t, 0, "پارک برای محله ویلاشهر", 140_000_000)
		spam := s.submit(t, 0, "تبلیغ فروشگاه", 10_000_000)
		road := s.submit(t, 1, "آسفالت کوچه‌های وردآورد", 90_000_000)
		e.Citizen("09121114455")
		rep, err := e.App.Identity.FindByContact(ctx, "09121114455")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.App.Budget.Flag(ctx, rep.ID, spam, "آگهی تجاری است"); err != nil {
			t.Fatal(err)
		}
		reviewer := e.Staff("reviewer@d21.example", "tehran-district-21", auth.Reviewer)
		e.Clock.Advance(time.Hour + time.Minute) // the review phase

		// The queue: every proposal, counts by status, the open report.
		q := reviewer.Get(s.base)
		if q.Status != http.StatusOK {
			t.Fatalf("queue: %d\n%.1000s", q.Status, q.Body)
		}
		mustContain(t, "queue", q.Body, `lang="fa"`, `dir="rtl"`, "صف بررسی: من شهردارم منطقه ۲۱", "پارک محله ویلاشهر",
			"آسفالت کوچه‌های وردآورد", "۱۵۰٬۰۰۰٬۰۰۰ ریال", "در انتظار بررسی", "آگهی تجاری است", "۴ پیشنهاد با این فیلترها",
			"بررسی پیشنهادها", fmt.Sprintf(`href="%s/proposals/%d"`, s.base, spam), "<td>"+persian.ToPersianDigits(fmt.Sprint(spam))+"</td>")
		f := reviewer.Get(s.base + "?q=" + url.QueryEscape("پارك") + fmt.Sprintf("&heading=%d", s.p.Headings[0].ID))
		mustContain(t, "filtered queue", f.Body, "پارک محله ویلاشهر", "پارک برای محله ویلاشهر", "۲ پیشنهاد با این فیلترها")
		mustNotContain(t, "filtered queue", f.Body, "<td>"+persian.ToPersianDigits(fmt.Sprint(spam))+"</td>", "آسفالت کوچه")
		// English, in another browser (the choice is remembered in a cookie).
		en := e.SignInStaff("reviewer@d21.example", apptest.StaffPassword).Get(s.base + "?lang=en&status=submitted")
		mustContain(t, "English queue", en.Body, `lang="en"`, "Review queue: I am Mayor, District 21", "150,000,000 rials", "Awaiting review")

		// A verdict: the cost is typed as a clerk would, in Persian digits
		// with the Persian thousands separator.
		page := fmt.Sprintf("%s/proposals/%d", s.base, park)
		r := reviewer.PostForm(page+"/review", url.Values{"feasible": {"yes"}, "final_cost": {"۱۲۰ ٬ ۰۰۰ ٬ ۰۰۰abc"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a cost with letters: %d", r.Status)
		}
		mustContain(t, "verdict error", r.Body, "هزینه نهایی را به ریال و فقط با رقم بنویسید", `href="#final_cost"`, `class="field-error" id="final_cost-error"`)
		r = reviewer.PostForm(page+"/review", url.Values{"feasible": {"no"}, "reason": {""}})
		mustContain(t, "verdict without a reason", r.Body, "دلیل امکان‌ناپذیری را بنویسید")
		r = reviewer.PostForm(page+"/review", url.Values{"feasible": {"yes"}, "final_cost": {"۱۲۰٬۰۰۰٬۰۰۰"}})
		shown := follow(t, reviewer, r, page)
		if got := s.proposal(t, park); got.FinalCost != 120_000_000 || got.Status != budgeting.StatusFeasible {
			t.Fatalf("stored verdict: status %s, final cost %d", got.Status, got.FinalCost)
		}
		mustContain(t, "reviewed proposal", shown.Body, "نتیجه بررسی ثبت شد", "۱۲۰٬۰۰۰٬۰۰۰ ریال", "قابل اجرا", "ورزشی",
			"نقشه پارک.png", "image/png", `<a href="/budget-files/`)

		// An internal comment: on the staff page, never on the public one.
		secret := "یادداشت محرمانه: برآورد پیمانکار بالاتر است"
		r = reviewer.PostForm(page+"/comments", url.Values{"body": {""}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an empty comment: %d", r.Status)
		}
		shown = follow(t, reviewer, reviewer.PostForm(page+"/comments", url.Values{"body": {secret}}), page)
		mustContain(t, "proposal with comment", shown.Body, "یادداشت ثبت شد", secret, "کارمند آزمون")
		if cs, err := e.App.Budget.Comments(ctx, park); err != nil || len(cs) != 1 || cs[0].Body != secret {
			t.Errorf("stored comments: %+v %v", cs, err)
		}
		public := e.Client()
		for _, path := range staffPublicPages(e, s, park) {
			pub := public.Get(path)
			if pub.Status != http.StatusOK {
				t.Errorf("public %s: %d", path, pub.Status)
			}
			mustNotContain(t, "public "+path, pub.Body, secret)
		}
		mustNotContain(t, "the author's view", s.author.Get(s.publicProposal(park)).Body, secret)

		// A duplicate merged into the first: only proposals of its heading are offered.
		dupPage := fmt.Sprintf("%s/proposals/%d", s.base, dup)
		d := reviewer.Get(dupPage)
		mustContain(t, "merge form", d.Body, fmt.Sprintf(`<option value="%d">پارک محله ویلاشهر</option>`, park))
		mustNotContain(t, "merge form", d.Body, fmt.Sprintf(`<option value="%d">`, road))
		r = reviewer.PostForm(dupPage+"/merge", url.Values{"into": {fmt.Sprint(road)}})
		mustContain(t, "merge into another heading", r.Body, "طرح مقصد باید در همین فرایند و همین سرفصل باشد")
		follow(t, reviewer, reviewer.PostForm(dupPage+"/merge", url.Values{"into": {fmt.Sprint(park)}}), dupPage)
		if got := s.proposal(t, dup); got.Status != budgeting.StatusMerged || got.MergedInto != park {
			t.Fatalf("merged: %+v", got)
		}

		// The flagged proposal hidden, with a reason the author is told.
		spamPage := fmt.Sprintf("%s/proposals/%d", s.base, spam)
		sp := reviewer.Get(spamPage)
		mustContain(t, "flagged proposal", sp.Body, "آگهی تجاری است", "پنهان کردن پیشنهاد", "رد گزارش‌ها بدون پنهان‌سازی")
		r = reviewer.PostForm(spamPage+"/hide", url.Values{"hide_reason": {"  "}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("hide without a reason: %d", r.Status)
		}
		mustContain(t, "hide without a reason", r.Body, `href="#hide_reason"`, `id="hide_reason-error"`, "دلیل را بنویسید")
		shown = follow(t, reviewer, reviewer.PostForm(spamPage+"/hide", url.Values{"hide_reason": {"تبلیغ تجاری"}}), spamPage)
		mustContain(t, "hidden proposal", shown.Body, "پیشنهاد از دید عموم پنهان شد", "پنهان‌شده", "تبلیغ تجاری", "نمایش دوباره پیشنهاد")
		if got := s.proposal(t, spam); got.Status != budgeting.StatusHidden {
			t.Fatalf("hidden: %s", got.Status)
		}
		if flags, _ := e.App.Budget.OpenFlags(ctx, s.p.ID); len(flags) != 0 {
			t.Errorf("open flags after hiding: %+v", flags)
		}
		q = reviewer.Get(s.base)
		mustContain(t, "queue after the work", q.Body, "گزارش بررسی‌نشده‌ای نیست", "ادغام‌شده", "پنهان‌شده")

		// A proposal of another process is not reachable through this one.
		other := newOtherProcess(t, e, s)
		if r := reviewer.Get(fmt.Sprintf("%s/proposals/%d", s.base, other)); r.Status != http.StatusNotFound {
			t.Errorf("another process's proposal: %d", r.Status)
		}
		if r := reviewer.PostForm(fmt.Sprintf("%s/proposals/%d/hide", s.base, other), url.Values{"hide_reason": {"x"}}); r.Status != http.StatusNotFound {
			t.Errorf("hiding another process's proposal: %d", r.Status)
		}

		// Once voting starts, verdicts and merges stay as they are.
		e.Clock.Advance(time.Hour)
		r = reviewer.PostForm(page+"/review", url.Values{"feasible": {"yes"}, "final_cost": {"1"}})
		if r.Status != http.StatusConflict || s.proposal(t, park).FinalCost != 120_000_000 {
			t.Errorf("a verdict during voting: %d", r.Status)
		}
		mustContain(t, "verdict during voting", r.Body, "رأی‌گیری آغاز شده است")
	})
}

// staffPublicPages are the citizens' pages and data that show a
// proposal, where they exist.
func staffPublicPages(e *apptest.Env, s *staffSite, id int64) []string {
	var out []string
	registered := map[string]bool{}
	for _, r := range e.App.Web.Routes() {
		registered[r.Key()] = true
	}
	for key, path := range map[string]string{
		"GET /budgets/{slug}/proposals/{pid}": s.publicProposal(id),
		"GET /budgets/{slug}/proposals":       "/budgets/" + s.p.Slug + "/proposals",
		"GET /api/v1/processes":               "/api/v1/processes",
	} {
		if registered[key] {
			out = append(out, path)
		}
	}
	slices.Sort(out)
	return out
}

func (s *staffSite) publicProposal(id int64) string {
	return fmt.Sprintf("/budgets/%s/proposals/%d", s.p.Slug, id)
}

// newOtherProcess makes a Karaj process with one proposal and returns it.
func newOtherProcess(t *testing.T, e *apptest.Env, s *staffSite) int64 {
	t.Helper()
	now := e.Clock.Now()
	p, err := e.App.Budget.CreateProcess(context.Background(), 0, budgeting.Process{
		OrgID: e.Org("karaj").ID, Slug: "karaj-staff", TitleFa: "من شهردارم کرج", Rule: "greedy", Ballot: budgeting.Approval,
		Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{{budgeting.Proposals, now.Add(-time.Minute), now.Add(time.Hour)},
			{budgeting.Voting, now.Add(time.Hour), now.Add(2 * time.Hour)}},
		Headings: []budgeting.Heading{{NameFa: "کرج", Budget: 1000}},
	})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.App.Budget.Submit(context.Background(), s.authorID, budgeting.Proposal{ProcessID: p.ID, HeadingID: p.Headings[0].ID,
		CategoryID: 1, Title: "طرح کرج", Description: "شرح", EstimatedCost: 100})
	if err != nil {
		t.Fatal(err)
	}
	return pr.ID
}

// TestStaffBlockAuthor: a moderator blocks a citizen author, whose
// session ends; a staff member's account is refused.
func TestStaffBlockAuthor(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newStaffSite(t, e, budgeting.Approval)
		author := s.author
		id := s.submit(t, 0, "توهین‌آمیز", 1000)
		reviewer := e.Staff("reviewer@d21.example", "tehran-district-21", auth.Reviewer)
		page := fmt.Sprintf("%s/proposals/%d", s.base, id)
		shown := follow(t, reviewer, reviewer.PostForm(page+"/block-author", url.Values{}), page)
		mustContain(t, "after blocking", shown.Body, "حساب پیشنهاددهنده مسدود شد", "حساب مسدود است")
		if r := author.Get("/account"); r.Status != http.StatusSeeOther {
			t.Errorf("the blocked author's session still works: %d", r.Status)
		}
		// The district's administrators find the step in their audit log.
		entries, err := e.App.Orgs.AuditLog(context.Background(), audit.Query{OrgPath: e.Org("tehran-district-21").Path, Limit: 20})
		if err != nil || !slices.ContainsFunc(entries, func(en audit.Entry) bool {
			return en.Action == "budgeting.proposal.block_author" && en.EntityID == fmt.Sprint(id)
		}) {
			t.Errorf("no audit entry for the block: %v", err)
		}
		// A proposal by a staff member: their account is left to the operator.
		editor := e.Staff("editor@d21.example", "tehran-district-21", auth.Editor)
		u, err := e.App.Identity.FindByContact(context.Background(), "editor@d21.example")
		if err != nil {
			t.Fatal(err)
		}
		pr, err := e.App.Budget.Submit(context.Background(), u.ID, budgeting.Proposal{ProcessID: s.p.ID, HeadingID: s.p.Headings[0].ID,
			CategoryID: 1, Title: "طرح کارمند", Description: "شرح", EstimatedCost: 1000})
		if err != nil {
			t.Fatal(err)
		}
		staffPage := fmt.Sprintf("%s/proposals/%d", s.base, pr.ID)
		mustNotContain(t, "a staff member's proposal", reviewer.Get(staffPage).Body, "مسدود کردن حساب پیشنهاددهنده")
		r := reviewer.PostForm(staffPage+"/block-author", url.Values{})
		if r.Status != http.StatusConflict {
			t.Fatalf("blocking a staff member: %d", r.Status)
		}
		mustContain(t, "blocking a staff member", r.Body, "حساب کارکنان و مدیر سامانه از این صفحه مسدود نمی‌شود")
		if got := editor.Get("/account"); got.Status != http.StatusOK {
			t.Errorf("the staff member was signed out: %d", got.Status)
		}
	})
}

// TestStaffPaperBallots: two secretariat members enter one sheet; the
// same person twice is refused; the second entry counts it.
func TestStaffPaperBallots(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Approval)
		ids := []int64{s.submit(t, 0, "کتابخانه محله", 200_000_000), s.submit(t, 0, "زمین بازی", 150_000_000),
			s.submit(t, 0, "روشنایی پارک", 200_000_000)}
		clerk := e.Staff("clerk1@d21.example", "tehran-district-21", auth.Secretariat)
		second := e.Staff("clerk2@d21.example", "tehran-district-21", auth.Secretariat)
		paper := s.base + "/paper"
		mustContain(t, "paper page before voting", clerk.Get(paper).Body, "برگه‌های کاغذی فقط در مرحله رأی‌گیری وارد می‌شوند")
		e.Clock.Advance(time.Hour + time.Minute)
		for i, id := range ids {
			if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: []int64{200, 150, 200}[i] * 1_000_000}); err != nil {
				t.Fatal(err)
			}
		}
		e.Clock.Advance(time.Hour) // voting
		g := clerk.Get(paper)
		mustContain(t, "paper page", g.Body, "کتابخانه محله", fmt.Sprintf(`name="choice" value="%d"`, ids[0]), "۲۰۰٬۰۰۰٬۰۰۰ ریال",
			"ثبت برگه رأی", "ورود برگه رأی سرفصل ویلاشهر", "وردآورد")
		sheet := url.Values{"heading": {fmt.Sprint(s.p.Headings[0].ID)}, "serial": {"الف-۰۰۱"},
			"choice": {fmt.Sprint(ids[0]), fmt.Sprint(ids[2])}}
		// Sheet numbers are kept in ASCII digits: "۰۰۱" and "001" name one sheet.
		outcome := fmt.Sprintf("%s?heading=%d&sheet=%s", paper, s.p.Headings[0].ID, url.QueryEscape("الف-001"))
		first := follow(t, clerk, clerk.PostForm(paper, sheet), outcome)
		mustContain(t, "first entry", first.Body, "برگه رأی ثبت شد", "برگه شماره الف-۰۰۱", "منتظر است تا همکار دیگری آن را دوباره وارد کند")
		again := clerk.PostForm(paper, sheet)
		if again.Status != http.StatusConflict {
			t.Fatalf("the same clerk twice: %d", again.Status)
		}
		mustContain(t, "the same clerk twice", again.Body, `lang="fa"`, "این برگه را خودتان وارد کرده‌اید؛ همکار دیگری باید آن را دوباره وارد کند.")
		if n, _ := e.App.Budget.BallotCount(ctx, s.p.Headings[0].ID); n != 0 {
			t.Fatalf("%d ballots before the second entry", n)
		}
		over := url.Values{"heading": sheet["heading"], "serial": {"الف-۰۰۲"}, "choice": {fmt.Sprint(ids[0]), fmt.Sprint(ids[1]), fmt.Sprint(ids[2])}}
		r := second.PostForm(paper, over)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a sheet over the budget: %d", r.Status)
		}
		mustContain(t, "a sheet over the budget", r.Body, "هزینه طرح‌های انتخاب‌شده از بودجه این سرفصل بیشتر است", "checked")
		sheet.Set("serial", " الف-001 ")
		confirmed := follow(t, second, second.PostForm(paper, sheet), outcome)
		mustContain(t, "second entry", confirmed.Body, "دو ورود یکسان بود؛ برگه رأی تأیید و شمرده شد", "رسید رأی")
		if !regexp.MustCompile(`<bdi class="code receipt" dir="ltr">[0-9a-f]{32}</bdi>`).MatchString(confirmed.Body) {
			t.Error("the confirmed sheet shows no receipt")
		}
		if n, _ := e.App.Budget.BallotCount(ctx, s.p.Headings[0].ID); n != 1 {
			t.Fatalf("%d ballots after confirmation, want 1", n)
		}
		if waiting, counted, _ := e.App.Budget.PaperCounts(ctx, s.p.Headings[0].ID); waiting != 0 || counted != 1 {
			t.Errorf("paper counts: %d waiting, %d counted", waiting, counted)
		}
		mustContain(t, "counts", confirmed.Body, "<th scope=\"row\">ویلاشهر</th><td>۰</td><td>۱</td>")
		// A heading of another process is refused.
		bad := url.Values{"heading": {"999999"}, "serial": {"1"}, "choice": {fmt.Sprint(ids[0])}}
		if r := second.PostForm(paper, bad); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("an unknown heading: %d", r.Status)
		}
	})
}

// TestStaffPaperCumulative: points typed beside projects, in any digits.
func TestStaffPaperCumulative(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Cumulative)
		a, b := s.submit(t, 0, "طرح یک", 1000), s.submit(t, 0, "طرح دو", 2000)
		e.Clock.Advance(time.Hour + time.Minute)
		for _, id := range []int64{a, b} {
			if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: 1000}); err != nil {
				t.Fatal(err)
			}
		}
		e.Clock.Advance(time.Hour)
		c1 := e.Staff("clerk1@d21.example", "tehran-district-21", auth.Secretariat)
		c2 := e.Staff("clerk2@d21.example", "tehran-district-21", auth.Admin)
		paper := s.base + "/paper"
		mustContain(t, "cumulative form", c1.Get(paper).Body, fmt.Sprintf(`name="value-%d"`, a), "جمع امتیازها حداکثر ۱۰ است")
		form := url.Values{"heading": {fmt.Sprint(s.p.Headings[0].ID)}, "serial": {"7"},
			fmt.Sprintf("value-%d", a): {"۳"}, fmt.Sprintf("value-%d", b): {"7"}}
		follow(t, c1, c1.PostForm(paper, form), fmt.Sprintf("%s?heading=%d&sheet=7", paper, s.p.Headings[0].ID))
		r := c2.PostForm(paper, form)
		mustContain(t, "cumulative confirmation", c2.Get(r.Header.Get("Location")).Body, "برگه رأی تأیید و شمرده شد")
		if n, _ := e.App.Budget.BallotCount(ctx, s.p.Headings[0].ID); n != 1 {
			t.Errorf("%d ballots", n)
		}
	})
}

// TestStaffImplementation: an editor starts tracking after the vote,
// reports on a project and adds a milestone with a photo.
func TestStaffImplementation(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		s := newStaffSite(t, e, budgeting.Approval)
		win := s.submit(t, 0, "پیاده‌روسازی خیابان اصلی", 300_000_000)
		e.Clock.Advance(time.Hour + time.Minute)
		if _, err := e.App.Budget.ReviewProposal(ctx, 0, win, budgeting.Verdict{Feasible: true, FinalCost: 300_000_000}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(time.Hour)
		e.Citizen("09121116677")
		v, err := e.App.Identity.FindByContact(ctx, "09121116677")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.App.Budget.Cast(ctx, v.ID, budgeting.Ballot{HeadingID: s.p.Headings[0].ID,
			Choices: []budgeting.Choice{{ProposalID: win}}}); err != nil {
			t.Fatal(err)
		}
		editor := e.Staff("editor@d21.example", "tehran-district-21", auth.Editor)
		impl := s.base + "/implementation"
		mustContain(t, "implementation during voting", editor.Get(impl).Body, "رأی‌گیری هنوز تمام نشده است")
		r := editor.PostForm(impl+"/start", url.Values{})
		if r.Status != http.StatusConflict {
			t.Fatalf("start during voting: %d", r.Status)
		}
		mustContain(t, "start during voting", r.Body, "error-summary", "پیگیری اجرا پس از پایان رأی‌گیری آغاز می‌شود")

		e.Clock.Advance(24 * time.Hour) // results; staff sessions last 12 hours
		editor = e.SignInStaff("editor@d21.example", apptest.StaffPassword)
		page := follow(t, editor, editor.PostForm(impl+"/start", url.Values{}), impl)
		mustContain(t, "tracking started", page.Body, "پیگیری اجرای طرح‌های برگزیده آغاز شد", "پیاده‌روسازی خیابان اصلی",
			"برنامه‌ریزی‌شده", "۳۰۰٬۰۰۰٬۰۰۰ ریال", "کل فرایند")

		project := fmt.Sprintf("%s/%d", impl, win)
		r = editor.PostForm(project, url.Values{"status": {"in_progress"}, "progress": {"۱۴۵"}, "spent": {"0"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("progress 145: %d", r.Status)
		}
		mustContain(t, "progress 145", r.Body, fmt.Sprintf(`href="#progress-%d"`, win), "پیشرفت درصدی از ۰ تا ۱۰۰ است", `value="۱۴۵"`)
		page = follow(t, editor, editor.PostForm(project, url.Values{"status": {"in_progress"}, "progress": {"۴۵"}, "spent": {"۵۰٬۰۰۰٬۰۰۰"}}), impl)
		mustContain(t, "updated project", page.Body, "وضعیت پروژه ذخیره شد", "در حال اجرا", "۵۰٬۰۰۰٬۰۰۰ ریال", "۴۵٪")

		var pngData bytes.Buffer
		png.Encode(&pngData, image.NewRGBA(image.Rect(0, 0, 2, 2)))
		ms := project + "/milestones"
		r = editor.PostMultipart(ms, url.Values{"title_fa": {"آغاز کار"}, "on": {"۱۴۰۵/۱۳/۰۱"}}, "photos", nil)
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a milestone with month 13: %d", r.Status)
		}
		mustContain(t, "bad date", r.Body, fmt.Sprintf(`href="#on-%d"`, win), "تاریخ را به تقویم شمسی بنویسید", `value="آغاز کار"`)
		r = editor.PostMultipart(ms, url.Values{"title_fa": {"آغاز کار"}, "on": {"۱۴۰۵/۰۹/۱۵"}}, "photos",
			map[string][]byte{"notes.txt": []byte("just text, not a photo")})
		mustContain(t, "a text file as a photo", r.Body, "فقط تصویر (JPEG، PNG، WebP) و PDF پذیرفته می‌شود")
		r = editor.PostMultipart(ms, url.Values{"title_fa": {"آغاز کار"}, "title_en": {"Work starts"}, "on": {"۱۴۰۵/۰۹/۱۵"}, "done": {"1"}}, "photos",
			map[string][]byte{"site.png": pngData.Bytes()})
		page = follow(t, editor, r, impl)
		mustContain(t, "milestone", page.Body, "گام اجرا ثبت شد", "آغاز کار", "۱۵ آذر ۱۴۰۵", "✓ انجام‌شده", `<img src="/budget-files/`)
		projects, err := e.App.Budget.Projects(ctx, s.p.ID)
		if err != nil || len(projects) != 1 {
			t.Fatalf("projects: %+v %v", projects, err)
		}
		pj := projects[0]
		if pj.Status != budgeting.ProjectInProgress || pj.Progress != 45 || pj.Spent != 50_000_000 || len(pj.Milestones) != 1 {
			t.Fatalf("stored project: %+v", pj)
		}
		m := pj.Milestones[0]
		if len(m.Photos) != 1 {
			t.Fatalf("milestone photos: %+v", m.Photos)
		}
		photo := fmt.Sprintf("/budget-files/%d", m.Photos[0].ID)
		mustContain(t, "milestone", page.Body, `href="`+photo+`"`)
		if r := editor.Get(photo); r.Status != http.StatusOK || r.Header.Get("Content-Type") != "image/png" || r.Body != pngData.String() {
			t.Errorf("the photo: %d %s", r.Status, r.Header.Get("Content-Type"))
		}
		if !m.Done || m.TitleEn != "Work starts" || !m.On.Equal(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)) ||
			len(m.Photos) != 1 || m.Photos[0].ContentType != "image/png" {
			t.Fatalf("stored milestone: %+v", m)
		}
		mustContain(t, "English page", editor.Get(impl+"?lang=en").Body, "Work starts", "6 Dec 2026", "In progress", "50,000,000 rials")
	})
}

// TestStaffCategories: the operator adds and renames categories.
func TestStaffCategories(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		op := e.Superuser()
		page := op.Get("/admin/budget-categories")
		mustContain(t, "categories", page.Body, "دسته‌های طرح‌ها", "civil-works", `value="عمرانی"`)
		r := op.PostForm("/admin/budget-categories", url.Values{"slug": {"Bad Slug"}, "name_fa": {"کتابخانه"}, "name_en": {"Libraries"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a bad slug: %d", r.Status)
		}
		mustContain(t, "a bad slug", r.Body, "نشانی کوتاه فقط حروف کوچک لاتین", `value="کتابخانه"`)
		page = follow(t, op, op.PostForm("/admin/budget-categories", url.Values{"slug": {"libraries"}, "name_fa": {"كتابخانه"}, "name_en": {"Libraries"}}),
			"/admin/budget-categories")
		mustContain(t, "added", page.Body, "دسته ذخیره شد", "libraries", `value="کتابخانه"`)
		if r := op.PostForm("/admin/budget-categories", url.Values{"slug": {"libraries"}, "name_fa": {"الف"}, "name_en": {"A"}}); r.Status != http.StatusConflict {
			t.Errorf("a taken slug: %d", r.Status)
		}
		r = op.PostForm("/admin/budget-categories", url.Values{"id": {"1"}, "name_fa": {""}, "name_en": {"Works"}})
		mustContain(t, "an empty rename", r.Body, `href="#name_fa-1"`, "نام فارسی و انگلیسی دسته را بنویسید")
		follow(t, op, op.PostForm("/admin/budget-categories", url.Values{"id": {"1"}, "name_fa": {"عمران شهری"}, "name_en": {"Public works"}}),
			"/admin/budget-categories")
		cats, err := e.App.Budget.Categories(context.Background())
		if err != nil || cats[0].NameFa != "عمران شهری" || cats[0].Slug != "civil-works" || cats[len(cats)-1].Slug != "libraries" {
			t.Fatalf("categories: %+v %v", cats, err)
		}
		// Both saves are in the audit log; the rename keeps the old names.
		entries, err := e.App.Orgs.AuditLog(context.Background(), audit.Query{Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		var created, renamed bool
		for _, en := range entries {
			created = created || en.Action == "budgeting.category.create" && strings.Contains(en.After, "libraries")
			renamed = renamed || en.Action == "budgeting.category.rename" && en.EntityID == "1" &&
				strings.Contains(en.Before, "عمرانی") && strings.Contains(en.After, "عمران شهری")
		}
		if !created || !renamed {
			t.Errorf("category audit entries: created %v, renamed %v", created, renamed)
		}
		admin := e.Staff("admin@d21.example", "tehran-district-21", auth.Admin)
		if r := admin.Get("/admin/budget-categories"); r.Status != http.StatusForbidden {
			t.Errorf("a district admin on categories: %d", r.Status)
		}
	})
}

// TestStaffIndex: staff see the processes of their organizations.
func TestStaffIndex(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newStaffSite(t, e, budgeting.Approval)
		reviewer := e.Staff("reviewer@d21.example", "tehran-district-21", auth.Reviewer)
		page := reviewer.Get("/admin/budgets")
		mustContain(t, "reviewer's index", page.Body, "من شهردارم منطقه ۲۱", `href="`+s.base+`"`, "ثبت پیشنهاد")
		mustNotContain(t, "reviewer's index", page.Body, `href="`+s.base+`/paper"`, `href="`+s.base+`/implementation"`)
		karaj := e.Staff("admin@karaj.example", "karaj", auth.Admin)
		mustNotContain(t, "Karaj's index", karaj.Get("/admin/budgets").Body, "من شهردارم منطقه ۲۱")
		if ps, _ := e.App.Budget.Processes(context.Background()); !slices.ContainsFunc(ps, func(p budgeting.Process) bool {
			return strings.Contains(p.OrgPath, fmt.Sprintf("/%d/", e.Org("karaj").ID))
		}) {
			mustContain(t, "Karaj's index", karaj.Get("/admin/budgets").Body, "در سازمان‌هایی که در آن‌ها نقش دارید فرایندی نیست")
		}
		mustContain(t, "operator's index", e.Superuser().Get("/admin/budgets").Body, `href="`+s.base+`/paper"`,
			`href="`+s.base+`/implementation"`, `href="/admin/budget-categories"`)
	})
}

// TestStaffRoutesByRole walks every staff route of a real process as
// every kind of person: allowed requests get their status, others 403
// (anonymous: a sign-in redirect or 401). The expectations follow the
// permission table: review and moderation for administrators and
// reviewers, paper ballots for administrators and the secretariat,
// projects for administrators and editors, in District 21 or above.
func TestStaffRoutesByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newStaffSite(t, e, budgeting.Approval)
		c := map[string]*apptest.Client{"anon": e.Client(), "citizen": s.author, "super": e.Superuser()}
		for _, r := range []auth.Role{auth.Viewer, auth.Reviewer, auth.Secretariat, auth.Editor, auth.Admin} {
			c[string(r)] = e.Staff(string(r)+"@d21.example", "tehran-district-21", r)
		}
		c["parent"] = e.Staff("parent@tehran.example", "tehran", auth.Admin)
		c["other"] = e.Staff("other@karaj.example", "karaj", auth.Admin)
		// The proposal is the viewer's, so blocking its author is refused
		// (409) and nobody's account changes while the table runs.
		viewer, err := e.App.Identity.FindByContact(context.Background(), "viewer@d21.example")
		if err != nil {
			t.Fatal(err)
		}
		pr, err := e.App.Budget.Submit(context.Background(), viewer.ID, budgeting.Proposal{ProcessID: s.p.ID,
			HeadingID: s.p.Headings[0].ID, CategoryID: 1, Title: "طرح", Description: "شرح", EstimatedCost: 100})
		if err != nil {
			t.Fatal(err)
		}
		reviewers := []string{"reviewer", "admin", "parent", "super"}
		clerks := []string{"secretariat", "admin", "parent", "super"}
		editors := []string{"editor", "admin", "parent", "super"}
		staff := []string{"viewer", "reviewer", "secretariat", "editor", "admin", "parent", "other", "super"}
		p := fmt.Sprintf("%s/proposals/%d", s.base, pr.ID)
		rows := []struct {
			method, path string
			form         url.Values
			ok           int
			allowed      []string
		}{
			{"GET", "/admin/budgets", nil, 200, staff},
			{"GET", s.base, nil, 200, reviewers},
			{"GET", p, nil, 200, reviewers},
			{"POST", p + "/review", url.Values{}, 422, reviewers},
			{"POST", p + "/comments", url.Values{}, 422, reviewers},
			{"POST", p + "/merge", url.Values{}, 422, reviewers},
			{"POST", p + "/hide", url.Values{}, 422, reviewers},
			{"POST", p + "/unhide", url.Values{}, 409, reviewers},
			{"POST", p + "/dismiss-flags", url.Values{}, 303, reviewers},
			{"POST", p + "/block-author", url.Values{}, 409, reviewers},
			{"GET", s.base + "/paper", nil, 200, clerks},
			{"POST", s.base + "/paper", url.Values{}, 422, clerks},
			{"GET", s.base + "/implementation", nil, 200, editors},
			{"POST", s.base + "/implementation/start", url.Values{}, 409, editors},
			{"POST", fmt.Sprintf("%s/implementation/%d", s.base, pr.ID), url.Values{"progress": {"x"}}, 422, editors},
			{"POST", fmt.Sprintf("%s/implementation/%d/milestones", s.base, pr.ID), url.Values{}, 422, editors},
			{"GET", "/admin/budgets/new", nil, 200, []string{"admin", "parent", "other", "super"}},
			{"POST", "/admin/budgets", url.Values{}, 422, []string{"admin", "parent", "other", "super"}},
			{"GET", s.base + "/settings", nil, 200, []string{"admin", "parent", "super"}},
			{"POST", s.base + "/settings", url.Values{}, 422, []string{"admin", "parent", "super"}},
			{"GET", "/admin/budget-categories", nil, 200, []string{"super"}},
			{"POST", "/admin/budget-categories", url.Values{}, 422, []string{"super"}},
		}
		for _, row := range rows {
			for who, client := range c {
				var r apptest.Response
				if row.form == nil {
					r = client.Get(row.path)
				} else {
					r = client.PostForm(row.path, row.form)
				}
				want := row.ok
				switch {
				case slices.Contains(row.allowed, who):
				case who != "anon":
					want = http.StatusForbidden
				case row.form == nil:
					want = http.StatusSeeOther
				default:
					want = http.StatusUnauthorized
				}
				if r.Status != want {
					t.Errorf("%s %s as %s: %d, want %d\n%.300s", row.method, row.path, who, r.Status, want, r.Body)
				}
				if want == http.StatusForbidden && !strings.Contains(r.Body, "اجازه دسترسی") {
					t.Errorf("%s %s as %s: the refusal does not say why", row.method, row.path, who)
				}
			}
		}
		if r := c["reviewer"].Get("/admin/budgets/999999"); r.Status != http.StatusNotFound {
			t.Errorf("an unknown process: %d", r.Status)
		}
	})
}
