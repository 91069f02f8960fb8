package network

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) groupForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		_, err := h.svc.CreateGroup(r.Context(), actorID, Group{AssociationID: o.ID, Kind: GroupKind(r.PostFormValue("kind")),
			Name: textOf(r, "name")})
		return err
	})
}

func (h *handlers) benefitForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		_, err := h.svc.CreateBenefit(r.Context(), actorID, Benefit{AssociationID: o.ID, Name: textOf(r, "name"),
			SeatsPerYear: int(number(r.PostFormValue("seats")))})
		return err
	})
}

func (h *handlers) allocateForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		bid, err := web.PathID(r, "bid")
		if err != nil {
			return err
		}
		_, err = h.svc.Allocate(r.Context(), actorID, o.ID, bid, number(r.PostFormValue("membership")), r.PostFormValue("person"), r.PostFormValue("event"))
		return err
	})
}

func (h *handlers) usageForm(w http.ResponseWriter, r *http.Request) error {
	return h.secretariatPost(w, r, func(actorID int64, o org.Org) error {
		aid, err := web.PathID(r, "aid")
		if err != nil {
			return err
		}
		return h.svc.ReportUsage(r.Context(), actorID, o.ID, aid, r.PostFormValue("usage"))
	})
}

type groupPage struct {
	web.Page
	Org      org.Org
	Name     string
	Group    Group
	Kind     string
	Members  []string
	Active   []option // active members that may join: org id → name
	Meetings []meetingRow
}

type meetingRow struct {
	HeldOn  string
	Agenda  []string
	Minutes string
}

// loadGroup reads the page of group {gid} of the association {slug}.
func (h *handlers) loadGroup(w http.ResponseWriter, r *http.Request) (*groupPage, error) {
	o, err := h.association(r, r.PathValue("slug"))
	if err != nil {
		return nil, err
	}
	gid, err := web.PathID(r, "gid")
	if err != nil {
		return nil, err
	}
	g, err := h.svc.Group(r.Context(), gid)
	if err != nil || g.AssociationID != o.ID {
		return nil, errNoGroup
	}
	l := web.L(r)
	p := &groupPage{Page: web.NewPage(w, r, ""), Org: o, Name: o.Name(l), Group: g, Kind: g.Kind.Label().In(l)}
	p.Title = g.Name.In(l)
	for _, m := range g.Members {
		p.Members = append(p.Members, m.In(l))
	}
	active, err := h.svc.ActiveMembers(r.Context(), o.ID)
	if err != nil {
		return nil, err
	}
	for _, m := range active {
		p.Active = append(p.Active, option{strconv.FormatInt(m.OrgID, 10), m.Name.In(l)})
	}
	mts, err := h.svc.Meetings(r.Context(), gid)
	for _, mt := range mts {
		p.Meetings = append(p.Meetings, meetingRow{l.Date(mt.HeldOn), mt.Agenda, mt.Minutes})
	}
	return p, err
}

func (h *handlers) groupPage(w http.ResponseWriter, r *http.Request) error {
	p, err := h.loadGroup(w, r)
	if err != nil {
		return err
	}
	h.web.Render(w, r, http.StatusOK, "network/group", p)
	return nil
}

// groupPost runs a form of a group's page and goes back to it, or shows
// it again with the problem.
func (h *handlers) groupPost(w http.ResponseWriter, r *http.Request, run func(actorID int64, g Group) error) error {
	if err := web.ParseForm(w, r); err != nil {
		return err
	}
	p, err := h.loadGroup(w, r)
	if err != nil {
		return err
	}
	if err := run(web.Who(r).UserID, p.Group); err != nil {
		if p, perr := h.loadGroup(w, r); perr == nil {
			return h.web.RenderForm(w, r, err, "network/group", p, p)
		}
		return err
	}
	h.web.Flash(w, r, "network.flash.saved")
	http.Redirect(w, r, "/admin/associations/"+p.Org.Slug+"/groups/"+strconv.FormatInt(p.Group.ID, 10), http.StatusSeeOther)
	return nil
}

func (h *handlers) joinForm(w http.ResponseWriter, r *http.Request) error {
	return h.groupPost(w, r, func(actorID int64, g Group) error {
		return h.svc.JoinGroup(r.Context(), actorID, g, number(r.PostFormValue("member")))
	})
}

func (h *handlers) meetingForm(w http.ResponseWriter, r *http.Request) error {
	return h.groupPost(w, r, func(actorID int64, g Group) error {
		_, err := h.svc.AddMeeting(r.Context(), actorID, g, Meeting{HeldOn: parseDay(r.PostFormValue("held_on")),
			Agenda: strings.Split(r.PostFormValue("agenda"), "\n"), Minutes: r.PostFormValue("minutes")})
		return err
	})
}

// textOf reads the fields name_fa and name_en of a form.
func textOf(r *http.Request, name string) i18n.Text {
	return i18n.Text{Fa: r.PostFormValue(name + "_fa"), En: r.PostFormValue(name + "_en")}
}
