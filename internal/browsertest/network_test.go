package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
)

// The membership test: Shiraz's international affairs office applies to
// Metropolis; the association's secretariat decides.
const (
	shirazEmail    = "international@shiraz.example"
	shirazStaff    = "امور بین‌الملل شهرداری شیراز"
	shirazSlug     = "shiraz"
	shirazName     = "شهرداری شیراز"
	secretaryEmail = "secretariat@metropolis.example"
	secretaryName  = "کارشناس دبیرخانه متروپلیس"
	metropolisFa   = "انجمن بین‌المللی کلانشهرهای جهان (متروپلیس)"

	justificationFa = "شیراز با یک و نیم میلیون نفر جمعیت، مرکز استان فارس و قطب فرهنگی و گردشگری جنوب کشور است. عضویت در متروپلیس راه تبادل تجربه در مدیریت یکپارچه شهری و گردشگری را باز می‌کند."
	reportName      = "گزارش توجیهی.pdf"
	overrideFa      = "شیراز به‌عنوان مرکز استان و شهر میراث جهانی، با وجود جمعیت کمتر از دو میلیون نفر پذیرفته می‌شود."
)

// TestMembershipApplication files a membership application in a real
// browser, each step by the person whose role owns it, signed in through
// the staff sign-in page: Shiraz's international affairs office drafts
// the application to Metropolis with its justification report attached
// as a PDF, records the city council's approval with double urgency on a
// Jalali day typed in Persian digits, and sends the letter; Metropolis's
// secretariat, in another browser, opens the report, waives the
// population criterion with a reason, accepts the application and makes
// Shiraz a member from a day typed in Persian digits; signed out, the
// association's public page lists Shiraz among its members.
func TestMembershipApplication(t *testing.T) {
	t.Parallel()
	e := start(t)
	console := watchConsole(e)
	staffMember(t, e, shirazEmail, shirazStaff, shirazSlug, auth.Secretariat)
	staffMember(t, e, secretaryEmail, secretaryName, demo.MetropolisSlug, auth.Secretariat)
	report := writePDF(t, reportName, "Shiraz: application to Metropolis")

	// 1. The application: the association, the justification in Persian
	// with its zero-width non-joiners, the report.
	list := "/admin/orgs/" + shirazSlug + "/memberships"
	staffSignIn(e, shirazEmail, list)
	mainHas(e, "این سازمان عضویت یا درخواستی ندارد.")
	e.do("fill the application",
		chooseOption("#association", metropolisFa),
		typeText(chromedp.ID("justification"), justificationFa),
		chromedp.SetUploadFiles(chromedp.ID("files"), []string{report}))
	if got := run(e, "read the justification", chromedp.Value(chromedp.ID("justification"))); got != justificationFa {
		t.Errorf("the justification holds %q after typing %q", got, justificationFa)
	}
	e.shoot("network-membership-1-apply")
	e.do("save the draft",
		clickAndLoad(chromedp.CSS(`form[action="`+list+`"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("resolution_no")))
	m := regexp.MustCompile(`^` + regexp.QuoteMeta(list) + `/(\d+)$`).FindStringSubmatch(e.path())
	if m == nil {
		t.Fatalf("after saving the application the browser is at %s, want %s/{id}\n%s", e.path(), list, e.describe())
	}
	id := m[1]
	wantStatus := func(e *env, want string) {
		t.Helper()
		if got := strings.TrimSpace(run(e, "read the status", chromedp.TextContent(chromedp.CSS("main dl.facts dd strong")))); got != want {
			t.Errorf("%s: the membership's status reads %q, want %q", e.path(), got, want)
		}
	}
	wantStatus(e, "پیش‌نویس")
	mainHas(e, justificationFa, reportName)
	checkPage(e)

	// 2. The council's approval, with double urgency, on a day typed in
	// Persian digits; then the letter to the secretariat.
	e.do("record the council's approval",
		typeText(chromedp.ID("resolution_no"), "۱۴۰۵/۳۱۲"),
		chromedp.SendKeys(chromedp.ID("resolution_date"), "۱۴۰۵/۰۸/۱۲"),
		typeText(chromedp.ID("session"), "نخستین جلسه علنی آبان"),
		chooseOption("#urgency", "با قید دو فوریت"))
	showsWhole(e, "resolution_date")
	e.do("save the approval",
		clickAndLoad(chromedp.CSS(`form[action$="/memberships/`+id+`/council"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("letter_ref")))
	wantStatus(e, "مصوب شورا")
	mainHas(e, "۱۴۰۵/۳۱۲", "۱۴۰۵/۰۸/۱۲", "نخستین جلسه علنی آبان", "با قید دو فوریت")
	checkPage(e)
	e.do("send the letter",
		typeText(chromedp.ID("letter_ref"), "۸۸۲۱/ب/۱۴۰۵"),
		clickAndLoad(chromedp.CSS(`form[action$="/memberships/`+id+`/submit"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("main ol.timeline")))
	wantStatus(e, "ارسال‌شده به دبیرخانه")
	mainHas(e, "۸۸۲۱/ب/۱۴۰۵")
	// Once the letter is sent the workflow's forms are gone; only adding
	// files stays open until the secretariat decides.
	if n := eval[int](e, `document.querySelectorAll('main form:not([action$="/files"])').length`); n != 0 {
		t.Errorf("the applicant's page still offers %d workflow forms once the letter is sent", n)
	}
	if n := eval[int](e, `document.querySelectorAll('main form[action$="/files"]').length`); n != 1 {
		t.Errorf("the applicant's page offers %d forms to add files once the letter is sent, want 1", n)
	}
	checkPage(e)
	e.screenshot("network-membership-2-sent")

	// 3. Metropolis's secretariat, in its own browser: the application is
	// in the queue; Shiraz is under the population threshold, so the
	// secretariat waives it with a reason, then accepts and activates.
	e.otherBrowser(func(sec *env) {
		desk := "/admin/associations/" + demo.MetropolisSlug
		page := desk + "/memberships/" + id
		staffSignIn(sec, secretaryEmail, desk)
		checkPage(sec)
		sec.do("open the application from the queue",
			clickAndLoad(chromedp.CSS(`main a[href="`+page+`"]`)),
			chromedp.WaitVisible(chromedp.ID("override_reason")))
		wantStatus(sec, "ارسال‌شده به دبیرخانه")
		mainHas(sec, "۱٬۵۶۵٬۵۷۲", "۲٬۰۰۰٬۰۰۰", "با قید دو فوریت", "۱۴۰۵/۰۸/۱۲", justificationFa)
		type fetched struct {
			Type   string
			Status int
			Size   int
		}
		got := eval[fetched](sec, `(async () => {
			const a = [...document.querySelectorAll('main a')].find(a => a.textContent.trim() === `+"`"+reportName+"`"+`);
			if (!a) return {Type: '', Status: 0, Size: 0};
			const r = await fetch(a.href);
			return {Type: r.headers.get('Content-Type'), Status: r.status, Size: (await r.arrayBuffer()).byteLength};
		})()`)
		if fi, err := os.Stat(report); err != nil || got.Status != 200 || got.Type != "application/pdf" || int64(got.Size) != fi.Size() {
			t.Errorf("the report's link answers %d %q with %d bytes, want 200 application/pdf with the file's bytes (%v)", got.Status, got.Type, got.Size, err)
		}
		checkPage(sec)
		sec.screenshot("network-membership-3-decision")
		sec.do("waive the population criterion",
			typeText(chromedp.ID("override_reason"), overrideFa),
			clickAndLoad(chromedp.CSS(`form[action="`+page+`/override"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS(`form[action="`+page+`/accept"]`)))
		mainHas(sec, overrideFa)
		sec.do("accept",
			clickAndLoad(chromedp.CSS(`form[action="`+page+`/accept"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.ID("since")))
		wantStatus(sec, "پذیرفته‌شده")
		sec.do("activate from a day typed in Persian digits",
			chromedp.SendKeys(chromedp.ID("since"), "۱۴۰۵/۰۹/۰۱"),
			clickAndLoad(chromedp.CSS(`form[action="`+page+`/activate"] button[type="submit"]`)),
			chromedp.WaitVisible(chromedp.CSS("main h1")))
		wantStatus(sec, "عضو فعال")
		mainHas(sec, "۱۴۰۵/۰۹/۰۱")
		history := eval[[]string](sec, `[...document.querySelectorAll('main ol.timeline li strong')].map(s => s.textContent.trim())`)
		if len(history) != 6 {
			t.Errorf("the membership's history has %d steps, want 6 (apply, council, letter, waiver, acceptance, activation): %q", len(history), history)
		}
		checkPage(sec)
	})

	// 4. The applicant sees Shiraz a member.
	e.do("reload the application", chromedp.Reload(), chromedp.WaitVisible(chromedp.CSS("main h1")))
	wantStatus(e, "عضو فعال")

	// 5. Signed out: the association's page lists Shiraz, since the day
	// typed, and pins it on the members' map.
	e.otherBrowser(func(pub *env) {
		pub.do("open the association's page",
			chromedp.Navigate(pub.url("/associations/"+demo.MetropolisSlug)),
			chromedp.WaitVisible(chromedp.CSS("#members-h")))
		type member struct{ Name, Status, Since string }
		members := eval[[]member](pub, `[...document.querySelectorAll('section[aria-labelledby="members-h"] tbody tr')].map(tr => ({
			Name: tr.querySelector('th').textContent.trim(), Status: tr.cells[1].textContent.trim(), Since: tr.cells[2].textContent.trim()}))`)
		if !slices.Contains(members, member{shirazName, "عضو فعال", "۱۴۰۵/۰۹/۰۱"}) {
			t.Errorf("the association's members %q lack %s, active since ۱۴۰۵/۰۹/۰۱", members, shirazName)
		}
		pins := eval[[]string](pub, `[...document.querySelectorAll('figure.map svg circle title')].map(t => t.textContent.trim())`)
		if !slices.Contains(pins, shirazName) {
			t.Errorf("the members' map pins %q, not %s", pins, shirazName)
		}
		pub.shoot("network-membership-4-members")
	})
	console.check(t)
}

// The sister-city test: Hamedan's international relations office records
// an agreement with Kazan, a city it first adds to the gazetteer.
const (
	relationsEmail = "relations@hamedan.example"
	relationsName  = "دفتر روابط بین‌الملل همدان"
	hamedanSlug    = "hamedan"
	hamedanName    = "شهرداری همدان"

	kazanFa    = "قازان"
	kazanLocal = "Казань"
	russiaFa   = "روسیه"

	agreementFa = "همکاری فرهنگی، اقتصادی و گردشگری میان همدان و قازان؛ تبادل هیئت‌های شهری و نمایشگاه‌های صنایع‌دستی."
	visitFa     = "سفر هیئت شهرداری قازان به همدان و گفت‌وگو درباره گردشگری تاریخی."
)

// TestSisterCityAgreement records a sister-city agreement in a real
// browser, as a municipality's relations staff signed in through the staff
// sign-in page: a city abroad added to the gazetteer, the agreement with
// its areas and a proposal day typed in Persian digits, its signing on a
// Jalali day and its activation, a visit in its activity log; then,
// signed out, the public agreement page and the city's network page, whose
// diagram draws the partner.
func TestSisterCityAgreement(t *testing.T) {
	t.Parallel()
	e := start(t)
	console := watchConsole(e)
	staffMember(t, e, relationsEmail, relationsName, hamedanSlug, auth.Editor)

	// 1. The staff index, then the gazetteer: add Kazan, its population
	// typed in Persian digits with Persian separators.
	staffSignIn(e, relationsEmail, "/admin/sister-cities")
	checkPage(e)
	e.do("open the gazetteer",
		clickAndLoad(chromedp.CSS(`main a[href="/admin/sister-cities/gazetteer"]`)),
		chromedp.WaitVisible(chromedp.ID("name_fa")))
	e.do("fill the new city",
		typeText(chromedp.ID("name_fa"), kazanFa),
		chromedp.SendKeys(chromedp.ID("name_en"), "Kazan"),
		typeText(chromedp.ID("name_local"), kazanLocal),
		chromedp.SendKeys(chromedp.ID("local_lang"), "ru"),
		chromedp.SendKeys(chromedp.ID("country"), "RU"),
		chromedp.SendKeys(chromedp.ID("population"), "۱٬۳۰۸٬۶۶۰"),
		chromedp.SendKeys(chromedp.ID("lat"), "55.7961"),
		chromedp.SendKeys(chromedp.ID("lon"), "49.1064"))
	checkPage(e)
	e.do("add the city",
		clickAndLoad(chromedp.CSS(`form[method="post"][action="/admin/sister-cities/gazetteer"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	if path := e.path(); path != "/admin/sister-cities/gazetteer" {
		t.Fatalf("after adding the city the browser is at %s\n%s", path, e.describe())
	}
	mainHas(e, kazanFa, kazanLocal, russiaFa+" (RU)", "۱٬۳۰۸٬۶۶۰")
	checkPage(e)

	// 2. The new agreement, from the staff index: Hamedan and Kazan, in
	// negotiation since a day typed in Persian digits, in three areas.
	e.do("back to the staff index",
		clickAndLoad(chromedp.CSS(`nav.breadcrumb a[href="/admin/sister-cities"]`)),
		chromedp.WaitVisible(chromedp.CSS("main h1")))
	e.do("open the new agreement form",
		clickAndLoad(chromedp.CSS(`main a[href="/admin/sister-cities/new"]`)),
		chromedp.WaitVisible(chromedp.ID("party")))
	e.do("fill the agreement",
		chooseOption("#party", hamedanName),
		chooseOption("#party_b", kazanFa+" ("+russiaFa+")"),
		chooseOption("#status", "در حال مذاکره"),
		chromedp.SendKeys(chromedp.ID("proposed_on"), "۱۴۰۵/۰۲/۱۰"),
		tick(`#areas input[value="culture"]`),
		tick(`#areas input[value="tourism"]`),
		tick(`#areas input[value="economy"]`),
		typeText(chromedp.ID("description_fa"), agreementFa),
		chromedp.SendKeys(chromedp.ID("description_en"), "Cultural, economic and tourism cooperation between Hamedan and Kazan."))
	showsWhole(e, "proposed_on")
	if got := run(e, "read the description", chromedp.Value(chromedp.ID("description_fa"))); got != agreementFa {
		t.Errorf("the description holds %q after typing %q", got, agreementFa)
	}
	e.shoot("network-sister-1-new")
	e.do("record the agreement",
		clickAndLoad(chromedp.CSS(`form[action="/admin/sister-cities"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("st-status")))
	m := regexp.MustCompile(`^/admin/sister-cities/(\d+)$`).FindStringSubmatch(e.path())
	if m == nil {
		t.Fatalf("after recording the agreement the browser is at %s, want /admin/sister-cities/{id}\n%s", e.path(), e.describe())
	}
	id := m[1]
	title := hamedanName + " – " + kazanFa
	if h1 := strings.TrimSpace(run(e, "read h1", chromedp.TextContent(chromedp.CSS("main h1")))); h1 != title {
		t.Errorf("the agreement's h1 = %q, want %q", h1, title)
	}
	mainHas(e, "در حال مذاکره", "۱۰ اردیبهشت ۱۴۰۵", "فرهنگ، اقتصاد، گردشگری")
	checkPage(e)

	// 3. Signed on a Jalali day typed in Persian digits, then active.
	status := `form[action="/admin/sister-cities/` + id + `/status"]`
	e.do("sign the agreement",
		chooseOption("#st-status", "امضاشده"),
		chromedp.SendKeys(chromedp.ID("st-day"), "۱۴۰۵/۰۶/۱۵"),
		typeText(chromedp.ID("st-note"), "امضا در همایش شهرداران در همدان"))
	showsWhole(e, "st-day")
	e.do("send the signing",
		clickAndLoad(chromedp.CSS(status+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("st-status")))
	mainHas(e, "امضاشده", "۱۵ شهریور ۱۴۰۵", "امضا در همایش شهرداران در همدان")
	e.do("make it active",
		chooseOption("#st-status", "فعال"),
		clickAndLoad(chromedp.CSS(status+` button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("st-status")))
	if got := strings.TrimSpace(run(e, "read the status", chromedp.TextContent(chromedp.CSS("main dl.facts dd")))); got != "فعال" {
		t.Errorf("after activation the status reads %q, want فعال\n%s", got, mainText(e))
	}
	if next := eval[[]string](e, `[...document.querySelectorAll('#st-status option')].map(o => o.value)`); !slices.Equal(next, []string{"dormant", "ended"}) {
		t.Errorf("an active agreement offers the statuses %q, want dormant and ended", next)
	}

	// 4. A visit in the activity log.
	e.do("record a visit",
		chooseOption("#act-kind", "دیدار"),
		chromedp.SendKeys(chromedp.ID("act-day"), "۱۴۰۵/۰۸/۲۰"),
		typeText(chromedp.ID("act-description_fa"), visitFa),
		clickAndLoad(chromedp.CSS(`form[action="/admin/sister-cities/`+id+`/activities"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS("ol.timeline")))
	timeline := strings.TrimSpace(run(e, "read the activity", chromedp.Text(chromedp.CSS("main ol.timeline"))))
	for _, want := range []string{"۲۰ آبان ۱۴۰۵", "دیدار", hamedanName, visitFa} {
		if !strings.Contains(timeline, want) {
			t.Errorf("the activity log lacks %q: %q", want, timeline)
		}
	}
	if style := eval[string](e, `getComputedStyle(document.querySelector('main ol.timeline')).listStyleType`); style != "persian" {
		t.Errorf("the activity log is numbered in %q, want Persian digits", style)
	}
	checkPage(e)
	e.screenshot("network-sister-2-manage")

	// 5. Signed out, in another browser: the public agreement page and
	// Hamedan's network, whose diagram draws Kazan.
	e.otherBrowser(func(pub *env) {
		pub.do("open the public agreement page",
			chromedp.Navigate(pub.url("/sister-cities/"+id)),
			chromedp.WaitVisible(chromedp.CSS("main h1")))
		if h1 := strings.TrimSpace(run(pub, "read h1", chromedp.TextContent(chromedp.CSS("main h1")))); h1 != title {
			t.Errorf("the public agreement page's h1 = %q, want %q", h1, title)
		}
		mainHas(pub, "فعال", "۱۵ شهریور ۱۴۰۵", "۱۰ اردیبهشت ۱۴۰۵", "فرهنگ، اقتصاد، گردشگری", russiaFa, agreementFa, visitFa)
		if n := eval[int](pub, `document.querySelectorAll('main a[href^="/admin/"]').length`); n != 0 {
			t.Errorf("the public page shows %d staff links to a signed-out visitor", n)
		}
		pub.shoot("network-sister-3-agreement")

		network := "/orgs/" + hamedanSlug + "/sister-cities"
		pub.do("follow Hamedan's link to its network",
			clickAndLoad(chromedp.CSS(`main a[href="`+network+`"]`)),
			chromedp.WaitVisible(chromedp.CSS("figure.network svg")))
		if path := pub.path(); path != network {
			t.Fatalf("Hamedan's link led to %s, want %s", path, network)
		}
		if h1 := strings.TrimSpace(run(pub, "read h1", chromedp.TextContent(chromedp.CSS("main h1")))); h1 != "شهرهای خواهرخوانده "+hamedanName {
			t.Errorf("the network page's h1 = %q", h1)
		}
		labels := eval[[]string](pub, `[...document.querySelectorAll('figure.network svg text')].map(t => t.textContent.trim())`)
		if !slices.Contains(labels, kazanFa) || !slices.Contains(labels, hamedanName) {
			t.Errorf("the network diagram's labels are %q, want %s around %s", labels, kazanFa, hamedanName)
		}
		lines := eval[[]string](pub, `[...document.querySelectorAll('figure.network svg line title')].map(t => t.textContent.trim())`)
		if !slices.Equal(lines, []string{kazanFa + " (فعال)"}) {
			t.Errorf("the network diagram's lines are %q, want one to %s (فعال)", lines, kazanFa)
		}
		mainHas(pub, kazanFa, "فعال", "۱۵ شهریور ۱۴۰۵")
		pub.shoot("network-sister-4-diagram")
	})
	console.check(t)
}

// chooseOption selects the option of the <select> sel whose text is
// label, as a person picks it by its name, and fails when there is none.
func chooseOption(sel, label string) chromedp.Action[chromedp.Void] {
	pick := chromedp.Evaluate[bool](fmt.Sprintf(`(() => {
		const s = document.querySelector(%q);
		const o = s && [...s.options].find(o => o.textContent.trim() === %q);
		if (!o) return false;
		s.value = o.value;
		s.dispatchEvent(new Event('change', {bubbles: true}));
		return true;
	})()`, sel, label))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		ok, err := pick(ctx, t)
		if err == nil && !ok {
			err = fmt.Errorf("no option %q in %s", label, sel)
		}
		return chromedp.Void{}, err
	}
}

// showsWhole checks that the text typed in the field #id fits in it, so
// that a person sees all of what they typed.
func showsWhole(e *env, id string) {
	e.t.Helper()
	if !eval[bool](e, fmt.Sprintf(`(() => { const el = document.getElementById(%q); return el.value !== '' && el.scrollWidth <= el.clientWidth; })()`, id)) {
		e.t.Errorf("%s: the field #%s is too narrow for what was typed in it", e.path(), id)
	}
}

// writePDF writes a one-page PDF showing text (ASCII) as name and returns
// its path: a real document, with its cross-reference table.
func writePDF(t *testing.T, name, text string) string {
	t.Helper()
	content := fmt.Sprintf("BT /F1 18 Tf 72 770 Td (%s) Tj ET", text)
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content), content),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
