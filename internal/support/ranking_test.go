package support_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/support"
)

// rankedRow is a row of the ranking table: the rank and the town's slug.
var rankedRow = regexp.MustCompile(`<tr><td>([۰-۹0-9]+)</td>\s*<th scope="row"><a href="/support/[^/]+/towns/([a-z0-9-]+)">`)

// rows reads the ranking table of a page as "rank slug" lines, the rank
// in ASCII digits.
func rows(body string) []string {
	var out []string
	for _, m := range rankedRow.FindAllStringSubmatch(body, -1) {
		out = append(out, persian.ToASCIIDigits(m[1])+" "+m[2])
	}
	return out
}

// want is the rows the service ranks from place from to place to.
func want(ranked []support.Ranked, from, to int) []string {
	var out []string
	for _, t := range ranked[from-1 : to] {
		out = append(out, strconv.Itoa(t.Place)+" "+t.Slug)
	}
	return out
}

// TestRankingPages gives the demo's organization 120 towns (the demo's
// ten and 110 of different sizes, so that every score differs) and reads
// the public ranking page by page and by search.
func TestRankingPages(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx, co := context.Background(), coop(t, e)
		for i := 1; i <= 110; i++ {
			_, err := e.App.Support.AddTown(ctx, 0, co, org.Input{Slug: fmt.Sprintf("load-%d", i),
				NameFa: fmt.Sprintf("شهرداری آزمون %d", i), Population: strconv.Itoa(1000 * i)})
			if err != nil {
				t.Fatal(err)
			}
		}
		ranked, _, err := e.App.Support.Priorities(ctx, co)
		if err != nil || len(ranked) != 120 {
			t.Fatalf("%d towns ranked, %v", len(ranked), err)
		}
		page := "/support/" + demo.HamyariSlug
		c := e.Client()

		// Page 2 (asked in Persian digits) shows ranks 51 to 100, exactly
		// those of the service's ranking, and links to pages 1 and 3.
		r := c.Get(page + "?page=" + url.QueryEscape("۲"))
		if r.Status != 200 {
			t.Fatalf("page 2: %d", r.Status)
		}
		if got, w := rows(r.Body), want(ranked, 51, 100); strings.Join(got, ",") != strings.Join(w, ",") {
			t.Errorf("page 2 rows:\n got %v\nwant %v", got, w)
		}
		for _, s := range []string{"ردیف ۵۱ تا ۱۰۰ از ۱۲۰", `href="` + page + `" rel="prev"`,
			`href="` + page + `?page=3" rel="next"`, `aria-current="page"><strong>۲</strong>`, `>۳</a>`} {
			if !strings.Contains(r.Body, s) {
				t.Errorf("page 2 lacks %s", s)
			}
		}
		// The first page has no previous link; the last has the rest and
		// no next link.
		if r := c.Get(page); strings.Join(rows(r.Body), ",") != strings.Join(want(ranked, 1, 50), ",") || strings.Contains(r.Body, `rel="prev"`) {
			t.Errorf("page 1: %v", rows(r.Body))
		}
		last := e.Client().Get(page + "?page=3&lang=en") // a client of its own: the language sticks
		if got := rows(last.Body); strings.Join(got, ",") != strings.Join(want(ranked, 101, 120), ",") ||
			strings.Contains(last.Body, `rel="next"`) || !strings.Contains(last.Body, "Rows 101 to 120 of 120") {
			t.Errorf("page 3 in English: %v", got)
		}
		// A page that is not there is a 400 with a message, not another page.
		for _, p := range []string{"4", "0", "-1", "abc"} {
			if r := c.Get(page + "?page=" + p); r.Status != 400 || !strings.Contains(r.Body, "شماره صفحه درست نیست") {
				t.Errorf("page=%s: %d", p, r.Status)
			}
		}

		// A search typed with Arabic kaf and yeh finds Kashmar and
		// Fariman at their places in the whole ranking.
		for _, q := range []struct{ typed, slug string }{{"كاشمر", "kashmar"}, {"فريمان", "fariman"}, {"Fariman", "fariman"}} {
			r := c.Get(page + "?q=" + url.QueryEscape(q.typed))
			place := 0
			for _, t := range ranked {
				if t.Slug == q.slug {
					place = t.Place
				}
			}
			if got := rows(r.Body); len(got) != 1 || got[0] != strconv.Itoa(place)+" "+q.slug {
				t.Errorf("q=%s: rows %v, want %s at %d", q.typed, got, q.slug, place)
			}
		}
		// A search's pages keep the search in their links.
		r = c.Get(page + "?q=" + url.QueryEscape("آزمون"))
		if got := rows(r.Body); len(got) != 50 || !strings.Contains(r.Body, "?page=2&amp;q=") || !strings.Contains(r.Body, "از ۱۱۰ شهر یافته") {
			t.Errorf("q=آزمون: %d rows", len(got))
		}
		if r := c.Get(page + "?q=nowhere"); len(rows(r.Body)) != 0 || !strings.Contains(r.Body, "شهری با این نام پیدا نشد") {
			t.Errorf("q=nowhere: %v", rows(r.Body))
		}

		// The download still holds the whole ranking.
		csv := c.Get(page + "/export/priorities.csv")
		if n := strings.Count(strings.TrimSpace(csv.Body), "\n"); csv.Status != 200 || n != 120 {
			t.Errorf("priorities.csv: %d, %d rows", csv.Status, n)
		}
	})
}
