// Package home is the front page: what Shahr is, the organizations it
// serves, and the way in for citizens and staff. Later modules add their
// highlights (open budgeting processes, council sessions) here.
package home

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

type handlers struct {
	orgs *org.Service
	web  *web.Server
}

// Mount adds the front page to the server.
func Mount(s *web.Server, orgs *org.Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("home", sub); err != nil {
		return err
	}
	h := &handlers{orgs: orgs, web: s}
	s.Handle(web.Route{Method: "GET", Pattern: "/{$}", Access: web.Public, Handle: h.home})
	return nil
}

type homePage struct {
	web.Page
	Roots web.Cards
}

func (h *handlers) home(w http.ResponseWriter, r *http.Request) error {
	roots, err := h.orgs.List(r.Context(), org.Query{Roots: true, Limit: 50})
	if err != nil {
		return err
	}
	p := &homePage{Page: web.NewPage(w, r, "")}
	p.Roots = org.Cards(roots, p.L, "/orgs/")
	h.web.Render(w, r, http.StatusOK, "home/home", p)
	return nil
}

func init() {
	i18n.Register(map[string]i18n.Text{
		"home.lead":             {Fa: "شهر جایی است که شهروندان، شهرداری‌ها، شوراها و شبکه‌های شهرها با هم کار می‌کنند: پیشنهاد طرح برای محله، رأی به بودجه، پیگیری اجرای پروژه‌ها و همکاری میان شهرها.", En: "Shahr is where citizens, municipalities, councils and networks of cities work together: propose projects for your neighbourhood, vote on the budget, follow their implementation, and cooperate across cities."},
		"home.sections":         {Fa: "بخش‌ها", En: "Sections"},
		"home.sec.budgets":      {Fa: "من شهردارم: بودجه‌ریزی مشارکتی", En: "I am Mayor: participatory budgeting"},
		"home.sec.associations": {Fa: "انجمن‌ها و مجامع شهرها", En: "Associations of cities"},
		"home.sec.sister":       {Fa: "شهرهای خواهرخوانده", En: "Sister cities"},
		"home.sec.events":       {Fa: "رویدادها، نمایشگاه‌ها و دوره‌ها", En: "Events, exhibitions and courses"},
		"home.sec.practices":    {Fa: "تجربه‌های موفق شهرها", En: "Good practices of cities"},
		"home.sec.services":     {Fa: "خدمات شهرداری‌ها", En: "Municipal services"},
		"home.sec.support":      {Fa: "حمایت از شهرهای کم‌برخوردار", En: "Support for less-developed towns"},
		"home.join":             {Fa: "ثبت‌نام با شماره همراه", En: "Sign up with your mobile number"},
		"home.orgs":             {Fa: "سازمان‌های عضو", En: "Organizations on Shahr"},
		"home.all":              {Fa: "همه سازمان‌ها", En: "All organizations"},
		"home.empty":            {Fa: "هنوز سازمانی ثبت نشده است.", En: "No organization has been added yet."},
		"home.search":           {Fa: "جستجوی سازمان، منطقه یا محله", En: "Find an organization, district or neighbourhood"},
		"home.greet":            {Fa: "خوش آمدید.", En: "Welcome."},
		"home.greet.name":       {Fa: "%s، خوش آمدید.", En: "Welcome, %s."},
	})
}
