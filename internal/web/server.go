// Package web is the HTTP layer every module plugs into: the route table
// with each route's declared access, the middleware (request ids, logs,
// metrics, security headers, cross-origin protection, sessions, language),
// page rendering with the shared layout, the error page, and the embedded
// static assets.
package web

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
)

// HandlerFunc handles a request and returns an error for the one wrapper
// that renders error pages, so handlers never write error responses.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Route is one entry of the route table.
type Route struct {
	Method  string // GET, POST, ...
	Pattern string // a net/http pattern path, e.g. "/orgs/{slug}"
	Access  Access // who may use it; every route declares one
	Handle  HandlerFunc
	// Form bounds the fields of the form the route reads; ParseForm and
	// CheckForm refuse a form outside them, 422.
	Form Fields
	// Uploads is the most bytes of attached files the route accepts,
	// beside its form.
	Uploads int64
}

// MaxBody is the most bytes the route's request body may hold: what its
// fields hold at their limits in Persian and its files, and DefaultMaxBody
// more, so that a field a little over its limit is refused by its bound,
// which names it, rather than by the body's size.
func (rt Route) MaxBody() int64 { return DefaultMaxBody + rt.Form.bodySize() + rt.Uploads }

// Key is "METHOD /pattern", as ServeMux writes it (just the pattern for a
// route that takes any method).
func (rt Route) Key() string {
	if rt.Method == "" {
		return rt.Pattern
	}
	return rt.Method + " " + rt.Pattern
}

// SessionLoader turns a session cookie's token into the signed-in person.
type SessionLoader interface {
	Authenticate(ctx context.Context, token string) (*auth.Principal, error)
}

// Options configures a Server.
type Options struct {
	Log        *slog.Logger
	Sessions   SessionLoader
	Registry   *prometheus.Registry // metrics are registered here
	TrustProxy bool                 // take the client address from X-Forwarded-For
}

// Server holds the route table and the page renderer.
type Server struct {
	opts    Options
	mux     *http.ServeMux
	routes  []Route
	render  *Renderer
	metrics *metrics
	handler http.Handler
}

// New returns a server with the shared layout and static assets.
func New(opts Options) (*Server, error) {
	r, err := newRenderer()
	if err != nil {
		return nil, err
	}
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, mux: http.NewServeMux(), render: r, metrics: m}
	static := staticHandler()
	s.Handle(Route{Method: http.MethodGet, Pattern: "/static/", Access: Public,
		Handle: func(w http.ResponseWriter, r *http.Request) error { static.ServeHTTP(w, r); return nil }})
	s.mux.Handle("/", s.wrap(Route{Pattern: "(unmatched)", Access: Public, Handle: notFound}))
	s.handler = s.middleware(s.mux)
	return s, nil
}

func notFound(http.ResponseWriter, *http.Request) error { return apperr.ErrNotFound }

// Templates adds a module's page templates under a name prefix: the file
// show.html in the "org" module is rendered as "org/show".
func (s *Server) Templates(prefix string, fsys fs.FS) error { return s.render.add(prefix, fsys) }

// Handle registers routes. Registering one key twice is a programming error.
func (s *Server) Handle(routes ...Route) {
	for _, rt := range routes {
		if rt.Access == nil || rt.Handle == nil {
			panic(fmt.Sprintf("web: route %s declares no access or handler", rt.Key()))
		}
		s.routes = append(s.routes, rt)
		s.mux.Handle(rt.Key(), s.wrap(rt))
	}
}

// Routes returns the route table (the authorization test walks it).
func (s *Server) Routes() []Route { return s.routes }

// ServeHTTP serves a request through the middleware.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// wrap checks the route's access, runs its handler and renders its error.
func (s *Server) wrap(rt Route) http.Handler {
	route, limit := rt.Key(), rt.MaxBody()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r.Context())
		ri.route, ri.form = route, rt.Form
		if _, own := rt.Access.(signedInTx); !own && !s.loadSession(w, r) {
			return
		}
		err := rt.Access.Allow(r, Who(r))
		if err == nil {
			err = limitBody(w, r, limit)
		}
		if err == nil {
			err = rt.Handle(w, r)
		}
		if err != nil {
			s.Error(w, r, err)
		}
	})
}

// Error renders err: JSON under /api/, an HTML page elsewhere. An anonymous
// visitor refused a page is sent to sign in and brought back afterwards.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	ae, ok := apperr.As(err)
	if !ok || ae.Code == apperr.Internal {
		s.opts.Log.ErrorContext(r.Context(), "internal error", "request_id", info(r.Context()).id,
			"route", info(r.Context()).route, "error", err)
		ae = apperr.New(apperr.Internal, "خطایی در سامانه رخ داد. دوباره تلاش کنید.",
			"Something went wrong on our side. Please try again.")
	}
	status := Status(ae.Code)
	if IsAPI(r) {
		writeJSONError(w, status, ae)
		return
	}
	if ae.Code == apperr.Unauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+nextParam(safeNext(r.URL.RequestURI())), http.StatusSeeOther)
		return
	}
	page := &ErrorPage{Page: NewPage(w, r, ""), Status: status, Message: L(r).Text(ae.Msg), RequestID: info(r.Context()).id}
	page.Title = page.Message
	s.Render(w, r, status, "error", page)
}

// Status maps an application error code to its HTTP status, in one place.
func Status(c apperr.Code) int {
	switch c {
	case apperr.Invalid:
		return http.StatusBadRequest
	case apperr.NotFound:
		return http.StatusNotFound
	case apperr.Conflict:
		return http.StatusConflict
	case apperr.Unauthorized:
		return http.StatusUnauthorized
	case apperr.Forbidden:
		return http.StatusForbidden
	case apperr.RateLimited:
		return http.StatusTooManyRequests
	case apperr.OutOfBounds:
		return http.StatusUnprocessableEntity
	case apperr.TooLarge:
		return http.StatusRequestEntityTooLarge
	case apperr.Unavailable:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// IsAPI reports whether r is for the JSON API.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }
