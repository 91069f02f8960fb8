package budgeting_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/persian"
)

// receiptCode finds the receipt on a receipt page.
var receiptCode = regexp.MustCompile(`<bdi class="code" id="receipt" dir="ltr">([0-9a-f]{32})</bdi>`)

// voting is the fixture in its voting phase, its projects reviewed, with
// voters (signed in with the phones) resident in its first heading.
func voting(t *testing.T, e *apptest.Env, slug string, phones ...string) (*ballotAPI, []*apptest.Client) {
	t.Helper()
	b := newBallotAPI(t, e, slug)
	e.Clock.Advance(time.Hour)
	b.review(t)
	var voters []*apptest.Client
	for _, phone := range phones {
		voters = append(voters, b.voter(t, phone, "tehran-21-villashahr"))
	}
	e.Clock.Advance(time.Hour)
	return b, voters
}

// votePage is the ballot form of the fixture's first heading.
func (b *ballotAPI) votePage() string {
	return fmt.Sprintf("/budgets/%s/vote/%d", b.process.Slug, b.headings[0])
}

// castForm casts a ballot through the page's form and returns where it
// sends the browser.
func (b *ballotAPI) castForm(t *testing.T, c *apptest.Client, ids ...int64) string {
	t.Helper()
	form := url.Values{}
	for _, id := range ids {
		form.Add("p", strconv.FormatInt(id, 10))
	}
	r := c.PostForm(b.votePage(), form)
	if r.Status != http.StatusSeeOther {
		t.Fatalf("casting %v: status %d, want 303\n%.2000s", ids, r.Status, r.Body)
	}
	return r.Header.Get("Location")
}

// receipt reads the voter's receipt page: its code, and the page.
func receipt(t *testing.T, c *apptest.Client, page string) (string, string) {
	t.Helper()
	r := c.Get(page)
	m := receiptCode.FindStringSubmatch(r.Body)
	if r.Status != http.StatusOK || m == nil {
		t.Fatalf("receipt page %s: status %d, no receipt code\n%.3000s", page, r.Status, r.Body)
	}
	return m[1], r.Body
}

// TestReceiptPage: a ballot cast with the page's form answers 303 to the
// voter's receipt page (POST, redirect, GET), which shows one code, says
// what it is for in both languages, lists the choices and prints cleanly;
// reloading it casts nothing; a new ballot gets a new receipt; nobody else
// sees the page.
func TestReceiptPage(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		b, vs := voting(t, e, "d21-receipt", "09121240001", "09121240002")
		alice, bob := vs[0], vs[1]

		page := b.castForm(t, alice, b.ids[0], b.ids[2])
		if want := b.votePage() + "/receipt"; page != want {
			t.Fatalf("the ballot sends the voter to %q, want %q", page, want)
		}
		first, body := receipt(t, alice, page)
		if n := strings.Count(body, `class="code"`); n != 1 || strings.Count(body, first) != 1 ||
			strings.Contains(body, ballotchain.ReceiptHash(b.headings[0], first)) {
			t.Errorf("the receipt page shows %d codes (the receipt %d times, its hash %v); want the receipt once and nothing else",
				n, strings.Count(body, first), strings.Contains(body, ballotchain.ReceiptHash(b.headings[0], first)))
		}
		choices := body[strings.Index(body, `<ol class="receipt-choices">`):]
		choices = choices[:strings.Index(choices, "</ol>")]
		if !strings.Contains(choices, "طرح ۱") || !strings.Contains(choices, "طرح ۳") || strings.Contains(choices, "طرح ۲") ||
			!strings.Contains(choices, "۶۰ ریال") || !strings.Contains(body, "<dd>۹۰ ریال</dd>") {
			t.Errorf("the receipt page does not list projects 1 and 3 (60 and 30 rials, 90 in all):\n%s", choices)
		}
		for _, want := range []string{"این کد، رمز برگه رأی شماست", `lang="en" dir="ltr"`, "This code is your ballot&#39;s secret",
			"فقط آخرین رسید شما در این سرفصل معتبر است", `class="button secondary" href="` + b.votePage() + `"`, `class="no-print"`} {
			if !strings.Contains(body, want) {
				t.Errorf("the receipt page lacks %q", want)
			}
		}
		if _, en := receipt(t, alice, page+"?lang=en"); !strings.Contains(en, "This code is your ballot&#39;s secret") ||
			!strings.Contains(en, `lang="fa" dir="rtl"`) || !strings.Contains(en, "Your choices") {
			t.Errorf("the English receipt page lacks its sentence or the Persian one beside it:\n%.3000s", en)
		}

		if r := alice.Get(b.votePage()); !strings.Contains(r.Body, `<a href="`+page+`">`) { // (in English now: the page was seen in English)
			t.Errorf("the ballot form of a voter who has voted does not link their receipt:\n%.3000s", r.Body)
		}

		// Reloading shows the same receipt and casts nothing.
		if again, _ := receipt(t, alice, page); again != first {
			t.Errorf("the reloaded page shows %s, want %s", again, first)
		}
		if n, err := e.App.Budget.VerifyChain(ctx, b.headings[0]); n != 1 || err != nil {
			t.Errorf("after reloading the receipt: %d links, %v; want the one ballot", n, err)
		}

		// Nobody else sees it: another voter has no ballot there, a
		// visitor must sign in.
		if r := bob.Get(page); r.Status != http.StatusNotFound || strings.Contains(r.Body, first) {
			t.Errorf("another voter opens alice's receipt page: status %d, want 404", r.Status)
		}
		if r := e.Client().Get(page); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
			t.Errorf("a visitor opens the receipt page: status %d to %q, want 303 to /signin", r.Status, r.Header.Get("Location"))
		}
		bobs, _ := receipt(t, bob, b.castForm(t, bob, b.ids[1]))
		if bobs == first {
			t.Error("bob got alice's receipt")
		}

		// A new ballot: a new receipt; the old one is gone from the page.
		second, body := receipt(t, alice, b.castForm(t, alice, b.ids[1]))
		if second == first || strings.Contains(body, first) || !strings.Contains(body, "طرح ۲") {
			t.Errorf("after a new ballot the page shows %s (first %s)", second, first)
		}
		if n, _ := e.App.Budget.BallotCount(ctx, b.headings[0]); n != 2 {
			t.Errorf("%d ballots stored, want alice's and bob's", n)
		}

		// After the vote: no change, a link to the check instead.
		e.Clock.Advance(25 * time.Hour)
		if _, body := receipt(t, alice, page); strings.Contains(body, `href="`+b.votePage()+`"`) ||
			!strings.Contains(body, `href="/budgets/d21-receipt/receipt"`) {
			t.Errorf("after voting closed the receipt page offers a change, or no check:\n%.3000s", body)
		}
	})
}

// TestAccountLists: /account lists the person's proposals, supports and
// ballots, each ballot with its receipt and a link to its receipt page,
// and says so when a list is empty.
func TestAccountLists(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		b := newBallotAPI(t, e, "d21-account")
		alice := b.voter(t, "09121250001", "tehran-21-villashahr")
		proposal := fmt.Sprintf("/budgets/%s/proposals/%d", b.process.Slug, b.ids[1])
		if r := alice.PostForm(proposal+"/support", url.Values{"support": {"add"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("support: %d %s", r.Status, r.Body)
		}
		e.Clock.Advance(time.Hour)
		b.review(t)
		e.Clock.Advance(time.Hour)
		code, _ := receipt(t, alice, b.castForm(t, alice, b.ids[2]))

		r := alice.Get("/account")
		if r.Status != http.StatusOK {
			t.Fatalf("account: %d", r.Status)
		}
		section := func(id string) string {
			i := strings.Index(r.Body, `<section id="`+id+`"`)
			if i < 0 {
				t.Fatalf("no section %s on the account page:\n%s", id, r.Body)
			}
			s := r.Body[i:]
			return s[:strings.Index(s, "</section>")]
		}
		if s := section("my-proposals"); !strings.Contains(s, "پیشنهادهای من") || !strings.Contains(s, "هنوز پیشنهادی نداده‌اید.") {
			t.Errorf("alice's proposals:\n%s", s)
		}
		if s := section("my-supports"); !strings.Contains(s, `href="`+proposal+`"`) || !strings.Contains(s, "طرح ۲") || !strings.Contains(s, "حمایت در ") {
			t.Errorf("alice's supports:\n%s", s)
		}
		ballots := section("my-ballots")
		if !strings.Contains(ballots, `href="`+b.votePage()+`/receipt"`) || !strings.Contains(ballots, `<bdi class="code" dir="ltr">`+code+`</bdi>`) ||
			!strings.Contains(ballots, "ویلاشهر") {
			t.Errorf("alice's ballots lack the heading, its receipt %s or the link to it:\n%s", code, ballots)
		}
		author := e.Citizen("09121110000")
		r = author.Get("/account")
		mine := section("my-proposals")
		for _, id := range b.ids {
			if !strings.Contains(mine, fmt.Sprintf(`href="/budgets/%s/proposals/%d"`, b.process.Slug, id)) {
				t.Errorf("the author's proposals lack %d:\n%s", id, mine)
			}
		}
		if s := section("my-ballots"); !strings.Contains(s, "هنوز رأی نداده‌اید.") {
			t.Errorf("the author's ballots:\n%s", s)
		}
	})
}

// checkAnswer is the receipt check's JSON.
type checkAnswer struct {
	Heading     int64  `json:"heading"`
	ReceiptHash string `json:"receipt_hash"`
	Counted     bool   `json:"counted"`
	Line        *struct {
		Number int    `json:"number"`
		Text   string `json:"text"`
	} `json:"line"`
	Link     ballotchain.Link `json:"link"`
	Links    int64            `json:"links"`
	Head     string           `json:"head"`
	Verified bool             `json:"verified"`
	Problem  string           `json:"problem"`
}

// TestReceiptCheck: after voting closes (not before: 403), a receipt,
// typed as people type it, finds its heading, its line in the published
// ballots file and its link in the chain, checked to the head; a replaced
// ballot's receipt is found void; a tampered chain is reported. The
// published file lists the ballots in chain order and checks against the
// chain (ballotchain.CheckFile).
func TestReceiptCheck(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		b, vs := voting(t, e, "d21-check", "09121260001", "09121260002")
		alice, carol := vs[0], vs[1]
		old, _ := receipt(t, alice, b.castForm(t, alice, b.ids[0]))
		carols, _ := receipt(t, carol, b.castForm(t, carol, b.ids[1], b.ids[2]))
		current, _ := receipt(t, alice, b.castForm(t, alice, b.ids[2]))

		api := fmt.Sprintf("/api/v1/processes/%d/receipts", b.process.ID)
		page := "/budgets/" + b.process.Slug + "/receipt"
		body := func(receipt string) string { return `{"receipt":"` + receipt + `"}` }
		wantStatus(t, e.Client().PostJSON(api, body(current)), http.StatusForbidden, "a check while voting runs")
		if r := e.Client().Get(page); r.Status != http.StatusOK || !strings.Contains(r.Body, "رسیدها پس از پایان رأی‌گیری بررسی می‌شوند.") ||
			strings.Contains(r.Body, `name="receipt"`) {
			t.Errorf("the check page while voting runs: %d\n%.3000s", r.Status, r.Body)
		}
		if r := e.Client().PostForm(page, url.Values{"receipt": {current}}); r.Status != http.StatusForbidden {
			t.Errorf("a check posted while voting runs: %d", r.Status)
		}

		e.Clock.Advance(25 * time.Hour)
		ask := func(receipt string) checkAnswer {
			t.Helper()
			r := e.Client().PostJSON(api, body(receipt))
			wantStatus(t, r, http.StatusOK, "a check of "+receipt)
			var a checkAnswer
			if err := json.Unmarshal([]byte(r.Body), &a); err != nil {
				t.Fatal(err)
			}
			return a
		}
		chainPath := fmt.Sprintf("/api/v1/processes/%d/headings/%d/chain", b.process.ID, b.headings[0])
		var chain ballotchain.Chain
		if err := json.Unmarshal([]byte(e.Client().Get(chainPath).Body), &chain); err != nil {
			t.Fatal(err)
		}
		if len(chain.Entries) != 3 || chain.Entries[0].Counted || !chain.Entries[1].Counted || !chain.Entries[2].Counted {
			t.Fatalf("the chain's links are not marked counted, counted, replaced: %+v", chain.Entries)
		}
		file := e.Client().Get(fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballots.pb", b.process.ID, b.headings[0])).Body
		s, err := ballotchain.CheckFile(strings.NewReader(file), chain)
		if err != nil || s.Ballots != 2 || s.Replaced != 1 {
			t.Errorf("the published file against its chain: %+v, %v\n%s", s, err, file)
		}
		// Typed in Persian digits, upper case, in groups.
		typed := persian.ToPersianDigits(strings.ToUpper(current[:16])) + " - " + current[16:]
		a := ask(typed)
		wantLine, _ := ballotchain.VoterLine(file, ballotchain.ReceiptHash(b.headings[0], current))
		if !a.Counted || a.Heading != b.headings[0] || a.ReceiptHash != ballotchain.ReceiptHash(b.headings[0], current) ||
			a.Line == nil || a.Line.Number != wantLine.Number || a.Line.Text != wantLine.Text || !strings.HasPrefix(a.Line.Text, fmt.Sprintf("%s;%d;", a.ReceiptHash, b.ids[2])) || !a.Link.Counted ||
			a.Link.Seq != 3 || a.Links != 3 || a.Head != chain.LastHash || a.Link.Hash != chain.LastHash || !a.Verified || a.Problem != "" {
			t.Errorf("alice's current receipt: %+v (line %+v), want line %+v, link 3 of 3", a, a.Line, wantLine)
		}
		if c := ask(carols); !c.Counted || c.Line == nil || c.Line.Number != wantLine.Number-1 || c.Link.Seq != 2 || !c.Verified {
			t.Errorf("carol's receipt: %+v; want the line before alice's (chain order), link 2", c)
		}
		if n := e.App.Budget.PublishedFilesBuilt(); n != 1 {
			t.Errorf("two checks in one closed heading built its published file %d times, want once", n)
		}
		// Each address has 30 checks in ten minutes; another address is not
		// held up by it, and the next window starts afresh.
		for i := range 31 {
			_, err := e.App.Budget.CheckReceipt(ctx, b.process.ID, current, "203.0.113.9")
			if i < 30 && err != nil {
				t.Fatalf("check %d from one address: %v", i+1, err)
			}
			if i == 30 && !apperr.Is(err, apperr.RateLimited) {
				t.Errorf("check 31 from one address: %v, want rate limited", err)
			}
		}
		if _, err := e.App.Budget.CheckReceipt(ctx, b.process.ID, current, "198.51.100.4"); err != nil {
			t.Errorf("a check from another address: %v", err)
		}
		e.Clock.Advance(10 * time.Minute)
		if _, err := e.App.Budget.CheckReceipt(ctx, b.process.ID, current, "203.0.113.9"); err != nil {
			t.Errorf("a check in the next window: %v", err)
		}
		if v := ask(old); v.Counted || v.Line != nil || v.Link.Seq != 1 || v.Link.Counted || !v.Verified {
			t.Errorf("alice's replaced receipt: %+v; want link 1, not counted, no line", v)
		}
		for what, tc := range map[string]struct {
			body   string
			status int
		}{
			"a short receipt":    {body(current[:31]), http.StatusBadRequest},
			"not hexadecimal":    {body(strings.Repeat("g", 32)), http.StatusBadRequest},
			"an unknown receipt": {body(strings.Repeat("0", 32)), http.StatusNotFound},
			"no JSON":            {"receipt=" + current, http.StatusBadRequest},
			"an unknown field":   {`{"reciept":"` + current + `"}`, http.StatusBadRequest},
			"another's process":  {body(current), http.StatusNotFound},
			"a huge body":        {body(strings.Repeat("a", 2000)), http.StatusBadRequest},
		} {
			path := api
			if what == "another's process" {
				path = "/api/v1/processes/999999/receipts"
			}
			r := e.Client().PostJSON(path, tc.body)
			var ea errorAnswer
			if r.Status != tc.status || json.Unmarshal([]byte(r.Body), &ea) != nil || ea.Error.Message == "" || ea.Error.MessageFa == "" {
				t.Errorf("%s: %d %s, want %d with a message in both languages", what, r.Status, r.Body, tc.status)
			}
		}

		// The page: the same findings, in Persian.
		r := e.Client().PostForm(page, url.Values{"receipt": {current}})
		for _, want := range []string{"این برگه رأی شمرده شده است.", "حلقه ۳ از ۳", wantLine.Text, "زنجیره از این حلقه تا سر آن دوباره محاسبه شد و درست است.",
			"shahr verify FILE.pb chain.json", chainPath} {
			if r.Status != http.StatusOK || !strings.Contains(r.Body, want) {
				t.Errorf("the check page (%d) lacks %q", r.Status, want)
			}
		}
		if r := e.Client().PostForm(page, url.Values{"receipt": {old}}); !strings.Contains(r.Body, "این رسید باطل است") || strings.Contains(r.Body, "خط پرونده برگه‌های رأی") {
			t.Errorf("the check page says of a replaced receipt:\n%.4000s", r.Body)
		}
		if r := e.Client().PostForm(page, url.Values{"receipt": {"abc"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "کد رسید ۳۲ نویسه است") {
			t.Errorf("a bad receipt on the page: %d", r.Status)
		}
		if r := e.Client().PostForm(page, url.Values{"receipt": {strings.Repeat("0", 32)}}); r.Status != http.StatusNotFound || !strings.Contains(r.Body, "هیچ برگه رأی این فرایند") {
			t.Errorf("an unknown receipt on the page: %d", r.Status)
		}

		// A changed link is reported, with the link that no longer hashes.
		if _, err := e.App.DB.Write.ExecContext(ctx, `UPDATE budget_ballot_log SET choices = $1 WHERE heading_id = $2 AND receipt_hash = $3`,
			strconv.FormatInt(b.ids[1], 10), b.headings[0], ballotchain.ReceiptHash(b.headings[0], carols)); err != nil {
			t.Fatal(err)
		}
		if a := ask(old); a.Verified || !strings.Contains(a.Problem, "link 2 does not hash to its hash") {
			t.Errorf("a check across a changed link: %+v", a)
		}
	})
}
