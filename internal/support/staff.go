package support

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/upload"
	"github.com/shahr-city/shahr/internal/web"
)

// staffBase is where a cooperation organization's staff pages live.
const staffBase = "/admin/support/{slug}"

// The staff pages are for the cooperation organization's staff (roles in
// it hold in its towns too, which stand below it); a town's own staff
// hold roles only in their town and see its public page.
func (h *handlers) access() (view, run, weights web.Access) {
	locate := h.svc.orgs.Locate
	return web.InOrg(auth.ViewStaff, locate), web.InOrg(auth.RunSupport, locate), web.InOrg(auth.SetPriorities, locate)
}

func (h *handlers) staffRoutes() []web.Route {
	view, run, weights := h.access()
	return []web.Route{
		{Method: "GET", Pattern: staffBase, Access: view, Handle: h.staffTowns},
		{Method: "POST", Pattern: staffBase + "/towns", Access: run, Form: townFields, Handle: h.addTown},
		{Method: "POST", Pattern: staffBase + "/towns/province", Access: run, Handle: h.addProvince},
		{Method: "POST", Pattern: staffBase + "/indicators", Access: run, Form: indicatorFields, Handle: h.saveIndicators},
		{Method: "POST", Pattern: staffBase + "/indicators/import", Access: run, Uploads: MaxImportBytes, Handle: h.importIndicators},
		{Method: "POST", Pattern: staffBase + "/weights", Access: weights, Form: weightFields, Handle: h.setWeights},
		{Method: "GET", Pattern: staffBase + "/export/{file}", Access: view, Handle: h.staffExport},
	}
}

// staffPage is the top of every staff page of a cooperation organization.
type staffPage struct {
	web.Page
	Coop       org.Org
	Name       string
	Base       string // the staff pages' address
	CanRun     bool
	CanWeights bool
	Now        time.Time
}

func (h *handlers) staffPage(w http.ResponseWriter, r *http.Request, coop org.Org, titleKey string) staffPage {
	p := staffPage{Page: web.NewPage(w, r, ""), Coop: coop, Base: "/admin/support/" + coop.Slug, Now: h.svc.now()}
	p.Name = coop.Name(p.L)
	p.Title = p.L.Tf(titleKey, p.Name)
	p.CanRun, p.CanWeights = p.Who.Can(auth.RunSupport, coop.Path), p.Who.Can(auth.SetPriorities, coop.Path)
	return p
}

// Overdue reports whether a follow-up action is late, by the app's clock.
func (p staffPage) Overdue(a Action) bool { return a.Overdue(p.Now) }

// show renders a page, or shows it again after a failed form.
func (h *handlers) show(w http.ResponseWriter, r *http.Request, name string, page *web.Page, data any, formErr error) error {
	if formErr != nil {
		return h.web.RenderForm(w, r, formErr, name, page, data)
	}
	h.web.Render(w, r, http.StatusOK, name, data)
	return nil
}

// viewFunc shows a staff page, with a form's problems when formErr is set.
type viewFunc func(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error

// act runs a staff form: on success it flashes and goes back to the page
// at back (below the staff base); on a form problem it shows the page
// again with the problems. Multipart forms read their own bodies.
func (h *handlers) act(w http.ResponseWriter, r *http.Request, back string, v viewFunc,
	do func(ctx context.Context, coop org.Org, actor int64) error) error {
	coop, err := h.svc.Coop(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		err = web.ParseForm(w, r)
	}
	if err == nil {
		err = do(r.Context(), coop, web.Who(r).UserID)
	}
	if err != nil {
		if apperr.CodeOf(err) == apperr.NotFound {
			return err
		}
		return v(w, r, coop, err)
	}
	h.web.Flash(w, r, "support.saved")
	http.Redirect(w, r, "/admin/support/"+coop.Slug+back, http.StatusSeeOther)
	return nil
}

// recordDo is a form's action on one record, named by the path's {id}.
type recordDo func(ctx context.Context, coop org.Org, actor, id int64) error

// recordAct is act for a form of one record: its page, back, is the
// staff base, then under, then the record's id.
func (h *handlers) recordAct(w http.ResponseWriter, r *http.Request, under string, v viewFunc, do recordDo) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.act(w, r, under+r.PathValue("id"), v, func(ctx context.Context, coop org.Org, actor int64) error {
		return do(ctx, coop, actor, id)
	})
}

// withCoop is a GET handler for a view.
func (h *handlers) withCoop(v viewFunc) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		coop, err := h.svc.Coop(r.Context(), r.PathValue("slug"))
		if err != nil {
			return err
		}
		return v(w, r, coop, nil)
	}
}

type townsPage struct {
	staffPage
	Ranked  []Ranked // every town, for the indicators form
	Ranking rankingView
	Formula formula
}

func (h *handlers) staffTowns(w http.ResponseWriter, r *http.Request) error {
	return h.withCoop(h.townsView)(w, r)
}

func (h *handlers) townsView(w http.ResponseWriter, r *http.Request, coop org.Org, formErr error) error {
	ranked, weights, err := h.svc.Priorities(r.Context(), coop)
	if err != nil {
		return err
	}
	p := townsPage{staffPage: h.staffPage(w, r, coop, "support.staff.title"), Ranked: ranked, Formula: newFormula(weights)}
	if p.Ranking, err = newRankingView(r, p.L, ranked); err != nil {
		return err
	}
	return h.show(w, r, "support/staff_towns", &p.Page, &p, formErr)
}

func (h *handlers) addTown(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", h.townsView, func(ctx context.Context, coop org.Org, actor int64) error {
		_, err := h.svc.AddTown(ctx, actor, coop, org.Input{Slug: r.PostFormValue("slug"), NameFa: r.PostFormValue("name_fa"),
			NameEn: r.PostFormValue("name_en"), Population: r.PostFormValue("population")})
		return err
	})
}

func (h *handlers) addProvince(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", h.townsView, func(ctx context.Context, coop org.Org, actor int64) error {
		_, err := h.svc.AddProvinceTowns(ctx, actor, coop, r.PostFormValue("province"))
		return err
	})
}

func (h *handlers) saveIndicators(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", h.townsView, func(ctx context.Context, coop org.Org, actor int64) error {
		_, err := h.svc.SaveIndicators(ctx, actor, coop, indicatorsForm(r))
		return err
	})
}

// indicatorsForm reads the indicators form; a field it cannot read is
// reported as that field's problem.
func indicatorsForm(r *http.Request) Indicators {
	in := Indicators{RevenueSources: strings.TrimSpace(r.PostFormValue("revenue_sources"))}
	in.TownID, _ = strconv.ParseInt(r.PostFormValue("town"), 10, 64)
	in.Tier = Tier(r.PostFormValue("tier"))
	in.AsOf = formDay(r, "as_of")
	var okPop, okStaff bool
	in.Population, okPop = wholeNumber(r.PostFormValue("population"))
	in.StaffCount, okStaff = wholeNumber(r.PostFormValue("staff_count"))
	if !okPop {
		in.Population = -1 // fails validation with the field's message
	}
	if !okStaff {
		in.StaffCount = -1
	}
	return in
}

// formDay reads a Jalali date field as the day's start in Tehran; the zero
// time when it is empty or not a date, which validation reports.
func formDay(r *http.Request, field string) time.Time { return dayOf(r.PostFormValue(field)) }

// dayOf is formDay of a field's value.
func dayOf(s string) time.Time {
	d, err := jalali.Parse(s)
	if err != nil {
		return time.Time{}
	}
	return d.In(jalali.Tehran())
}

func (h *handlers) importIndicators(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", h.townsView, func(ctx context.Context, coop org.Org, actor int64) error {
		files, err := upload.ReadMultipart(r, "file")
		if err != nil {
			return err
		}
		if len(files) != 1 {
			return invalid("file", "یک پرونده CSV انتخاب کنید.", "Choose one CSV file.")
		}
		_, err = h.svc.ImportIndicators(ctx, actor, coop, bytes.NewReader(files[0].Data))
		return err
	})
}

func (h *handlers) setWeights(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, "", h.townsView, func(ctx context.Context, coop org.Org, actor int64) error {
		var wt Weights
		for _, f := range []struct {
			name string
			dst  *int64
		}{{"w_tier", &wt.Tier}, {"w_needs", &wt.Needs}, {"w_small", &wt.Small}, {"w_staff", &wt.Staff}} {
			n, ok := wholeNumber(r.PostFormValue(f.name))
			if !ok || r.PostFormValue(f.name) == "" {
				n = -1 // out of range: validation names the field
			}
			*f.dst = n
		}
		return h.svc.SetWeights(ctx, actor, coop, wt)
	})
}
