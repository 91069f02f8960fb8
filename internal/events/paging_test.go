package events_test

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/events"
)

// manyEvents stores n events of every kind in turn, three starting at
// each day from first on (so that ties are ordered by id), two hours long.
func manyEvents(t *testing.T, e *apptest.Env, n int, first time.Time) {
	t.Helper()
	for i := range n {
		start := first.AddDate(0, 0, i/3)
		newEvent(t, e, func(ev *events.Event) {
			ev.Kind, ev.TitleFa = events.Kinds[i%len(events.Kinds)], fmt.Sprintf("رویداد آزمون %d", i)
			ev.StartsAt, ev.EndsAt = start, start.Add(2*time.Hour)
		})
	}
}

// idsOf lists the events' ids, in order.
func idsOf(t *testing.T, e *apptest.Env, f events.Filter) []int64 {
	t.Helper()
	return managed(t, e, operator, f, nil)
}

type apiPage struct {
	Data []struct {
		ID int64 `json:"id"`
	} `json:"data"`
	Next *string `json:"next"`
}

// getAPIPage reads one page of the events API; "next" must be there,
// a link or null.
func getAPIPage(t *testing.T, c *apptest.Client, path string) apiPage {
	t.Helper()
	r := c.Get(path)
	var p apiPage
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != http.StatusOK || !strings.Contains(r.Body, `"next":`) {
		t.Fatalf("%s: %d %v\n%.300s", path, r.Status, err, r.Body)
	}
	return p
}

// walkAPI follows the API's next links from path to the last page and
// returns every id read, in order, and how many pages it took.
func walkAPI(t *testing.T, c *apptest.Client, path string) ([]int64, int) {
	t.Helper()
	var ids []int64
	pages := 0
	for ; path != ""; pages++ {
		if pages > 500 {
			t.Fatal("the next links do not end")
		}
		p := getAPIPage(t, c, path)
		for _, d := range p.Data {
			ids = append(ids, d.ID)
		}
		path = ""
		if p.Next != nil {
			path = *p.Next
		}
	}
	return ids, pages
}

// TestAPIPaging walks every page of the events API over a few hundred
// events: each event comes once, in order, with and without filters;
// bad limits and cursors are refused; and a cursor stays good while
// events are added before it.
func TestAPIPaging(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		manyEvents(t, e, 300, apptest.Start.AddDate(0, 0, -50))
		c := e.Client()
		all := idsOf(t, e, events.Filter{})
		got, pages := walkAPI(t, c, "/api/v1/events?limit=37")
		if !slices.Equal(got, all) || pages != (len(all)+36)/37 {
			t.Errorf("every page at 37: %d events in %d pages, want the %d stored in order", len(got), pages, len(all))
		}
		if p := getAPIPage(t, c, "/api/v1/events"); len(p.Data) != 100 || p.Next == nil {
			t.Errorf("the default page: %d events", len(p.Data))
		}
		from, to := apptest.Start.AddDate(0, 0, -20), apptest.Start.AddDate(0, 0, 30)
		want := idsOf(t, e, events.Filter{Kind: events.Seminar, From: from, To: to})
		q := url.Values{"kind": {"seminar"}, "from": {from.Format(time.RFC3339)}, "to": {to.Format(time.RFC3339)}, "limit": {"4"}}
		if got, _ := walkAPI(t, c, "/api/v1/events?"+q.Encode()); !slices.Equal(got, want) || len(want) < 10 {
			t.Errorf("seminars from %v to %v: %v, want %v", from, to, got, want)
		}
		for _, bad := range []string{"limit=0", "limit=501", "limit=ده", "after=not-a-cursor", "after=MTIz", "kind=party"} {
			r := c.Get("/api/v1/events?" + bad)
			if r.Status != http.StatusBadRequest || !strings.Contains(r.Body, `"code":"invalid"`) || !strings.Contains(r.Body, "message_fa") {
				t.Errorf("%s: %d %.200s", bad, r.Status, r.Body)
			}
		}
		checkCursorStable(t, e, c)
	})
}

// checkCursorStable reads a first page, then adds an event before its
// cursor, one at the cursor's start (after it, by id) and one after all;
// the rest of the walk holds the two later ones once and not the
// earlier one, and repeats nothing.
func checkCursorStable(t *testing.T, e *apptest.Env, c *apptest.Client) {
	t.Helper()
	first := getAPIPage(t, c, "/api/v1/events?limit=50")
	last, err := e.App.Events.Event(context.Background(), first.Data[len(first.Data)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	at := func(start time.Time) events.Event {
		return newEvent(t, e, func(ev *events.Event) { ev.StartsAt, ev.EndsAt = start, start.Add(time.Hour) })
	}
	early, tie, late := at(last.StartsAt.Add(-time.Hour)), at(last.StartsAt), at(apptest.Start.AddDate(2, 0, 0))
	rest, _ := walkAPI(t, c, *first.Next)
	var got []int64
	for _, d := range first.Data {
		got = append(got, d.ID)
	}
	got = append(got, rest...)
	want := slices.DeleteFunc(idsOf(t, e, events.Filter{}), func(id int64) bool { return id == early.ID })
	if !slices.Equal(got, want) || !slices.Contains(rest, tie.ID) || !slices.Contains(rest, late.ID) {
		t.Errorf("a walk with events added meanwhile: %d events, want %d (the tie %d and the late %d among them)",
			len(got), len(want), tie.ID, late.ID)
	}
}

var (
	eventHref = regexp.MustCompile(`href="/events/(\d+)"`)
	staffHref = regexp.MustCompile(`href="/admin/events/(\d+)"`)
	relHref   = map[string]*regexp.Regexp{"next": regexp.MustCompile(`<a href="([^"]*)" rel="next">`),
		"prev": regexp.MustCompile(`<a href="([^"]*)" rel="prev">`)}
)

// calendarPage is one page of /events (or of the staff's /admin/events)
// as read: its events' ids and its links to the pages beside it.
type calendarPage struct {
	ids        []int64
	next, prev string
	body       string
}

func getCalendar(t *testing.T, c *apptest.Client, path string) calendarPage {
	t.Helper()
	r := c.Get(path)
	if r.Status != http.StatusOK {
		t.Fatalf("%s: %d", path, r.Status)
	}
	p := calendarPage{body: r.Body}
	href := eventHref
	if strings.HasPrefix(path, "/admin/") { // the staff's list links to each event's staff page
		href = staffHref
	}
	for _, m := range href.FindAllStringSubmatch(r.Body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		p.ids = append(p.ids, id)
	}
	if m := relHref["next"].FindStringSubmatch(r.Body); m != nil {
		p.next = html.UnescapeString(m[1])
	}
	if m := relHref["prev"].FindStringSubmatch(r.Body); m != nil {
		p.prev = html.UnescapeString(m[1])
	}
	return p
}

// walkCalendar follows the next links from path, then the previous
// links back, and checks that both ways read the same pages.
func walkCalendar(t *testing.T, c *apptest.Client, path string) [][]int64 {
	t.Helper()
	var pages [][]int64
	last := calendarPage{next: path}
	for len(pages) < 100 && last.next != "" {
		last = getCalendar(t, c, last.next)
		pages = append(pages, last.ids)
		if n := len(pages); (n > 1 || last.next != "") && !strings.Contains(last.body, "صفحه "+persianInt(n)) {
			t.Errorf("page %d of several does not say its number in Persian digits", n)
		}
	}
	for i := len(pages) - 2; i >= 0; i-- {
		if last.prev == "" {
			t.Fatalf("page %d has no previous link", i+2)
		}
		last = getCalendar(t, c, last.prev)
		if !slices.Equal(last.ids, pages[i]) {
			t.Errorf("page %d read backwards: %v, forwards %v", i+1, last.ids, pages[i])
		}
	}
	if last.prev != "" {
		t.Error("the first page has a previous link")
	}
	return pages
}

func persianInt(n int) string {
	return strings.Map(func(r rune) rune { return r - '0' + '۰' }, strconv.Itoa(n))
}

// TestCalendarPaging walks the calendar's pages, upcoming and past, with
// and without a filter: every event once, in order, pages of at most a
// hundred, the same pages read back through the previous links.
func TestCalendarPaging(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		manyEvents(t, e, 420, apptest.Start.AddDate(0, 0, -70))
		c, now := e.Client(), e.Clock.Now()
		past := idsOf(t, e, events.Filter{To: now})
		slices.Reverse(past)
		for _, w := range []struct {
			path string
			want []int64
		}{
			{"/events", idsOf(t, e, events.Filter{From: now})},
			{"/events?kind=seminar", idsOf(t, e, events.Filter{From: now, Kind: events.Seminar})},
			{"/events?when=past", past},
		} {
			pages := walkCalendar(t, c, w.path)
			if got := slices.Concat(pages...); !slices.Equal(got, w.want) || len(pages) != (len(w.want)+99)/100 {
				t.Errorf("%s: %d events in %d pages, want %d in order", w.path, len(got), len(pages), len(w.want))
			}
		}
	})
}
