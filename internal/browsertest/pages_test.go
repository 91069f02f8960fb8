package browsertest

import (
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// pageFacts is what a page's structure tells about its direction and
// accessibility, as one script reads it.
type pageFacts struct {
	Lang, Dir, BodyDirection string
	Mains, H1s, Fields       int
	Unlabeled                []string // form fields no <label for> points to
}

const pageFactsJS = `(() => {
	const unlabeled = [];
	let fields = 0;
	for (const el of document.querySelectorAll('input, select, textarea')) {
		if (el.type === 'hidden') continue;
		fields++;
		const ok = el.id !== '' && document.querySelector('label[for="' + CSS.escape(el.id) + '"]') !== null;
		if (!ok) {
			unlabeled.push(el.outerHTML.slice(0, 160));
		}
	}
	return {
		Lang: document.documentElement.lang,
		Dir: document.documentElement.dir,
		BodyDirection: getComputedStyle(document.body).direction,
		Mains: document.querySelectorAll('main').length,
		H1s: document.querySelectorAll('h1').length,
		Fields: fields,
		Unlabeled: unlabeled,
	};
})()`

// focusFacts describes the focused element and whether it can be seen.
type focusFacts struct {
	Tag, Text, Href string
	Visible         bool
}

const focusFactsJS = `(() => {
	const el = document.activeElement;
	if (!el) return {Tag: '', Text: '', Href: '', Visible: false};
	const r = el.getBoundingClientRect();
	return {
		Tag: el.tagName.toLowerCase(),
		Text: (el.textContent || '').trim(),
		Href: el.getAttribute('href') || '',
		Visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 &&
			r.top < innerHeight && r.left < innerWidth,
	};
})()`

// fontFacts tells whether the Vazirmatn web font is loaded and used.
type fontFacts struct {
	Check    bool     // document.fonts.check('16px Vazirmatn')
	Statuses []string // status of each Vazirmatn face
}

const fontFactsJS = `document.fonts.ready.then(() => ({
	Check: document.fonts.check('16px Vazirmatn'),
	Statuses: [...document.fonts]
		.filter(f => f.family.replace(/["']/g, '') === 'Vazirmatn')
		.map(f => f.status),
}))`

const skipLinkText = "پرش به محتوای اصلی"

// TestPagesAreRightToLeftAndKeyboardUsable checks public pages in Persian:
// right-to-left, one main and one h1, every field labelled, the skip link
// first in the tab order, and the Vazirmatn font really loaded.
func TestPagesAreRightToLeftAndKeyboardUsable(t *testing.T) {
	t.Parallel()
	e := start(t)
	for _, path := range []string{"/", "/orgs", "/orgs/tehran-district-21", "/signin"} {
		name := strings.ReplaceAll(strings.Trim(path, "/"), "/", "_")
		if name == "" {
			name = "home"
		}
		t.Run(name, func(t *testing.T) {
			e := e.with(t)
			e.do("open "+path, chromedp.Navigate(e.url(path)), chromedp.WaitVisible(chromedp.CSS("main h1")))
			if p := e.path(); p != path {
				t.Fatalf("opening %s ended at %s", path, p)
			}

			f := eval[pageFacts](e, pageFactsJS)
			if f.Lang != "fa" || f.Dir != "rtl" || f.BodyDirection != "rtl" {
				t.Errorf("lang=%q dir=%q body direction=%q, want fa, rtl, rtl", f.Lang, f.Dir, f.BodyDirection)
			}
			if f.Mains != 1 {
				t.Errorf("%d <main> elements, want 1", f.Mains)
			}
			if f.H1s != 1 {
				t.Errorf("%d <h1> elements, want 1", f.H1s)
			}
			t.Logf("%s: %d visible form fields checked for labels", path, f.Fields)
			for _, el := range f.Unlabeled {
				t.Errorf("form field without a <label for>: %s", el)
			}

			// Nothing is focused after the load, so the first Tab must land
			// on the skip link, visibly.
			if tag := eval[string](e, `document.activeElement ? document.activeElement.tagName : ''`); tag != "BODY" {
				t.Fatalf("after load the focus is on %s, not the body", tag)
			}
			e.do("press Tab", chromedp.KeyEvent(kb.Tab))
			got := eval[focusFacts](e, focusFactsJS)
			if got.Tag != "a" || got.Text != skipLinkText || got.Href != "#main" {
				t.Errorf("first Tab focuses <%s href=%q> %q, want the skip link <a href=\"#main\"> %q",
					got.Tag, got.Href, got.Text, skipLinkText)
			} else if !got.Visible {
				t.Errorf("the focused skip link is not visible in the viewport")
			}

			ff := eval[fontFacts](e, fontFactsJS)
			if !ff.Check || !slices.Contains(ff.Statuses, "loaded") {
				t.Errorf("Vazirmatn not loaded: fonts.check=%v, face statuses %v", ff.Check, ff.Statuses)
			}
		})
	}
}
