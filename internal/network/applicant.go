package network

import (
	"net/http"
	"strconv"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// applicantRoutes are an organization's pages for its memberships: the
// application with its report, the council's approval, the letter.
func (h *handlers) applicantRoutes() []web.Route {
	apply, council := web.InOrg(auth.Apply, h.orgs.Locate), web.InOrg(auth.RecordCouncil, h.orgs.Locate)
	const base = "/admin/orgs/{slug}/memberships"
	return []web.Route{
		{Method: "GET", Pattern: base, Access: apply, Handle: h.memberships},
		{Method: "POST", Pattern: base, Access: apply, Form: applyFields, Uploads: upload.FormFiles, Handle: h.applyForm},
		{Method: "GET", Pattern: base + "/{id}", Access: apply, Handle: h.applicantMembership},
		{Method: "POST", Pattern: base + "/{id}/council", Access: council, Form: councilFields, Handle: h.councilForm},
		{Method: "POST", Pattern: base + "/{id}/submit", Access: apply, Form: letterFields, Handle: h.submitForm},
		{Method: "POST", Pattern: base + "/{id}/files", Access: apply, Uploads: upload.FormFiles, Handle: h.filesForm},
		{Method: "POST", Pattern: base + "/{id}/groups/{gid}/{action}", Access: apply, Handle: h.ownGroupForm},
		{Method: "GET", Pattern: "/admin/membership-files/{fid}", Access: web.AccessFunc("membership-file", h.fileAccess), Handle: h.file},
	}
}

type membershipsPage struct {
	web.Page
	Org          org.Org
	Name         string
	Rows         []membershipRow
	Associations []option
}

type membershipRow struct {
	ID                int64
	Association, Stat string
}

type option struct{ Value, Label string }

func (h *handlers) memberships(w http.ResponseWriter, r *http.Request) error {
	p, err := h.membershipsPage(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "network/memberships", p)
	return nil
}

func (h *handlers) membershipsPage(w http.ResponseWriter, r *http.Request) (*membershipsPage, error) {
	o, err := h.orgs.BySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	if _, err := h.svc.Sweep(r.Context()); err != nil {
		return nil, err
	}
	p := &membershipsPage{Page: web.NewPage(w, r, "network.memberships.title"), Org: o, Name: o.Name(web.L(r))}
	ms, err := h.svc.MembershipsBy(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		p.Rows = append(p.Rows, membershipRow{ID: m.ID, Association: m.AssocName.In(p.L), Stat: m.Status.Label().In(p.L)})
	}
	list, err := h.svc.Directory(r.Context(), "")
	for _, a := range list {
		p.Associations = append(p.Associations, option{a.Slug, a.Name.In(p.L)})
	}
	return p, err
}

func (h *handlers) applyForm(w http.ResponseWriter, r *http.Request) error {
	files, err := upload.ReadMultipart(r, "files")
	if err == nil {
		o, lerr := h.orgs.BySlug(r.Context(), r.PathValue("slug"))
		if lerr != nil {
			return lerr
		}
		var m Membership
		m, err = h.svc.Apply(r.Context(), web.Who(r).UserID, o.ID, r.PostFormValue("association"), r.PostFormValue("justification"), files)
		if err == nil {
			h.web.Flash(w, r, "network.flash.applied")
			http.Redirect(w, r, "/admin/orgs/"+o.Slug+"/memberships/"+strconv.FormatInt(m.ID, 10), http.StatusSeeOther)
			return nil
		}
	}
	p, perr := h.membershipsPage(w, r)
	if perr != nil {
		return perr
	}
	return h.web.RenderForm(w, r, err, "network/memberships", p, p)
}

// membershipPage is one membership with its history, for the applicant
// or for the secretariat.
type membershipPage struct {
	web.Page
	M           Membership
	Base        string // where the page's forms post
	Secretariat bool
	CanCouncil  bool
	Assoc       string
	Member      string
	Status      string
	Urgency     string
	Eligible    bool
	HasProfile  bool
	MinPop      string
	Population  string
	Since       string
	History     []stepRow
	Files       []File
	CanAddFiles bool             // the applicant may still attach files
	Steps       steps            // the workflow's steps the page offers
	CanOverride bool             // the secretariat may waive the criteria the member does not meet
	Groups      []memberGroupRow // the association's groups, for an active member's own staff
	Invoices    []invoiceRow
	Urgencies   []option
}

type memberGroupRow struct {
	ID         int64
	Kind, Name string
	Joined     bool
}

type stepRow struct{ At, Action, Actor, Note string }

type invoiceRow struct {
	ID                                int64
	Member, Year, Amount, Due, PaidAt string
	Paid                              bool
	Ref                               string
}

// membershipPage loads the membership {id} of the route and checks it
// belongs to the organization of {slug}: its applicant, or with
// secretariat, its association.
func (h *handlers) membershipPage(w http.ResponseWriter, r *http.Request, secretariat bool) (*membershipPage, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	if _, err := h.svc.Sweep(r.Context()); err != nil {
		return nil, err
	}
	m, err := h.svc.Membership(r.Context(), id)
	owner, base := m.MemberSlug, "/admin/orgs/"+m.MemberSlug+"/memberships/"
	if secretariat {
		owner, base = m.AssocSlug, "/admin/associations/"+m.AssocSlug+"/memberships/"
	}
	if err != nil || owner != r.PathValue("slug") {
		return nil, errNoMembership
	}
	l := web.L(r)
	p := &membershipPage{Page: web.NewPage(w, r, "network.membership.title"), M: m, Base: base + strconv.FormatInt(id, 10),
		Secretariat: secretariat, CanCouncil: web.Who(r).Can(auth.RecordCouncil, m.MemberPath),
		Assoc: m.AssocName.In(l), Member: m.MemberName.In(l), Status: m.Status.Label().In(l), Since: l.DateNumeric(m.Since),
		Population: l.Num(m.Population)}
	if m.Urgency != "" {
		p.Urgency = m.Urgency.Label().In(l)
	}
	for _, u := range Urgencies {
		p.Urgencies = append(p.Urgencies, option{string(u), u.Label().In(l)})
	}
	return p, h.fillMembership(r, l, p)
}

// fillMembership adds the eligibility, history, files and invoices.
func (h *handlers) fillMembership(r *http.Request, l i18n.Lang, p *membershipPage) error {
	prof, has, err := h.svc.Profile(r.Context(), p.M.AssociationID)
	if err != nil {
		return err
	}
	p.HasProfile, p.Eligible, p.MinPop = has, prof.Eligible(p.M.Population), l.Num(prof.MinPopulation)
	steps, err := h.svc.History(r.Context(), p.M.ID)
	if err != nil {
		return err
	}
	for _, s := range steps {
		actor := s.ActorName
		if s.ActorID == 0 {
			actor = l.T("network.system")
		}
		p.History = append(p.History, stepRow{At: l.DateTime(s.At), Action: l.T("network.action." + s.Action), Actor: actor, Note: s.Note})
	}
	if p.Files, err = h.svc.Files(r.Context(), p.M.ID); err != nil {
		return err
	}
	p.CanAddFiles = !p.Secretariat && p.M.Status.Undecided()
	p.Steps = stepsFrom(p.M.Status)
	p.Steps.Council = p.Steps.Council && p.CanCouncil
	p.CanOverride = p.Steps.Decide && p.HasProfile && !p.Eligible
	if err := h.fillOwnGroups(r, l, p); err != nil {
		return err
	}
	invs, err := h.svc.InvoicesOf(r.Context(), p.M.ID)
	p.Invoices = invoiceRows(l, invs)
	return err
}

// fillOwnGroups adds, for an active member's own staff, the association's
// groups they may join or leave.
func (h *handlers) fillOwnGroups(r *http.Request, l i18n.Lang, p *membershipPage) error {
	if p.Secretariat || p.M.Status != Active {
		return nil
	}
	gs, err := h.svc.GroupsFor(r.Context(), p.M.AssociationID, p.M.MemberID)
	for _, g := range gs {
		p.Groups = append(p.Groups, memberGroupRow{ID: g.ID, Kind: g.Kind.Label().In(l), Name: g.Name.In(l), Joined: g.Joined})
	}
	return err
}

func invoiceRows(l i18n.Lang, invs []Invoice) []invoiceRow {
	var out []invoiceRow
	for _, i := range invs {
		out = append(out, invoiceRow{ID: i.ID, Member: i.MemberName.In(l), Year: l.Int(i.Year), Amount: money(l, i.Amount, i.Currency),
			Due: l.DateNumeric(i.DueAt), PaidAt: l.DateNumeric(i.PaidAt), Paid: i.Paid(), Ref: i.PaymentRef})
	}
	return out
}

func (h *handlers) applicantMembership(w http.ResponseWriter, r *http.Request) error {
	p, err := h.membershipPage(w, r, false)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "network/membership", p)
	return nil
}

// membershipStep runs one step posted from a membership's page and goes
// back to it, or shows the page again with the problem.
func (h *handlers) membershipStep(w http.ResponseWriter, r *http.Request, secretariat bool, run func(actorID, id int64) error) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	return h.stepOnPage(w, r, secretariat, run)
}

// stepOnPage is membershipStep for a form run reads itself: the
// membership is found (or not) before the form is read.
func (h *handlers) stepOnPage(w http.ResponseWriter, r *http.Request, secretariat bool, run func(actorID, id int64) error) error {
	p, err := h.membershipPage(w, r, secretariat)
	if err != nil {
		return err
	}
	if err := run(web.Who(r).UserID, p.M.ID); err != nil {
		if p, perr := h.membershipPage(w, r, secretariat); perr == nil {
			return h.web.RenderForm(w, r, err, "network/membership", p, p)
		}
		return err
	}
	h.web.Flash(w, r, "network.flash.saved")
	http.Redirect(w, r, p.Base, http.StatusSeeOther)
	return nil
}

func (h *handlers) councilForm(w http.ResponseWriter, r *http.Request) error {
	return h.membershipStep(w, r, false, func(actorID, id int64) error {
		_, err := h.svc.RecordCouncil(r.Context(), actorID, id, Council{ResolutionNo: r.PostFormValue("resolution_no"),
			Date: r.PostFormValue("resolution_date"), Session: r.PostFormValue("session"), Urgency: Urgency(r.PostFormValue("urgency"))})
		return err
	})
}

func (h *handlers) submitForm(w http.ResponseWriter, r *http.Request) error {
	return h.membershipStep(w, r, false, func(actorID, id int64) error {
		_, err := h.svc.Submit(r.Context(), actorID, id, r.PostFormValue("letter_ref"))
		return err
	})
}

// filesForm attaches files to the application, read only once the
// membership is known to be the organization's.
func (h *handlers) filesForm(w http.ResponseWriter, r *http.Request) error {
	return h.stepOnPage(w, r, false, func(actorID, id int64) error {
		files, err := upload.ReadMultipart(r, "files")
		if err != nil {
			return err
		}
		_, err = h.svc.AddFiles(r.Context(), actorID, id, files)
		return err
	})
}

// ownGroupForm joins or leaves a group of the association for the member.
func (h *handlers) ownGroupForm(w http.ResponseWriter, r *http.Request) error {
	return h.membershipStep(w, r, false, func(actorID, id int64) error {
		gid, err := web.PathID(r, "gid")
		if err != nil {
			return err
		}
		switch r.PathValue("action") {
		case "join":
			return h.svc.JoinOwnGroup(r.Context(), actorID, id, gid)
		case "leave":
			return h.svc.LeaveOwnGroup(r.Context(), actorID, id, gid)
		}
		return errNoGroup
	})
}

// fileAccess lets the applicant's staff and the association's
// secretariat read an application's files.
func (h *handlers) fileAccess(r *http.Request, who *auth.Principal) error {
	if who == nil {
		return apperr.ErrUnauthorized
	}
	fid, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	f, _, err := h.svc.FileData(r.Context(), fid)
	if err != nil {
		return err
	}
	m, err := h.svc.Membership(r.Context(), f.MembershipID)
	if err != nil {
		return err
	}
	if !who.Can(auth.Apply, m.MemberPath) && !who.Can(auth.RunNetwork, m.AssocPath) {
		return apperr.ErrForbidden
	}
	return nil
}

func (h *handlers) file(w http.ResponseWriter, r *http.Request) error {
	fid, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	f, data, err := h.svc.FileData(r.Context(), fid)
	if err != nil {
		return err
	}
	upload.Serve(w, f.Name, f.ContentType, data)
	return nil
}
