package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store/storetest"
	"github.com/shahr-city/shahr/internal/web"
)

// TestTwoServersChosenHeadings: the headings a voter may choose beyond
// their own are counted by the database, not by a read made before the
// ballot. Two servers share one database (PostgreSQL, and one SQLite
// file). At one instant, split across both, a verified resident of
// Villashahr in a process of "verified residents, own heading plus one"
// fires 30 ballots at each of four headings, their own and three others;
// and someone signed in with no residence, in a process "anyone signed
// in, own heading", fires 30 at each of the same four. The resident's
// own heading takes all 30, exactly one other heading takes all of its
// 30 and the other two none; the other voter's ballots land in exactly
// one heading. Every refusal is a 403 and stores nothing, and every
// heading's chain verifies.
func TestTwoServersChosenHeadings(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Engines {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			servers := twoServers(t, apptest.DemoURL(t, d))
			e := servers[0]
			plusOne := chosenProcess(t, e, "plus-one", budgeting.Resident, budgeting.OwnPlusOne)
			own := chosenProcess(t, e, "own-choice", budgeting.SignedIn, budgeting.OwnHeading)
			e.Clock.Advance(time.Hour) // review
			for _, id := range append(plusOne.projects, own.projects...) {
				if _, err := e.App.Budget.ReviewProposal(context.Background(), 0, id, budgeting.Verdict{Feasible: true, FinalCost: 10}); err != nil {
					t.Fatal(err)
				}
			}
			e.Clock.Advance(time.Hour) // voting
			resident, newcomer := e.Citizen("09125550001"), e.Citizen("09125550002")
			if _, err := e.App.Identity.SetResidence(context.Background(), 0, e.Org("tehran-21-villashahr"),
				identity.ResidenceInput{Phone: "09125550001", Source: identity.ByStaff}); err != nil {
				t.Fatal(err)
			}
			type shot struct {
				p       chosen
				heading int
				token   string
			}
			var shots []shot
			for range 30 {
				for h := range 4 {
					shots = append(shots, shot{plusOne, h, resident.Cookie(web.SessionCookie)},
						shot{own, h, newcomer.Cookie(web.SessionCookie)})
				}
			}
			accepted := map[string][4]int{}
			var mu sync.Mutex
			begin := make(chan struct{})
			var wg sync.WaitGroup
			for i, s := range shots {
				srv := servers[i%2].Server
				wg.Go(func() {
					<-begin
					status, body := postBallot(t, srv.URL, srv.Client(), s.p, s.heading, s.token)
					mu.Lock()
					defer mu.Unlock()
					switch status {
					case http.StatusCreated:
						n := accepted[s.p.slug]
						n[s.heading]++
						accepted[s.p.slug] = n
					case http.StatusForbidden:
					default:
						t.Errorf("%s heading %d: status %d\n%s", s.p.slug, s.heading, status, body)
					}
				})
			}
			close(begin)
			wg.Wait()
			if a := accepted[plusOne.slug]; a[0] != 30 || headingsTaken(a[1:]) != 1 || a[1]+a[2]+a[3] != 30 {
				t.Errorf("own plus one: accepted %v, want 30 at home and 30 in exactly one other heading", a)
			}
			if a := accepted[own.slug]; headingsTaken(a[:]) != 1 || a[0]+a[1]+a[2]+a[3] != 30 {
				t.Errorf("own heading, chosen: accepted %v, want 30 in exactly one heading", a)
			}
			for _, p := range []chosen{plusOne, own} {
				for h, hd := range p.headings {
					n, _ := e.App.Budget.BallotCount(context.Background(), hd)
					if want := min(accepted[p.slug][h], 1); n != want {
						t.Errorf("%s heading %d: %d ballots stored, want %d", p.slug, h, n, want)
					}
					if links, err := servers[1].App.Budget.VerifyChain(context.Background(), hd); err != nil || links != accepted[p.slug][h] {
						t.Errorf("%s heading %d: chain of %d links (%v), want the %d accepted", p.slug, h, links, err, accepted[p.slug][h])
					}
				}
			}
		})
	}
}

// chosen is a process of the test: its headings (Villashahr, Vardavard,
// North and South Chitgar) and the one project of each.
type chosen struct {
	id       int64
	slug     string
	headings []int64
	projects []int64
}

// chosenProcess creates a District 21 process with the rules given, in
// its proposals phase for an hour, then review for an hour, then voting,
// and a project for each heading.
func chosenProcess(t *testing.T, e *apptest.Env, slug string, elig budgeting.Eligibility, scope budgeting.HeadingScope) chosen {
	t.Helper()
	ctx := context.Background()
	s := e.Clock.Now()
	var hs []budgeting.Heading
	for _, hood := range []string{"villashahr", "vardavard", "chitgar-north", "chitgar-south"} {
		hs = append(hs, budgeting.Heading{AreaID: e.Org("tehran-21-" + hood).ID, NameFa: hood, Budget: 100})
	}
	p, err := e.App.Budget.CreateProcess(ctx, 0, budgeting.Process{OrgID: e.Org("tehran-district-21").ID, Slug: slug, TitleFa: slug,
		Rule: "greedy", Ballot: budgeting.Approval, Eligibility: elig, Scope: scope, Headings: hs,
		Phases: []budgeting.Window{{Phase: budgeting.Proposals, Start: s, End: s.Add(time.Hour)},
			{Phase: budgeting.Review, Start: s.Add(time.Hour), End: s.Add(2 * time.Hour)},
			{Phase: budgeting.Voting, Start: s.Add(2 * time.Hour), End: s.Add(26 * time.Hour)}}})
	if err != nil {
		t.Fatal(err)
	}
	author, err := e.App.Identity.FindByContact(ctx, "09121110000")
	if err != nil {
		e.Citizen("09121110000")
		if author, err = e.App.Identity.FindByContact(ctx, "09121110000"); err != nil {
			t.Fatal(err)
		}
	}
	c := chosen{id: p.ID, slug: slug}
	for _, h := range p.Headings {
		pr, err := e.App.Budget.Submit(ctx, author.ID, budgeting.Proposal{ProcessID: p.ID, HeadingID: h.ID, CategoryID: 1,
			Title: "نیمکت", Description: "نیمکت پارک", EstimatedCost: 10})
		if err != nil {
			t.Fatal(err)
		}
		c.headings, c.projects = append(c.headings, h.ID), append(c.projects, pr.ID)
	}
	return c
}

// postBallot sends the voter's ballot for the heading's project through
// the JSON API of the server at base.
func postBallot(t *testing.T, base string, hc *http.Client, p chosen, heading int, token string) (int, string) {
	body := fmt.Sprintf(`{"choices":[{"id":%d}]}`, p.projects[heading])
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/processes/%d/headings/%d/ballot", base, p.id, p.headings[heading]),
		strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", web.SessionCookie+"="+token)
	resp, err := hc.Do(req)
	if err != nil {
		t.Error(err)
		return 0, ""
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// headingsTaken counts the headings with accepted ballots.
func headingsTaken(accepted []int) int {
	n := 0
	for _, a := range accepted {
		if a > 0 {
			n++
		}
	}
	return n
}
