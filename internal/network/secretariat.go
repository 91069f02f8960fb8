package network

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/web"
)

// secretariatRoutes are an association's staff pages: its profile, the
// applications and decisions, fees, groups and meetings, benefits.
func (h *handlers) secretariatRoutes() []web.Route {
	run := web.InOrg(auth.RunNetwork, h.orgs.Locate)
	const base = "/admin/associations/{slug}"
	return []web.Route{
		{Method: "GET", Pattern: base, Access: run, Handle: h.secretariat},
		{Method: "POST", Pattern: base + "/profile", Access: run, Form: profileFields, Handle: h.profileForm},
		{Method: "GET", Pattern: base + "/memberships/{id}", Access: run, Handle: h.secretariatMembership},
		{Method: "POST", Pattern: base + "/memberships/{id}/{step}", Access: run, Form: decisionFields, Handle: h.decisionForm},
		{Method: "POST", Pattern: base + "/invoices/{iid}/payment", Access: run, Form: paymentFields, Handle: h.paymentForm},
		{Method: "POST", Pattern: base + "/groups", Access: run, Form: nameFields, Handle: h.groupForm},
		{Method: "GET", Pattern: base + "/groups/{gid}", Access: run, Handle: h.groupPage},
		{Method: "POST", Pattern: base + "/groups/{gid}/members", Access: run, Handle: h.joinForm},
		{Method: "POST", Pattern: base + "/groups/{gid}/meetings", Access: run, Form: meetingFields, Handle: h.meetingForm},
		{Method: "POST", Pattern: base + "/benefits", Access: run, Form: benefitFields, Handle: h.benefitForm},
		{Method: "POST", Pattern: base + "/benefits/{bid}/allocations", Access: run, Form: allocateFields, Handle: h.allocateForm},
		{Method: "POST", Pattern: base + "/allocations/{aid}/usage", Access: run, Form: usageFields, Handle: h.usageForm},
		{Method: "GET", Pattern: base + "/export/{file}", Access: run, Handle: h.export},
	}
}

type secretariatPage struct {
	web.Page
	Org         org.Org
	Name        string
	Profile     Profile
	Fee         string // the yearly fee in whole units, for the form
	Benefits    string
	Currencies  []string
	List        memberList
	Queue       []queueRow
	Active      []option     // active members: membership id → name
	Invoices    []invoiceRow // a page of the unpaid ones
	FeesSummary string
	FeesPager   web.Pager
	Groups      []groupView
	GroupKinds  []option
	BenefitRows []benefitRow
	Allocations []allocationRow
	Secretariat bool       // the fee table offers payment forms
	M           Membership // only its AssocSlug, for the fee table's forms
}

type queueRow struct {
	ID                   int64
	Member, Status, Date string
}

type benefitRow struct {
	ID          int64
	Name, Seats string
}

type allocationRow struct {
	ID                                 int64
	Member, Year, Person, Event, Usage string
}

func (h *handlers) secretariat(w http.ResponseWriter, r *http.Request) error {
	p, err := h.secretariatPage(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "network/secretariat", p)
	return nil
}

func (h *handlers) secretariatPage(w http.ResponseWriter, r *http.Request) (*secretariatPage, error) {
	o, err := h.association(r, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	l := web.L(r)
	p := &secretariatPage{Page: web.NewPage(w, r, "network.secretariat.title"), Org: o, Name: o.Name(l), Currencies: Currencies,
		Secretariat: true, M: Membership{AssocSlug: o.Slug}}
	if p.Profile, _, err = h.svc.Profile(r.Context(), o.ID); err != nil {
		return nil, err
	}
	p.Fee = strconv.FormatInt(p.Profile.FeeAmount/max(minorUnits[p.Profile.FeeCurrency], 1), 10)
	p.Benefits = strings.Join(p.Profile.BenefitsFa, "\n")
	for _, k := range GroupKinds {
		p.GroupKinds = append(p.GroupKinds, option{string(k), k.Label().In(l)})
	}
	if err := h.fillQueue(r, p); err != nil {
		return nil, err
	}
	return p, h.fillWork(r, p)
}

// fillQueue adds the page of memberships the query asks for and the page
// of unpaid invoices.
func (h *handlers) fillQueue(r *http.Request, p *secretariatPage) error {
	page, list, err := h.listMembers(r, p.Org.ID, Statuses, false, "/admin/associations/"+p.Org.Slug)
	if err != nil {
		return err
	}
	for _, m := range page.Members {
		p.Queue = append(p.Queue, queueRow{ID: m.MembershipID, Member: m.Name.In(p.L), Status: m.Status.Label().In(p.L), Date: p.L.DateNumeric(m.UpdatedAt)})
	}
	p.List = list
	return h.fillFees(r, p)
}

// fillFees adds the page of unpaid invoices ?fees= asks for, with links
// to the pages around it that keep the rest of the query.
func (h *handlers) fillFees(r *http.Request, p *secretariatPage) error {
	v := r.URL.Query()
	fees, err := h.svc.UnpaidInvoices(r.Context(), p.Org.ID, web.PageParam(v, "fees"))
	if err != nil || len(fees.Invoices) == 0 {
		return err
	}
	p.Invoices = invoiceRows(p.L, fees.Invoices)
	p.FeesSummary = fees.Range(p.L, len(fees.Invoices))
	p.FeesPager = fees.Pager(p.L, "/admin/associations/"+p.Org.Slug, v, "fees")
	p.FeesPager.Label = p.T("network.invoices.pages")
	return nil
}

func (h *handlers) fillWork(r *http.Request, p *secretariatPage) error {
	var err error
	if p.Groups, err = h.groupViews(r, p.L, p.Org.ID); err != nil {
		return err
	}
	bs, err := h.svc.Benefits(r.Context(), p.Org.ID)
	if err != nil {
		return err
	}
	for _, b := range bs {
		p.BenefitRows = append(p.BenefitRows, benefitRow{b.ID, b.Name.In(p.L), p.L.Int(b.SeatsPerYear)})
	}
	if err := h.fillActive(r, p); err != nil {
		return err
	}
	as, err := h.svc.Allocations(r.Context(), p.Org.ID)
	for _, a := range as {
		p.Allocations = append(p.Allocations, allocationRow{a.ID, a.MemberName.In(p.L), p.L.Int(a.Year), a.Person, a.Event, a.Usage})
	}
	return err
}

// fillActive lists the active members for the benefits' forms, when there
// are benefits: an association may have thousands.
func (h *handlers) fillActive(r *http.Request, p *secretariatPage) error {
	if len(p.BenefitRows) == 0 {
		return nil
	}
	active, err := h.svc.ActiveMembers(r.Context(), p.Org.ID)
	for _, m := range active {
		p.Active = append(p.Active, option{strconv.FormatInt(m.MembershipID, 10), m.Name.In(p.L)})
	}
	return err
}

// secretariatPost handles a form of the secretariat's page: it runs the
// change and goes back to the page, or shows it again with the problem.
func (h *handlers) secretariatPost(w http.ResponseWriter, r *http.Request, run func(actorID int64, o org.Org) error) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	o, err := h.association(r, r.PathValue("slug"))
	if err != nil {
		return err
	}
	if err := run(web.Who(r).UserID, o); err != nil {
		p, perr := h.secretariatPage(w, r)
		if perr != nil {
			return perr
		}
		return h.web.RenderForm(w, r, err, "network/secretariat", p, p)
	}
	h.web.Flash(w, r, "network.flash.saved")
	http.Redirect(w, r, "/admin/associations/"+o.Slug, http.StatusSeeOther)
	return nil
}

// number reads a whole number typed in any digits, with or without
// separators; "" is 0, and -1 when it is not one.
func number(s string) int64 {
	n, ok := persian.ParseWhole(s)
	if !ok {
		return -1
	}
	return n
}

func (h *handlers) profileForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		f := r.PostFormValue
		cur := f("fee_currency")
		p := Profile{MissionFa: f("mission_fa"), MissionEn: f("mission_en"), FoundedYear: int(number(f("founded_year"))),
			SecretariatFa: f("secretariat_fa"), SecretariatEn: f("secretariat_en"), CityFa: f("city_fa"), CityEn: f("city_en"),
			MinPopulation: number(f("min_population")), CriteriaFa: f("criteria_fa"), CriteriaEn: f("criteria_en"),
			FeeAmount: number(f("fee_amount")) * max(minorUnits[cur], 1), FeeCurrency: cur, GraceDays: int(number(f("grace_days"))),
			BenefitsFa: strings.Split(f("benefits_fa"), "\n"), BenefitsEn: strings.Split(f("benefits_en"), "\n")}
		_, err := h.svc.SaveProfile(r.Context(), actorID, o.Slug, p)
		return err
	})
}

func (h *handlers) secretariatMembership(w http.ResponseWriter, r *http.Request) error {
	p, err := h.membershipPage(w, r, true)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "network/membership", p)
	return nil
}

// decisionForm runs the secretariat's steps of a membership: override,
// accept, refuse, activate, invoice.
func (h *handlers) decisionForm(w http.ResponseWriter, r *http.Request) error {
	return h.membershipStep(w, r, true, func(actorID, id int64) error {
		f, ctx := r.PostFormValue, r.Context()
		var err error
		switch r.PathValue("step") {
		case "override":
			_, err = h.svc.Override(ctx, actorID, id, f("override_reason"))
		case "accept":
			_, err = h.svc.Accept(ctx, actorID, id)
		case "refuse":
			_, err = h.svc.Refuse(ctx, actorID, id, f("refusal_reason"))
		case "activate":
			_, err = h.svc.Activate(ctx, actorID, id, parseDay(f("since")))
		case "invoice":
			_, err = h.issue(r, actorID, id)
		default:
			return errNoMembership
		}
		return err
	})
}

func (h *handlers) issue(r *http.Request, actorID, id int64) (Invoice, error) {
	m, err := h.svc.Membership(r.Context(), id)
	if err != nil {
		return Invoice{}, err
	}
	prof, _, err := h.svc.Profile(r.Context(), m.AssociationID)
	if err != nil {
		return Invoice{}, err
	}
	amount := number(r.PostFormValue("amount")) * max(minorUnits[prof.FeeCurrency], 1)
	return h.svc.IssueInvoice(r.Context(), actorID, id, int(number(r.PostFormValue("year"))), parseDay(r.PostFormValue("due")), amount)
}

func (h *handlers) paymentForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		iid, err := web.PathID(r, "iid")
		if err != nil {
			return err
		}
		_, err = h.svc.RecordPayment(r.Context(), actorID, o.ID, iid, parseDay(r.PostFormValue("paid_on")), r.PostFormValue("payment_ref"))
		return err
	})
}
