package network_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// crowd gives the test association 64 memberships: 60 public ones (52
// active, 5 lapsed, 3 accepted) and 4 drafts. Member 7 is Nik-Abad, with
// a half-space in its name; members 12 (lapsed) and 30 (active) have points.
// It returns the slugs of each status's members.
func crowd(t *testing.T, e *apptest.Env, s *site) map[string][]string {
	t.Helper()
	bySlug := map[string][]string{}
	status := func(i int) string {
		switch {
		case i > 60:
			return "draft"
		case i%12 == 0:
			return "lapsed"
		case i%20 == 1:
			return "accepted"
		}
		return "active"
	}
	ids := map[int]int64{}
	for i := 1; i <= 64; i++ {
		in := org.Input{Slug: fmt.Sprintf("crowd-%02d", i), Kind: string(org.Municipality),
			NameFa: "شهرداری آزمون " + persian.ToPersianDigits(fmt.Sprintf("%02d", i)), NameEn: fmt.Sprintf("Crowd %02d", i)}
		switch i {
		case 7:
			in.NameFa, in.NameEn = "شهرداری نیک‌آباد", "Nikabad"
		case 12:
			in.Geometry = `{"type":"Point","coordinates":[51.4,35.7]}`
		case 30:
			in.Geometry = `{"type":"Point","coordinates":[59.6,36.3]}`
		}
		o, err := e.App.Orgs.Create(s.ctx, 0, nil, in)
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = o.ID
		bySlug[status(i)] = append(bySlug[status(i)], in.Slug)
	}
	now := store.Millis(e.Clock.Now())
	err := e.App.DB.Tx(s.ctx, func(tx *sql.Tx) error {
		for i := 1; i <= 64; i++ {
			var since any
			if st := status(i); st == "active" || st == "lapsed" {
				since = now
			}
			if _, err := tx.ExecContext(s.ctx, `INSERT INTO memberships (association_id, member_id, status, justification, since, created_at, updated_at)
				VALUES ($1, $2, $3, 'آزمون', $4, $5, $5)`, s.assoc, ids[i], status(i), since, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return bySlug
}

var memberRowRE = regexp.MustCompile(`<th scope="row"><a href="/orgs/([a-z0-9-]+)">`)

// listed is the slugs of the members a public page's table lists.
func listed(body string) []string {
	var out []string
	for _, m := range memberRowRE.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestMembersPaging: the public list shows 50 members a page with its
// range in Persian digits, reads ?page= in Persian digits, filters by
// status with each status's count, finds a name typed with Arabic letters
// and a space for the half-space, never shows applications, and draws on
// the map only the members the filter selects. The secretariat's list
// pages every membership, the drafts included.
func TestMembersPaging(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newSite(t, e)
		want := crowd(t, e, s)
		anon := e.Client()
		base := "/associations/" + testSlug

		first := anon.Get(base)
		must(t, "page 1", first, http.StatusOK, "۱ تا ۵۰ از ۶۰", `href="`+base+`?page=2"`, "همه (۶۰)", "عضو فعال (۵۲)", "پذیرفته‌شده (۳)")
		second := anon.Get(base + "?page=" + url.QueryEscape("۲"))
		must(t, "page 2", second, http.StatusOK, "۵۱ تا ۶۰ از ۶۰", `href="`+base+`" rel="prev"`)
		p1, p2 := listed(first.Body), listed(second.Body)
		if len(p1) != 50 || len(p2) != 10 {
			t.Fatalf("pages of %d and %d members, want 50 and 10", len(p1), len(p2))
		}
		public := slices.Concat(want["active"], want["lapsed"], want["accepted"])
		if got := slices.Sorted(slices.Values(slices.Concat(p1, p2))); !slices.Equal(got, slices.Sorted(slices.Values(public))) {
			t.Errorf("the two pages list %v, want the 60 public members once each", got)
		}
		if strings.Contains(second.Body, `rel="next"`) || strings.Contains(first.Body, `rel="prev"`) {
			t.Errorf("a link past the ends of the list")
		}
		must(t, "a page past the end", anon.Get(base+"?page=99"), http.StatusOK, "۵۱ تا ۶۰ از ۶۰")

		lapsed := anon.Get(base + "?status=lapsed")
		must(t, "the lapsed", lapsed, http.StatusOK, "۱ تا ۵ از ۵", "<title>شهرداری آزمون ۱۲</title>")
		if got := listed(lapsed.Body); !slices.Equal(slices.Sorted(slices.Values(got)), want["lapsed"]) {
			t.Errorf("?status=lapsed lists %v, want %v", got, want["lapsed"])
		}
		if strings.Contains(lapsed.Body, "<title>شهرداری آزمون ۳۰</title>") {
			t.Errorf("the map of the lapsed pins an active member")
		}
		if r := anon.Get(base + "?status=draft"); len(listed(r.Body)) != 50 || strings.Contains(r.Body, "crowd-61") {
			t.Errorf("?status=draft shows applications or does not fall back to every public member")
		}

		found := anon.Get(base + "?q=" + url.QueryEscape("نيك آباد"))
		must(t, "a search in other letters", found, http.StatusOK, "۱ تا ۱ از ۱", "شهرداری نیک‌آباد", "همه (۱)")
		if got := listed(found.Body); !slices.Equal(got, []string{"crowd-07"}) {
			t.Errorf("the search lists %v", got)
		}
		must(t, "a search in English", anon.Get(base+"?q=NIKA"), http.StatusOK, "۱ تا ۱ از ۱")
		must(t, "a search and another status", anon.Get(base+"?q="+url.QueryEscape("نیک آباد")+"&status=lapsed"),
			http.StatusOK, "عضوی با این مشخصات پیدا نشد")
		must(t, "English digits in English", anon.Get(base+"?lang=en&page=2"), http.StatusOK, "51 to 60 of 60")

		sec := e.Staff("sec@test-capitals.example", testSlug, auth.Secretariat)
		desk := "/admin/associations/" + testSlug
		must(t, "the secretariat's list", sec.Get(desk), http.StatusOK, "۱ تا ۵۰ از ۶۴", "پیش‌نویس (۴)", `href="`+desk+`?page=2"`)
		drafts := sec.Get(desk + "?status=draft")
		must(t, "the drafts", drafts, http.StatusOK, "۱ تا ۴ از ۴", "شهرداری آزمون ۶۱", "شهرداری آزمون ۶۴")
		if strings.Contains(drafts.Body, "شهرداری آزمون ۰۱<") {
			t.Errorf("?status=draft lists an active member")
		}
	})
}

// TestMapFollowsGeometry: the member map places a member where its
// geometry says after the geometry changes, though the map's points are
// kept between requests.
func TestMapFollowsGeometry(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newSite(t, e)
		crowd(t, e, s)
		anon := e.Client()
		x := func(name string) float64 {
			t.Helper()
			re := regexp.MustCompile(`<circle cx="([0-9.]+)" cy="[0-9.]+" r="[0-9]+" fill="#0b6e4f"><title>` + name + `</title>`)
			m := re.FindStringSubmatch(anon.Get("/associations/" + testSlug).Body)
			if m == nil {
				t.Fatalf("no pin for %s", name)
			}
			f, _ := strconv.ParseFloat(m[1], 64)
			return f
		}
		tehran, mashhad := "شهرداری آزمون ۱۲", "شهرداری آزمون ۳۰"
		if x(mashhad) <= x(tehran) {
			t.Fatalf("member 30 is pinned west of member 12")
		}
		e.Clock.Advance(time.Minute)
		if _, err := e.App.Orgs.Update(s.ctx, 0, "crowd-30", org.Input{NameFa: mashhad, NameEn: "Crowd 30",
			Geometry: `{"type":"Polygon","coordinates":[[[44,38],[45,38],[45,39],[44,38]]]}`}); err != nil {
			t.Fatal(err)
		}
		if x(mashhad) >= x(tehran) {
			t.Errorf("member 30 moved west of member 12 and is still pinned east of it")
		}
	})
}

// TestUnpaidFeesPaging: the secretariat's page lists the unpaid invoices,
// 50 a page, the earliest due first, with ?fees= in Persian digits and
// links that keep the members' filter; a paid invoice is not among them.
func TestUnpaidFeesPaging(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		s := newSite(t, e)
		crowd(t, e, s)
		now := e.Clock.Now()
		err := e.App.DB.Tx(s.ctx, func(tx *sql.Tx) error {
			// Each active member owes a fee, due later the later it was
			// created (and the later its name sorts); member 2 paid its 1404 fee.
			_, err := tx.ExecContext(s.ctx, `INSERT INTO membership_invoices (membership_id, year, amount, currency, issued_at, due_at, paid_at)
				SELECT m.id, 1405, 700000, 'EUR', $2, $2 + o.id * 1000, NULL FROM memberships m JOIN organizations o ON o.id = m.member_id
				WHERE m.association_id = $1 AND m.status = 'active'`, s.assoc, store.Millis(now))
			if err == nil {
				_, err = tx.ExecContext(s.ctx, `INSERT INTO membership_invoices (membership_id, year, amount, currency, issued_at, due_at, paid_at)
					SELECT m.id, 1404, 700000, 'EUR', $2, $2, $2 FROM memberships m JOIN organizations o ON o.id = m.member_id
					WHERE m.association_id = $1 AND o.slug = 'crowd-02'`, s.assoc, store.Millis(now))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sec := e.Staff("sec@test-capitals.example", testSlug, auth.Secretariat)
		desk := "/admin/associations/" + testSlug
		first := sec.Get(desk + "?status=active")
		must(t, "the unpaid fees", first, http.StatusOK, "۱ تا ۵۰ از ۵۲", `href="`+desk+`?fees=2&amp;status=active"`)
		if strings.Count(first.Body, "/payment\"") != 50 || strings.Contains(first.Body, "۱۴۰۴</td>") {
			t.Errorf("the first page has %d payment forms, want 50, and no paid invoice", strings.Count(first.Body, "/payment\""))
		}
		if i, j := strings.Index(first.Body, "شهرداری آزمون ۰۲</bdi></th><td>۱۴۰۵"), strings.Index(first.Body, "شهرداری آزمون ۰۳</bdi></th><td>۱۴۰۵"); i < 0 || j < i {
			t.Errorf("the unpaid fees are not listed earliest due first")
		}
		must(t, "the second page", sec.Get(desk+"?fees="+url.QueryEscape("۲")), http.StatusOK, "۵۱ تا ۵۲ از ۵۲", "شهرداری آزمون ۵۹</bdi></th><td>۱۴۰۵")
	})
}
