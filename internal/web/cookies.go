package web

import (
	"net/http"
	"time"
)

// SessionCookie holds the session token. It is HttpOnly (no script reads
// it), SameSite=Lax (not sent on cross-site posts), and Secure whenever the
// site is served over TLS.
const SessionCookie = "shahr_session"

// isTLS reports whether the visitor reached us over TLS, directly or
// through a trusted proxy that says so.
func isTLS(r *http.Request, trustProxy bool) bool {
	return r.TLS != nil || (trustProxy && r.Header.Get("X-Forwarded-Proto") == "https")
}

// SetSession stores a new session token in the visitor's cookie for ttl.
// Max-Age, not Expires: the browser's clock need not agree with ours.
func (s *Server) SetSession(w http.ResponseWriter, r *http.Request, token string, ttl time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", MaxAge: int(ttl.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r, s.opts.TrustProxy)})
}

// ClearSession removes the session cookie.
func (s *Server) ClearSession(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r, s.opts.TrustProxy)})
}

// SessionToken returns the token the request carries, if any.
func SessionToken(r *http.Request) string {
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

const flashCookie = "shahr_flash"

// Flash shows a catalog message on the next page the visitor sees (after
// a post-redirect-get).
func (s *Server) Flash(w http.ResponseWriter, r *http.Request, key string) {
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: key, Path: "/", MaxAge: 60,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r, s.opts.TrustProxy)})
}

// SetCookie sets a short-lived HttpOnly cookie for a multi-step form.
func (s *Server) SetCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: "/", MaxAge: int(maxAge.Seconds()),
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: isTLS(r, s.opts.TrustProxy)})
}
