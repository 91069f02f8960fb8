package app_test

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/events"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/practices"
	"github.com/shahr-city/shahr/internal/servicecatalog"
	"github.com/shahr-city/shahr/internal/sistercity"
	"github.com/shahr-city/shahr/internal/support"
	"github.com/shahr-city/shahr/internal/upload"
)

// nestedRoutes says, for every route with nested ids, where the demo (and
// what newFixture adds to it) holds a child with its own parents, which
// other parents to put in its place, and a body that succeeds for the
// child's own parents.
var nestedRoutes = map[string]nestedCase{
	// Associations: the applicant's pages, then the secretariat's.
	"GET /admin/orgs/{slug}/memberships/{id}":                        {ids: (*fixture).applicant},
	"POST /admin/orgs/{slug}/memberships/{id}/council":               {ids: (*fixture).applicant, body: councilForm},
	"POST /admin/orgs/{slug}/memberships/{id}/submit":                {ids: (*fixture).applicant, body: form("letter_ref", "۸۸۲۱/۱۴۰۵")},
	"POST /admin/orgs/{slug}/memberships/{id}/files":                 {ids: (*fixture).applicant, body: withFile},
	"POST /admin/orgs/{slug}/memberships/{id}/groups/{gid}/{action}": {ids: (*fixture).ownGroup},
	"GET /admin/associations/{slug}/memberships/{id}":                {ids: (*fixture).secretariat},
	"POST /admin/associations/{slug}/memberships/{id}/{step}": {ids: (*fixture).secretariat,
		body: form("year", "1407", "due", "1407/01/15", "amount", "7000")},
	"POST /admin/associations/{slug}/invoices/{iid}/payment": {ids: (*fixture).invoice,
		body: form("paid_on", "1405/08/25", "payment_ref", "SWIFT-1")},
	"GET /admin/associations/{slug}/groups/{gid}":          {ids: (*fixture).group},
	"POST /admin/associations/{slug}/groups/{gid}/members": {ids: (*fixture).group, body: memberForm},
	"POST /admin/associations/{slug}/groups/{gid}/meetings": {ids: (*fixture).group,
		body: form("held_on", "1405/08/10", "agenda", "برنامه سال آینده", "minutes", "صورت‌جلسه")},
	"POST /admin/associations/{slug}/benefits/{bid}/allocations": {ids: (*fixture).benefit, body: allocationForm},
	"POST /admin/associations/{slug}/allocations/{aid}/usage": {ids: (*fixture).allocation,
		body: form("usage", "در دوره شرکت کرد و گزارش داد.")},

	// "I am Mayor": the public pages and the API.
	"GET /budgets/{slug}/proposals/{pid}":          {ids: (*fixture).publicProposal},
	"POST /budgets/{slug}/proposals/{pid}/support": {ids: (*fixture).supportedProposal},
	"POST /budgets/{slug}/proposals/{pid}/flag":    {ids: (*fixture).publicProposal, body: form("reason", "تکراری است")},
	"GET /budgets/{slug}/vote/{hid}":               {ids: (*fixture).ballotHeading},
	"POST /budgets/{slug}/vote/{hid}": {ids: (*fixture).ballotHeading,
		body: func(f *fixture) reqBody { return reqBody{form: url.Values{"p": {itoa(f.choice)}}} }},
	"GET /budgets/{slug}/vote/{hid}/receipt":               {ids: (*fixture).receiptHeading},
	"GET /budgets/{slug}/results/{hid}/csv":                {ids: (*fixture).resultHeading},
	"GET /budgets/{slug}/results/{hid}/xlsx":               {ids: (*fixture).resultHeading},
	"GET /api/v1/processes/{id}/headings/{hid}/ballots.pb": {ids: (*fixture).closedHeading},
	"GET /api/v1/processes/{id}/headings/{hid}/chain":      {ids: (*fixture).closedHeading},
	"POST /api/v1/processes/{id}/headings/{hid}/ballot": {ids: (*fixture).openHeading,
		body: func(f *fixture) reqBody { return ballotJSON(itoa(f.choice)) }},

	// "I am Mayor": the staff's pages of a proposal and of a project.
	"GET /admin/budgets/{id}/proposals/{pid}": {ids: (*fixture).staffProposal},
	"POST /admin/budgets/{id}/proposals/{pid}/review": {ids: (*fixture).staffProposal,
		body: form("feasible", "yes", "final_cost", "900000000")},
	"POST /admin/budgets/{id}/proposals/{pid}/comments": {ids: (*fixture).staffProposal,
		body: form("body", "هزینه را با واحد فنی بررسی کنید.")},
	"POST /admin/budgets/{id}/proposals/{pid}/merge": {ids: (*fixture).staffProposal, late: true,
		body: func(f *fixture) reqBody { return reqBody{form: url.Values{"into": {itoa(f.ideas[1])}}} }},
	"POST /admin/budgets/{id}/proposals/{pid}/hide": {ids: (*fixture).staffProposal, late: true,
		body: form("hide_reason", "محتوای نامناسب")},
	"POST /admin/budgets/{id}/proposals/{pid}/unhide":        {ids: (*fixture).staffProposal},
	"POST /admin/budgets/{id}/proposals/{pid}/dismiss-flags": {ids: (*fixture).staffProposal},
	"POST /admin/budgets/{id}/proposals/{pid}/block-author":  {ids: (*fixture).staffProposal, late: true},
	"POST /admin/budgets/{id}/implementation/{pid}": {ids: (*fixture).project,
		body: form("status", budgeting.ProjectInProgress, "progress", "40", "spent", "1000000")},
	"POST /admin/budgets/{id}/implementation/{pid}/milestones": {ids: (*fixture).project,
		body: form("title_fa", "پی‌ریزی", "on", "1405/08/01")},

	// Events: an exhibition's exhibitors and materials, a course's registrations.
	"GET /admin/events/{id}/exhibitors/{xid}":         {ids: (*fixture).exhibitor},
	"POST /admin/events/{id}/exhibitors/{xid}":        {ids: (*fixture).exhibitor, body: form("showcase_fa", "خدمات شهری")},
	"POST /admin/events/{id}/exhibitors/{xid}/delete": {ids: (*fixture).exhibitor, late: true},
	"GET /admin/events/{id}/materials/{mid}":          {ids: (*fixture).material},
	"POST /admin/events/{id}/materials/{mid}":         {ids: (*fixture).material, body: materialForm},
	"POST /admin/events/{id}/materials/{mid}/delete":  {ids: (*fixture).material, late: true},
	"POST /events/{id}/registrations/{rid}/cancel":    {ids: (*fixture).registration, late: true},

	// Support to towns: the public town page, visits and joint projects.
	"GET /support/{slug}/towns/{town}":           {ids: (*fixture).town},
	"GET /admin/support/{slug}/visits/{id}":      {ids: (*fixture).reportedVisit},
	"GET /admin/support/{slug}/visits/{id}/edit": {ids: (*fixture).plannedVisit},
	"POST /admin/support/{slug}/visits/{id}/edit": {ids: (*fixture).plannedVisit,
		body: func(f *fixture) reqBody { return planForm(itoa(f.khafTown)) }},
	"POST /admin/support/{slug}/visits/{id}/report": {ids: (*fixture).reportedVisit, body: form("visited_on", "1399/12/11",
		"summary", "دیدار با شهردار", "participant_name", "شهردار", "participant_role", "mayor")},
	"POST /admin/support/{slug}/visits/{id}/status":                {ids: (*fixture).plannedVisit, body: form("status", "cancelled")},
	"POST /admin/support/{slug}/visits/{id}/findings":              {ids: (*fixture).reportedVisit, body: findingForm},
	"POST /admin/support/{slug}/visits/{id}/findings/{fid}":        {ids: (*fixture).finding, body: form("addressed", "true")},
	"GET /admin/support/{slug}/visits/{id}/findings/{fid}/edit":    {ids: (*fixture).finding},
	"POST /admin/support/{slug}/visits/{id}/findings/{fid}/edit":   {ids: (*fixture).finding, body: findingForm},
	"POST /admin/support/{slug}/visits/{id}/findings/{fid}/delete": {ids: (*fixture).finding, late: true},
	"POST /admin/support/{slug}/visits/{id}/actions":               {ids: (*fixture).reportedVisit, body: actionForm},
	"POST /admin/support/{slug}/visits/{id}/actions/{aid}":         {ids: (*fixture).action, body: form("status", "done")},
	"GET /admin/support/{slug}/visits/{id}/actions/{aid}/edit":     {ids: (*fixture).action},
	"POST /admin/support/{slug}/visits/{id}/actions/{aid}/edit":    {ids: (*fixture).action, body: actionForm},
	"GET /admin/support/{slug}/projects/{id}":                      {ids: (*fixture).jointProject},
	"GET /admin/support/{slug}/projects/{id}/edit":                 {ids: (*fixture).jointProject},
	"POST /admin/support/{slug}/projects/{id}/edit": {ids: (*fixture).jointProject,
		body: func(f *fixture) reqBody { return projectForm(itoa(f.roshtkharTown)) }},
	"POST /admin/support/{slug}/projects/{id}/status":                 {ids: (*fixture).jointProject, body: form("status", "approved")},
	"POST /admin/support/{slug}/projects/{id}/stages":                 {ids: (*fixture).jointProject, body: stageForm},
	"POST /admin/support/{slug}/projects/{id}/stages/{sid}":           {ids: (*fixture).stage, body: form("done", "true")},
	"GET /admin/support/{slug}/projects/{id}/stages/{sid}/edit":       {ids: (*fixture).stage},
	"POST /admin/support/{slug}/projects/{id}/stages/{sid}/edit":      {ids: (*fixture).stage, body: stageForm},
	"POST /admin/support/{slug}/projects/{id}/stages/{sid}/delete":    {ids: (*fixture).stage, late: true},
	"POST /admin/support/{slug}/projects/{id}/documents":              {ids: (*fixture).jointProject, body: withFile},
	"GET /admin/support/{slug}/projects/{id}/documents/{doc}":         {ids: (*fixture).document},
	"POST /admin/support/{slug}/projects/{id}/documents/{doc}/delete": {ids: (*fixture).document, late: true},

	// An organization's good practices and services.
	"GET /admin/orgs/{slug}/practices/{id}/edit": {ids: (*fixture).practice},
	"POST /admin/orgs/{slug}/practices/{id}/edit": {ids: (*fixture).practice,
		body: pageForm(func(f *fixture) string {
			return "/admin/orgs/tehran-district-21/practices/" + itoa(f.practiceID) + "/edit"
		})},
	"POST /admin/orgs/{slug}/practices/{id}/publish": {ids: (*fixture).practice},
	"GET /admin/orgs/{slug}/services/{id}/edit":      {ids: (*fixture).service},
	"POST /admin/orgs/{slug}/services/{id}/edit": {ids: (*fixture).service,
		body: pageForm(func(f *fixture) string {
			return "/admin/orgs/tehran-district-21/services/" + itoa(f.serviceID) + "/edit"
		})},
	"POST /admin/orgs/{slug}/services/{id}/retire":  {ids: (*fixture).service},
	"POST /admin/orgs/{slug}/services/{id}/restore": {ids: (*fixture).service},

	// A sister-city agreement's contacts, documents and activities.
	"POST /admin/sister-cities/{id}/contacts/{pid}/delete":   {ids: (*fixture).contact, late: true},
	"POST /admin/sister-cities/{id}/documents/{pid}/delete":  {ids: (*fixture).sisterDocument, late: true},
	"POST /admin/sister-cities/{id}/activities/{pid}/delete": {ids: (*fixture).activity, late: true},

	// An organization's staff and verified residents.
	"POST /admin/orgs/{slug}/staff/{id}/revoke":     {ids: (*fixture).grant, late: true},
	"POST /admin/orgs/{slug}/residents/{id}/revoke": {ids: (*fixture).residence, late: true},
}

// bodyRoutes are the routes whose form or JSON names a child of the
// path's parent: a member of the association, a proposal of the process
// or heading, a heading or area of the process, a town of the
// cooperation organization, a registration of the event.
var bodyRoutes = []bodyCase{
	{key: "POST /admin/associations/{slug}/benefits/{bid}/allocations", ids: (*fixture).benefit,
		child: func(f *fixture) [2]string { return [2]string{itoa(f.karajM), itoa(f.councilM)} },
		body:  func(f *fixture, m string) reqBody { return allocationFor(m) }, want: []int{409}},
	{key: "POST /admin/associations/{slug}/groups/{gid}/members", ids: (*fixture).group,
		child: func(f *fixture) [2]string { return [2]string{itoa(f.karaj), itoa(f.council)} },
		body:  func(f *fixture, o string) reqBody { return reqBody{form: url.Values{"member": {o}}} }, want: []int{409}},
	{key: "POST /admin/budgets/{id}/proposals/{pid}/merge", ids: (*fixture).staffProposal,
		child: func(f *fixture) [2]string { return [2]string{itoa(f.ideas[1]), itoa(f.choice)} },
		body:  func(f *fixture, p string) reqBody { return reqBody{form: url.Values{"into": {p}}} }, want: []int{422}},
	{key: "POST /budgets/{slug}/proposals", ids: (*fixture).ideasProcess,
		child: func(f *fixture) [2]string {
			return [2]string{itoa(f.ideasP.Headings[0].ID), itoa(f.voting.Headings[0].ID)}
		},
		body: (*fixture).proposalForm, want: []int{422}},
	{key: "POST /budgets/{slug}/vote/{hid}", ids: (*fixture).ballotHeading, child: (*fixture).choices,
		body: func(f *fixture, p string) reqBody { return reqBody{form: url.Values{"p": {p}}} }, want: []int{400, 422}},
	{key: "POST /api/v1/processes/{id}/headings/{hid}/ballot", ids: (*fixture).openHeading, child: (*fixture).choices,
		body: func(f *fixture, p string) reqBody { return ballotJSON(p) }, want: []int{400, 422}},
	{key: "POST /admin/budgets/{id}/paper", ids: (*fixture).votingProcess,
		child: func(f *fixture) [2]string {
			return [2]string{itoa(f.voting.Headings[0].ID), itoa(f.finished.Headings[0].ID)}
		},
		body: func(f *fixture, h string) reqBody {
			return reqBody{form: url.Values{"heading": {h}, "serial": {"۱۰۱"}, "choice": {itoa(f.choice)}}}
		}, want: []int{422}},
	{key: "POST /admin/budgets/{id}/settings", ids: (*fixture).ideasSettings,
		child: func(f *fixture) [2]string {
			return [2]string{itoa(f.ideasP.Headings[0].ID), itoa(f.voting.Headings[0].ID)}
		},
		body: func(f *fixture, h string) reqBody { return f.settingsWith("heading_id", h) }, want: []int{422}},
	{key: "POST /admin/budgets/{id}/settings", ids: (*fixture).ideasSettings,
		child: func(f *fixture) [2]string {
			return [2]string{f.settingsForm().Get("heading_area"), itoa(f.e.Org("tehran-district-1").ID)}
		},
		body: func(f *fixture, a string) reqBody { return f.settingsWith("heading_area", a) }, want: []int{422}},
	{key: "POST /admin/support/{slug}/visits", ids: (*fixture).coop, child: (*fixture).towns,
		body: func(f *fixture, town string) reqBody { return planForm(town) }, want: []int{422}},
	{key: "POST /admin/support/{slug}/visits/{id}/edit", ids: (*fixture).plannedVisit, child: (*fixture).towns,
		body: func(f *fixture, town string) reqBody { return planForm(town) }, want: []int{422}},
	{key: "POST /admin/support/{slug}/indicators", ids: (*fixture).coop, child: (*fixture).towns,
		body: func(f *fixture, town string) reqBody {
			return reqBody{form: url.Values{"town": {town}, "tier": {string(support.Developing)}, "as_of": {"1405/08/01"},
				"revenue_sources": {"عوارض محلی"}, "population": {"12000"}, "staff_count": {"40"}}}
		}, want: []int{422}},
	{key: "POST /admin/support/{slug}/projects", ids: (*fixture).coop, child: (*fixture).towns,
		body: func(f *fixture, town string) reqBody { return projectForm(town) }, want: []int{422}},
	{key: "POST /admin/support/{slug}/projects/{id}/edit", ids: (*fixture).jointProject, child: (*fixture).towns,
		body: func(f *fixture, town string) reqBody { return projectForm(town) }, want: []int{422}},
	{key: "POST /admin/events/{id}/attendance", ids: (*fixture).courseEvent,
		child: func(f *fixture) [2]string { return [2]string{itoa(f.registrationID), itoa(f.sessionRegistration)} },
		body:  func(f *fixture, g string) reqBody { return reqBody{form: url.Values{"present": {g}}} }, want: []int{404}},
}

// fixture is the demo as the cases find it, with what they add: a second
// cooperation organization with a town, a second joint project and a
// document, an event material, a sister-city contact and document, a
// grant and a residence; and an administrator of each parent.
type fixture struct {
	t       *testing.T
	e       *apptest.Env
	ctx     context.Context
	admins  map[string]*apptest.Client
	citizen *apptest.Client

	// Associations: Karaj's membership of Metropolis and Tehran council's
	// of the assembly, the organizations, Mashhad's draft application to
	// Metropolis, a group of each association and another of Metropolis,
	// Metropolis's benefit, allocation and unpaid invoice.
	karajM, councilM, karaj, council        int64
	draftM                                  int64
	metroGroup, assemblyGroup, ownGroupID   int64
	benefitID, allocationID, invoiceID      int64
	finished, voting, ideasP                budgeting.Process
	finishedProposal, projectID             int64
	ideas                                   []int64 // the ideas process's proposals
	choice, otherChoice                     int64   // a proposal of the voting process's first heading, and of its second
	exhibition, course, session             int64
	exhibitorID, materialID, registrationID int64
	sessionRegistration                     int64
	otherCoop                               string
	otherTown, roshtkharTown, khafTown      int64
	roshtkhar, khaf                         int64 // the demo's visits
	findingID, actionID                     int64
	joint, secondProject, stageID, doc      int64
	practiceID, serviceID                   int64
	agreement, otherAgreement               int64
	contactID, sisterDoc, activityID        int64
	grantID, residenceID                    int64
}

func newFixture(t *testing.T, e *apptest.Env) *fixture {
	t.Helper()
	f := &fixture{t: t, e: e, ctx: t.Context(), admins: map[string]*apptest.Client{}, citizen: e.Citizen("09120000013")}
	f.network()
	f.budgeting()
	f.events()
	f.support()
	f.library()
	f.sister()
	f.identity()
	return f
}

// result is what a call of the fixture's returned, for need.
type result[T any] struct {
	v   T
	err error
}

func res[T any](v T, err error) result[T] { return result[T]{v, err} }

// need is the call's value, failing the test on its error.
func (r result[T]) need(f *fixture) T {
	f.t.Helper()
	f.check(r.err)
	return r.v
}

func (f *fixture) check(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatalf("fixture: %v", err)
	}
}

// admin is a client signed in as an administrator of the organization.
func (f *fixture) admin(slug string) *apptest.Client {
	if c, ok := f.admins[slug]; ok {
		return c
	}
	c := f.e.Staff("nested-"+slug+"@test.example", slug, auth.Admin)
	f.admins[slug] = c
	return c
}

func (f *fixture) orgID(slug string) int64 { return f.e.Org(slug).ID }

func (f *fixture) network() {
	svc := f.e.App.Network
	metropolis, assembly := f.orgID(demo.MetropolisSlug), f.orgID(demo.AssemblySlug)
	f.karaj, f.council = f.orgID("karaj"), f.orgID("tehran-council")
	f.karajM = f.membership(f.karaj, metropolis)
	f.councilM = f.membership(f.council, assembly)
	f.draftM = res(svc.Apply(f.ctx, 0, f.orgID("mashhad"), demo.MetropolisSlug, "گزارش توجیهی عضویت مشهد",
		[]upload.File{{Name: "گزارش.pdf", Data: onePagePDF}})).need(f).ID
	groups := res(svc.Groups(f.ctx, metropolis)).need(f)
	f.metroGroup, f.ownGroupID = groups[0].ID, groups[1].ID
	f.assemblyGroup = res(svc.Groups(f.ctx, assembly)).need(f)[0].ID
	f.benefitID = res(svc.Benefits(f.ctx, metropolis)).need(f)[0].ID
	f.allocationID = res(svc.Allocations(f.ctx, metropolis)).need(f)[0].ID
	f.invoiceID = res(svc.IssueInvoice(f.ctx, 0, f.karajM, 1406, apptest.Start.AddDate(0, 3, 0), 700000)).need(f).ID
}

// membership is the id of an organization's membership of an association.
func (f *fixture) membership(member, assoc int64) int64 {
	ms := res(f.e.App.Network.MembershipsBy(f.ctx, member)).need(f)
	i := slices.IndexFunc(ms, func(m network.Membership) bool { return m.AssociationID == assoc })
	if i < 0 {
		f.t.Fatalf("fixture: organization %d is no member of %d", member, assoc)
	}
	return ms[i].ID
}

func (f *fixture) budgeting() {
	svc := f.e.App.Budget
	f.finished = res(svc.ProcessBySlug(f.ctx, demo.FinishedSlug)).need(f)
	f.voting = res(svc.ProcessBySlug(f.ctx, demo.VotingSlug)).need(f)
	f.ideasP = res(svc.ProcessBySlug(f.ctx, demo.IdeasSlug)).need(f)
	ps, _, err := svc.Proposals(f.ctx, budgeting.ProposalQuery{ProcessID: f.finished.ID, Limit: 1})
	f.check(err)
	f.finishedProposal = ps[0].ID
	f.projectID = res(svc.Projects(f.ctx, f.finished.ID)).need(f)[0].Proposal.ID
	ideas, _, err := svc.Proposals(f.ctx, budgeting.ProposalQuery{ProcessID: f.ideasP.ID, Staff: true, Limit: 10})
	f.check(err)
	for _, p := range ideas {
		f.ideas = append(f.ideas, p.ID)
	}
	f.choice = f.cheapest(f.voting.Headings[0].ID)
	f.otherChoice = f.cheapest(f.voting.Headings[1].ID)
}

// cheapest is the heading's cheapest feasible proposal: a ballot of it
// alone fits any budget.
func (f *fixture) cheapest(heading int64) int64 {
	ps := res(f.e.App.Budget.Feasible(f.ctx, heading)).need(f)
	return slices.MinFunc(ps, func(a, b budgeting.Proposal) int { return cmp.Compare(a.Cost(), b.Cost()) }).ID
}

func (f *fixture) events() {
	svc, operator := f.e.App.Events, &auth.Principal{Superuser: true}
	for _, ev := range res(svc.Events(f.ctx, events.Filter{})).need(f) {
		switch ev.TitleEn {
		case "Sister Cities and Urban Governance Skills Exhibition":
			f.exhibition = ev.ID
		case "Metropolis training course: managing urban growth":
			f.course = ev.ID
		case "General session of the assembly of council chairs: the next meeting":
			f.session = ev.ID
		}
	}
	f.exhibitorID = res(svc.Exhibitors(f.ctx, f.exhibition)).need(f)[0].ID
	f.materialID = res(svc.AddMaterial(f.ctx, operator, events.Material{EventID: f.exhibition, TitleFa: "گزارش نمایشگاه",
		URL: "https://example.org/report"}, nil)).need(f).ID
	f.registrationID = res(svc.Registrations(f.ctx, f.course)).need(f)[0].ID
	f.sessionRegistration = res(svc.Register(f.ctx, operator, events.Registration{EventID: f.session, OrgID: f.council,
		Name: "مریم رضایی", Role: "رئیس شورا", Email: "chair@council.example"})).need(f).ID
}

func (f *fixture) support() {
	svc, hamyari := f.e.App.Support, f.e.Org(demo.HamyariSlug)
	other := res(f.e.App.Orgs.Create(f.ctx, 0, nil, org.Input{Slug: "nested-coop", Kind: string(org.CooperationOrg),
		NameFa: "سازمان همیاری آزمون", NameEn: "Test cooperation organization"})).need(f)
	f.otherCoop = other.Slug
	f.otherTown = res(svc.AddTown(f.ctx, 0, other, org.Input{Slug: "nested-town", Kind: string(org.Municipality),
		NameFa: "شهرداری آزمون", NameEn: "Test Municipality"})).need(f).ID
	f.roshtkharTown, f.khafTown = f.orgID("roshtkhar"), f.orgID("khaf")
	for _, v := range res(svc.Visits(f.ctx, hamyari, 0)).need(f) {
		if v.TownID == f.roshtkharTown {
			f.roshtkhar = v.ID
		} else {
			f.khaf = v.ID
		}
	}
	v := res(svc.Visit(f.ctx, hamyari, f.roshtkhar)).need(f)
	f.findingID, f.actionID = v.Findings[0].ID, v.Actions[0].ID
	f.joint = res(svc.Projects(f.ctx, hamyari, 0)).need(f)[0].ID
	f.check(svc.AddDocuments(f.ctx, 0, hamyari, f.joint, []upload.File{{Name: "طرح.pdf", Data: onePagePDF}}))
	p := res(svc.Project(f.ctx, hamyari, f.joint)).need(f)
	f.stageID, f.doc = p.Stages[0].ID, p.Documents[0].ID
	f.secondProject = res(svc.CreateProject(f.ctx, 0, hamyari, support.Project{TownID: f.khafTown, Title: "بازارچه خواف",
		Status: "idea", Partners: []support.Partner{{OrgID: hamyari.ID, Share: 10000}}})).need(f).ID
}

func (f *fixture) library() {
	d21 := f.orgID("tehran-district-21")
	ps, _, err := f.e.App.Library.List(f.ctx, practices.Query{OrgID: d21, Limit: 10})
	f.check(err)
	f.practiceID = ps[0].ID
	items, _, err := f.e.App.Catalog.List(f.ctx, servicecatalog.Query{Org: "tehran-district-21", Retired: true, Limit: 100})
	f.check(err)
	i := slices.IndexFunc(items, func(it servicecatalog.Item) bool { return it.OrgID == d21 })
	if i < 0 {
		f.t.Fatal("fixture: District 21 offers no service")
	}
	f.serviceID = items[i].ID
}

func (f *fixture) sister() {
	svc, operator := f.e.App.Sister, &auth.Principal{Superuser: true}
	for _, a := range res(svc.Agreements(f.ctx, sistercity.Filter{})).need(f) {
		switch a.Parties[0].OrgID {
		case f.orgID("tehran"):
			f.agreement = a.ID
		case f.orgID("shiraz"):
			f.otherAgreement = a.ID
		}
	}
	f.contactID = res(svc.AddContact(f.ctx, operator, f.agreement, sistercity.Contact{Position: 1, Name: "سارا کریمی",
		Role: "امور بین‌الملل", Email: "intl@tehran.example"})).need(f).ID
	f.check(svc.AddDocuments(f.ctx, operator, f.agreement, sistercity.DocKinds[0], "متن توافق",
		[]upload.File{{Name: "توافق.pdf", Data: onePagePDF}}))
	f.sisterDoc = res(svc.Documents(f.ctx, f.agreement)).need(f)[0].ID
	f.activityID = res(svc.Activities(f.ctx, f.agreement)).need(f)[0].ID
}

func (f *fixture) identity() {
	ids := f.e.App.Identity
	res(ids.CreateStaff(f.ctx, 0, identity.StaffInput{Email: "nested-viewer@test.example", Name: "ناظر آزمون",
		Password: apptest.StaffPassword})).need(f)
	f.grantID = res(ids.Grant(f.ctx, 0, f.e.Org("tehran-district-21").Ref(), "nested-viewer@test.example", string(auth.Viewer))).need(f).ID
	f.residenceID = res(ids.SetResidence(f.ctx, 0, f.e.Org("tehran-21-villashahr"),
		identity.ResidenceInput{Phone: "09120000013", Source: identity.ByStaff})).need(f).ID
}

// The ids of each kind of route: the child under its own parents, and
// the swaps.

// applicant is Mashhad's draft application to Metropolis, with Tehran's
// council, a member of the assembly, as the other applicant.
func (f *fixture) applicant() nestedIDs {
	return nestedIDs{own: map[string]string{"slug": "mashhad", "id": itoa(f.draftM)}, as: f.admin("mashhad"),
		swaps: []swap{{"slug", "tehran-council", f.admin("tehran-council")}}}
}

// ownGroup is Karaj's active membership of Metropolis joining one of its
// groups, with another applicant and a group of the assembly.
func (f *fixture) ownGroup() nestedIDs {
	return nestedIDs{own: map[string]string{"slug": "karaj", "id": itoa(f.karajM), "gid": itoa(f.ownGroupID), "action": "join"},
		as: f.admin("karaj"), swaps: []swap{{"slug", "tehran-council", f.admin("tehran-council")},
			{"gid", itoa(f.assemblyGroup), f.admin("karaj")}}}
}

// inAssociation is a record of Metropolis, named by param, with the
// assembly of council chairs as the other parent.
func (f *fixture) inAssociation(param string, id int64) nestedIDs {
	return nestedIDs{own: map[string]string{"slug": demo.MetropolisSlug, param: itoa(id), "step": "invoice"},
		as: f.admin(demo.MetropolisSlug), swaps: []swap{{"slug", demo.AssemblySlug, f.admin(demo.AssemblySlug)}}}
}

func (f *fixture) secretariat() nestedIDs { return f.inAssociation("id", f.karajM) }
func (f *fixture) invoice() nestedIDs     { return f.inAssociation("iid", f.invoiceID) }
func (f *fixture) group() nestedIDs       { return f.inAssociation("gid", f.metroGroup) }
func (f *fixture) benefit() nestedIDs     { return f.inAssociation("bid", f.benefitID) }
func (f *fixture) allocation() nestedIDs  { return f.inAssociation("aid", f.allocationID) }

// inProcess is a record of a process named by slug (param "slug") or id,
// with other processes of the same district as the other parents; the
// public pages are a citizen's, the staff pages District 21's admin's.
func (f *fixture) inProcess(param string, own budgeting.Process, child string, childID int64, others ...budgeting.Process) nestedIDs {
	as, value := f.citizen, func(p budgeting.Process) string { return p.Slug }
	if param == "id" {
		value = func(p budgeting.Process) string { return itoa(p.ID) }
		as = f.admin("tehran-district-21")
	}
	n := nestedIDs{own: map[string]string{param: value(own), child: itoa(childID)}, as: as}
	for _, o := range others {
		n.swaps = append(n.swaps, swap{param, value(o), as})
	}
	return n
}

func (f *fixture) publicProposal() nestedIDs {
	return f.inProcess("slug", f.finished, "pid", f.finishedProposal, f.voting, f.ideasP)
}

func (f *fixture) supportedProposal() nestedIDs {
	return f.inProcess("slug", f.ideasP, "pid", f.ideas[2], f.voting, f.finished)
}

func (f *fixture) ballotHeading() nestedIDs {
	return f.inProcess("slug", f.voting, "hid", f.voting.Headings[0].ID, f.finished, f.ideasP)
}

// receiptHeading is ballotHeading once the citizen has voted there: their
// receipt page is there.
func (f *fixture) receiptHeading() nestedIDs {
	n := f.ballotHeading()
	ballot := func(f *fixture) reqBody { return reqBody{form: url.Values{"p": {itoa(f.choice)}}} }
	if r := f.send("POST /budgets/{slug}/vote/{hid}", n.own, n.as, ballot); r.Status != http.StatusSeeOther {
		f.t.Fatalf("the citizen's ballot: status %d\n%.300s", r.Status, r.Body)
	}
	return n
}

func (f *fixture) resultHeading() nestedIDs {
	return f.inProcess("slug", f.finished, "hid", f.finished.Headings[0].ID, f.voting, f.ideasP)
}

func (f *fixture) closedHeading() nestedIDs {
	n := f.inProcess("id", f.finished, "hid", f.finished.Headings[0].ID, f.voting, f.ideasP)
	return f.asCitizen(n)
}

func (f *fixture) openHeading() nestedIDs {
	n := f.inProcess("id", f.voting, "hid", f.voting.Headings[0].ID, f.finished, f.ideasP)
	return f.asCitizen(n)
}

// asCitizen has the API's requests made by a citizen.
func (f *fixture) asCitizen(n nestedIDs) nestedIDs {
	n.as = f.citizen
	for i := range n.swaps {
		n.swaps[i].as = f.citizen
	}
	return n
}

func (f *fixture) staffProposal() nestedIDs {
	return f.inProcess("id", f.ideasP, "pid", f.ideas[0], f.voting, f.finished)
}

func (f *fixture) project() nestedIDs {
	return f.inProcess("id", f.finished, "pid", f.projectID, f.voting, f.ideasP)
}

func (f *fixture) ideasProcess() nestedIDs {
	return nestedIDs{own: map[string]string{"slug": f.ideasP.Slug}, as: f.citizen}
}

func (f *fixture) votingProcess() nestedIDs {
	return nestedIDs{own: map[string]string{"id": itoa(f.voting.ID)}, as: f.admin("tehran-district-21")}
}

func (f *fixture) ideasSettings() nestedIDs {
	return nestedIDs{own: map[string]string{"id": itoa(f.ideasP.ID)}, as: f.admin("tehran-district-21")}
}

// inEvent is a part of an event its first organizer manages, with the
// assembly's next session as the other parent.
func (f *fixture) inEvent(event int64, organizer, child string, id int64) nestedIDs {
	return nestedIDs{own: map[string]string{"id": itoa(event), child: itoa(id)}, as: f.admin(organizer),
		swaps: []swap{{"id", itoa(f.session), f.admin(demo.AssemblySlug)}}}
}

func (f *fixture) exhibitor() nestedIDs {
	return f.inEvent(f.exhibition, "tehran", "xid", f.exhibitorID)
}
func (f *fixture) material() nestedIDs { return f.inEvent(f.exhibition, "tehran", "mid", f.materialID) }
func (f *fixture) registration() nestedIDs {
	return f.inEvent(f.course, demo.MetropolisSlug, "rid", f.registrationID)
}

func (f *fixture) courseEvent() nestedIDs {
	return nestedIDs{own: map[string]string{"id": itoa(f.course)}, as: f.admin(demo.MetropolisSlug)}
}

// inCoop is a record of the Khorasan cooperation organization, with the
// test's other cooperation organization as the other parent.
func (f *fixture) inCoop(values ...string) nestedIDs {
	own := map[string]string{"slug": demo.HamyariSlug}
	for i := 0; i+1 < len(values); i += 2 {
		own[values[i]] = values[i+1]
	}
	return nestedIDs{own: own, as: f.admin(demo.HamyariSlug), swaps: []swap{{"slug", f.otherCoop, f.admin(f.otherCoop)}}}
}

func (f *fixture) coop() nestedIDs { return f.inCoop() }

func (f *fixture) town() nestedIDs {
	n := f.inCoop("town", "roshtkhar")
	n.as, n.swaps[0].as = f.citizen, f.citizen
	return n
}

func (f *fixture) reportedVisit() nestedIDs { return f.inCoop("id", itoa(f.roshtkhar)) }
func (f *fixture) plannedVisit() nestedIDs  { return f.inCoop("id", itoa(f.khaf)) }
func (f *fixture) jointProject() nestedIDs  { return f.inCoop("id", itoa(f.joint)) }

// inCoopRecord is a record below another of the organization, with
// another record of the same kind as a second other parent.
func (f *fixture) inCoopRecord(parent, otherParent int64, child string, id int64) nestedIDs {
	n := f.inCoop("id", itoa(parent), child, itoa(id))
	n.swaps = append(n.swaps, swap{"id", itoa(otherParent), f.admin(demo.HamyariSlug)})
	return n
}

func (f *fixture) finding() nestedIDs { return f.inCoopRecord(f.roshtkhar, f.khaf, "fid", f.findingID) }
func (f *fixture) action() nestedIDs  { return f.inCoopRecord(f.roshtkhar, f.khaf, "aid", f.actionID) }
func (f *fixture) stage() nestedIDs {
	return f.inCoopRecord(f.joint, f.secondProject, "sid", f.stageID)
}
func (f *fixture) document() nestedIDs { return f.inCoopRecord(f.joint, f.secondProject, "doc", f.doc) }

// inDistrict is District 21's record, with Karaj and Tehran (its parent)
// as the other organizations.
func (f *fixture) inDistrict(id int64) nestedIDs {
	return nestedIDs{own: map[string]string{"slug": "tehran-district-21", "id": itoa(id)}, as: f.admin("tehran-district-21"),
		swaps: []swap{{"slug", "karaj", f.admin("karaj")}, {"slug", "tehran", f.admin("tehran")}}}
}

func (f *fixture) practice() nestedIDs { return f.inDistrict(f.practiceID) }
func (f *fixture) service() nestedIDs  { return f.inDistrict(f.serviceID) }

func (f *fixture) grant() nestedIDs {
	n := f.inDistrict(f.grantID)
	n.swaps[1] = swap{"slug", "tehran-21-villashahr", f.admin("tehran-district-21")}
	return n
}

func (f *fixture) residence() nestedIDs {
	return nestedIDs{own: map[string]string{"slug": "tehran-21-villashahr", "id": itoa(f.residenceID)},
		as: f.admin("tehran-district-21"), swaps: []swap{{"slug", "tehran-district-21", f.admin("tehran-district-21")},
			{"slug", "karaj", f.admin("karaj")}}}
}

// inAgreement is a part of Tehran and Seoul's agreement, with Shiraz and
// Weimar's as the other parent.
func (f *fixture) inAgreement(id int64) nestedIDs {
	return nestedIDs{own: map[string]string{"id": itoa(f.agreement), "pid": itoa(id)}, as: f.admin("tehran"),
		swaps: []swap{{"id", itoa(f.otherAgreement), f.admin("shiraz")}}}
}

func (f *fixture) contact() nestedIDs        { return f.inAgreement(f.contactID) }
func (f *fixture) sisterDocument() nestedIDs { return f.inAgreement(f.sisterDoc) }
func (f *fixture) activity() nestedIDs       { return f.inAgreement(f.activityID) }

// Children named in bodies, the path's parent's and another's.

func (f *fixture) choices() [2]string { return [2]string{itoa(f.choice), itoa(f.otherChoice)} }
func (f *fixture) towns() [2]string   { return [2]string{itoa(f.khafTown), itoa(f.otherTown)} }

// Bodies.

// form is a fixed form of name, value pairs.
func form(kv ...string) func(*fixture) reqBody {
	return func(*fixture) reqBody {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Add(kv[i], kv[i+1])
		}
		return reqBody{form: v}
	}
}

// pageForm is the form of one of District 21's edit pages as the page
// fills it, to be sent back unchanged.
func pageForm(page func(*fixture) string) func(*fixture) reqBody {
	return func(f *fixture) reqBody { return reqBody{form: f.formOn(page(f))} }
}

// formOn is the form a District 21 staff page posts to itself.
func (f *fixture) formOn(path string) url.Values {
	f.t.Helper()
	v, ok := f.admin("tehran-district-21").Get(path).Form(path)
	if !ok {
		f.t.Fatalf("no form on %s", path)
	}
	return v
}

func withFile(*fixture) reqBody { return reqBody{form: url.Values{}, files: true} }

var councilForm = form("resolution_no", "۱۲۴۶/ش", "resolution_date", "1405/07/20", "session", "جلسه علنی",
	"urgency", string(network.Ordinary))

func memberForm(f *fixture) reqBody { return reqBody{form: url.Values{"member": {itoa(f.karaj)}}} }

func allocationForm(f *fixture) reqBody { return allocationFor(itoa(f.karajM)) }

func allocationFor(membership string) reqBody {
	return reqBody{form: url.Values{"membership": {membership}, "person": {"کارشناس حمل‌ونقل"}, "event": {"دوره آموزشی رشد شهری"}}}
}

var materialForm = form("material_title_fa", "گزارش تازه", "material_title_en", "New report", "url", "https://example.org/new")

func ballotJSON(proposal string) reqBody {
	return reqBody{json: `{"choices":[{"id":` + proposal + `}]}`}
}

func planForm(town string) reqBody {
	return reqBody{form: url.Values{"town": {town}, "planned_on": {"1405/09/20"}, "purpose": {"بازدید دوره‌ای"}}}
}

var findingForm = form("kind", "need", "category", "revenue", "priority", "high", "body", "منابع درآمدی پایدار")

var actionForm = form("title", "پیگیری طرح", "owner", "دفتر مدیرعامل", "due_on", "1405/10/01", "status", "in_progress")

var stageForm = form("name", "مطالعه", "planned_on", "1405/10/01", "done", "true")

func projectForm(town string) reqBody {
	return reqBody{form: url.Values{"title": {"مجتمع خدماتی"}, "description": {"طرح مشترک"}, "status": {"study"},
		"town": {town}, "expected_revenue": {"8000000000"}, "share_coop": {"60"}, "share_town": {"40"}}}
}

// proposalForm is a citizen's new proposal in heading.
func (f *fixture) proposalForm(heading string) reqBody {
	cat := res(f.e.App.Budget.Categories(f.ctx)).need(f)[0].ID
	return reqBody{files: true, form: url.Values{"title": {"کتابخانه کوچک محله"}, "description": {"قفسه کتاب در بوستان"},
		"heading": {heading}, "category": {itoa(cat)}, "estimated_cost": {"200000000"}}}
}

// settingsForm is the ideas process's settings form as its page fills it.
func (f *fixture) settingsForm() url.Values {
	return f.formOn("/admin/budgets/" + itoa(f.ideasP.ID) + "/settings")
}

// settingsWith is the settings form with the first heading's field set.
func (f *fixture) settingsWith(field, value string) reqBody {
	v := f.settingsForm()
	v[field][0] = value
	return reqBody{form: v}
}
