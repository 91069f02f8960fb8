package app_test

import (
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/demo"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/servicecatalog"
	"github.com/shahr-city/shahr/internal/sistercity"
	"github.com/shahr-city/shahr/internal/support"
)

// boundCases says, for every route that bounds its form, how to post a
// valid form of it as someone allowed to: the operator for staff pages, a
// citizen for a citizen's.
var boundCases = map[string]boundCase{
	// People and organizations.
	"POST /account/name": func(run *boundsRun, _ string) submission {
		return submission{c: run.citizen, path: "/account/name", form: url.Values{"name": {"نام آزمون"}}}
	},
	"POST /admin/users": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: "/admin/users", form: url.Values{"email": {fmt.Sprintf("bounds%d@example.org", n)},
			"name": {"کارمند آزمون"}, "password": {"correct horse battery staple"}}}
	},
	"POST /admin/orgs": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: "/admin/orgs", form: url.Values{"slug": {fmt.Sprintf("bounds-root-%d", n)},
			"kind": {"municipality"}, "name_fa": {fmt.Sprintf("شهرداری آزمون %d", n)}}}
	},
	"POST /admin/orgs/{slug}/edit": func(run *boundsRun, _ string) submission {
		o := run.town()
		action := "/admin/orgs/" + o.Slug + "/edit"
		return submission{c: run.super, path: action, form: run.pageForm(run.super, action, action)}
	},
	"POST /admin/orgs/{slug}/children": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: "/admin/orgs/tehran/children", form: url.Values{"slug": {fmt.Sprintf("bounds-district-%d", n)},
			"kind": {"district"}, "name_fa": {fmt.Sprintf("منطقه آزمون %d", n)}}}
	},

	// Associations of cities.
	"POST /admin/associations/{slug}/profile": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.assoc() + "/profile", form: url.Values{"mission_fa": {"همکاری کلانشهرها"},
			"fee_currency": {"EUR"}, "fee_amount": {"7000"}, "grace_days": {"30"}}}
	},
	"POST /admin/associations/{slug}/memberships/{id}/{step}": func(run *boundsRun, field string) submission {
		if step, ok := map[string]string{"override_reason": "override", "refusal_reason": "refuse"}[field]; ok {
			m := run.membership(network.Submitted)
			return submission{c: run.super, path: fmt.Sprintf("%s/memberships/%d/%s", run.assoc(), m.ID, step), form: url.Values{}}
		}
		m := run.membership(network.Active)
		return submission{c: run.super, path: fmt.Sprintf("%s/memberships/%d/invoice", run.assoc(), m.ID),
			form: url.Values{"year": {"1405"}, "due": {"1405/10/01"}}}
	},
	"POST /admin/associations/{slug}/invoices/{iid}/payment": func(run *boundsRun, _ string) submission {
		m := run.membership(network.Active)
		inv, err := run.e.App.Network.IssueInvoice(run.ctx, 0, m.ID, 1405, run.e.Clock.Now(), 0)
		run.must(err, "invoice")
		return submission{c: run.super, path: fmt.Sprintf("%s/invoices/%d/payment", run.assoc(), inv.ID),
			form: url.Values{"paid_on": {"1405/09/10"}, "payment_ref": {"TX-1"}}}
	},
	"POST /admin/associations/{slug}/groups": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.assoc() + "/groups", form: url.Values{"kind": {"commission"},
			"name_fa": {fmt.Sprintf("کمیسیون %d", run.next())}}}
	},
	"POST /admin/associations/{slug}/groups/{gid}/meetings": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/groups/%d/meetings", run.assoc(), run.group()),
			form: url.Values{"held_on": {"1405/08/01"}, "agenda": {"گزارش دبیرخانه"}, "minutes": {"تصویب شد"}}}
	},
	"POST /admin/associations/{slug}/benefits": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.assoc() + "/benefits", form: url.Values{
			"name_fa": {fmt.Sprintf("دوره آموزشی %d", run.next())}, "seats": {"3"}}}
	},
	"POST /admin/associations/{slug}/benefits/{bid}/allocations": func(run *boundsRun, _ string) submission {
		b, m := run.benefit(), run.member()
		return submission{c: run.super, path: fmt.Sprintf("%s/benefits/%d/allocations", run.assoc(), b),
			form: url.Values{"membership": {strconv.FormatInt(m, 10)}, "person": {"کارشناس آزمون"}, "event": {"دوره آزمون"}}}
	},
	"POST /admin/associations/{slug}/allocations/{aid}/usage": func(run *boundsRun, _ string) submission {
		a, err := run.e.App.Network.Allocate(run.ctx, 0, run.e.Org(boundsAssoc).ID, run.benefit(), run.member(), "کارشناس آزمون", "دوره آزمون")
		run.must(err, "allocation")
		return submission{c: run.super, path: fmt.Sprintf("%s/allocations/%d/usage", run.assoc(), a.ID),
			form: url.Values{"usage": {"در دوره شرکت کرد"}}}
	},
	"POST /admin/orgs/{slug}/memberships": func(run *boundsRun, _ string) submission {
		run.assoc()
		o := run.town()
		return submission{c: run.super, path: "/admin/orgs/" + o.Slug + "/memberships", form: url.Values{"association": {boundsAssoc},
			"justification": {"گزارش توجیهی"}}, fileField: "files", files: map[string][]byte{"report.pdf": []byte("%PDF-1.4 report")}}
	},
	"POST /admin/orgs/{slug}/memberships/{id}/council": func(run *boundsRun, _ string) submission {
		m := run.membership(network.Draft)
		return submission{c: run.super, path: fmt.Sprintf("/admin/orgs/%s/memberships/%d/council", m.MemberSlug, m.ID),
			form: url.Values{"resolution_no": {"۱۲۳"}, "resolution_date": {"۱۴۰۱/۰۵/۱۲"}, "session": {"نخستین جلسه علنی"}, "urgency": {"double"}}}
	},
	"POST /admin/orgs/{slug}/memberships/{id}/submit": func(run *boundsRun, _ string) submission {
		m := run.membership(network.CouncilApproved)
		return submission{c: run.super, path: fmt.Sprintf("/admin/orgs/%s/memberships/%d/submit", m.MemberSlug, m.ID),
			form: url.Values{"letter_ref": {"۴۵۶۷"}}}
	},

	// Events.
	"POST /admin/events": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: "/admin/events", form: eventForm()}
	},
	"POST /admin/events/{id}": func(run *boundsRun, _ string) submission {
		action := run.event()
		return submission{c: run.super, path: action, form: run.pageForm(run.super, action, action)}
	},
	"POST /admin/events/{id}/exhibitors": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.created(run.super, "/admin/events", eventForm()) + "/exhibitors",
			form: url.Values{"exhibitor": {"tehran"}, "showcase_fa": {"تجربه‌های شهری"}}}
	},
	"POST /admin/events/{id}/materials": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.event() + "/materials", form: url.Values{"material_title_fa": {"برنامه"},
			"url": {"https://example.org/programme"}}, fileField: "file"}
	},
	"POST /admin/events/{id}/exhibitors/{xid}": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.eventPart("exhibitors"), form: url.Values{"showcase_fa": {"تجربه‌های شهری"}}}
	},
	"POST /admin/events/{id}/materials/{mid}": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.eventPart("materials"), form: url.Values{"material_title_fa": {"برنامه"},
			"url": {"https://example.org/programme"}}}
	},
	"POST /events/{id}/register": func(run *boundsRun, _ string) submission {
		id := strings.TrimPrefix(run.event(), "/admin/events/")
		return submission{c: run.super, path: "/events/" + id + "/register", form: url.Values{"org": {"tehran"},
			"name": {"زهرا موسوی"}, "role": {"کارشناس"}, "email": {"z@example.org"}}}
	},

	// Practices and services.
	"POST /admin/orgs/{slug}/practices": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: "/admin/orgs/tehran/practices", form: practiceForm(run.next())}
	},
	"POST /admin/orgs/{slug}/practices/{id}/edit": func(run *boundsRun, _ string) submission {
		edit := once(run, "practice", func() string { return run.created(run.super, "/admin/orgs/tehran/practices", practiceForm(0)) })
		return submission{c: run.super, path: edit, form: practiceForm(run.next())}
	},
	"POST /admin/practices/{id}/unpublish": func(run *boundsRun, _ string) submission {
		edit := run.created(run.super, "/admin/orgs/tehran/practices", practiceForm(run.next()))
		run.created(run.super, strings.TrimSuffix(edit, "/edit")+"/publish", url.Values{})
		return submission{c: run.super, path: "/admin/practices/" + path.Base(path.Dir(edit)) + "/unpublish",
			form: url.Values{"reason": {"تکراری است"}}}
	},
	"POST /admin/orgs/{slug}/services": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: "/admin/orgs/tehran/services", form: serviceForm(run.next())}
	},
	"POST /admin/orgs/{slug}/services/{id}/edit": func(run *boundsRun, _ string) submission {
		id := once(run, "service", func() int64 {
			it, err := run.e.App.Catalog.Create(run.ctx, 0, servicecatalog.Item{OrgID: run.e.Org("tehran").ID, Category: "permits",
				TitleFa: "پروانه ساختمان", DescriptionFa: "صدور پروانه"})
			run.must(err, "service")
			return it.ID
		})
		return submission{c: run.super, path: fmt.Sprintf("/admin/orgs/tehran/services/%d/edit", id), form: serviceForm(run.next())}
	},

	// Sister cities.
	"POST /admin/sister-cities": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: "/admin/sister-cities", form: run.agreementForm()}
	},
	"POST /admin/sister-cities/gazetteer": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: "/admin/sister-cities/gazetteer", form: url.Values{"name_fa": {fmt.Sprintf("شهر آزمون %d", n)},
			"name_en": {fmt.Sprintf("Test City %d", n)}, "country": {"KR"}}}
	},
	"POST /admin/sister-cities/gazetteer/{cid}/edit": func(run *boundsRun, _ string) submission {
		action := fmt.Sprintf("/admin/sister-cities/gazetteer/%d/edit", run.city().ID)
		return submission{c: run.super, path: action, form: run.pageForm(run.super, action, action)}
	},
	"POST /admin/sister-cities/{id}/status": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.created(run.super, "/admin/sister-cities", run.agreementForm()) + "/status",
			form: url.Values{"status": {"negotiating"}, "day": {"1405/08/20"}, "note": {"نامه نخست فرستاده شد"}}}
	},
	"POST /admin/sister-cities/{id}/documents": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.agreement() + "/documents", form: url.Values{"kind": {"memorandum"}, "title": {"تفاهم‌نامه"}},
			fileField: "files", files: map[string][]byte{"mou.pdf": []byte("%PDF-1.4 memorandum")}}
	},
	"POST /admin/sister-cities/{id}/contacts": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.agreement() + "/contacts", form: url.Values{"position": {"1"}, "name": {"علی رضایی"},
			"role": {"مدیر روابط بین‌الملل"}, "email": {"ali@example.org"}}}
	},
	"POST /admin/sister-cities/{id}/activities": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.agreement() + "/activities", form: url.Values{"kind": {"visit"}, "day": {"1405/08/20"},
			"description_fa": {"بازدید هیئت شهری"}}}
	},

	// Support for less-developed towns.
	"POST /admin/support/{slug}/towns": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: hamyari + "/towns", form: url.Values{"slug": {fmt.Sprintf("bounds-town-%d", n)},
			"name_fa": {fmt.Sprintf("شهرداری آزمون %d", n)}}}
	},
	"POST /admin/support/{slug}/indicators": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: hamyari + "/indicators", form: url.Values{"town": {run.supportTown()},
			"tier": {"developing"}, "as_of": {"1405/08/01"}}}
	},
	"POST /admin/support/{slug}/weights": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: hamyari + "/weights", form: url.Values{"w_tier": {"55"}, "w_needs": {"15"},
			"w_small": {"15"}, "w_staff": {"15"}}}
	},
	"POST /admin/support/{slug}/projects": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: hamyari + "/projects", form: run.projectForm()}
	},
	"POST /admin/support/{slug}/projects/{id}/edit": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/projects/%d/edit", hamyari, run.supportProject().ID), form: run.projectForm()}
	},
	"POST /admin/support/{slug}/projects/{id}/stages": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/projects/%d/stages", hamyari, run.supportProject().ID), form: validStage()}
	},
	"POST /admin/support/{slug}/projects/{id}/stages/{sid}/edit": func(run *boundsRun, _ string) submission {
		p := run.supportProject()
		return submission{c: run.super, path: fmt.Sprintf("%s/projects/%d/stages/%d/edit", hamyari, p.ID, p.Stages[0].ID), form: validStage()}
	},
	"POST /admin/support/{slug}/visits": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: hamyari + "/visits", form: run.planForm()}
	},
	"POST /admin/support/{slug}/visits/{id}/edit": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/edit", hamyari, run.visit().ID), form: run.planForm()}
	},
	"POST /admin/support/{slug}/visits/{id}/report": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/report", hamyari, run.visit().ID), form: url.Values{
			"visited_on": {"1405/08/20"}, "summary": {"نیاز به آب‌رسانی"}, "participant_name": {"شهردار"}, "participant_role": {"mayor"}}}
	},
	"POST /admin/support/{slug}/visits/{id}/findings": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/findings", hamyari, run.visit().ID), form: validFinding()}
	},
	"POST /admin/support/{slug}/visits/{id}/findings/{fid}/edit": func(run *boundsRun, _ string) submission {
		v := run.visit()
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/findings/%d/edit", hamyari, v.ID, run.finding()), form: validFinding()}
	},
	"POST /admin/support/{slug}/visits/{id}/actions": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/actions", hamyari, run.visit().ID), form: validAction()}
	},
	"POST /admin/support/{slug}/visits/{id}/actions/{aid}/edit": func(run *boundsRun, _ string) submission {
		v := run.visit()
		return submission{c: run.super, path: fmt.Sprintf("%s/visits/%d/actions/%d/edit", hamyari, v.ID, run.action()), form: validAction()}
	},

	// "I am Mayor".
	"POST /budgets/{slug}/proposals": func(run *boundsRun, _ string) submission {
		p := run.process(demo.IdeasSlug)
		return submission{c: run.citizen, path: "/budgets/" + p.Slug + "/proposals", form: url.Values{
			"heading": {strconv.FormatInt(p.Headings[0].ID, 10)}, "category": {"1"}, "title": {"نیمکت برای پارک"},
			"description": {"چند نیمکت در پارک محله"}, "estimated_cost": {"50000000"}}, fileField: "files"}
	},
	"POST /budgets/{slug}/proposals/{pid}/flag": func(run *boundsRun, _ string) submission {
		return submission{c: run.citizen, path: fmt.Sprintf("/budgets/%s/proposals/%d/flag", demo.IdeasSlug, run.proposal(true)),
			form: url.Values{"reason": {"آگهی تجاری است"}}}
	},
	"POST /admin/budgets/{id}/proposals/{pid}/review": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.staffProposal(true) + "/review", form: url.Values{"feasible": {"no"},
			"reason": {"در زمین خصوصی است"}}}
	},
	"POST /admin/budgets/{id}/proposals/{pid}/comments": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.staffProposal(true) + "/comments", form: url.Values{"body": {"برآورد بالاتر است"}}}
	},
	"POST /admin/budgets/{id}/proposals/{pid}/hide": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.staffProposal(false) + "/hide", form: url.Values{"hide_reason": {"تبلیغ تجاری"}}}
	},
	"POST /admin/budgets/{id}/implementation/{pid}/milestones": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: run.project() + "/milestones", form: url.Values{"title_fa": {"آغاز کار"},
			"on": {"1405/09/15"}}, fileField: "photos"}
	},
	"POST /admin/budget-categories": func(run *boundsRun, _ string) submission {
		n := run.next()
		return submission{c: run.super, path: "/admin/budget-categories", form: url.Values{"slug": {fmt.Sprintf("bounds-%d", n)},
			"name_fa": {fmt.Sprintf("دسته %d", n)}, "name_en": {fmt.Sprintf("Category %d", n)}}}
	},
	"POST /admin/budgets": func(run *boundsRun, _ string) submission {
		form := run.settingsForm()
		form.Set("slug", fmt.Sprintf("bounds-%d", run.next()))
		form.Set("org", strconv.FormatInt(run.e.Org("tehran-district-21").ID, 10))
		for i := range form["heading_id"] {
			form["heading_id"][i] = ""
		}
		return submission{c: run.super, path: "/admin/budgets", form: form}
	},
	"POST /admin/budgets/{id}/settings": func(run *boundsRun, _ string) submission {
		return submission{c: run.super, path: fmt.Sprintf("/admin/budgets/%d/settings", run.process(demo.IdeasSlug).ID),
			form: run.settingsForm()}
	},
}

const (
	boundsAssoc = "bounds-assoc"
	hamyari     = "/admin/support/" + demo.HamyariSlug
)

// town is a new municipality of its own.
func (run *boundsRun) town() org.Org {
	n := run.next()
	o, err := run.e.App.Orgs.Create(run.ctx, 0, nil, org.Input{Slug: fmt.Sprintf("bounds-city-%d", n),
		Kind: string(org.Municipality), NameFa: fmt.Sprintf("شهرداری نمونه %d", n)})
	run.must(err, "town")
	return o
}

// assoc is the secretariat's pages of an association with a profile.
func (run *boundsRun) assoc() string {
	return once(run, "assoc", func() string {
		_, err := run.e.App.Orgs.Create(run.ctx, 0, nil, org.Input{Slug: boundsAssoc, Kind: string(org.Association),
			NameFa: "انجمن آزمون", NameEn: "Test association"})
		run.must(err, "association")
		_, err = run.e.App.Network.SaveProfile(run.ctx, 0, boundsAssoc, network.Profile{MissionFa: "همکاری شهرها",
			FeeAmount: 700_000, FeeCurrency: "EUR", GraceDays: 30})
		run.must(err, "profile")
		return "/admin/associations/" + boundsAssoc
	})
}

// membership is a new town's membership of the association, taken to
// status.
func (run *boundsRun) membership(status network.Status) network.Membership {
	run.assoc()
	svc, ctx := run.e.App.Network, run.ctx
	m, err := svc.Apply(ctx, 0, run.town().ID, boundsAssoc, "گزارش توجیهی", nil)
	run.must(err, "apply")
	steps := []func() (network.Membership, error){
		func() (network.Membership, error) {
			return svc.RecordCouncil(ctx, 0, m.ID, network.Council{ResolutionNo: "۱", Date: "۱۴۰۱/۰۵/۱۲", Session: "جلسه", Urgency: network.Double})
		},
		func() (network.Membership, error) { return svc.Submit(ctx, 0, m.ID, "۲") },
		func() (network.Membership, error) { return svc.Accept(ctx, 0, m.ID) },
		func() (network.Membership, error) { return svc.Activate(ctx, 0, m.ID, run.e.Clock.Now()) },
	}
	for _, step := range steps {
		if m.Status == status {
			break
		}
		m, err = step()
		run.must(err, "membership step")
	}
	return m
}

// member is an active membership's id, made once.
func (run *boundsRun) member() int64 {
	return once(run, "member", func() int64 { return run.membership(network.Active).ID })
}

func (run *boundsRun) group() int64 {
	return once(run, "group", func() int64 {
		run.assoc()
		g, err := run.e.App.Network.CreateGroup(run.ctx, 0, network.Group{AssociationID: run.e.Org(boundsAssoc).ID,
			Kind: network.Commission, Name: i18n.Text{Fa: "کمیسیون گردشگری"}})
		run.must(err, "group")
		return g.ID
	})
}

// benefit has seats enough for every allocation of the run.
func (run *boundsRun) benefit() int64 {
	return once(run, "benefit", func() int64 {
		run.assoc()
		b, err := run.e.App.Network.CreateBenefit(run.ctx, 0, network.Benefit{AssociationID: run.e.Org(boundsAssoc).ID,
			Name: i18n.Text{Fa: "دوره آموزشی رایگان"}, SeatsPerYear: 1000})
		run.must(err, "benefit")
		return b.ID
	})
}

func eventForm() url.Values {
	return url.Values{"kind": {"exhibition"}, "status": {"open"}, "title_fa": {"نمایشگاه تجربه‌های شهری"},
		"owner": {"council-chairs-assembly"}, "organizers": {"tehran-council"}, "host_org": {"shiraz"},
		"start_date": {"1405/10/05"}, "start_time": {"09:30"}, "end_date": {"1405/10/07"}, "end_time": {"18:00"}}
}

// event is the staff page of an exhibition open for registration.
func (run *boundsRun) event() string {
	return once(run, "event", func() string { return run.created(run.super, "/admin/events", eventForm()) })
}

// eventPart is the page of the event's one exhibitor or material (kind).
func (run *boundsRun) eventPart(kind string) string {
	return once(run, kind, func() string {
		ev := run.event()
		id, _ := strconv.ParseInt(path.Base(ev), 10, 64)
		if kind == "exhibitors" {
			run.created(run.super, ev+"/exhibitors", url.Values{"exhibitor": {"tehran"}, "showcase_fa": {"تجربه‌ها"}})
			xs, err := run.e.App.Events.Exhibitors(run.ctx, id)
			run.must(err, "exhibitors")
			return fmt.Sprintf("%s/exhibitors/%d", ev, xs[0].ID)
		}
		r := run.super.PostMultipart(ev+"/materials", url.Values{"material_title_fa": {"برنامه"}, "url": {"https://example.org/p"}}, "file", nil)
		if r.Status >= 400 {
			run.t.Fatalf("material: %d\n%.1000s", r.Status, r.Body)
		}
		ms, err := run.e.App.Events.Materials(run.ctx, id)
		run.must(err, "materials")
		return fmt.Sprintf("%s/materials/%d", ev, ms[0].ID)
	})
}

// practiceForm is a practice, its title numbered n.
func practiceForm(n int) url.Values {
	return url.Values{"title_fa": {fmt.Sprintf("بازآفرینی بافت فرسوده %d", n)}, "problem_fa": {"بافت فرسوده"}, "action_fa": {"نوسازی"},
		"contact_name": {"دفتر نوسازی"}, "contact_email": {"renewal@example.org"}}
}

// serviceForm is a municipal service, its title numbered n.
func serviceForm(n int) url.Values {
	return url.Values{"title_fa": {fmt.Sprintf("پروانه ساختمان %d", n)}, "category": {"permits"}, "description_fa": {"صدور پروانه ساختمان"}}
}

// city is a gazetteer city of the run.
func (run *boundsRun) city() sistercity.City {
	n := run.next()
	c, err := run.e.App.Sister.SaveCity(run.ctx, 0, sistercity.City{NameFa: fmt.Sprintf("شهر نمونه %d", n),
		NameEn: fmt.Sprintf("Sample City %d", n), Country: "KR"})
	run.must(err, "city")
	return c
}

// agreementForm proposes an agreement between Tehran and a new city.
func (run *boundsRun) agreementForm() url.Values {
	return url.Values{"status": {"proposed"}, "party_a": {fmt.Sprintf("o:%d", run.e.Org("tehran").ID)},
		"party_b": {fmt.Sprintf("c:%d", run.city().ID)}, "proposed_on": {"1405/08/01"}}
}

// agreement is the staff page of an agreement of the run.
func (run *boundsRun) agreement() string {
	return once(run, "agreement", func() string { return run.created(run.super, "/admin/sister-cities", run.agreementForm()) })
}

func (run *boundsRun) coop() org.Org {
	c, err := run.e.App.Support.Coop(run.ctx, demo.HamyariSlug)
	run.must(err, "coop")
	return c
}

// supportTown is the id of one of the cooperation organization's towns.
func (run *boundsRun) supportTown() string {
	towns, err := run.e.App.Support.Towns(run.ctx, run.coop())
	run.must(err, "towns")
	return strconv.FormatInt(towns[0].ID, 10)
}

func (run *boundsRun) projectForm() url.Values {
	return url.Values{"town": {run.supportTown()}, "title": {"کارخانه کود آلی"}, "status": {"idea"}, "share_coop": {"100"}}
}

// supportProject is a joint project with one stage.
func (run *boundsRun) supportProject() support.Project {
	return once(run, "project", func() support.Project {
		town, _ := strconv.ParseInt(run.supportTown(), 10, 64)
		p, err := run.e.App.Support.CreateProject(run.ctx, 0, run.coop(), support.Project{TownID: town, Title: "گلخانه",
			Status: "idea", Partners: []support.Partner{{OrgID: run.coop().ID, Share: 10000}}})
		run.must(err, "project")
		st, err := run.e.App.Support.AddStage(run.ctx, 0, run.coop(), p.ID, support.Stage{Name: "مطالعه", PlannedOn: run.e.Clock.Now()})
		run.must(err, "stage")
		p.Stages = append(p.Stages, st)
		return p
	})
}

func validStage() url.Values {
	return url.Values{"name": {"مطالعه"}, "planned_on": {"1405/10/01"}}
}

func (run *boundsRun) planForm() url.Values {
	return url.Values{"town": {run.supportTown()}, "planned_on": {"1405/09/10"}, "purpose": {"شناخت نیازها"}}
}

// visit is a planned visit of the run.
func (run *boundsRun) visit() support.Visit {
	return once(run, "visit", func() support.Visit {
		town, _ := strconv.ParseInt(run.supportTown(), 10, 64)
		v, err := run.e.App.Support.PlanVisit(run.ctx, 0, run.coop(), support.Visit{TownID: town, PlannedOn: run.e.Clock.Now().AddDate(0, 0, 10),
			Purpose: "شناخت نیازها"})
		run.must(err, "visit")
		return v
	})
}

func validFinding() url.Values {
	return url.Values{"kind": {"need"}, "category": {"revenue"}, "priority": {"high"}, "body": {"درآمد پایدار"}}
}

func (run *boundsRun) finding() int64 {
	return once(run, "finding", func() int64 {
		f, err := run.e.App.Support.AddFinding(run.ctx, 0, run.coop(), run.visit().ID, support.Finding{Kind: "need",
			Category: "revenue", Priority: "high", Body: "درآمد پایدار"})
		run.must(err, "finding")
		return f.ID
	})
}

func validAction() url.Values {
	return url.Values{"title": {"تهیه طرح"}, "owner": {"معاونت عمرانی"}, "due_on": {"1405/10/01"}, "status": {"open"}}
}

func (run *boundsRun) action() int64 {
	return once(run, "action", func() int64 {
		a, err := run.e.App.Support.AddAction(run.ctx, 0, run.coop(), run.visit().ID, support.Action{Title: "تهیه طرح",
			Owner: "معاونت", DueOn: run.e.Clock.Now().AddDate(0, 1, 0), Status: "open"})
		run.must(err, "action")
		return a.ID
	})
}

func (run *boundsRun) process(slug string) budgeting.Process {
	p, err := run.e.App.Budget.ProcessBySlug(run.ctx, slug)
	run.must(err, slug)
	return p
}

// proposal is a proposal of the ideas process: one shared by the run's
// cases, or a new one.
func (run *boundsRun) proposal(shared bool) int64 {
	make := func() int64 {
		author := once(run, "author", func() int64 {
			run.e.Citizen("09127770002")
			u, err := run.e.App.Identity.FindByContact(run.ctx, "09127770002")
			run.must(err, "author")
			return u.ID
		})
		p := run.process(demo.IdeasSlug)
		pr, err := run.e.App.Budget.Submit(run.ctx, author, budgeting.Proposal{ProcessID: p.ID, HeadingID: p.Headings[0].ID,
			CategoryID: 1, Title: "تبلیغ فروشگاه", Description: "آگهی", EstimatedCost: 10_000_000})
		run.must(err, "proposal")
		return pr.ID
	}
	if shared {
		return once(run, "proposal", make)
	}
	return make()
}

// staffProposal is a proposal's staff page.
func (run *boundsRun) staffProposal(shared bool) string {
	return fmt.Sprintf("/admin/budgets/%d/proposals/%d", run.process(demo.IdeasSlug).ID, run.proposal(shared))
}

// project is the staff address of a winner of the finished process.
func (run *boundsRun) project() string {
	p := run.process(demo.FinishedSlug)
	ps, err := run.e.App.Budget.Projects(run.ctx, p.ID)
	run.must(err, "projects")
	return fmt.Sprintf("/admin/budgets/%d/implementation/%d", p.ID, ps[0].Proposal.ID)
}

// settingsForm is the ideas process's settings as its page shows them.
func (run *boundsRun) settingsForm() url.Values {
	action := fmt.Sprintf("/admin/budgets/%d/settings", run.process(demo.IdeasSlug).ID)
	return run.pageForm(run.super, action, action)
}
