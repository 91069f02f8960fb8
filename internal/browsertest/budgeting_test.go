package browsertest

import (
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/persian"
)

// Desktop viewport of the wide screenshots (CSS pixels, no mobile emulation).
const desktopWidth, desktopHeight = 1366, 900

// The citizen of the budgeting test and the titles of the projects on the
// ballot. The costs are the reviewed ones, in rials, against a heading of
// 100,000,000: the citizen's and the gym fit together, the library then
// goes over.
const (
	mayorTypedPhone = "۰۹۱۲۵۵۵۱۲۳۴"
	mayorPhone      = "09125551234"
	otherPhone      = "09125559876"
	reviewerEmail   = "reviewer@district21.example"

	ownTitle       = "روشنایی کوچه باغ"
	ownDescription = "کوچه باغ شب‌ها تاریک است و چراغ ندارد." // with a zero-width non-joiner
	gymTitle       = "سالن ورزش بانوان"
	libraryTitle   = "کتابخانه محله"
	benchTitle     = "نیمکت برای پارک"

	headingBudget = 100_000_000
	ownFinalCost  = 35_000_000
	gymCost       = 50_000_000
	libraryCost   = 40_000_000
	benchCost     = 20_000_000
)

// TestIAmMayorEndToEnd runs a participatory budget ("I am Mayor") through
// its phases in a real browser, moving the application's clock from one
// phase to the next: a citizen proposes a project with a photo, a
// reviewer finds it feasible, the citizen votes with the money left
// updating as they tick (and once more with JavaScript off), and the
// results show the project among the winners with a chart.
func TestIAmMayorEndToEnd(t *testing.T) {
	t.Parallel()
	began := time.Now()
	clock := apptest.NewClock(apptest.Start)
	e := startWithClock(t, clock)
	console := watchConsole(e)
	ctx := context.Background()
	svc := e.app.Budget

	// 1. A process of District 21 whose proposals phase starts now, and
	// three proposals by another citizen.
	phase := func(ph budgeting.Phase, from, to int) budgeting.Window {
		return budgeting.Window{Phase: ph, Start: apptest.Start.AddDate(0, 0, from), End: apptest.Start.AddDate(0, 0, to)}
	}
	district := orgBySlug(t, e, "tehran-district-21")
	p, err := svc.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: district, Slug: "mayor-1405", TitleFa: "من شهردارم ۱۴۰۵", TitleEn: "I am Mayor 1405",
		Rule: "greedy", Ballot: budgeting.Approval, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{phase(budgeting.Proposals, 0, 10), phase(budgeting.Review, 10, 20),
			phase(budgeting.Voting, 20, 30), phase(budgeting.Results, 30, 40)},
		Headings: []budgeting.Heading{{NameFa: "منطقه ۲۱", NameEn: "District 21", Budget: headingBudget}},
	})
	if err != nil {
		t.Fatalf("create the process: %v", err)
	}
	heading := p.Headings[0].ID
	base := "/budgets/" + p.Slug
	cats, err := svc.Categories(ctx)
	if err != nil || len(cats) < 2 {
		t.Fatalf("demo categories: %v, %v", cats, err)
	}
	other := citizenID(t, e, otherPhone)
	others := map[string]int64{}
	for _, o := range []struct {
		title string
		cost  int64
	}{{gymTitle, gymCost}, {libraryTitle, libraryCost}, {benchTitle, benchCost}} {
		pr, err := svc.Submit(ctx, other, budgeting.Proposal{ProcessID: p.ID, HeadingID: heading, CategoryID: cats[0].ID,
			Title: o.title, Description: "پیشنهاد یکی از همسایه‌ها", EstimatedCost: o.cost})
		if err != nil {
			t.Fatalf("submit %s: %v", o.title, err)
		}
		others[o.title] = pr.ID
	}
	syncBrowserClock(e)

	// 2. The citizen signs in with a code sent by SMS.
	citizenSignIn(e)

	// 3. The citizen proposes from the process page (a new citizen lands on
	// the account page after the code), typing the cost in Persian digits,
	// with a photo.
	e.do("open the process", chromedp.Navigate(e.url(base)), chromedp.WaitVisible(chromedp.CSS("main h1")))
	checkPage(e)
	e.screenshot("budget-0-process")
	e.do("follow the propose link",
		clickAndLoad(chromedp.CSS(`main a[href="`+base+`/proposals/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")))
	if path := e.path(); path != base+"/proposals/new" {
		t.Fatalf("the propose link led to %s, want %s\n%s", path, base+"/proposals/new", e.describe())
	}
	photo := writePNG(t)
	cat := cats[1]
	e.do("fill the proposal",
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), ownTitle),
		typeText(chromedp.ID("description"), ownDescription),
		chromedp.SetValue(chromedp.ID("heading"), strconv.FormatInt(heading, 10)),
		chromedp.SetValue(chromedp.ID("category"), strconv.FormatInt(cat.ID, 10)),
		chromedp.SendKeys(chromedp.ID("estimated_cost"), "۳۰٬۰۰۰٬۰۰۰"),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{photo}),
	)
	if got := run(e, "read the description", chromedp.Value(chromedp.ID("description"))); got != ownDescription {
		t.Errorf("description field holds %q after typing %q", got, ownDescription)
	}
	if got := run(e, "read the cost field", chromedp.Value(chromedp.ID("estimated_cost"))); got != "۳۰٬۰۰۰٬۰۰۰" {
		t.Errorf("cost field holds %q after typing ۳۰٬۰۰۰٬۰۰۰", got)
	}
	checkPage(e)
	e.screenshot("budget-1-propose")
	e.do("submit the proposal",
		clickAndLoad(chromedp.CSS(`form[action$="/proposals"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	proposalPath := e.path()
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(base) + `/proposals/(\d+)$`).FindStringSubmatch(proposalPath)
	if m == nil {
		t.Fatalf("after proposing the browser is at %s, want %s/proposals/{id}\n%s", proposalPath, base, e.describe())
	}
	own, _ := strconv.ParseInt(m[1], 10, 64)
	if h1 := strings.TrimSpace(run(e, "read h1", chromedp.TextContent(chromedp.CSS("main h1")))); h1 != ownTitle {
		t.Errorf("proposal page h1 = %q, want %q", h1, ownTitle)
	}
	body := mainText(e)
	for _, want := range []string{"در انتظار بررسی", "۳۰ میلیون ریال", cat.NameFa, ownDescription} {
		if !strings.Contains(body, want) {
			t.Errorf("the proposal page lacks %q:\n%s", want, body)
		}
	}
	e.do("wait for the photo", waitJS(`(() => { const i = document.querySelector('ul.attachments img'); return i !== null && i.complete && i.naturalWidth > 0; })()`))
	checkPage(e)
	e.screenshot("budget-2-proposal")

	// 4. Review: a reviewer of District 21 finds the proposal feasible at a
	// higher cost, in their own browser; the other proposals pass through
	// the service.
	clock.Advance(10*24*time.Hour + time.Hour)
	syncBrowserClock(e)
	staffMember(t, e, reviewerEmail, "بازبین منطقه ۲۱", "tehran-district-21", auth.Reviewer)
	reviewPath := fmt.Sprintf("/admin/budgets/%d/proposals/%d", p.ID, own)
	e.otherBrowser(func(rev *env) {
		staffSignIn(rev, reviewerEmail, reviewPath)
		checkPage(rev)
		if !strings.Contains(mainText(rev), ownTitle) {
			t.Errorf("the review page does not show the proposal's title:\n%s", mainText(rev))
		}
		// The photo the citizen attached opens from the review page.
		type fetched struct {
			Href, Type string
			Status     int
		}
		got := eval[fetched](rev, `(async () => {
			const a = [...document.querySelectorAll('main a')].find(a => a.textContent.trim() === 'alley.png');
			if (!a) return {Href: '', Type: '', Status: 0};
			const r = await fetch(a.href);
			return {Href: a.getAttribute('href'), Type: r.headers.get('Content-Type'), Status: r.status};
		})()`)
		if got.Status != 200 || got.Type != "image/png" {
			t.Errorf("the review page's link to the photo (%q) answers %d %q, want 200 image/png", got.Href, got.Status, got.Type)
		}
		review := `form[action="` + reviewPath + `/review"]`
		rev.do("fill the verdict",
			chromedp.Click(chromedp.CSS(review+` input[name="feasible"][value="yes"]`)),
			chromedp.Clear(chromedp.CSS(review+` [name="final_cost"]`)),
			chromedp.SendKeys(chromedp.CSS(review+` [name="final_cost"]`), "۳۵٬۰۰۰٬۰۰۰"))
		rev.screenshot("budget-3-review")
		rev.do("submit the verdict",
			clickAndLoad(chromedp.CSS(review+` button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("main h1")))
		if path := rev.path(); path != reviewPath {
			t.Errorf("after the verdict the reviewer is at %s, want %s", path, reviewPath)
		}
		if txt := mainText(rev); !strings.Contains(txt, "قابل اجرا") || !strings.Contains(txt, persian.FormatInt(ownFinalCost)+" ریال") {
			t.Errorf("after the verdict the review page does not show a feasible proposal at %s rials:\n%s", persian.FormatInt(ownFinalCost), txt)
		}
		checkPage(rev)
	})
	pr, err := svc.Proposal(ctx, own, true)
	if err != nil || pr.Status != budgeting.StatusFeasible || pr.FinalCost != ownFinalCost {
		t.Fatalf("after the review the proposal is %s at %d rials (%v), want %s at %d",
			pr.Status, pr.FinalCost, err, budgeting.StatusFeasible, ownFinalCost)
	}
	for title, id := range others {
		o, _ := svc.Proposal(ctx, id, true)
		if _, err := svc.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: o.EstimatedCost}); err != nil {
			t.Fatalf("accept %s: %v", title, err)
		}
	}

	// 5. Voting: the money left follows the ticks; going over shows a warning.
	clock.Advance(10 * 24 * time.Hour)
	syncBrowserClock(e)
	// The neighbour votes too, so the count has more than one ballot.
	if _, err := svc.Cast(ctx, other, budgeting.Ballot{HeadingID: heading,
		Choices: []budgeting.Choice{{ProposalID: own}, {ProposalID: others[benchTitle]}}}); err != nil {
		t.Fatalf("the neighbour's ballot: %v", err)
	}
	ballotPath := fmt.Sprintf("%s/vote/%d", base, heading)
	e.do("open the vote page", chromedp.Navigate(e.url(base+"/vote")), chromedp.WaitVisible(chromedp.CSS("main h1")))
	checkPage(e)
	e.do("choose the heading",
		clickAndLoad(chromedp.CSS(`main a[href="`+ballotPath+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("form.ballot")))
	if path := e.path(); path != ballotPath {
		t.Fatalf("the heading link led to %s, want %s", path, ballotPath)
	}
	if txt := mainText(e); !strings.Contains(txt, "بودجه باقی‌مانده") {
		t.Errorf("the ballot page does not show the money left:\n%s", txt)
	}
	box := func(id int64) chromedp.CSS {
		return chromedp.CSS(fmt.Sprintf(`form.ballot input[name="p"][value="%d"]`, id))
	}
	left := func(want string) {
		t.Helper()
		e.do("money left "+want, waitJS(fmt.Sprintf(`document.getElementById('left').textContent.trim() === %q`, want)))
	}
	left("۱۰۰ میلیون ریال")
	e.do("tick my own project", tick(box(own)))
	left("۶۵ میلیون ریال")
	e.do("tick the gym", tick(box(others[gymTitle])))
	left("۱۵ میلیون ریال")
	if visible := eval[bool](e, `!document.getElementById('over').hidden`); visible {
		t.Errorf("the over-budget warning shows while 15 million are left")
	}
	e.do("tick the library, going over",
		tick(box(others[libraryTitle])),
		chromedp.WaitVisible(chromedp.ID("over")))
	left("۰ ریال")
	for id, want := range map[string]string{"chosen": "۱۲۵ میلیون ریال", "overby": "۲۵ میلیون ریال"} {
		if got := strings.TrimSpace(run(e, "read #"+id, chromedp.TextContent(chromedp.ID(id)))); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	e.screenshot("budget-4-ballot-over")
	e.do("untick the library",
		tick(box(others[libraryTitle])),
		chromedp.WaitNotVisible(chromedp.ID("over")))
	left("۱۵ میلیون ریال")
	checkPage(e)
	e.screenshot("budget-5-ballot")
	e.desktop(func() { e.screenshot("budget-5-ballot-desktop") })
	e.do("cast the ballot",
		clickAndLoad(chromedp.CSS(`form.ballot button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("receipt")))
	if h1 := strings.TrimSpace(run(e, "read h1", chromedp.TextContent(chromedp.CSS("main h1")))); h1 != "رأی شما ثبت شد" {
		t.Errorf("receipt page h1 = %q, want رأی شما ثبت شد", h1)
	}
	receipt := strings.TrimSpace(run(e, "read the receipt", chromedp.TextContent(chromedp.ID("receipt"))))
	if !regexp.MustCompile(`^[0-9a-f]{16,}$`).MatchString(receipt) {
		t.Errorf("receipt code %q is not a hex code", receipt)
	}
	checkPage(e)
	e.screenshot("budget-6-receipt")
	// The receipt is a page of its own: reloading it shows the same
	// receipt and casts nothing.
	before, _ := svc.BallotCount(ctx, heading)
	e.do("reload the receipt", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("receipt")))
	if again := strings.TrimSpace(run(e, "read the receipt", chromedp.TextContent(chromedp.ID("receipt")))); again != receipt {
		t.Errorf("the reloaded receipt page shows %q, want %q", again, receipt)
	}
	if after, _ := svc.BallotCount(ctx, heading); after != before {
		t.Errorf("reloading the receipt page took the ballots from %d to %d", before, after)
	}
	checkPrint(e, 2, "budget-6-receipt-print")

	// 6. The same ballot works as a plain form with JavaScript off: the
	// server refuses going over the budget, keeping the ticks, and takes
	// a ballot within it.
	e.noScript(func() {
		e.do("open the ballot without JavaScript", chromedp.Navigate(e.url(ballotPath)), chromedp.WaitVisible(chromedp.CSS("form.ballot")))
		if txt := mainText(e); !strings.Contains(txt, "پیش‌تر رأی داده‌اید") {
			t.Errorf("the ballot page does not say the citizen has voted:\n%s", txt)
		}
		e.do("tick the library", tick(box(others[libraryTitle])))
		if got := strings.TrimSpace(run(e, "read the money left", chromedp.TextContent(chromedp.ID("left")))); got != "۱۵ میلیون ریال" {
			t.Errorf("without JavaScript the money left changed to %q on a tick", got)
		}
		e.do("cast an over-budget ballot",
			clickAndLoad(chromedp.CSS(`form.ballot button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.ID("over")))
		if txt := mainText(e); !strings.Contains(txt, "از بودجه این سرفصل بیشتر است") {
			t.Errorf("the refused ballot does not explain the overspend:\n%s", txt)
		}
		if got := strings.TrimSpace(run(e, "read #overby", chromedp.TextContent(chromedp.ID("overby")))); got != "۲۵ میلیون ریال" {
			t.Errorf("the refused ballot is over by %q, want ۲۵ میلیون ریال", got)
		}
		if n := eval[int](e, `document.querySelectorAll('form.ballot input[name="p"]:checked').length`); n != 3 {
			t.Errorf("the refused ballot kept %d ticks, want 3", n)
		}
		checkPage(e)
		e.do("untick the gym and cast again",
			tick(box(others[gymTitle])),
			clickAndLoad(chromedp.CSS(`form.ballot button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.ID("receipt")))
	})
	console.expect(`status of 422`, 1) // the refused ballot's page

	// 7. Results: after voting closes the winners include the citizen's
	// project, with a chart. They are public: by now the citizen's 30-day
	// session has lapsed, so the page is read signed out.
	clock.Advance(10*24*time.Hour + time.Hour)
	syncBrowserClock(e)
	e.do("open the results", chromedp.Navigate(e.url(base+"/results")), chromedp.WaitVisible(chromedp.CSS("ol.winners")))
	winners := eval[[]string](e, `[...document.querySelectorAll('ol.winners li')].map(li => li.textContent.trim())`)
	if !slices.Contains(winners, ownTitle) {
		t.Errorf("winners %q lack the citizen's project %q", winners, ownTitle)
	}
	if n := eval[int](e, `document.querySelectorAll('figure.chart svg').length`); n != 1 {
		t.Errorf("%d <svg> charts on the results page, want 1", n)
	}
	// On the phone the chart fits the screen, neither scrolling sideways
	// nor shrinking its 13-unit text below 11 CSS pixels.
	fit := eval[[]float64](e, `(() => { const s = document.querySelector('figure.chart svg'), f = s.closest('figure');
		return [s.getBoundingClientRect().width, f.scrollWidth, f.clientWidth, document.documentElement.clientWidth, 13 * s.getBoundingClientRect().width / s.viewBox.baseVal.width]; })()`)
	if width, scroll, inner, view, font := fit[0], fit[1], fit[2], fit[3], fit[4]; width > view || scroll > inner || font < 11 {
		t.Errorf("the results chart on a phone: %.0fpx wide in a %.0fpx screen, its figure scrolls %.0f of %.0f, text %.1fpx", width, view, scroll, inner, font)
	}
	checkPage(e)
	e.screenshot("budget-7-results")
	e.desktop(func() { e.screenshot("budget-7-results-desktop") })

	console.check(t)
	t.Logf("whole run: %v", time.Since(began).Round(time.Millisecond))
}

// tick clicks a checkbox of the ballot after scrolling it to the middle
// of the screen, clear of the money-left bar stuck to the bottom.
func tick(sel chromedp.CSS) chromedp.Action[chromedp.Void] {
	scroll := chromedp.Evaluate[bool](fmt.Sprintf(`(() => { document.querySelector(%q).scrollIntoView({block: 'center'}); return true; })()`, string(sel)))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := scroll(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		return chromedp.Click(sel)(ctx, t)
	}
}

// typeText types s into the field as SendKeys does, but sends the
// characters SendKeys cannot type as keys, such as the zero-width
// non-joiner of Persian words (نیم‌فاصله), as a keyboard's input method
// does.
func typeText(sel chromedp.ID, s string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if _, err := chromedp.Focus(sel)(ctx, t); err != nil {
			return chromedp.Void{}, err
		}
		for s != "" {
			i := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) })
			if i < 0 {
				i = len(s)
			}
			if i > 0 {
				if _, err := chromedp.KeyEvent(s[:i])(ctx, t); err != nil {
					return chromedp.Void{}, err
				}
				s = s[i:]
				continue
			}
			_, size := utf8.DecodeRuneInString(s)
			if _, err := cdp.Call(ctx, t, input.InsertText, input.InsertTextParams{Text: s[:size]}); err != nil {
				return chromedp.Void{}, err
			}
			s = s[size:]
		}
		return chromedp.Void{}, nil
	}
}

// waitJS waits until a JavaScript condition holds.
func waitJS(cond string) chromedp.Action[chromedp.Void] {
	poll := chromedp.Poll[bool](cond, chromedp.WithPollingTimeout(stepTimeout))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := poll(ctx, t)
		return chromedp.Void{}, err
	}
}

// orgBySlug returns the id of a demo organization.
func orgBySlug(t *testing.T, e *env, slug string) int64 {
	t.Helper()
	o, err := e.app.Orgs.BySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("org %s: %v", slug, err)
	}
	return o.ID
}

func orgRef(t *testing.T, e *env, slug string) auth.OrgRef {
	t.Helper()
	o, err := e.app.Orgs.BySlug(context.Background(), slug)
	if err != nil {
		t.Fatalf("org %s: %v", slug, err)
	}
	return o.Ref()
}

// citizenID signs a citizen up through the identity service, with the
// code from the SMS log, and returns their user id.
func citizenID(t *testing.T, e *env, phone string) int64 {
	t.Helper()
	ctx := context.Background()
	c := identity.Client{IP: "192.0.2.7", UserAgent: "browsertest"}
	if _, err := e.app.Identity.RequestCode(ctx, phone, c); err != nil {
		t.Fatalf("request a code for %s: %v", phone, err)
	}
	in, err := e.app.Identity.VerifyCode(ctx, phone, e.smsCode(phone), c, "")
	if err != nil {
		t.Fatalf("verify the code of %s: %v", phone, err)
	}
	return in.User.ID
}

// citizenSignIn signs the test's citizen in through the browser, the
// number typed in Persian digits.
func citizenSignIn(e *env) {
	e.t.Helper()
	e.do("open /signin", chromedp.Navigate(e.url("/signin")), chromedp.WaitVisible(chromedp.ID("phone")))
	checkPage(e)
	e.do("ask for a code",
		chromedp.SendKeys(chromedp.ID("phone"), mayorTypedPhone),
		clickAndLoad(chromedp.CSS(`form[action="/signin"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("code")))
	e.do("confirm the code",
		chromedp.SendKeys(chromedp.ID("code"), e.smsCode(mayorPhone)),
		clickAndLoad(chromedp.CSS(`form[action="/signin/code"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
}

// writePNG writes a small real PNG image and returns its path.
func writePNG(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 48, 32))
	for x := range 48 {
		for y := range 32 {
			img.Set(x, y, color.RGBA{R: uint8(40 + x*4), G: 120, B: uint8(200 - y*4), A: 255})
		}
	}
	path := filepath.Join(t.TempDir(), "alley.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// newBrowser opens a tab in a fresh browser context of the same browser:
// no cookies shared with e's tab, as another person's browser.
func (e *env) newBrowser() (*env, func()) {
	e.t.Helper()
	tab, cancel := chromedp.NewContext(e.tab, chromedp.WithNewBrowserContext())
	c := *e
	c.tab = tab
	// The first action creates the tab, which lives as long as the context
	// of that action: the tab's own, not one with the step limit.
	if err := chromedp.Do(tab, chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(phoneScale), chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		cancel()
		e.t.Fatalf("open a tab in a new browser context: %v", err)
	}
	return &c, cancel
}

// desktop runs fn with the tab at a desktop's size, then back at the phone's.
func (e *env) desktop(fn func()) {
	e.t.Helper()
	e.do("desktop viewport", chromedp.EmulateViewport(desktopWidth, desktopHeight, chromedp.EmulateScale(1)))
	defer e.do("phone viewport", chromedp.EmulateViewport(phoneWidth, phoneHeight,
		chromedp.EmulateScale(phoneScale), chromedp.EmulateMobile, chromedp.EmulatePortrait))
	fn()
}

// noScript runs fn with JavaScript disabled in the tab.
func (e *env) noScript(fn func()) {
	e.t.Helper()
	e.emulating("JavaScript disabled", func(off bool) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off})
			return chromedp.Void{}, err
		}
	}, fn)
}

// printing runs fn with the tab's pages laid out for print (CSS media
// "print"), as the browser prints them.
func (e *env) printing(fn func()) {
	e.t.Helper()
	e.emulating("print media", func(on bool) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
			media := ""
			if on {
				media = "print"
			}
			_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media})
			return chromedp.Void{}, err
		}
	}, fn)
}

// emulating runs fn between set(true) and set(false).
func (e *env) emulating(what string, set func(on bool) chromedp.Action[chromedp.Void], fn func()) {
	e.t.Helper()
	e.do(what, set(true))
	defer e.do("end "+what, set(false))
	fn()
}

// printFacts is what a printed receipt shows.
type printFacts struct {
	Shown    []string // of the site's header, footer and the page's buttons, those printed
	Code     bool     // the receipt code is printed
	Choices  int      // the choices printed
	NonBlack []string // printed elements of main not in black
	Paper    []string // the page's and body's background colours
}

const printFactsJS = `(() => {
	const shown = el => getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
	const code = document.getElementById('receipt');
	return {
		Shown: [...document.querySelectorAll('.site-header, .site-footer, main .no-print, main .button, .skip-link')]
			.filter(shown).map(el => el.outerHTML.slice(0, 80)),
		Code: code !== null && shown(code),
		Choices: [...document.querySelectorAll('ol.receipt-choices li')].filter(shown).length,
		NonBlack: [...document.querySelectorAll('main *')].filter(el => shown(el) && getComputedStyle(el).color !== 'rgb(0, 0, 0)')
			.map(el => el.tagName.toLowerCase() + ' ' + getComputedStyle(el).color).slice(0, 10),
		Paper: [getComputedStyle(document.documentElement).backgroundColor, getComputedStyle(document.body).backgroundColor],
	};
})()`

// checkPrint: the receipt page prints its content alone, black on white:
// no navigation, footer or buttons; the code and the choices (want of
// them) printed. It saves a screenshot as printed under the name shot.
func checkPrint(e *env, choices int, shot string) {
	e.t.Helper()
	e.printing(func() {
		f := eval[printFacts](e, printFactsJS)
		if len(f.Shown) > 0 || !f.Code || f.Choices != choices || len(f.NonBlack) > 0 ||
			f.Paper[0] != "rgb(255, 255, 255)" || (f.Paper[1] != "rgb(255, 255, 255)" && f.Paper[1] != "rgba(0, 0, 0, 0)") {
			e.t.Errorf("the printed receipt: %+v; want no header, footer or buttons, the code and %d choices, black on white", f, choices)
		}
		e.screenshot(shot)
	})
}

// browserScript is the id of the script that sets the browser's clock,
// per tab context.
var browserScript sync.Map

// syncBrowserClock makes Date.now in the tab's next pages follow the
// application's clock, so that the countdowns the pages' script draws
// agree with the server's.
func syncBrowserClock(e *env) {
	e.t.Helper()
	// The application's clock stands still while the browser's runs on, so
	// the browser's starts a minute behind: a countdown of whole days then
	// shows what the server wrote for a minute, time enough for a page.
	shift := time.Until(e.clock.Now().Add(-time.Minute)).Milliseconds()
	run(e, "set the browser's clock", func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if id, ok := browserScript.Load(e.tab); ok {
			if _, err := cdp.Call(ctx, t, page.RemoveScriptToEvaluateOnNewDocument,
				page.RemoveScriptToEvaluateOnNewDocumentParams{Identifier: id.(page.ScriptIdentifier)}); err != nil {
				return chromedp.Void{}, err
			}
		}
		res, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
			Source: fmt.Sprintf(`(() => { const now = Date.now.bind(Date); Date.now = () => now() + %d; })();`, shift)})
		if err != nil {
			return chromedp.Void{}, err
		}
		browserScript.Store(e.tab, res.Identifier)
		return chromedp.Void{}, nil
	})
}

// mainText is the visible text of the page's <main>.
func mainText(e *env) string {
	e.t.Helper()
	return eval[string](e, `document.querySelector('main') ? document.querySelector('main').innerText : ''`)
}

// persianFacts is what checkPage reads of a page in one script.
type persianFacts struct {
	Lang, Dir, BodyDirection string
	Mains, H1s               int
	Text                     string   // the visible text of the body
	MainText                 string   // main's text outside left-to-right parts
	Unlabeled                []string // form fields with no label
	Overflow                 []string // elements wider than the viewport
	PageWidth, ViewWidth     int
}

const persianFactsJS = `(() => {
	const main = document.querySelector('main');
	let mainText = '';
	if (main) {
		const walk = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
		for (let n = walk.nextNode(); n; n = walk.nextNode()) {
			const el = n.parentElement;
			if (el.closest('[dir="ltr"], .ltr, script, style, [hidden]')) continue;
			// An isolate whose first letter is Latin, such as a payment
			// reference someone typed, reads left to right as well.
			const iso = el.closest('bdi');
			if (iso && /^[^\p{L}]*[A-Za-z]/u.test(iso.textContent)) continue;
			mainText += n.data + ' ';
		}
	}
	const unlabeled = [];
	for (const el of document.querySelectorAll('input, select, textarea')) {
		if (el.type === 'hidden') continue;
		const ok = el.closest('label') !== null ||
			(el.id !== '' && document.querySelector('label[for="' + CSS.escape(el.id) + '"]') !== null);
		if (!ok) unlabeled.push(el.outerHTML.slice(0, 160));
	}
	const overflow = [];
	const vw = document.documentElement.clientWidth;
	for (const el of document.querySelectorAll('main *')) {
		if (el.closest('.table-wrap')) continue; // scrolls on its own
		const r = el.getBoundingClientRect();
		if (r.width > 0 && (r.left < -1 || r.right > vw + 1)) overflow.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
	}
	return {
		Lang: document.documentElement.lang,
		Dir: document.documentElement.dir,
		BodyDirection: getComputedStyle(document.body).direction,
		Mains: document.querySelectorAll('main').length,
		H1s: document.querySelectorAll('h1').length,
		Text: document.title + '\n' + document.body.innerText,
		MainText: mainText,
		Unlabeled: unlabeled,
		Overflow: overflow.slice(0, 10),
		PageWidth: document.documentElement.scrollWidth,
		ViewWidth: vw,
	};
})()`

var (
	latinDigits    = regexp.MustCompile(`[0-9]+`)
	latinSeparator = regexp.MustCompile(`[۰-۹][,.][۰-۹]`)
)

// checkPage checks a Persian page: lang fa and right to left, one main
// and one h1, Persian ی and ک only, no Latin digits in the main text
// (left-to-right parts such as codes aside) nor Latin separators between
// Persian digits, every field labelled, and
// nothing wider than the screen.
func checkPage(e *env) {
	e.t.Helper()
	path := e.path()
	f := eval[persianFacts](e, persianFactsJS)
	if f.Lang != "fa" || f.Dir != "rtl" || f.BodyDirection != "rtl" {
		e.t.Errorf("%s: lang=%q dir=%q body direction=%q, want fa, rtl, rtl", path, f.Lang, f.Dir, f.BodyDirection)
	}
	if f.Mains != 1 || f.H1s != 1 {
		e.t.Errorf("%s: %d <main> and %d <h1>, want one each", path, f.Mains, f.H1s)
	}
	for _, r := range []rune{'\u064A', '\u0643'} { // Arabic yeh and kaf
		if i := strings.IndexRune(f.Text, r); i >= 0 {
			e.t.Errorf("%s: Arabic %U %q (Persian uses ی and ک) near %q", path, r, r, around(f.Text, i))
		}
	}
	if loc := latinDigits.FindStringIndex(f.MainText); loc != nil {
		e.t.Errorf("%s: Latin digits %q in the Persian text near %q", path, f.MainText[loc[0]:loc[1]], around(f.MainText, loc[0]))
	}
	if loc := latinSeparator.FindStringIndex(f.MainText); loc != nil {
		e.t.Errorf("%s: a Latin separator between Persian digits %q (Persian uses ٬ and ٫) near %q", path, f.MainText[loc[0]:loc[1]], around(f.MainText, loc[0]))
	}
	for _, el := range f.Unlabeled {
		e.t.Errorf("%s: form field without a label: %s", path, el)
	}
	if f.PageWidth > f.ViewWidth+1 {
		e.t.Errorf("%s: the page is %dpx wide in a %dpx viewport; too wide: %q", path, f.PageWidth, f.ViewWidth, f.Overflow)
	}
}

// consoleWatch keeps the console messages and uncaught exceptions of a tab.
type consoleWatch struct {
	mu       sync.Mutex
	msgs     []chromedp.ConsoleMessage
	expected map[string]int // text fragment → how many messages holding it are expected
}

func watchConsole(e *env) *consoleWatch {
	w := &consoleWatch{expected: map[string]int{}}
	msgs := chromedp.Console(e.tab)
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.msgs = append(w.msgs, m)
			w.mu.Unlock()
		}
	}()
	return w
}

// expect allows n error messages holding the fragment, such as the
// browser's note on a page that answered 422 on purpose.
func (w *consoleWatch) expect(fragment string, n int) {
	w.mu.Lock()
	w.expected[fragment] += n
	w.mu.Unlock()
}

// check fails the test on an error or exception in the console, beyond
// the expected ones.
func (w *consoleWatch) check(t testing.TB) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	left := map[string]int{}
	for k, v := range w.expected {
		left[k] = v
	}
next:
	for _, m := range w.msgs {
		if m.Type != chromedp.ConsoleError && !m.IsException() {
			continue
		}
		for frag, n := range left {
			if n > 0 && strings.Contains(m.Text, frag) {
				left[frag]--
				continue next
			}
		}
		t.Errorf("console %s (%s:%d)", m, m.URL, m.Line)
	}
}
