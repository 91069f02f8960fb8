package app_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
)

// The people the matrix tries every route as. The staff roles are held in
// District 21; "parent" is an administrator of Tehran municipality above
// it, "other" an administrator of Karaj, a tree of its own.
var everyone = []string{"anon", "citizen", "viewer", "reviewer", "secretariat", "editor", "admin", "parent", "other", "super"}

var (
	signedIn = everyone[1:]
	anyStaff = []string{"viewer", "reviewer", "secretariat", "editor", "admin", "parent", "other", "super"}
	d21Staff = []string{"viewer", "reviewer", "secretariat", "editor", "admin", "parent", "super"}
	editors  = []string{"editor", "admin", "parent", "super"}
	admins   = []string{"admin", "parent", "super"}
	records  = []string{"secretariat", "admin", "parent", "super"}
	operator = []string{"super"}
	// Those who organize events somewhere (OrganizeEvents): District 21's
	// secretariat, editor and admin, and the admins above and beside it.
	eventOrganizers = []string{"secretariat", "editor", "admin", "parent", "other", "super"}
)

// route is one row of the matrix: a concrete request for a route, the
// status it gets when allowed, and who is allowed. The expectations are
// written here by hand from the rules, not derived from the code.
type route struct {
	key     string // the route as registered: "METHOD /pattern"
	path    string
	form    url.Values // nil for GET
	ok      int
	allowed []string
}

const d21 = "/admin/orgs/tehran-district-21"

// hy is the cooperation organization's staff pages.
const hy = "/admin/support/khorasan-razavi-hamyari"

var matrix = []route{
	{"GET /{$}", "/", nil, 200, everyone},
	{"GET /static/", "/static/css/app.css", nil, 200, everyone},
	{"GET /healthz", "/healthz", nil, 200, everyone},
	{"GET /metrics", "/metrics", nil, 200, everyone},
	{"GET /orgs", "/orgs?q=منطقه", nil, 200, everyone},
	{"GET /orgs/{slug}", "/orgs/tehran-district-21", nil, 200, everyone},
	{"GET /api/v1/orgs", "/api/v1/orgs?kind=district", nil, 200, everyone},
	{"GET /api/v1/orgs/{slug}", "/api/v1/orgs/tehran", nil, 200, everyone},
	{"GET /api/v1/processes", "/api/v1/processes", nil, 200, everyone},
	// The demo has no process yet: open to all, and a missing one is 404 for all.
	{"GET /api/v1/processes/{id}/results", "/api/v1/processes/999/results", nil, 404, everyone},
	{"GET /api/v1/processes/{id}/headings/{hid}/ballots.pb", "/api/v1/processes/999/headings/1/ballots.pb", nil, 404, everyone},
	{"GET /api/v1/processes/{id}/ballots.zip", "/api/v1/processes/999/ballots.zip", nil, 404, everyone},
	{"POST /api/v1/processes/{id}/headings/{hid}/ballot", "/api/v1/processes/999/headings/1/ballot", url.Values{}, 404, signedIn},
	{"GET /api/v1/processes/{id}/headings/{hid}/chain", "/api/v1/processes/999/headings/1/chain", nil, 404, everyone},
	{"GET /budgets", "/budgets", nil, 200, everyone},
	{"GET /budgets/{slug}", "/budgets/district-21-1404", nil, 200, everyone},
	{"GET /budgets/{slug}/proposals", "/budgets/district-21-1404/proposals?q=پارک&sort=random", nil, 200, everyone},
	{"GET /budgets/{slug}/proposals/new", "/budgets/district-21-1405-ideas/proposals/new", nil, 200, signedIn},
	{"POST /budgets/{slug}/proposals", "/budgets/district-21-1405-ideas/proposals", url.Values{}, 400, signedIn}, // not multipart,
	{"GET /budgets/{slug}/proposals/{pid}", "/budgets/nope/proposals/1", nil, 404, everyone},
	{"POST /budgets/{slug}/proposals/{pid}/support", "/budgets/nope/proposals/1/support", url.Values{}, 404, signedIn},
	{"POST /budgets/{slug}/proposals/{pid}/flag", "/budgets/nope/proposals/1/flag", url.Values{}, 404, signedIn},
	{"GET /budget-files/{fid}", "/budget-files/999999", nil, 404, everyone},
	{"GET /budgets/{slug}/vote", "/budgets/district-21-1405/vote", nil, 200, everyone},
	{"GET /budgets/{slug}/vote/{hid}", "/budgets/nope/vote/1", nil, 404, signedIn},
	{"POST /budgets/{slug}/vote/{hid}", "/budgets/nope/vote/1", url.Values{}, 404, signedIn},
	{"GET /budgets/{slug}/results", "/budgets/district-21-1404/results", nil, 200, everyone},
	{"GET /budgets/{slug}/results/{hid}/csv", "/budgets/nope/results/1/csv", nil, 404, everyone},
	{"GET /budgets/{slug}/results/{hid}/xlsx", "/budgets/nope/results/1/xlsx", nil, 404, everyone},
	{"GET /budgets/{slug}/implementation", "/budgets/district-21-1404/implementation", nil, 200, everyone},
	// A receipt page shows the signed-in person's own ballot; the check of
	// a receipt after the vote is anyone's.
	{"GET /budgets/{slug}/vote/{hid}/receipt", "/budgets/nope/vote/1/receipt", nil, 404, signedIn},
	{"GET /budgets/{slug}/receipt", "/budgets/district-21-1404/receipt", nil, 200, everyone},
	{"POST /budgets/{slug}/receipt", "/budgets/district-21-1404/receipt", url.Values{"receipt": {"0"}}, 422, everyone},
	{"POST /api/v1/processes/{id}/receipts", "/api/v1/processes/999/receipts", url.Values{}, 400, everyone}, // not JSON
	{"GET /account/notifications", "/account/notifications", nil, 200, signedIn},
	{"POST /account/notifications/read", "/account/notifications/read", url.Values{}, 303, signedIn},
	{"GET /signup", "/signup", nil, 200, everyone},
	{"POST /signup", "/signup", url.Values{"phone": {""}}, 422, everyone},
	{"GET /signin", "/signin", nil, 200, everyone},
	{"POST /signin", "/signin", url.Values{"phone": {"12"}}, 422, everyone},
	{"GET /signin/code", "/signin/code", nil, 303, everyone}, // no code pending: back to /signin
	{"POST /signin/code", "/signin/code", url.Values{"code": {"000000"}}, 303, everyone},
	{"GET /signin/staff", "/signin/staff", nil, 200, everyone},
	{"POST /signin/staff", "/signin/staff", url.Values{"email": {"x"}}, 422, everyone},
	{"GET /account", "/account", nil, 200, signedIn},
	{"POST /account/name", "/account/name", url.Values{"name": {"نام آزمون"}}, 303, signedIn},
	{"POST /account/national-id", "/account/national-id", url.Values{"national_id": {"123"}}, 422, signedIn},
	{"GET /account/sessions", "/account/sessions", nil, 200, signedIn},
	{"POST /account/sessions/{id}/revoke", "/account/sessions/999999/revoke", url.Values{}, 404, signedIn},
	{"GET /api/v1/me", "/api/v1/me", nil, 200, signedIn},
	{"GET /admin", "/admin", nil, 200, anyStaff},
	{"GET /admin/orgs/new", "/admin/orgs/new", nil, 200, operator},
	{"POST /admin/orgs", "/admin/orgs", url.Values{}, 422, operator},
	{"GET /admin/orgs/{slug}", d21, nil, 200, d21Staff},
	{"GET /admin/orgs/{slug}/edit", d21 + "/edit", nil, 200, editors},
	{"POST /admin/orgs/{slug}/edit", d21 + "/edit", url.Values{"name_fa": {""}}, 422, editors},
	{"GET /admin/orgs/{slug}/children/new", d21 + "/children/new", nil, 200, admins},
	{"POST /admin/orgs/{slug}/children", d21 + "/children", url.Values{}, 422, admins},
	{"GET /admin/orgs/{slug}/audit", d21 + "/audit", nil, 200, admins},
	{"GET /admin/audit", "/admin/audit", nil, 200, operator},
	{"GET /admin/orgs/{slug}/staff", d21 + "/staff", nil, 200, admins},
	{"POST /admin/orgs/{slug}/staff", d21 + "/staff", url.Values{"role": {"king"}}, 422, admins},
	{"POST /admin/orgs/{slug}/staff/{id}/revoke", d21 + "/staff/999999/revoke", url.Values{}, 404, admins},
	{"GET /admin/orgs/{slug}/residents", d21 + "/residents", nil, 200, records},
	{"POST /admin/orgs/{slug}/residents", d21 + "/residents", url.Values{"phone": {"1"}}, 422, records},
	{"POST /admin/orgs/{slug}/residents/{id}/revoke", d21 + "/residents/999999/revoke", url.Values{}, 404, records},
	{"GET /admin/users", "/admin/users", nil, 200, operator},
	{"GET /admin/users/new", "/admin/users/new", nil, 200, operator},
	{"POST /admin/users", "/admin/users", url.Values{}, 422, operator},
	{"POST /admin/users/{id}/block", "/admin/users/999999/block", url.Values{}, 404, operator},
	{"POST /admin/users/{id}/unblock", "/admin/users/999999/unblock", url.Values{}, 404, operator},
	{"POST /admin/users/{id}/revoke-sessions", "/admin/users/999999/revoke-sessions", url.Values{}, 404, operator},
	{"GET /admin/budgets", "/admin/budgets", nil, 200, anyStaff},
	// The staff pages of a process: the demo has none, and a missing one is
	// 404 for everyone signed in. Each role against a real process:
	// TestStaffRoutesByRole in internal/budgeting.
	{"GET /admin/budgets/{id}", "/admin/budgets/999", nil, 404, signedIn},
	{"GET /admin/budgets/new", "/admin/budgets/new", nil, 200, []string{"admin", "parent", "other", "super"}},
	{"POST /admin/budgets", "/admin/budgets", url.Values{}, 422, []string{"admin", "parent", "other", "super"}},
	{"GET /admin/budgets/{id}/settings", "/admin/budgets/999/settings", nil, 404, signedIn},
	{"POST /admin/budgets/{id}/settings", "/admin/budgets/999/settings", url.Values{}, 404, signedIn},
	{"GET /admin/budgets/{id}/proposals/{pid}", "/admin/budgets/999/proposals/1", nil, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/review", "/admin/budgets/999/proposals/1/review", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/comments", "/admin/budgets/999/proposals/1/comments", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/merge", "/admin/budgets/999/proposals/1/merge", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/hide", "/admin/budgets/999/proposals/1/hide", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/unhide", "/admin/budgets/999/proposals/1/unhide", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/dismiss-flags", "/admin/budgets/999/proposals/1/dismiss-flags", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/proposals/{pid}/block-author", "/admin/budgets/999/proposals/1/block-author", url.Values{}, 404, signedIn},
	{"GET /admin/budgets/{id}/paper", "/admin/budgets/999/paper", nil, 404, signedIn},
	{"POST /admin/budgets/{id}/paper", "/admin/budgets/999/paper", url.Values{}, 404, signedIn},
	{"GET /admin/budgets/{id}/implementation", "/admin/budgets/999/implementation", nil, 404, signedIn},
	{"POST /admin/budgets/{id}/implementation/start", "/admin/budgets/999/implementation/start", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/implementation/{pid}", "/admin/budgets/999/implementation/1", url.Values{}, 404, signedIn},
	{"POST /admin/budgets/{id}/implementation/{pid}/milestones", "/admin/budgets/999/implementation/1/milestones", url.Values{}, 404, signedIn},
	{"GET /admin/budget-categories", "/admin/budget-categories", nil, 200, operator},
	{"POST /admin/budget-categories", "/admin/budget-categories", url.Values{"slug": {"Bad Slug"}}, 422, operator},
	// The library of good practices: the demo's are published; practice 1
	// is District 21's. Who acts for an organization in networks (admin,
	// editor, secretariat) writes and publishes its practices; the operator
	// takes them down. Each role on real data: TestStaffByRole in
	// internal/practices.
	{"GET /practices", "/practices?q=بودجه&tag=مشارکت+شهروندان", nil, 200, everyone},
	{"GET /practices/{id}", "/practices/1", nil, 200, everyone},
	{"GET /api/v1/practices", "/api/v1/practices?city=tehran", nil, 200, everyone},
	{"GET /admin/orgs/{slug}/practices", d21 + "/practices", nil, 200, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"GET /admin/orgs/{slug}/practices/new", d21 + "/practices/new", nil, 200, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/practices", d21 + "/practices", url.Values{"title_fa": {""}}, 422, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"GET /admin/orgs/{slug}/practices/{id}/edit", d21 + "/practices/1/edit", nil, 200, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/practices/{id}/edit", d21 + "/practices/1/edit", url.Values{"title_fa": {""}}, 422, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/practices/{id}/publish", d21 + "/practices/1/publish", url.Values{}, 409, []string{"secretariat", "editor", "admin", "parent", "super"}}, // already published
	{"POST /admin/practices/{id}/unpublish", "/admin/practices/999999/unpublish", url.Values{"reason": {"x"}}, 404, operator},
	// The services catalog: District 21's editors keep its services.
	{"GET /services", "/services?q=پروانه&category=permits", nil, 200, everyone},
	{"GET /services/{id}", "/services/1", nil, 200, everyone},
	{"GET /orgs/{slug}/services", "/orgs/tehran-district-21/services", nil, 200, everyone},
	{"GET /orgs/{slug}/services.csv", "/orgs/tehran-district-21/services.csv", nil, 200, everyone},
	{"GET /orgs/{slug}/services.xlsx", "/orgs/tehran-district-21/services.xlsx", nil, 200, everyone},
	{"GET /admin/orgs/{slug}/services", d21 + "/services", nil, 200, editors},
	{"GET /admin/orgs/{slug}/services/new", d21 + "/services/new", nil, 200, editors},
	{"POST /admin/orgs/{slug}/services", d21 + "/services", url.Values{"title_fa": {""}}, 422, editors},
	{"GET /admin/orgs/{slug}/services/{id}/edit", d21 + "/services/999999/edit", nil, 404, editors},
	{"POST /admin/orgs/{slug}/services/{id}/edit", d21 + "/services/999999/edit", url.Values{}, 404, editors},
	{"POST /admin/orgs/{slug}/services/{id}/retire", d21 + "/services/999999/retire", url.Values{}, 404, editors},
	{"POST /admin/orgs/{slug}/services/{id}/restore", d21 + "/services/999999/restore", url.Values{}, 404, editors},
	{"GET /events", "/events?kind=seminar", nil, 200, everyone},
	{"GET /events.ics", "/events.ics", nil, 200, everyone},
	{"GET /events.csv", "/events.csv", nil, 200, everyone},
	{"GET /events.xlsx", "/events.xlsx", nil, 200, everyone},
	{"GET /api/v1/events", "/api/v1/events", nil, 200, everyone},
	{"GET /events/{id}", "/events/999999", nil, 404, everyone},
	{"GET /event-files/{fid}", "/event-files/999999", nil, 404, everyone},
	// An event's registration and staff pages: a missing event is 404 for
	// everyone signed in. Each role against a real event: TestRoles in
	// internal/events.
	{"GET /events/{id}/register", "/events/999999/register", nil, 404, signedIn},
	{"POST /events/{id}/register", "/events/999999/register", url.Values{}, 404, signedIn},
	{"POST /events/{id}/registrations/{rid}/cancel", "/events/999999/registrations/1/cancel", url.Values{}, 404, signedIn},
	{"GET /admin/events", "/admin/events", nil, 200, anyStaff},
	{"GET /admin/events/new", "/admin/events/new", nil, 200, eventOrganizers},
	{"POST /admin/events", "/admin/events", url.Values{}, 422, eventOrganizers},
	{"GET /admin/events/{id}", "/admin/events/999999", nil, 404, signedIn},
	{"POST /admin/events/{id}", "/admin/events/999999", url.Values{}, 404, signedIn},
	{"POST /admin/events/{id}/exhibitors", "/admin/events/999999/exhibitors", url.Values{}, 404, signedIn},
	{"POST /admin/events/{id}/materials", "/admin/events/999999/materials", url.Values{}, 404, signedIn},
	{"GET /admin/events/{id}/exhibitors/{xid}", "/admin/events/999999/exhibitors/1", nil, 404, signedIn},
	{"POST /admin/events/{id}/exhibitors/{xid}", "/admin/events/999999/exhibitors/1", url.Values{}, 404, signedIn},
	{"POST /admin/events/{id}/exhibitors/{xid}/delete", "/admin/events/999999/exhibitors/1/delete", url.Values{}, 404, signedIn},
	{"GET /admin/events/{id}/materials/{mid}", "/admin/events/999999/materials/1", nil, 404, signedIn},
	{"POST /admin/events/{id}/materials/{mid}", "/admin/events/999999/materials/1", url.Values{}, 404, signedIn},
	{"POST /admin/events/{id}/materials/{mid}/delete", "/admin/events/999999/materials/1/delete", url.Values{}, 404, signedIn},
	{"GET /admin/events/{id}/registrations", "/admin/events/999999/registrations", nil, 404, signedIn},
	{"POST /admin/events/{id}/attendance", "/admin/events/999999/attendance", url.Values{}, 404, signedIn},
	{"GET /admin/events/{id}/registrations.csv", "/admin/events/999999/registrations.csv", nil, 404, signedIn},
	{"GET /admin/events/{id}/registrations.xlsx", "/admin/events/999999/registrations.xlsx", nil, 404, signedIn},
	// Support to towns: the cooperation organization's staff pages. No
	// person of the matrix holds a role in it (its roles are tested in
	// internal/support), so only the operator passes; ids 999 name nothing.
	{"GET /api/v1/support/priorities", "/api/v1/support/priorities?org=999999", nil, 404, everyone},
	{"GET /support", "/support", nil, 200, everyone},
	{"GET /support/{slug}", "/support/khorasan-razavi-hamyari", nil, 200, everyone},
	{"GET /support/{slug}/towns/{town}", "/support/khorasan-razavi-hamyari/towns/roshtkhar", nil, 200, everyone},
	{"GET /support/{slug}/export/{file}", "/support/khorasan-razavi-hamyari/export/priorities.csv", nil, 200, everyone},
	{"GET /admin/support/{slug}", hy, nil, 200, operator},
	{"POST /admin/support/{slug}/towns", hy + "/towns", url.Values{}, 422, operator},
	{"POST /admin/support/{slug}/towns/province", hy + "/towns/province", url.Values{}, 422, operator},
	{"POST /admin/support/{slug}/indicators", hy + "/indicators", url.Values{}, 422, operator},
	{"POST /admin/support/{slug}/indicators/import", hy + "/indicators/import", url.Values{}, 422, operator},
	{"POST /admin/support/{slug}/weights", hy + "/weights", url.Values{}, 422, operator},
	{"GET /admin/support/{slug}/export/{file}", hy + "/export/visits.csv", nil, 200, operator},
	{"GET /admin/support/{slug}/visits", hy + "/visits", nil, 200, operator},
	{"POST /admin/support/{slug}/visits", hy + "/visits", url.Values{}, 422, operator},
	{"GET /admin/support/{slug}/visits/{id}", hy + "/visits/999", nil, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/report", hy + "/visits/999/report", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/status", hy + "/visits/999/status", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/findings", hy + "/visits/999/findings", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/findings/{fid}", hy + "/visits/999/findings/1", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/actions", hy + "/visits/999/actions", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/actions/{aid}", hy + "/visits/999/actions/1", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/projects", hy + "/projects", nil, 200, operator},
	{"POST /admin/support/{slug}/projects", hy + "/projects", url.Values{}, 422, operator},
	{"GET /admin/support/{slug}/projects/{id}", hy + "/projects/999", nil, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/status", hy + "/projects/999/status", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/stages", hy + "/projects/999/stages", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/stages/{sid}", hy + "/projects/999/stages/1", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/documents", hy + "/projects/999/documents", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/projects/{id}/documents/{doc}", hy + "/projects/999/documents/1", nil, 404, operator},
	// The edit forms and deletions of support records.
	{"GET /admin/support/{slug}/visits/{id}/edit", hy + "/visits/999/edit", nil, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/edit", hy + "/visits/999/edit", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/visits/{id}/findings/{fid}/edit", hy + "/visits/999/findings/1/edit", nil, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/findings/{fid}/edit", hy + "/visits/999/findings/1/edit", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/findings/{fid}/delete", hy + "/visits/999/findings/1/delete", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/visits/{id}/actions/{aid}/edit", hy + "/visits/999/actions/1/edit", nil, 404, operator},
	{"POST /admin/support/{slug}/visits/{id}/actions/{aid}/edit", hy + "/visits/999/actions/1/edit", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/projects/{id}/edit", hy + "/projects/999/edit", nil, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/edit", hy + "/projects/999/edit", url.Values{}, 404, operator},
	{"GET /admin/support/{slug}/projects/{id}/stages/{sid}/edit", hy + "/projects/999/stages/1/edit", nil, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/stages/{sid}/edit", hy + "/projects/999/stages/1/edit", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/stages/{sid}/delete", hy + "/projects/999/stages/1/delete", url.Values{}, 404, operator},
	{"POST /admin/support/{slug}/projects/{id}/documents/{doc}/delete", hy + "/projects/999/documents/1/delete", url.Values{}, 404, operator},
	// Associations: the roles of the matrix hold none in Metropolis, so its
	// secretariat's pages are the operator's here; each role against a real
	// association: TestStaffRoutesByRole in internal/network.
	{"GET /api/v1/associations", "/api/v1/associations", nil, 200, everyone},
	{"GET /associations", "/associations?q=کلانشهر", nil, 200, everyone},
	{"GET /associations/{slug}", "/associations/metropolis", nil, 200, everyone},
	{"GET /admin/orgs/{slug}/memberships", d21 + "/memberships", nil, 200, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/memberships", d21 + "/memberships", url.Values{}, 422, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"GET /admin/orgs/{slug}/memberships/{id}", d21 + "/memberships/999999", nil, 404, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/memberships/{id}/council", d21 + "/memberships/999999/council", url.Values{}, 404, records},
	{"POST /admin/orgs/{slug}/memberships/{id}/submit", d21 + "/memberships/999999/submit", url.Values{}, 404, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/memberships/{id}/files", d21 + "/memberships/999999/files", url.Values{}, 404, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"POST /admin/orgs/{slug}/memberships/{id}/groups/{gid}/{action}", d21 + "/memberships/999999/groups/1/join", url.Values{}, 404, []string{"secretariat", "editor", "admin", "parent", "super"}},
	{"GET /admin/membership-files/{fid}", "/admin/membership-files/999999", nil, 404, signedIn},
	{"GET /admin/associations/{slug}", "/admin/associations/metropolis", nil, 200, operator},
	{"POST /admin/associations/{slug}/profile", "/admin/associations/metropolis/profile", url.Values{}, 422, operator},
	{"GET /admin/associations/{slug}/memberships/{id}", "/admin/associations/metropolis/memberships/999999", nil, 404, operator},
	{"POST /admin/associations/{slug}/memberships/{id}/{step}", "/admin/associations/metropolis/memberships/999999/accept", url.Values{}, 404, operator},
	{"POST /admin/associations/{slug}/invoices/{iid}/payment", "/admin/associations/metropolis/invoices/999999/payment", url.Values{}, 404, operator},
	{"POST /admin/associations/{slug}/groups", "/admin/associations/metropolis/groups", url.Values{}, 422, operator},
	{"GET /admin/associations/{slug}/groups/{gid}", "/admin/associations/metropolis/groups/999999", nil, 404, operator},
	{"POST /admin/associations/{slug}/groups/{gid}/members", "/admin/associations/metropolis/groups/999999/members", url.Values{}, 404, operator},
	{"POST /admin/associations/{slug}/groups/{gid}/meetings", "/admin/associations/metropolis/groups/999999/meetings", url.Values{}, 404, operator},
	{"POST /admin/associations/{slug}/benefits", "/admin/associations/metropolis/benefits", url.Values{}, 422, operator},
	{"POST /admin/associations/{slug}/benefits/{bid}/allocations", "/admin/associations/metropolis/benefits/999999/allocations", url.Values{}, 422, operator},
	{"POST /admin/associations/{slug}/allocations/{aid}/usage", "/admin/associations/metropolis/allocations/999999/usage", url.Values{}, 422, operator},
	{"GET /admin/associations/{slug}/export/{file}", "/admin/associations/metropolis/export/members.csv", nil, 200, operator},
	// Sister cities: the demo's first agreement (Tehran–Seoul) is Tehran's,
	// managed by its relations staff ("parent"); District 21's staff are
	// below Tehran and do not manage it. The gazetteer and new agreements
	// are for anyone who manages relations somewhere.
	{"GET /sister-cities", "/sister-cities?status=active", nil, 200, everyone},
	{"GET /sister-cities.csv", "/sister-cities.csv", nil, 200, everyone},
	{"GET /sister-cities.xlsx", "/sister-cities.xlsx", nil, 200, everyone},
	{"GET /sister-cities/{id}", "/sister-cities/1", nil, 200, everyone},
	{"GET /sister-cities/files/{fid}", "/sister-cities/files/999", nil, 404, everyone},
	{"GET /orgs/{slug}/sister-cities", "/orgs/tehran/sister-cities", nil, 200, everyone},
	{"GET /api/v1/sister-cities", "/api/v1/sister-cities", nil, 200, everyone},
	{"GET /admin/sister-cities", "/admin/sister-cities", nil, 200, anyStaff},
	{"GET /admin/sister-cities/new", "/admin/sister-cities/new", nil, 200, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"POST /admin/sister-cities", "/admin/sister-cities", url.Values{}, 422, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"GET /admin/sister-cities/gazetteer", "/admin/sister-cities/gazetteer", nil, 200, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"POST /admin/sister-cities/gazetteer", "/admin/sister-cities/gazetteer", url.Values{"country": {"XX"}}, 422, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"GET /admin/sister-cities/{id}", "/admin/sister-cities/1", nil, 200, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/status", "/admin/sister-cities/1/status", url.Values{"status": {"proposed"}}, 409, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/documents", "/admin/sister-cities/1/documents", url.Values{}, 422, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/contacts", "/admin/sister-cities/1/contacts", url.Values{}, 422, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/activities", "/admin/sister-cities/1/activities", url.Values{}, 422, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/contacts/{pid}/delete", "/admin/sister-cities/1/contacts/999999/delete", url.Values{}, 404, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/documents/{pid}/delete", "/admin/sister-cities/1/documents/999999/delete", url.Values{}, 404, []string{"parent", "super"}},
	{"POST /admin/sister-cities/{id}/activities/{pid}/delete", "/admin/sister-cities/1/activities/999999/delete", url.Values{}, 404, []string{"parent", "super"}},
	// A gazetteer city's page: those who manage relations somewhere, while
	// no agreement names it (then its parties' staff: TestGazetteerCorrections
	// in internal/sistercity); 999999 names none.
	{"GET /admin/sister-cities/gazetteer/{cid}/edit", "/admin/sister-cities/gazetteer/999999/edit", nil, 404, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"POST /admin/sister-cities/gazetteer/{cid}/edit", "/admin/sister-cities/gazetteer/999999/edit", url.Values{}, 404, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"POST /admin/sister-cities/gazetteer/{cid}/delete", "/admin/sister-cities/gazetteer/999999/delete", url.Values{}, 404, []string{"secretariat", "editor", "admin", "parent", "other", "super"}},
	{"POST /signout", "/signout", url.Values{}, 303, everyone}, // last: it ends the sessions
}

// TestEveryRouteForEveryRole walks the whole route table as every kind of
// person: allowed requests get their expected status, refused ones 403
// (or, anonymous, a sign-in redirect or 401), and nothing answers 500.
func TestEveryRouteForEveryRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		checkMatrixCoversRoutes(t, e)
		clients := signInEveryone(t, e)
		for _, rt := range matrix {
			for _, who := range everyone {
				got := request(e, clients[who], rt)
				want := rt.ok
				if !slices.Contains(rt.allowed, who) {
					want = refusal(who, rt)
				}
				if got.Status != want {
					t.Errorf("%s %s as %s: status %d, want %d\n%.300s", rt.key, rt.path, who, got.Status, want, got.Body)
				}
				if want == http.StatusSeeOther && who == "anon" && !slices.Contains(rt.allowed, who) &&
					!strings.HasPrefix(got.Header.Get("Location"), "/signin?next=") {
					t.Errorf("%s as anon: redirected to %q, want the sign-in page", rt.key, got.Header.Get("Location"))
				}
			}
		}
	})
}

func request(e *apptest.Env, c *apptest.Client, rt route) apptest.Response {
	if rt.form == nil {
		return c.Get(rt.path)
	}
	return c.PostForm(rt.path, rt.form)
}

// refusal is the status a person not allowed a route gets.
func refusal(who string, rt route) int {
	switch {
	case who != "anon":
		return http.StatusForbidden
	case rt.form == nil && !strings.HasPrefix(rt.path, "/api/"):
		return http.StatusSeeOther // to the sign-in page, then back
	}
	return http.StatusUnauthorized
}

func checkMatrixCoversRoutes(t *testing.T, e *apptest.Env) {
	var registered, tested []string
	for _, r := range e.App.Web.Routes() {
		registered = append(registered, r.Key())
	}
	for _, r := range matrix {
		tested = append(tested, r.key)
	}
	slices.Sort(registered)
	slices.Sort(tested)
	if !slices.Equal(registered, tested) {
		t.Fatalf("the matrix must list every route exactly once\nregistered: %v\ntested:     %v", registered, tested)
	}
}

func signInEveryone(t *testing.T, e *apptest.Env) map[string]*apptest.Client {
	c := map[string]*apptest.Client{"anon": e.Client(), "citizen": e.Citizen("09121110000"), "super": e.Superuser()}
	for _, r := range []auth.Role{auth.Viewer, auth.Reviewer, auth.Secretariat, auth.Editor, auth.Admin} {
		c[string(r)] = e.Staff(string(r)+"@d21.example", "tehran-district-21", r)
	}
	c["parent"] = e.Staff("parent@tehran.example", "tehran", auth.Admin)
	c["other"] = e.Staff("other@karaj.example", "karaj", auth.Admin)
	e.Clock.Advance(time.Minute)
	if r := c["super"].Get("/admin/users"); !strings.Contains(r.Body, demo.AdminEmail) {
		t.Fatal("the operator's session does not work")
	}
	return c
}
