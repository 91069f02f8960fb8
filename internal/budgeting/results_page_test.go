package budgeting_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
	"github.com/shahr-city/shahr/internal/web"
)

// serve mounts the budgeting module on a web server of its own over the
// service's database, behind a real HTTP server.
func serve(tb testing.TB, svc *budgeting.Service) *httptest.Server {
	tb.Helper()
	s, err := web.New(web.Options{Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Registry: prometheus.NewRegistry()})
	if err != nil {
		tb.Fatal(err)
	}
	if err := budgeting.Mount(s, svc); err != nil {
		tb.Fatal(err)
	}
	ts := httptest.NewServer(s)
	tb.Cleanup(ts.Close)
	return ts
}

type response struct {
	status int
	header http.Header
	body   string
}

func get(tb testing.TB, ts *httptest.Server, path string) response {
	tb.Helper()
	resp, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		tb.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(b)}
}

// votedFixture is the fixture's first heading with four projects and five
// ballots, voting still open.
func votedFixture(t *testing.T, db *store.DB) (*fixture, []int64) {
	t.Helper()
	f := newFixture(t, db, budgeting.Approval, "equalshares/add1")
	ids := f.proposals(t, 60, 50, 30, 40)
	f.clock.set(at(21))
	for i, b := range [][]int64{{ids[0], ids[2]}, {ids[0], ids[2]}, {ids[0]}, {ids[1], ids[2]}, {ids[2], ids[3]}} {
		if _, err := f.svc.Cast(context.Background(), f.voters[i], f.approve(b...)); err != nil {
			t.Fatal(err)
		}
	}
	return f, ids
}

// TestResultsPage: before voting closes the page says when results come
// (200, a Jalali date) and the downloads are refused; afterwards it shows
// every heading's count in Persian digits, winners marked in words, the
// chart, and the download links, and the English page the English
// explanations.
func TestResultsPage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f, _ := votedFixture(t, db)
		ts := serve(t, f.svc)
		heading := f.process.Headings[0].ID
		page := "/budgets/district-21-1405/results"
		csvURL := fmt.Sprintf("%s/%d/csv", page, heading)

		r := get(t, ts, page)
		closes := i18n.Fa.Date(at(30))
		if r.status != http.StatusOK || !strings.Contains(r.body, "نتایج پس از پایان رأی‌گیری منتشر می‌شود.") ||
			!strings.Contains(r.body, closes) || !strings.Contains(closes, "اردیبهشت ۱۴۰۵") {
			t.Errorf("before closing: status %d, want 200 saying results come after %s\n%.2000s", r.status, closes, r.body)
		}
		if strings.Contains(r.body, "<svg") {
			t.Error("a chart before voting closed")
		}
		for _, u := range []string{csvURL, fmt.Sprintf("%s/%d/xlsx", page, heading)} {
			if r := get(t, ts, u); r.status != http.StatusForbidden {
				t.Errorf("%s before closing: status %d, want 403", u, r.status)
			}
		}

		f.clock.set(at(31))
		res, err := f.svc.Results(context.Background(), heading)
		if err != nil {
			t.Fatal(err)
		}
		r = get(t, ts, page)
		if r.status != http.StatusOK {
			t.Fatalf("results page: status %d\n%s", r.status, r.body)
		}
		body := r.body
		for _, want := range []string{
			`lang="fa" dir="rtl"`, "ویلاشهر", "شهرک دریا", "روش سهم‌های برابر، با افزایش سهم هر رأی‌دهنده",
			"<dd>۱۰۰ ریال</dd>", // the budget
			fmt.Sprintf("<dd>%s ریال</dd>", persian.FormatInt(res.TotalCost)),
			fmt.Sprintf("<dd>%s ریال</dd>", persian.FormatInt(res.Budget-res.TotalCost)),
			"<dd>۵</dd>", // ballots
			`<svg class="results-chart"`, `role="img"`, `direction="rtl"`, fmt.Sprintf(`<title id="chart-%d-title">`, heading),
			csvURL, fmt.Sprintf("%s/%d/xlsx", page, heading),
			fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballots.pb", f.process.ID, heading),
			fmt.Sprintf("/api/v1/processes/%d/results", f.process.ID),
			html(res.Summary.Fa),
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the results page lacks %q", want)
			}
		}
		// Each project's row: its title, cost and votes in Persian digits,
		// its outcome in words, its explanation.
		rows := regexp.MustCompile(`(?s)<tr( class="selected")?><th scope="row"><bdi>(.*?)</bdi></th><td>(.*?)</td><td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td></tr>`).
			FindAllStringSubmatch(body, -1)
		if len(rows) != len(res.Projects) || len(res.Selected) == 0 {
			t.Fatalf("%d project rows, want %d (selected %v)", len(rows), len(res.Projects), res.Selected)
		}
		for i, p := range res.Projects {
			row := rows[i]
			if row[2] != html(p.Title) || row[3] != persian.FormatInt(p.Cost) || row[4] != persian.FormatInt(p.Votes) ||
				row[6] != html(p.Explanation.Fa) || (row[1] != "") != p.Selected ||
				strings.Contains(row[5], "برگزیده") != p.Selected || strings.Contains(row[5], "انتخاب نشد") == p.Selected {
				t.Errorf("row %d: %q\nwant %+v", i, row[1:], p)
			}
		}
		// The chart draws one bar per project, and marks as many winners.
		if n := strings.Count(body, "✓ برگزیده</text>"); n != len(res.Selected) {
			t.Errorf("the chart marks %d winners, want %d", n, len(res.Selected))
		}
		if n := strings.Count(body, `fill="#0b5d4b"></rect>`); n != len(res.Selected)+1 { // + the budget used
			t.Errorf("%d dark bars, want %d", n, len(res.Selected)+1)
		}
		if regexp.MustCompile(`[0-9]</(dd|td|text)>`).MatchString(body) {
			t.Error("ASCII digits in the Persian page's figures")
		}

		en := get(t, ts, page+"?lang=en").body
		for _, want := range []string{`lang="en" dir="ltr"`, `direction="ltr"`, html(res.Projects[0].Explanation.En), "<dd>100 rials</dd>", "<dd>5</dd>",
			"Method of Equal Shares with Add1 completion", "✓ Selected</text>"} {
			if !strings.Contains(en, want) {
				t.Errorf("the English page lacks %q", want)
			}
		}

		// The CSV holds exactly what Results says.
		r = get(t, ts, csvURL)
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "text/csv; charset=utf-8" ||
			!strings.Contains(r.header.Get("Content-Disposition"), fmt.Sprintf(`filename="district-21-1405-%d-results.csv"`, heading)) {
			t.Fatalf("csv: status %d, headers %v", r.status, r.header)
		}
		checkCSV(t, []byte(r.body), res)

		// The page, its downloads and the JSON API share one count per heading.
		counted := f.svc.ResultsComputed()
		r = get(t, ts, fmt.Sprintf("/api/v1/processes/%d/results", f.process.ID))
		var api struct {
			Headings []struct {
				ID       int64
				Selected []int64
			}
		}
		if err := json.Unmarshal([]byte(r.body), &api); err != nil || len(api.Headings) != 2 ||
			fmt.Sprint(api.Headings[0].Selected) != fmt.Sprint(res.Selected) {
			t.Errorf("api results: %v %+v", err, api)
		}
		if counted != 2 || f.svc.ResultsComputed() != counted {
			t.Errorf("%d counts for the page and the CSV, %d after the API; want 2 (one per heading) and no more",
				counted, f.svc.ResultsComputed())
		}

		if r := get(t, ts, fmt.Sprintf("%s/%d/csv", page, f.process.Headings[0].ID+1000)); r.status != http.StatusNotFound {
			t.Errorf("a heading of no process: status %d, want 404", r.status)
		}
		if r := get(t, ts, "/budgets/no-such-process/results"); r.status != http.StatusNotFound {
			t.Errorf("no such process: status %d, want 404", r.status)
		}
	})
}

// html is s as html/template writes it in text.
func html(s string) string {
	var b bytes.Buffer
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\'':
			b.WriteString("&#39;")
		case '"':
			b.WriteString("&#34;")
		case '+':
			b.WriteString("&#43;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// checkCSV reads a results CSV and compares it with the results.
func checkCSV(t *testing.T, b []byte, res budgeting.HeadingResult) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Error("the CSV has no byte order mark")
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"id", "title", "cost", "votes", "selected", "explanation_fa", "explanation_en"}}
	for _, p := range res.Projects {
		want = append(want, []string{strconv.FormatInt(p.ID, 10), p.Title, strconv.FormatInt(p.Cost, 10),
			strconv.FormatInt(p.Votes, 10), strconv.FormatBool(p.Selected), p.Explanation.Fa, p.Explanation.En})
	}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("csv rows\n%q\nwant\n%q", rows, want)
	}
}

// bigHeading is a process in one neighbourhood of a municipality with
// the given number of projects and approval ballots, inserted directly
// (in batches, in one transaction) as paper ballots, with the heading's
// ballot counter moved as the ballot code moves it. The clock is left
// after voting has closed.
func bigHeading(tb testing.TB, db *store.DB, ballots, projects int, rule string) (*budgeting.Service, budgeting.Process) {
	tb.Helper()
	ctx := context.Background()
	c := &clock{}
	c.set(day0)
	svc, orgs, _ := services(tb, db, c.now, &outbox{})
	city, err := orgs.Create(ctx, 0, nil, org.Input{Slug: "tehran", Kind: "municipality", NameFa: "شهرداری تهران"})
	if err != nil {
		tb.Fatal(err)
	}
	var author int64
	if err := db.Write.QueryRowContext(ctx, `INSERT INTO users (phone, created_at, updated_at) VALUES ('09120000001', 0, 0) RETURNING id`).Scan(&author); err != nil {
		tb.Fatal(err)
	}
	const budget = 940_000_000_000 // rials
	p, err := svc.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: city.ID, Slug: "tehran-1405", TitleFa: "من شهردارم ۱۴۰۵", TitleEn: "I am Mayor 1405", Rule: rule,
		Ballot: budgeting.Approval, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{{budgeting.Proposals, at(0), at(10)}, {budgeting.Review, at(10), at(20)},
			{budgeting.Voting, at(20), at(30)}, {budgeting.Results, at(30), at(40)}},
		Headings: []budgeting.Heading{{NameFa: "منطقه ۲۱", NameEn: "District 21", Budget: budget}},
	})
	if err != nil {
		tb.Fatal(err)
	}
	heading := p.Headings[0].ID
	rnd := rand.New(rand.NewPCG(1405, 21))
	ids, costs := make([]int64, projects), make([]int64, projects)
	c.set(at(1))
	for i := range ids {
		costs[i] = (20 + rnd.Int64N(200)) * 1_000_000_000
		pr, err := svc.Submit(ctx, author, budgeting.Proposal{ProcessID: p.ID, HeadingID: heading, CategoryID: 1,
			Title: fmt.Sprintf("طرح شماره %d محله", i+1), Description: "بازسازی پارک محله", EstimatedCost: costs[i]})
		if err != nil {
			tb.Fatal(err)
		}
		ids[i] = pr.ID
	}
	c.set(at(11))
	for i, id := range ids {
		if _, err := svc.ReviewProposal(ctx, 1, id, budgeting.Verdict{Feasible: true, FinalCost: costs[i]}); err != nil {
			tb.Fatal(err)
		}
	}
	// Voters like projects unequally: project i is picked with weight
	// 1/(i+1), up to five projects within the budget.
	tx, err := db.Write.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	const batch = 500
	cast := at(25).UnixMilli()
	for start := 0; start < ballots; start += batch {
		n := min(batch, ballots-start)
		var q strings.Builder
		q.WriteString(`INSERT INTO budget_ballots (heading_id, voter_id, choices, total_cost, receipt, paper, cast_at) VALUES `)
		args := make([]any, 0, 5*n)
		for v := range n {
			var choices []string
			var total int64
			seen := map[int]bool{}
			for range 1 + rnd.IntN(5) {
				i := int(float64(projects) * rnd.Float64() * rnd.Float64())
				if seen[i] || total+costs[i] > budget {
					continue
				}
				seen[i], total = true, total+costs[i]
				choices = append(choices, strconv.FormatInt(ids[i], 10))
			}
			k := len(args)
			if v > 0 {
				q.WriteString(", ")
			}
			fmt.Fprintf(&q, "($%d, NULL, $%d, $%d, $%d, TRUE, $%d)", k+1, k+2, k+3, k+4, k+5)
			args = append(args, heading, strings.Join(choices, ","), total, fmt.Sprintf("%032x", start+v), cast)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE budget_headings SET ballot_seq = ballot_seq + $1 WHERE id = $2`, ballots, heading); err != nil {
		tb.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	c.set(at(31))
	return svc, p
}

// TestResultsPageLarge: a heading of 100,000 ballots is counted once; the
// second render of its page reuses the count (the service counts no
// more), and shows the same figures. Timings are logged, not asserted:
// BenchmarkResultsPage measures them.
func TestResultsPageLarge(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("inserts 100,000 ballots")
	}
	db := storetest.Open(t, store.SQLite)
	svc, p := bigHeading(t, db, 100_000, 40, "equalshares/add1")
	ts := serve(t, svc)
	page := "/budgets/" + p.Slug + "/results"
	start := time.Now()
	first := get(t, ts, page)
	firstTook := time.Since(start)
	if first.status != http.StatusOK || !strings.Contains(first.body, "<dd>۱۰۰٬۰۰۰</dd>") || !strings.Contains(first.body, "<dd>۹۴۰ میلیارد ریال</dd>") {
		t.Fatalf("status %d; want the page with 100,000 ballots and a budget of 940 billion rials\n%.3000s", first.status, first.body)
	}
	if n := svc.ResultsComputed(); n != 1 {
		t.Fatalf("%d counts after the first render, want 1", n)
	}
	start = time.Now()
	second := get(t, ts, page)
	secondTook := time.Since(start)
	if n := svc.ResultsComputed(); n != 1 {
		t.Errorf("%d counts after the second render, want still 1", n)
	}
	if second.body != first.body {
		t.Error("the second render differs from the first")
	}
	t.Logf("results page, 100,000 ballots, 40 projects: first render %v, second (cached) %v", firstTook, secondTook)
}

// BenchmarkResultsPage renders the results page of a 100,000-ballot
// heading after its first count: go test -run '^$' -bench ResultsPage ./internal/budgeting/
func BenchmarkResultsPage(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	svc, p := bigHeading(b, db, 100_000, 40, "equalshares/add1")
	ts := serve(b, svc)
	page := "/budgets/" + p.Slug + "/results"
	start := time.Now()
	if r := get(b, ts, page); r.status != http.StatusOK {
		b.Fatalf("status %d", r.status)
	}
	first := time.Since(start)
	for b.Loop() {
		get(b, ts, page)
	}
	b.ReportMetric(float64(first.Microseconds())/1000, "first-render-ms")
	if n := svc.ResultsComputed(); n != 1 {
		b.Errorf("%d counts, want 1", n)
	}
}
