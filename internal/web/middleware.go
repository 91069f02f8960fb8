package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/i18n"
)

// reqInfo is filled in as a request passes through the layers, and read by
// the outermost one to write the log line and the metrics. It lives in the
// context because inner layers replace the *http.Request.
type reqInfo struct {
	id    string
	route string
	ip    string
	who   *auth.Principal
	lang  i18n.Lang
	form  Fields // the bounds of the route's form
}

type infoKey struct{}

func info(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(infoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{lang: i18n.Fa}
}

// Who returns the signed-in person, or nil for an anonymous visitor.
func Who(r *http.Request) *auth.Principal { return info(r.Context()).who }

// L returns the request's interface language.
func L(r *http.Request) i18n.Lang { return info(r.Context()).lang }

// ClientIP returns the address the request came from.
func ClientIP(r *http.Request) string { return info(r.Context()).ip }

// RequestID returns the id written in the log line and the X-Request-ID header.
func RequestID(r *http.Request) string { return info(r.Context()).id }

func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, apperr.New(apperr.Forbidden, "درخواست از سایت دیگری آمده بود و پذیرفته نشد.",
			"The request came from another site and was refused."))
	}))
	return s.observe(securityHeaders(cop.Handler(s.language(h))))
}

// observe gives each request an id, recovers from panics, and writes one
// log line and the metrics when it ends.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ri := &reqInfo{id: newRequestID(), route: "(unmatched)", ip: s.clientIP(r), lang: i18n.Fa}
		ctx := context.WithValue(r.Context(), infoKey{}, ri)
		ctx = audit.WithSource(ctx, audit.Source{RequestID: ri.id, IP: ri.ip})
		r = r.WithContext(ctx)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		rec.Header().Set("X-Request-ID", ri.id)
		defer func() {
			if p := recover(); p != nil {
				s.opts.Log.ErrorContext(ctx, "panic", "request_id", ri.id, "panic", p)
				if !rec.wrote {
					s.Error(rec, r, apperr.New(apperr.Internal, "", ""))
				}
			}
			s.logRequest(r, ri, rec, time.Since(start))
		}()
		next.ServeHTTP(rec, r)
	})
}

func (s *Server) logRequest(r *http.Request, ri *reqInfo, rec *recorder, d time.Duration) {
	s.metrics.observe(r.Method, ri.route, rec.status, d)
	var uid int64
	if ri.who != nil {
		uid = ri.who.UserID
	}
	// The path only: query strings and bodies may carry personal data.
	s.opts.Log.LogAttrs(r.Context(), levelFor(rec.status), "request",
		slog.String("id", ri.id), slog.String("method", r.Method), slog.String("route", ri.route),
		slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Int("bytes", rec.bytes),
		slog.Duration("duration", d), slog.Int64("user", uid), slog.String("ip", ri.ip))
}

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// clientIP is the peer address, or with TrustProxy the address the last
// proxy in front of us saw (the last X-Forwarded-For entry: earlier entries
// are whatever the client chose to send).
func (s *Server) clientIP(r *http.Request) string {
	if s.opts.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			parts := strings.Split(xff, ",")
			return strings.TrimSpace(parts[len(parts)-1])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// contentSecurityPolicy allows nothing inline and nothing from elsewhere.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// language picks the interface language: ?lang= (which then sticks in a
// cookie), else the cookie, else Persian.
func (s *Server) language(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ri := info(r.Context())
		if q := r.URL.Query().Get("lang"); q != "" {
			if l, ok := i18n.Parse(q); ok {
				ri.lang = l
				http.SetCookie(w, &http.Cookie{Name: langCookie, Value: string(l), Path: "/",
					MaxAge: 365 * 24 * 3600, HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r, s.opts.TrustProxy)})
			}
		} else if c, err := r.Cookie(langCookie); err == nil {
			ri.lang, _ = i18n.Parse(c.Value)
		}
		next.ServeHTTP(w, r)
	})
}

const langCookie = "shahr_lang"

// loadSession loads the signed-in person when the request carries a
// session cookie (wrap calls it once the route is known: a SignedInTx
// route's handler authenticates the session itself). Anonymous requests
// touch no database. It reports false when it has answered the request.
func (s *Server) loadSession(w http.ResponseWriter, r *http.Request) bool {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return true
	}
	who, err := s.opts.Sessions.Authenticate(r.Context(), c.Value)
	switch {
	case err == nil:
		info(r.Context()).who = who
	case apperr.Is(err, apperr.Unauthorized):
		s.ClearSession(w, r) // expired or revoked: forget it
	default:
		s.Error(w, r, err)
		return false
	}
	return true
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int
	wrote  bool
}

func (w *recorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	w.wrote = true
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}
