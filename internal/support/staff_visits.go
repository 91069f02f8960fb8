package support

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) visitRoutes() []web.Route {
	view, run, _ := h.access()
	const v = staffBase + "/visits/{id}"
	return []web.Route{
		{Method: "GET", Pattern: staffBase + "/visits", Access: view, Handle: h.withCoop(h.visitsView)},
		{Method: "POST", Pattern: staffBase + "/visits", Access: run, Handle: h.planVisit},
		{Method: "GET", Pattern: v, Access: view, Handle: h.withCoop(h.visitView)},
		{Method: "POST", Pattern: v + "/report", Access: run, Handle: h.recordReport},
		{Method: "POST", Pattern: v + "/status", Access: run, Handle: h.visitStatus},
		{Method: "POST", Pattern: v + "/findings", Access: run, Handle: h.addFinding},
		{Method: "POST", Pattern: v + "/findings/{fid}", Access: run, Handle: h.findingAddressed},
		{Method: "POST", Pattern: v + "/actions", Access: run, Handle: h.addAction},
		{Method: "POST", Pattern: v + "/actions/{aid}", Access: run, Handle: h.actionStatus},
	}
}

type visitsPage struct {
	staffPage
	Visits []Visit
	Towns  []Town
}

func (h *handlers) visitsView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	p := visitsPage{staffPage: h.staffPage(w, r, coop, "support.visits.title")}
	var err error
	if p.Visits, err = h.svc.Visits(r.Context(), coop, 0); err != nil {
		return err
	}
	if p.Towns, err = h.svc.Towns(r.Context(), coop); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_visits", &p.Page, &p, formErr)
}

func (h *handlers) planVisit(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "/visits", h.visitsView, func(ctx context.Context, coop org.Org, actor int64) error {
		town, _ := strconv.ParseInt(r.PostFormValue("town"), 10, 64)
		_, err := h.svc.PlanVisit(ctx, actor, coop, Visit{TownID: town, PlannedOn: formDay(r, "planned_on"),
			Purpose: r.PostFormValue("purpose")})
		return err
	})
}

type visitPage struct {
	staffPage
	Visit Visit
	Rows  []int // the report form's participant rows
	// The forms' choices.
	Roles, ActionStatuses, FindingKinds, Categories, Priorities []string
}

func (h *handlers) visitView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p := visitPage{staffPage: h.staffPage(w, r, coop, "support.visit.title"), Roles: ParticipantRoles,
		ActionStatuses: ActionStatuses, FindingKinds: FindingKinds, Categories: Categories, Priorities: Priorities}
	if p.Visit, err = h.svc.Visit(r.Context(), coop, id); err != nil {
		return err
	}
	p.Rows = make([]int, max(6, len(p.Visit.Participants)+2))
	return h.show(w, r, "support/staff_visit", &p.Page, &p, formErr)
}

func (h *handlers) recordReport(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		rep := Report{VisitedOn: formDay(r, "visited_on"), Summary: r.PostFormValue("summary")}
		roles := r.PostForm["participant_role"]
		for i, name := range r.PostForm["participant_name"] {
			if strings.TrimSpace(name) != "" && i < len(roles) {
				rep.Participants = append(rep.Participants, Participant{Name: strings.TrimSpace(name), Role: roles[i]})
			}
		}
		return h.svc.RecordReport(ctx, actor, coop, id, rep)
	})
}

// visitAct is act for a form of one visit, with the visit's id.
func (h *handlers) visitAct(w http.ResponseWriter, r *http.Request, do recordDo) error {
	return h.recordAct(w, r, "/visits/", h.visitView, do)
}

func (h *handlers) visitStatus(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetVisitStatus(ctx, actor, coop, id, VisitStatus(r.PostFormValue("status")))
	})
}

func (h *handlers) addFinding(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddFinding(ctx, actor, coop, id, Finding{Kind: r.PostFormValue("kind"), Category: r.PostFormValue("category"),
			Priority: r.PostFormValue("priority"), Body: r.PostFormValue("body")})
		return err
	})
}

func (h *handlers) findingAddressed(w http.ResponseWriter, r *http.Request) error {
	fid, err := web.PathID(r, "fid")
	if err != nil {
		return err
	}
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetFindingAddressed(ctx, actor, coop, id, fid, r.PostFormValue("addressed") == "true")
	})
}

func (h *handlers) addAction(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddAction(ctx, actor, coop, id, Action{Title: r.PostFormValue("title"), Owner: r.PostFormValue("owner"),
			DueOn: formDay(r, "due_on")})
		return err
	})
}

func (h *handlers) actionStatus(w http.ResponseWriter, r *http.Request) error {
	aid, err := web.PathID(r, "aid")
	if err != nil {
		return err
	}
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.SetActionStatus(ctx, actor, coop, id, aid, r.PostFormValue("status"))
	})
}
