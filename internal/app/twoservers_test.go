package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// twoServers starts two servers on one database, as two machines behind
// a load balancer would, with one clock, SMS gateway and log.
func twoServers(t *testing.T, url string) []*apptest.Env {
	t.Helper()
	clock := apptest.NewClock(apptest.Start)
	outbox, logs := &apptest.Outbox{}, &apptest.SyncBuffer{}
	var servers []*apptest.Env
	for i := range 2 {
		a, err := app.New(context.Background(), apptest.Config(url, clock, outbox, slog.New(slog.NewJSONHandler(logs, nil))))
		if err != nil {
			t.Fatalf("server %d: %v", i+1, err)
		}
		srv := httptest.NewServer(a.Handler())
		t.Cleanup(func() { srv.Close(); a.Close() })
		servers = append(servers, &apptest.Env{T: t, App: a, Server: srv, Clock: clock, SMS: outbox, Logs: logs})
	}
	return servers
}

// TestTwoServersOneVoter runs two servers on one PostgreSQL schema, as
// two machines behind a load balancer would, and has one resident fire
// 200 ballots at once, split across both: some over the budget, the rest
// valid and different. The database must end with exactly one ballot for
// the voter — the one the chain logged last —, an unbroken chain holding
// every acknowledged ballot, and nothing over the budget.
func TestTwoServersOneVoter(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	servers := twoServers(t, apptest.DemoURL(t, store.Postgres)) // a failure under CI=true when PostgreSQL is unreachable
	e, clock := servers[0], servers[0].Clock
	start := clock.Now()
	p, err := e.App.Budget.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: e.Org("tehran-district-21").ID, Slug: "two-servers", TitleFa: "دو سرور", Rule: "greedy",
		Ballot: budgeting.Approval, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{
			{Phase: budgeting.Proposals, Start: start, End: start.Add(time.Hour)},
			{Phase: budgeting.Review, Start: start.Add(time.Hour), End: start.Add(2 * time.Hour)},
			{Phase: budgeting.Voting, Start: start.Add(2 * time.Hour), End: start.Add(26 * time.Hour)},
			{Phase: budgeting.Results, Start: start.Add(26 * time.Hour), End: start.Add(50 * time.Hour)}},
		Headings: []budgeting.Heading{{AreaID: e.Org("tehran-21-villashahr").ID, NameFa: "ویلاشهر", Budget: 100}},
	})
	if err != nil {
		t.Fatal(err)
	}
	heading := p.Headings[0].ID
	const phone = "09121239999"
	e.Citizen(phone)
	voter, err := e.App.Identity.FindByContact(ctx, phone)
	if err != nil {
		t.Fatal(err)
	}
	costs := []int64{60, 50, 30, 20}
	cost := map[string]int64{}
	var ids []int64
	for i, c := range costs {
		pr, err := e.App.Budget.Submit(ctx, voter.ID, budgeting.Proposal{ProcessID: p.ID, HeadingID: heading, CategoryID: 1,
			Title: fmt.Sprintf("طرح %d", i+1), Description: "پارک محله", EstimatedCost: c})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, pr.ID)
		cost[strconv.FormatInt(pr.ID, 10)] = c
	}
	clock.Advance(time.Hour)
	for i, id := range ids {
		if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: costs[i]}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.App.Identity.SetResidence(ctx, 0, e.Org("tehran-21-villashahr"), identity.ResidenceInput{Phone: phone, Source: identity.ByStaff}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour) // voting
	// One sign-in; the session lives in the database, so both servers know it.
	token := e.Citizen(phone).Cookie(web.SessionCookie)

	// Ballots by index into ids: valid ones cost 20 to 100, the others 110.
	valid := [][]int{{0}, {1}, {2}, {3}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {1, 2, 3}, {3, 2, 1}, {2, 0}}
	over := [][]int{{0, 1}, {0, 2, 3}, {1, 0, 3}}
	type outcome struct {
		status  int
		receipt string
		over    bool
	}
	outcomes := make([]outcome, 200)
	begin := make(chan struct{})
	var wg sync.WaitGroup
	for i := range outcomes {
		choice, isOver := valid[i%len(valid)], i%10 == 9
		if isOver {
			choice = over[i%len(over)]
		}
		parts := make([]string, len(choice))
		for j, k := range choice {
			parts[j] = fmt.Sprintf(`{"id":%d}`, ids[k])
		}
		body := `{"choices":[` + strings.Join(parts, ",") + `]}`
		srv := servers[i%2].Server
		wg.Go(func() {
			<-begin
			req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/processes/%d/headings/%d/ballot", srv.URL, p.ID, heading),
				strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Cookie", web.SessionCookie+"="+token)
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			var answer struct{ Receipt string }
			json.Unmarshal(b, &answer)
			outcomes[i] = outcome{status: resp.StatusCode, receipt: answer.Receipt, over: isOver}
			if (isOver && resp.StatusCode != http.StatusBadRequest) || (!isOver && resp.StatusCode != http.StatusCreated) {
				t.Errorf("ballot %d (%s, over budget %v): status %d\n%s", i, body, isOver, resp.StatusCode, b)
			}
		})
	}
	close(begin)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	var stored int
	var receipt, choices string
	var total int64
	if err := e.App.DB.Read.QueryRowContext(ctx, `SELECT count(*), max(receipt), max(choices), max(total_cost) FROM budget_ballots
		WHERE heading_id = $1 AND voter_id = $2`, heading, voter.ID).Scan(&stored, &receipt, &choices, &total); err != nil {
		t.Fatal(err)
	}
	if stored != 1 {
		t.Fatalf("%d ballots stored for the voter, want exactly 1", stored)
	}
	var overBudget int
	if err := e.App.DB.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots WHERE heading_id = $1 AND total_cost > $2`,
		heading, p.Headings[0].Budget).Scan(&overBudget); err != nil || overBudget != 0 || total > p.Headings[0].Budget {
		t.Errorf("%d stored ballots over the budget (%v); the voter's costs %d", overBudget, err, total)
	}
	links, err := servers[1].App.Budget.VerifyChain(ctx, heading)
	if err != nil {
		t.Fatalf("the chain does not verify: %v", err)
	}
	if links != 180 {
		t.Errorf("%d links in the chain, want the 180 acknowledged ballots", links)
	}

	clock.Advance(25 * time.Hour) // voting closed: the chain is published
	r := servers[1].Client().Get(fmt.Sprintf("/api/v1/processes/%d/headings/%d/chain", p.ID, heading))
	var c ballotchain.Chain
	if err := json.Unmarshal([]byte(r.Body), &c); err != nil || r.Status != http.StatusOK {
		t.Fatalf("published chain: %d %v\n%.300s", r.Status, err, r.Body)
	}
	if err := c.Verify(); err != nil {
		t.Fatalf("the published chain does not verify: %v", err)
	}
	inChain := map[string]bool{}
	for _, l := range c.Entries {
		inChain[l.ReceiptHash] = true
		var sum int64
		for id := range strings.SplitSeq(l.Choices, ",") {
			sum += cost[id]
		}
		if sum > p.Headings[0].Budget {
			t.Errorf("link %d logs a ballot costing %d, over the budget", l.Seq, sum)
		}
	}
	for i, o := range outcomes {
		if o.status == http.StatusCreated && !inChain[ballotchain.ReceiptHash(heading, o.receipt)] {
			t.Errorf("acknowledged ballot %d (receipt %s) is not in the chain", i, o.receipt)
		}
	}
	last := c.Entries[len(c.Entries)-1]
	if last.ReceiptHash != ballotchain.ReceiptHash(heading, receipt) || last.Choices != choices {
		t.Errorf("the stored ballot (%s, %s) is not the chain's last link (%+v)", receipt, choices, last)
	}
}
