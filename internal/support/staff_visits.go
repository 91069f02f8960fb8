package support

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

func (h *handlers) visitRoutes() []web.Route {
	view, run, _ := h.access()
	const v = staffBase + "/visits/{id}"
	return []web.Route{
		{Method: "GET", Pattern: staffBase + "/visits", Access: view, Handle: h.withCoop(h.visitsView)},
		{Method: "POST", Pattern: staffBase + "/visits", Access: run, Form: planFields, Handle: h.planVisit},
		{Method: "GET", Pattern: v, Access: view, Handle: h.withCoop(h.visitView)},
		{Method: "GET", Pattern: v + "/edit", Access: run, Handle: h.withCoop(h.planEditView)},
		{Method: "POST", Pattern: v + "/edit", Access: run, Form: planFields, Handle: h.editPlan},
		{Method: "POST", Pattern: v + "/report", Access: run, Form: reportFields, Handle: h.recordReport},
		{Method: "POST", Pattern: v + "/status", Access: run, Handle: h.visitStatus},
		{Method: "POST", Pattern: v + "/findings", Access: run, Form: findingFields, Handle: h.addFinding},
		{Method: "POST", Pattern: v + "/findings/{fid}", Access: run, Handle: h.findingAddressed},
		{Method: "GET", Pattern: v + "/findings/{fid}/edit", Access: run, Handle: h.withCoop(h.findingEditView)},
		{Method: "POST", Pattern: v + "/findings/{fid}/edit", Access: run, Form: findingFields, Handle: h.editFinding},
		{Method: "POST", Pattern: v + "/findings/{fid}/delete", Access: run, Handle: h.deleteFinding},
		{Method: "POST", Pattern: v + "/actions", Access: run, Form: actionFields, Handle: h.addAction},
		{Method: "POST", Pattern: v + "/actions/{aid}", Access: run, Handle: h.actionStatus},
		{Method: "GET", Pattern: v + "/actions/{aid}/edit", Access: run, Handle: h.withCoop(h.actionEditView)},
		{Method: "POST", Pattern: v + "/actions/{aid}/edit", Access: run, Form: actionFields, Handle: h.editAction},
	}
}

// visitPath is a visit's address below the staff base.
func visitPath(id int64) string { return "/visits/" + idValue(id) }

type visitsPage struct {
	staffPage
	choices
	Visits []Visit
}

func (h *handlers) visitsView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	p := visitsPage{staffPage: h.staffPage(w, r, coop, "support.visits.title"), choices: fixedChoices}
	var err error
	if p.Visits, err = h.svc.Visits(r.Context(), coop, 0); err != nil {
		return err
	}
	if p.Towns, err = h.svc.Towns(r.Context(), coop); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_visits", &p.Page, &p, formErr)
}

// planForm reads a visit's plan, new or edited.
func planForm(r *http.Request) Visit {
	town, _ := strconv.ParseInt(r.PostFormValue("town"), 10, 64)
	return Visit{TownID: town, PlannedOn: formDay(r, "planned_on"), Purpose: r.PostFormValue("purpose")}
}

// planValues fill the plan form from a visit.
func planValues(v Visit, l i18n.Lang) url.Values {
	return url.Values{"town": {idValue(v.TownID)}, "planned_on": {dayValue(l, v.PlannedOn)}, "purpose": {v.Purpose}}
}

func (h *handlers) planVisit(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "/visits", h.visitsView, func(ctx context.Context, coop org.Org, actor int64) error {
		_, err := h.svc.PlanVisit(ctx, actor, coop, planForm(r))
		return err
	})
}

// planEditView is the plan form of a visit still planned; the plan of
// one made or cancelled is not edited, so its edit page is a 409.
func (h *handlers) planEditView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	v, id, err := pathRecord(r, coop, h.svc.Visit)
	if err == nil && v.Status != Planned {
		err = errNotPlanned
	}
	c := fixedChoices
	if err == nil {
		c.Towns, err = h.svc.Towns(r.Context(), coop)
	}
	if err != nil {
		return err
	}
	return h.showEdit(w, r, coop, formErr, edit{fields: "plan", self: visitPath(id), back: visitPath(id),
		values: planValues(v, web.L(r))}, c)
}

func (h *handlers) editPlan(w http.ResponseWriter, r *http.Request) error {
	return h.recordAct(w, r, "/visits/", h.planEditView, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.EditPlan(ctx, actor, coop, id, planForm(r))
	})
}

type visitPage struct {
	staffPage
	choices
	Visit Visit
	Rows  []Participant // the report form's participant rows, the recorded ones first
	// What the visit's status lets staff do (the page shows it to those
	// who run the cooperation): edit the plan, report, and move it by
	// hand to MoveTo ("" for none), the button saying MoveText.
	CanEdit, CanReport bool
	MoveTo, MoveText   string
}

func (h *handlers) visitView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	p := visitPage{staffPage: h.staffPage(w, r, coop, "support.visit.title"), choices: fixedChoices}
	if p.Visit, err = h.svc.Visit(r.Context(), coop, id); err != nil {
		return err
	}
	p.Form = reportValues(p.Visit, p.L)
	st := p.Visit.Status
	p.CanEdit, p.CanReport = p.CanRun && st.Editable(), st.Reportable()
	if to, ok := visitMoves[st]; ok {
		p.MoveTo, p.MoveText = string(to), p.T(moveTexts[to])
	}
	return h.show(w, r, "support/staff_visit", &p.Page, &p, formErr)
}

// Participants are the report form's rows: those the form holds (the
// recorded ones, or those just posted) and empty ones to add more.
func (p visitPage) Participants() []Participant {
	rep := reportForm(p.Form)
	return append(rep.Participants, make([]Participant, max(6-len(rep.Participants), 2))...)
}

// reportForm reads a visit report; rows without a name are left out.
func reportForm(f url.Values) Report {
	rep := Report{VisitedOn: dayOf(f.Get("visited_on")), Summary: f.Get("summary")}
	roles := f["participant_role"]
	for i, name := range f["participant_name"] {
		if strings.TrimSpace(name) != "" && i < len(roles) {
			rep.Participants = append(rep.Participants, Participant{Name: strings.TrimSpace(name), Role: roles[i]})
		}
	}
	return rep
}

// reportValues fill the report form from a visit.
func reportValues(v Visit, l i18n.Lang) url.Values {
	f := url.Values{"visited_on": {dayValue(l, v.VisitedOn)}, "summary": {v.Summary}}
	for _, pt := range v.Participants {
		f.Add("participant_name", pt.Name)
		f.Add("participant_role", pt.Role)
	}
	return f
}

func (h *handlers) recordReport(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		return h.svc.RecordReport(ctx, actor, coop, id, reportForm(r.PostForm))
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

// findingForm reads a finding, new or edited (a new one is open: its
// form has no "addressed" box).
func findingForm(r *http.Request) Finding {
	return Finding{Kind: r.PostFormValue("kind"), Category: r.PostFormValue("category"), Priority: r.PostFormValue("priority"),
		Body: r.PostFormValue("body"), Addressed: r.PostFormValue("addressed") == "true"}
}

// findingValues fill the finding form from a finding.
func findingValues(f Finding) url.Values {
	return url.Values{"kind": {f.Kind}, "category": {f.Category}, "priority": {f.Priority}, "body": {f.Body},
		"addressed": {checked(f.Addressed)}}
}

func (h *handlers) addFinding(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddFinding(ctx, actor, coop, id, findingForm(r))
		return err
	})
}

func (h *handlers) findingAddressed(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "fid", "/visits/", h.visitView, func(ctx context.Context, actor int64, coop org.Org, id, fid int64) error {
		return h.svc.SetFindingAddressed(ctx, actor, coop, id, fid, r.PostFormValue("addressed") == "true")
	})
}

func (h *handlers) findingEditView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, fid, err := pathIDs(r, "fid")
	if err != nil {
		return err
	}
	f, err := h.svc.Finding(r.Context(), coop, id, fid)
	if err != nil {
		return err
	}
	return h.showEdit(w, r, coop, formErr, edit{fields: "finding", self: visitPath(id) + "/findings/" + idValue(fid),
		back: visitPath(id), values: findingValues(f), deletable: true}, fixedChoices)
}

func (h *handlers) editFinding(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "fid", "/visits/", h.findingEditView, func(ctx context.Context, actor int64, coop org.Org, id, fid int64) error {
		return h.svc.EditFinding(ctx, actor, coop, id, fid, findingForm(r))
	})
}

func (h *handlers) deleteFinding(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "fid", "/visits/", h.findingEditView, h.svc.DeleteFinding)
}

// actionForm reads a follow-up action, new or edited (a new one has no
// status field and starts open).
func actionForm(r *http.Request) Action {
	return Action{Title: r.PostFormValue("title"), Owner: r.PostFormValue("owner"), DueOn: formDay(r, "due_on"),
		Status: r.PostFormValue("status")}
}

// actionValues fill the action form from an action.
func actionValues(a Action, l i18n.Lang) url.Values {
	return url.Values{"title": {a.Title}, "owner": {a.Owner}, "due_on": {dayValue(l, a.DueOn)}, "status": {a.Status}}
}

func (h *handlers) addAction(w http.ResponseWriter, r *http.Request) error {
	return h.visitAct(w, r, func(ctx context.Context, coop org.Org, actor, id int64) error {
		_, err := h.svc.AddAction(ctx, actor, coop, id, actionForm(r))
		return err
	})
}

func (h *handlers) actionStatus(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "aid", "/visits/", h.visitView, func(ctx context.Context, actor int64, coop org.Org, id, aid int64) error {
		return h.svc.SetActionStatus(ctx, actor, coop, id, aid, r.PostFormValue("status"))
	})
}

func (h *handlers) actionEditView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	id, aid, err := pathIDs(r, "aid")
	if err != nil {
		return err
	}
	a, err := h.svc.Action(r.Context(), coop, id, aid)
	if err != nil {
		return err
	}
	return h.showEdit(w, r, coop, formErr, edit{fields: "action", self: visitPath(id) + "/actions/" + idValue(aid),
		back: visitPath(id), values: actionValues(a, web.L(r))}, fixedChoices)
}

func (h *handlers) editAction(w http.ResponseWriter, r *http.Request) error {
	return h.childAct(w, r, "aid", "/visits/", h.actionEditView, func(ctx context.Context, actor int64, coop org.Org, id, aid int64) error {
		return h.svc.EditAction(ctx, actor, coop, id, aid, actionForm(r))
	})
}
