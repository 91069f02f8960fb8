package budgeting_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
)

// ballotAPI is a demo installation with a District 21 process whose
// first heading (Villashahr, budget 100) has three projects costing 60,
// 50 and 30 (feasible once reviewed), and whose phases run from the
// clock's time: proposals for an hour, review for an hour, voting for a
// day, then results.
type ballotAPI struct {
	e        *apptest.Env
	process  budgeting.Process
	headings []int64 // Villashahr, Vardavard
	ids      []int64
}

func newBallotAPI(t *testing.T, e *apptest.Env, slug string) *ballotAPI {
	t.Helper()
	ctx := context.Background()
	start := e.Clock.Now()
	hoods := []int64{e.Org("tehran-21-villashahr").ID, e.Org("tehran-21-vardavard").ID}
	p, err := e.App.Budget.CreateProcess(ctx, 0, budgeting.Process{
		OrgID: e.Org("tehran-district-21").ID, Slug: slug, TitleFa: "من شهردارم " + slug, Rule: "greedy",
		Ballot: budgeting.Approval, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{{budgeting.Proposals, start, start.Add(time.Hour)},
			{budgeting.Review, start.Add(time.Hour), start.Add(2 * time.Hour)},
			{budgeting.Voting, start.Add(2 * time.Hour), start.Add(26 * time.Hour)},
			{budgeting.Results, start.Add(26 * time.Hour), start.Add(50 * time.Hour)}},
		Headings: []budgeting.Heading{{AreaID: hoods[0], NameFa: "ویلاشهر", Budget: 100}, {AreaID: hoods[1], NameFa: "وردآورد", Budget: 100}},
	})
	if err != nil {
		t.Fatal(err)
	}
	b := &ballotAPI{e: e, process: p, headings: []int64{p.Headings[0].ID, p.Headings[1].ID}}
	author, err := e.App.Identity.FindByContact(ctx, "09121110000")
	if err != nil {
		e.Citizen("09121110000")
		if author, err = e.App.Identity.FindByContact(ctx, "09121110000"); err != nil {
			t.Fatal(err)
		}
	}
	costs := []int64{60, 50, 30}
	for i, c := range costs {
		pr, err := e.App.Budget.Submit(ctx, author.ID, budgeting.Proposal{ProcessID: p.ID, HeadingID: b.headings[0], CategoryID: 1,
			Title: fmt.Sprintf("طرح %d", i+1), Description: "پارک محله", EstimatedCost: c})
		if err != nil {
			t.Fatal(err)
		}
		b.ids = append(b.ids, pr.ID)
	}
	return b
}

// review accepts the projects at their estimated costs, in the review phase.
func (b *ballotAPI) review(t *testing.T) {
	t.Helper()
	for i, id := range b.ids {
		v := budgeting.Verdict{Feasible: true, FinalCost: []int64{60, 50, 30}[i]}
		if _, err := b.e.App.Budget.ReviewProposal(context.Background(), 0, id, v); err != nil {
			t.Fatal(err)
		}
	}
}

// voter signs a citizen in and records them as a resident of a District
// 21 neighbourhood.
func (b *ballotAPI) voter(t *testing.T, phone, hood string) *apptest.Client {
	t.Helper()
	c := b.e.Citizen(phone)
	if _, err := b.e.App.Identity.SetResidence(context.Background(), 0, b.e.Org(hood), identity.ResidenceInput{Phone: phone, Source: identity.ByStaff}); err != nil {
		t.Fatal(err)
	}
	return c
}

func (b *ballotAPI) ballotPath(heading int64) string {
	return fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballot", b.process.ID, heading)
}

// postJSON posts a body as a script on another site would not be let
// to, and a browser on ours would.
func postJSON(e *apptest.Env, c *apptest.Client, path, body string) apptest.Response {
	e.T.Helper()
	return c.PostJSON(path, body)
}

func choicesJSON(ids ...int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf(`{"id":%d,"points":0}`, id)
	}
	return `{"choices":[` + strings.Join(parts, ",") + `]}`
}

type castAnswer struct {
	Receipt   string `json:"receipt"`
	TotalCost int64  `json:"total_cost"`
}

type errorAnswer struct {
	Error struct {
		Code      string `json:"code"`
		Message   string `json:"message"`
		MessageFa string `json:"message_fa"`
	} `json:"error"`
}

var receiptShape = regexp.MustCompile(`^[0-9a-f]{32}$`)

func wantStatus(t *testing.T, r apptest.Response, status int, what string) {
	t.Helper()
	if r.Status != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, r.Status, status, r.Body)
	}
}

func TestBallotAPI(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		b := newBallotAPI(t, e, "d21-api")
		other := newBallotAPI(t, e, "d21-other") // its headings are not b's
		e.Clock.Advance(time.Hour)
		b.review(t)
		alice := b.voter(t, "09121230001", "tehran-21-villashahr")
		bob := b.voter(t, "09121230002", "tehran-21-vardavard")
		path := b.ballotPath(b.headings[0])

		wantStatus(t, postJSON(e, e.Client(), path, choicesJSON(b.ids[0])), http.StatusUnauthorized, "an anonymous ballot")
		wantStatus(t, postJSON(e, alice, path, choicesJSON(b.ids[0])), http.StatusForbidden, "a ballot before voting opens")
		e.Clock.Advance(time.Hour) // voting

		r := postJSON(e, alice, path, choicesJSON(b.ids[0], b.ids[2]))
		wantStatus(t, r, http.StatusCreated, "a ballot")
		var first castAnswer
		if err := json.Unmarshal([]byte(r.Body), &first); err != nil || !receiptShape.MatchString(first.Receipt) || first.TotalCost != 90 {
			t.Fatalf("answer %s (%v): want a 32-hex receipt and total_cost 90", r.Body, err)
		}
		r = postJSON(e, alice, path, choicesJSON(b.ids[1]))
		wantStatus(t, r, http.StatusCreated, "a changed ballot")
		var second castAnswer
		json.Unmarshal([]byte(r.Body), &second)
		if second.Receipt == first.Receipt || second.TotalCost != 50 {
			t.Fatalf("changed ballot: %s after %+v", r.Body, first)
		}
		if n, _ := e.App.Budget.BallotCount(ctx, b.headings[0]); n != 1 {
			t.Errorf("%d ballots stored after a change, want 1", n)
		}

		r = postJSON(e, alice, path, choicesJSON(b.ids[0], b.ids[1]))
		wantStatus(t, r, http.StatusBadRequest, "a ballot over the budget (110 > 100)")
		var over errorAnswer
		if err := json.Unmarshal([]byte(r.Body), &over); err != nil || over.Error.Code != "invalid" ||
			!strings.Contains(over.Error.Message, "cost more than this heading's budget") ||
			!strings.Contains(over.Error.MessageFa, "از بودجه این سرفصل بیشتر است") {
			t.Errorf("over-budget answer: %s", r.Body)
		}
		for what, body := range map[string]string{
			"not JSON":           "choices=1",
			"a misspelt field":   fmt.Sprintf(`{"choice":[{"id":%d}]}`, b.ids[0]),
			"no choices":         `{"choices":[]}`,
			"a repeated choice":  choicesJSON(b.ids[2], b.ids[2]),
			"an unknown project": choicesJSON(b.ids[2], 999999),
			"two JSON values":    choicesJSON(b.ids[2]) + choicesJSON(b.ids[2]),
			"a huge body":        `{"choices":[` + strings.Repeat(`{"id":1},`, 10000) + `{"id":1}]}`,
		} {
			wantStatus(t, postJSON(e, alice, path, body), http.StatusBadRequest, what)
		}
		wantStatus(t, postJSON(e, bob, path, choicesJSON(b.ids[0])), http.StatusForbidden, "a resident of another neighbourhood")
		for what, p := range map[string]string{
			"a heading of another process": b.ballotPath(other.headings[0]),
			"no such heading":              b.ballotPath(999999),
			"no such process":              fmt.Sprintf("/api/v1/processes/999999/headings/%d/ballot", b.headings[0]),
		} {
			wantStatus(t, postJSON(e, alice, p, choicesJSON(b.ids[0])), http.StatusNotFound, what)
		}
		if n, _ := e.App.Budget.BallotCount(ctx, b.headings[0]); n != 1 {
			t.Errorf("%d ballots stored after refusals, want 1", n)
		}

		chain := fmt.Sprintf("/api/v1/processes/%d/headings/%d/chain", b.process.ID, b.headings[0])
		wantStatus(t, e.Client().Get(chain), http.StatusForbidden, "the chain while voting runs")
		e.Clock.Advance(25 * time.Hour) // results
		wantStatus(t, postJSON(e, alice, path, choicesJSON(b.ids[2])), http.StatusForbidden, "a ballot after voting closed")
		wantStatus(t, e.Client().Get(fmt.Sprintf("/api/v1/processes/%d/headings/%d/chain", b.process.ID, other.headings[0])),
			http.StatusNotFound, "the chain of another process's heading")
		r = e.Client().Get(chain)
		wantStatus(t, r, http.StatusOK, "the chain after voting closed")
		var c ballotchain.Chain
		if err := json.Unmarshal([]byte(r.Body), &c); err != nil {
			t.Fatal(err)
		}
		if err := c.Verify(); err != nil {
			t.Errorf("the published chain does not verify: %v\n%s", err, r.Body)
		}
		if len(c.Entries) != 2 || c.Heading != b.headings[0] ||
			c.Entries[0].ReceiptHash != ballotchain.ReceiptHash(b.headings[0], first.Receipt) ||
			c.Entries[1].ReceiptHash != ballotchain.ReceiptHash(b.headings[0], second.Receipt) ||
			c.Entries[0].Choices != fmt.Sprintf("%d,%d", b.ids[0], b.ids[2]) {
			t.Errorf("the chain does not list both of Alice's ballots in order:\n%s", r.Body)
		}
		if n, err := e.App.Budget.VerifyChain(ctx, b.headings[0]); n != 2 || err != nil {
			t.Errorf("VerifyChain: %d links, %v", n, err)
		}
		// A changed link no longer verifies.
		c.Entries[0].Choices = fmt.Sprint(b.ids[2])
		if c.Verify() == nil {
			t.Error("a tampered chain verifies")
		}
	})
}
