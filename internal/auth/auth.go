// Package auth holds who may do what: the roles granted per organization,
// the permissions each role carries, and the signed-in principal a request
// acts for. It is pure: the identity module loads principals, the web layer
// asks them questions.
package auth

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
)

// Role is granted to a person in one organization, and holds in every
// organization below it: an administrator of Tehran municipality manages
// its districts, never Karaj.
type Role string

const (
	Admin       Role = "admin"       // manages the organization, its staff and its children
	Editor      Role = "editor"      // edits the organization's pages and content
	Reviewer    Role = "reviewer"    // reviews citizens' proposals
	Secretariat Role = "secretariat" // keeps records: residence, memberships, minutes
	Viewer      Role = "viewer"      // reads staff pages
)

// Roles lists every role, most powerful first.
var Roles = []Role{Admin, Editor, Reviewer, Secretariat, Viewer}

// ParseRole returns the role named s.
func ParseRole(s string) (Role, bool) {
	r := Role(s)
	return r, slices.Contains(Roles, r)
}

// Label is the role's name for people.
func (r Role) Label() i18n.Text { return roleLabels[r] }

var roleLabels = map[Role]i18n.Text{
	Admin:       {Fa: "مدیر", En: "Administrator"},
	Editor:      {Fa: "ویرایشگر", En: "Editor"},
	Reviewer:    {Fa: "کارشناس بررسی", En: "Reviewer"},
	Secretariat: {Fa: "دبیرخانه", En: "Secretariat"},
	Viewer:      {Fa: "ناظر", En: "Viewer"},
}

// Permission is something a route or a service call needs.
type Permission string

const (
	ViewStaff       Permission = "org.view_staff"  // see an organization's staff pages
	EditOrg         Permission = "org.edit"        // change its name, description, geometry
	ManageChildren  Permission = "org.children"    // create organizations under it
	ManageGrants    Permission = "org.grants"      // grant and revoke roles in it
	ReadAudit       Permission = "org.audit"       // read its audit log
	VerifyResidence Permission = "org.residence"   // record citizens' verified residence
	Review          Permission = "review"          // review proposals (budgeting)
	Moderate        Permission = "moderate"        // hide proposals and block their authors (budgeting)
	EnterPaper      Permission = "paper"           // enter paper ballots at a polling booth (budgeting)
	TrackProjects   Permission = "projects"        // report the implementation of winning projects (budgeting)
	RunProcesses    Permission = "processes"       // create budgeting processes and set their rules, dates and budgets
	Apply           Permission = "network.apply"   // act for the organization in networks: membership applications, event registrations, shared practices
	RecordCouncil   Permission = "council.record"  // record the city council's decisions (a membership's approval)
	RunNetwork      Permission = "network.run"     // an association's secretariat: applications, fees, commissions, benefits
	ManageRelations Permission = "relations"       // sister-city agreements, their documents and activity
	OrganizeEvents  Permission = "events"          // events, their registrations, attendance and materials
	RunSupport      Permission = "support"         // a cooperation organization's towns, visits and joint projects
	SetPriorities   Permission = "support.weights" // the weights of the support priority score
)

// policy is the one table of which role carries which permission.
var policy = map[Permission][]Role{
	ViewStaff:       Roles,
	EditOrg:         {Admin, Editor},
	ManageChildren:  {Admin},
	ManageGrants:    {Admin},
	ReadAudit:       {Admin},
	VerifyResidence: {Admin, Secretariat},
	Review:          {Admin, Reviewer},
	Moderate:        {Admin, Reviewer},
	EnterPaper:      {Admin, Secretariat},
	TrackProjects:   {Admin, Editor},
	RunProcesses:    {Admin},
	Apply:           {Admin, Editor, Secretariat},
	RecordCouncil:   {Admin, Secretariat},
	RunNetwork:      {Admin, Secretariat},
	ManageRelations: {Admin, Editor, Secretariat},
	OrganizeEvents:  {Admin, Editor, Secretariat},
	RunSupport:      {Admin, Editor, Secretariat},
	SetPriorities:   {Admin},
}

// Allows reports whether the role carries the permission.
func (r Role) Allows(p Permission) bool { return slices.Contains(policy[p], r) }

// Grant is a role held in one organization.
type Grant struct {
	OrgID int64
	Role  Role
}

// Principal is the signed-in person a request acts for.
type Principal struct {
	UserID    int64
	SessionID int64
	Name      string
	Superuser bool // the installation's operator: every permission everywhere
	Grants    []Grant
}

// Can reports whether the principal holds perm in the organization whose
// materialized path (its ancestors' ids and its own, "/1/5/23/") is given.
func (p *Principal) Can(perm Permission, orgPath string) bool {
	if p == nil {
		return false
	}
	if p.Superuser {
		return true
	}
	for _, g := range p.Grants {
		if g.Role.Allows(perm) && PathContains(orgPath, g.OrgID) {
			return true
		}
	}
	return false
}

// CanSomewhere reports whether the principal holds perm in at least one
// organization.
func (p *Principal) CanSomewhere(perm Permission) bool {
	return p != nil && (p.Superuser || slices.ContainsFunc(p.Grants, func(g Grant) bool { return g.Role.Allows(perm) }))
}

// IsStaff reports whether the principal holds any role anywhere.
func (p *Principal) IsStaff() bool { return p != nil && (p.Superuser || len(p.Grants) > 0) }

// PathContains reports whether the organization with id is on path, that
// is, is the organization itself or one of its ancestors.
func PathContains(path string, id int64) bool {
	return strings.Contains(path, "/"+strconv.FormatInt(id, 10)+"/")
}

// OrgRef is what access checks need to know of an organization.
type OrgRef struct {
	ID   int64
	Path string
}
