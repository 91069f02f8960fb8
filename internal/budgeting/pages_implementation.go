package budgeting

import (
	"fmt"
	"net/http"
	"slices"
	"time"
)

// projectRow is a winning project as the public tracking page shows it.
type projectRow struct {
	URL, Title, Heading, Status, StatusKey, Cost, Spent, Progress string
	Percent                                                       int
	Milestones                                                    []milestoneRow
}

type milestoneRow struct {
	Date, Title, Project, ProjectURL string
	Done                             bool
	Photos                           []Attachment
	on                               time.Time
}

type rollupRow struct {
	Name, Projects, Done, Cost, Spent, Progress string
	Percent                                     int
}

type implementationPage struct {
	processView
	Rollup   []rollupRow
	Projects []projectRow
	Timeline []milestoneRow
}

// implementationPage follows the winning projects: the progress of each
// heading and of the whole process, every project's status and spending,
// and a timeline of milestones with photos.
func (h *handlers) implementationPage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.view(w, r)
	if err != nil {
		return err
	}
	projects, err := h.svc.Projects(r.Context(), v.Process.ID)
	if err != nil {
		return err
	}
	p := &implementationPage{processView: v}
	p.Title = p.T("budgeting.implementation.title") + " · " + v.ProcessTitle
	l := p.L
	for _, ru := range RollUp(v.Process, projects) {
		name := p.T("budgeting.implementation.all")
		if hd, ok := v.Process.Heading(ru.HeadingID); ok {
			name = hd.Name(l)
		}
		p.Rollup = append(p.Rollup, rollupRow{Name: name, Projects: l.Int(ru.Projects), Done: l.Int(ru.Done), Cost: money(l, ru.Cost),
			Spent: money(l, ru.Spent), Progress: l.Tf("budgeting.percent", l.Int(ru.Progress)), Percent: ru.Progress})
	}
	for _, pj := range projects {
		hd, _ := v.Process.Heading(pj.Proposal.HeadingID)
		url := fmt.Sprintf("/budgets/%s/proposals/%d", v.Slug, pj.Proposal.ID)
		row := projectRow{URL: url, Title: pj.Proposal.Title, Heading: hd.Name(l), Status: StatusLabel(pj.Status).In(l),
			StatusKey: pj.Status, Cost: money(l, pj.Proposal.Cost()), Spent: money(l, pj.Spent),
			Progress: l.Tf("budgeting.percent", l.Int(pj.Progress)), Percent: pj.Progress}
		for _, m := range pj.Milestones {
			mr := milestoneRow{Date: l.Date(m.On), Title: m.Title(l), Project: pj.Proposal.Title, ProjectURL: url, Done: m.Done,
				Photos: m.Photos, on: m.On}
			row.Milestones = append(row.Milestones, mr)
			p.Timeline = append(p.Timeline, mr)
		}
		p.Projects = append(p.Projects, row)
	}
	slices.SortStableFunc(p.Timeline, func(a, b milestoneRow) int { return a.on.Compare(b.on) })
	h.web.Render(w, r, http.StatusOK, "budgeting/implementation", p)
	return nil
}
