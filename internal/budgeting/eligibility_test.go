package budgeting_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/org"
)

// The eligibility table: who may vote (verified residents, anyone
// signed in) × where (own heading, own plus one, all headings) × the
// minimum age (none; 16, met; 16, not met; 16, no date of birth
// recorded) × the voter × the channel (JSON API, ballot form, paper
// sheet entered by two clerks). In each case the voter casts a ballot
// in heading A (Villashahr), then B (Vardavard), then C (North Chitgar)
// of a District 21 process, and each answer is checked, and that a
// ballot is stored exactly when it is accepted.

// voterKind is who casts a case's ballots.
type voterKind int

const (
	noResidence voterKind = iota // signed up; no verified residence (a birth date may stay from an ended one)
	residentA                    // a verified resident of heading A's neighbourhood
	elsewhere                    // a verified resident of a District 21 neighbourhood no heading covers
	otherCity                    // a verified resident of a district of Karaj
	blockedUser                  // a resident of A whose account staff blocked
)

var voterKinds = []struct {
	kind voterKind
	name string
}{{noResidence, "no residence"}, {residentA, "resident of A"}, {elsewhere, "elsewhere in D21"}, {otherCity, "another city"}, {blockedUser, "blocked"}}

// Birth dates recorded for voters, by profile.
const (
	adult = iota
	young
	noBirth
)

var births = []string{adult: "1369/01/01", young: "1395/01/01", noBirth: ""}

// ageCases: a process's minimum age and the voters it is tried with.
var ageCases = []struct {
	name    string
	minAge  int
	profile int
}{{"none", 0, noBirth}, {"met", 16, adult}, {"not met", 16, young}, {"no birth date", 16, noBirth}}

// eligibilitySpec is the answer, heading by heading (A, B, C), to a voter
// who is not blocked and passes the age rule, online: "ok" (accepted),
// "resident" (only verified residents of the district vote), "heading"
// (not the heading of where they live), "used" (they already hold every
// other heading the scope allows).
var eligibilitySpec = map[budgeting.Eligibility]map[budgeting.HeadingScope]map[voterKind]string{
	budgeting.Resident: {
		budgeting.OwnHeading: {noResidence: "resident resident resident", residentA: "ok heading heading",
			elsewhere: "heading heading heading", otherCity: "resident resident resident"},
		budgeting.OwnPlusOne: {noResidence: "resident resident resident", residentA: "ok ok used",
			elsewhere: "ok used used", otherCity: "resident resident resident"},
		budgeting.AllHeadings: {noResidence: "resident resident resident", residentA: "ok ok ok",
			elsewhere: "ok ok ok", otherCity: "resident resident resident"},
	},
	budgeting.SignedIn: { // whom no heading covers chooses their own: the first they vote in
		budgeting.OwnHeading: {noResidence: "ok used used", residentA: "ok heading heading",
			elsewhere: "ok used used", otherCity: "ok used used"},
		budgeting.OwnPlusOne: {noResidence: "ok ok used", residentA: "ok ok used",
			elsewhere: "ok ok used", otherCity: "ok ok used"},
		budgeting.AllHeadings: {noResidence: "ok ok ok", residentA: "ok ok ok",
			elsewhere: "ok ok ok", otherCity: "ok ok ok"},
	},
}

// wantAnswers is a case's expected answers. A paper sheet names no
// account (the booth checks its voter), so every sheet that follows the
// ballot's rules counts. Online, a blocked account has no session (its
// sessions end when it is blocked, and it cannot sign in), and the age
// rule comes before residence and scope.
func wantAnswers(elig budgeting.Eligibility, scope budgeting.HeadingScope, age string, kind voterKind, channel string) string {
	switch {
	case channel == "paper":
		return "ok ok ok"
	case kind == blockedUser:
		return "signed-out signed-out signed-out"
	case age == "not met":
		return "young young young"
	case age == "no birth date":
		return "birth birth birth"
	}
	return eligibilitySpec[elig][scope][kind]
}

// refusals name an answer by what its English message says.
var refusals = []struct{ answer, says string }{
	{"resident", "Only verified residents of the area running this process"},
	{"heading", "votes only in the heading of the area they live in"},
	{"used", "You have already voted in"},
	{"young", "aged 16 or over"},
	{"birth", "your date of birth is not recorded"},
}

var eligChannels = []string{"api", "form", "paper"}

type eligVoter struct {
	id int64
	c  *apptest.Client
}

// eligProcess is one process of the table and its projects by heading.
type eligProcess struct {
	p        budgeting.Process
	projects map[int64]int64 // heading → its one project
}

type eligTable struct {
	e         *apptest.Env
	voters    map[[2]int]eligVoter // by profile and kind
	clerks    [2]*apptest.Client
	processes map[string]eligProcess // by channel, eligibility, scope and minimum age
}

func eligKey(channel string, elig budgeting.Eligibility, scope budgeting.HeadingScope, minAge int) string {
	return fmt.Sprintf("%s-%s-%s-%d", channel, elig, scope, minAge)
}

func TestEligibilityEveryCase(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		tb := &eligTable{e: e, voters: map[[2]int]eligVoter{}, processes: map[string]eligProcess{}}
		tb.addVoters(t)
		tb.clerks = [2]*apptest.Client{e.Staff("clerk1@elig.example", "tehran-district-21", auth.Secretariat),
			e.Staff("clerk2@elig.example", "tehran-district-21", auth.Secretariat)}
		tb.addProcesses(t)
		t.Run("channels", func(t *testing.T) { // the channels' processes are their own: they run at once
			for _, ch := range eligChannels {
				t.Run(ch, func(t *testing.T) {
					t.Parallel()
					tb.runChannel(t, ch)
				})
			}
		})
		// The one eligibility rule refuses a blocked account whatever
		// the channel: the service too, should a session outlive a block.
		for _, elig := range []budgeting.Eligibility{budgeting.Resident, budgeting.SignedIn} {
			p := tb.processes[eligKey("api", elig, budgeting.AllHeadings, 0)]
			hd := p.p.Headings[0].ID
			_, err := e.App.Budget.Cast(ctx, tb.voters[[2]int{noBirth, int(blockedUser)}].id,
				budgeting.Ballot{HeadingID: hd, Choices: []budgeting.Choice{{ProposalID: p.projects[hd]}}})
			if ae, ok := apperr.As(err); !ok || ae.Code != apperr.Forbidden || !strings.Contains(ae.Msg.En, "blocked") {
				t.Errorf("%s: a blocked account's ballot through the service: %v, want refused as blocked", elig, err)
			}
		}
	})
}

// runChannel runs every case of a channel, logging each as a row of the
// table.
func (tb *eligTable) runChannel(t *testing.T, ch string) {
	mismatches := 0
	for _, elig := range []budgeting.Eligibility{budgeting.Resident, budgeting.SignedIn} {
		for _, scope := range []budgeting.HeadingScope{budgeting.OwnHeading, budgeting.OwnPlusOne, budgeting.AllHeadings} {
			for _, age := range ageCases {
				p := tb.processes[eligKey(ch, elig, scope, age.minAge)]
				for _, k := range voterKinds {
					got := tb.run(t, ch, p, tb.voters[[2]int{age.profile, int(k.kind)}])
					want := wantAnswers(elig, scope, age.name, k.kind, ch)
					mark := "  "
					if got != want {
						mark, mismatches = "✗ ", mismatches+1
						t.Errorf("%s / %s / age %s / %s / %s: %q, want %q", elig, scope, age.name, k.name, ch, got, want)
					}
					t.Logf("%s%-9s %-12s %-13s %-16s %-5s %s", mark, elig, scope, age.name, k.name, ch, got)
				}
			}
		}
	}
	t.Logf("%d of %d cases differ from the rules", mismatches, 2*3*len(ageCases)*len(voterKinds))
}

// addVoters signs up a voter of every kind and age profile, records
// their residences and dates of birth as staff do, and blocks the
// blocked ones (which ends their sessions).
func (tb *eligTable) addVoters(t *testing.T) {
	ctx := context.Background()
	e := tb.e
	d21 := e.Org("tehran-district-21")
	karaj, err := e.App.Orgs.Create(ctx, 0, ptr(e.Org("karaj")), org.Input{Slug: "karaj-district-1", Kind: "district",
		NameFa: "منطقه ۱ کرج", NameEn: "Karaj District 1"})
	if err != nil {
		t.Fatal(err)
	}
	homes := map[voterKind]org.Org{residentA: e.Org("tehran-21-villashahr"), elsewhere: e.Org("tehran-21-tehransar-west"),
		otherCity: karaj, blockedUser: e.Org("tehran-21-villashahr")}
	n := 0
	for profile, birth := range births {
		for _, k := range voterKinds {
			if n++; n%10 == 0 {
				e.Clock.Advance(11 * time.Minute) // within the one-time codes' limit per address
			}
			phone := fmt.Sprintf("0912555%02d%02d", profile, k.kind)
			v := eligVoter{c: e.Citizen(phone)}
			home, ok := homes[k.kind]
			if !ok && birth != "" {
				home = d21 // a residence that ended: its date of birth stays recorded
			}
			if home.ID != 0 {
				res, err := e.App.Identity.SetResidence(ctx, 0, home, identity.ResidenceInput{Phone: phone, Source: identity.ByStaff, Birth: birth})
				if err != nil {
					t.Fatal(err)
				}
				if !ok {
					if err := e.App.Identity.RevokeResidence(ctx, 0, home.Ref(), res.ID); err != nil {
						t.Fatal(err)
					}
				}
			}
			u, err := e.App.Identity.FindByContact(ctx, phone)
			if err != nil {
				t.Fatal(err)
			}
			v.id = u.ID
			if k.kind == blockedUser {
				if err := e.App.Identity.SetBlocked(ctx, 0, u.ID, true); err != nil {
					t.Fatal(err)
				}
			}
			tb.voters[[2]int{profile, int(k.kind)}] = v
		}
	}
}

func ptr[T any](v T) *T { return &v }

// addProcesses creates a District 21 process for every channel,
// eligibility, scope and minimum age, with headings A, B and C of budget
// 100 and one project costing 10 in each, and brings them to voting.
func (tb *eligTable) addProcesses(t *testing.T) {
	ctx := context.Background()
	e := tb.e
	e.Citizen("09125559999")
	if _, err := e.App.Identity.SetResidence(ctx, 0, e.Org("tehran-21-villashahr"),
		identity.ResidenceInput{Phone: "09125559999", Source: identity.ByStaff, Birth: births[adult]}); err != nil {
		t.Fatal(err)
	}
	a, err := e.App.Identity.FindByContact(ctx, "09125559999")
	if err != nil {
		t.Fatal(err)
	}
	s := e.Clock.Now()
	var projects []int64
	for _, ch := range eligChannels {
		for _, elig := range []budgeting.Eligibility{budgeting.Resident, budgeting.SignedIn} {
			for _, scope := range []budgeting.HeadingScope{budgeting.OwnHeading, budgeting.OwnPlusOne, budgeting.AllHeadings} {
				for _, minAge := range []int{0, 16} {
					key := eligKey(ch, elig, scope, minAge)
					p, err := e.App.Budget.CreateProcess(ctx, 0, budgeting.Process{
						OrgID: e.Org("tehran-district-21").ID, Slug: strings.ReplaceAll("elig-"+key, "_", "-"), TitleFa: "جدول " + key,
						Rule: "greedy", Ballot: budgeting.Approval, Eligibility: elig, Scope: scope, MinAge: minAge,
						Phases: []budgeting.Window{{Phase: budgeting.Proposals, Start: s, End: s.Add(time.Hour)},
							{Phase: budgeting.Review, Start: s.Add(time.Hour), End: s.Add(2 * time.Hour)},
							{Phase: budgeting.Voting, Start: s.Add(2 * time.Hour), End: s.Add(26 * time.Hour)}},
						Headings: []budgeting.Heading{
							{AreaID: e.Org("tehran-21-villashahr").ID, NameFa: "ویلاشهر", Budget: 100},
							{AreaID: e.Org("tehran-21-vardavard").ID, NameFa: "وردآورد", Budget: 100},
							{AreaID: e.Org("tehran-21-chitgar-north").ID, NameFa: "چیتگر شمالی", Budget: 100}},
					})
					if err != nil {
						t.Fatal(err)
					}
					ep := eligProcess{p: p, projects: map[int64]int64{}}
					for _, h := range p.Headings {
						pr, err := e.App.Budget.Submit(ctx, a.ID, budgeting.Proposal{ProcessID: p.ID, HeadingID: h.ID, CategoryID: 1,
							Title: "نیمکت " + h.NameFa, Description: "نیمکت پارک", EstimatedCost: 10})
						if err != nil {
							t.Fatal(err)
						}
						ep.projects[h.ID] = pr.ID
						projects = append(projects, pr.ID)
					}
					tb.processes[key] = ep
				}
			}
		}
	}
	e.Clock.Advance(time.Hour) // review
	for _, id := range projects {
		if _, err := e.App.Budget.ReviewProposal(ctx, 0, id, budgeting.Verdict{Feasible: true, FinalCost: 10}); err != nil {
			t.Fatal(err)
		}
	}
	e.Clock.Advance(time.Hour) // voting
}

// run casts the voter's ballots in A, B and C through the channel and
// returns the answers.
func (tb *eligTable) run(t *testing.T, channel string, p eligProcess, v eligVoter) string {
	t.Helper()
	var answers []string
	for _, h := range p.p.Headings {
		answers = append(answers, tb.cast(t, channel, p, v, h.ID))
	}
	return strings.Join(answers, " ")
}

// cast sends one ballot for the heading's project and names the answer,
// checking that the ballot is stored exactly when it is accepted.
func (tb *eligTable) cast(t *testing.T, channel string, p eligProcess, v eligVoter, heading int64) string {
	t.Helper()
	ctx := context.Background()
	project := p.projects[heading]
	before, _ := tb.e.App.Budget.BallotCount(ctx, heading)
	var r apptest.Response
	switch channel {
	case "api":
		r = postJSON(tb.e, v.c, fmt.Sprintf("/api/v1/processes/%d/headings/%d/ballot", p.p.ID, heading), choicesJSON(project))
	case "form":
		r = v.c.PostForm(fmt.Sprintf("/budgets/%s/vote/%d?lang=en", p.p.Slug, heading), url.Values{"p": {fmt.Sprint(project)}})
	case "paper": // a sheet per heading and voter, numbered after the voter
		sheet := url.Values{"heading": {fmt.Sprint(heading)}, "serial": {fmt.Sprint(v.id)}, "choice": {fmt.Sprint(project)}}
		path := fmt.Sprintf("/admin/budgets/%d/paper?lang=en", p.p.ID)
		if r = tb.clerks[0].PostForm(path, sheet); r.Status == http.StatusSeeOther {
			r = tb.clerks[1].PostForm(path, sheet)
		}
	}
	answer := answerOf(r)
	after, _ := tb.e.App.Budget.BallotCount(ctx, heading)
	if stored := after == before+1; stored != (answer == "ok") || (!stored && after != before) {
		answer += fmt.Sprintf("(ballots %d→%d)", before, after)
	}
	return answer
}

// answerOf names an answer: "ok" for an accepted ballot (201 from the
// API; the receipt, or a redirect to it, from the form; a redirect after
// each clerk's entry of a sheet), "signed-out" for 401, a refusal by
// what its message says, else the status.
func answerOf(r apptest.Response) string {
	switch r.Status {
	case http.StatusCreated, http.StatusOK, http.StatusSeeOther:
		return "ok"
	case http.StatusUnauthorized:
		return "signed-out"
	}
	for _, x := range refusals {
		if strings.Contains(r.Body, x.says) {
			return x.answer
		}
	}
	return fmt.Sprint(r.Status)
}
