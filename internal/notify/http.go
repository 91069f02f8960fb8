package notify

import (
	"embed"
	"io/fs"
	"net/http"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

//go:embed templates/*.html
var templates embed.FS

// Mount adds a person's notifications page.
func Mount(s *web.Server, svc *Service) error {
	sub, _ := fs.Sub(templates, "templates")
	if err := s.Templates("notify", sub); err != nil {
		return err
	}
	h := &handlers{svc: svc, web: s}
	s.Handle(
		web.Route{Method: "GET", Pattern: "/account/notifications", Access: web.SignedIn, Handle: h.list},
		web.Route{Method: "POST", Pattern: "/account/notifications/read", Access: web.SignedIn, Handle: h.markRead},
	)
	return nil
}

type handlers struct {
	svc *Service
	web *web.Server
}

type row struct {
	Text, Link, Date string
	Unread           bool
}

type listPage struct {
	web.Page
	Rows   []row
	Unread bool
}

func (h *handlers) list(w http.ResponseWriter, r *http.Request) error {
	p := &listPage{Page: web.NewPage(w, r, "notify.title")}
	ns, err := h.svc.List(r.Context(), p.Who.UserID, 100)
	if err != nil {
		return err
	}
	for _, n := range ns {
		p.Rows = append(p.Rows, row{Text: p.L.Text(n.Text), Link: n.Link, Date: p.L.DateTime(n.CreatedAt), Unread: !n.Read})
		p.Unread = p.Unread || !n.Read
	}
	h.web.Render(w, r, http.StatusOK, "notify/list", p)
	return nil
}

func (h *handlers) markRead(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.MarkRead(r.Context(), web.Who(r).UserID); err != nil {
		return err
	}
	h.web.Flash(w, r, "notify.marked")
	http.Redirect(w, r, "/account/notifications", http.StatusSeeOther)
	return nil
}

func init() {
	i18n.Register(map[string]i18n.Text{
		"notify.title":    {Fa: "اعلان‌ها", En: "Notifications"},
		"notify.none":     {Fa: "اعلانی ندارید.", En: "You have no notifications."},
		"notify.unread":   {Fa: "تازه", En: "New"},
		"notify.open":     {Fa: "دیدن", En: "Open"},
		"notify.markread": {Fa: "همه را خوانده‌شده علامت بزن", En: "Mark all as read"},
		"notify.marked":   {Fa: "همه اعلان‌ها خوانده‌شده علامت خوردند.", En: "All notifications are marked as read."},
	})
}
