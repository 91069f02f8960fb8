package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shahr-city/shahr/internal/auth"
)

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
	func() {
		pub, done := e.newBrowser()
		defer done()
		pubConsole := watchConsole(pub)
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
		pubConsole.check(t)
	}()
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
