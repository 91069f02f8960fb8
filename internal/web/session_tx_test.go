package web

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
)

// countingSessions knows one token, and counts how often it is asked.
type countingSessions struct{ asked atomic.Int64 }

func (s *countingSessions) Authenticate(_ context.Context, token string) (*auth.Principal, error) {
	s.asked.Add(1)
	if token != "good" {
		return nil, apperr.ErrUnauthorized
	}
	return &auth.Principal{UserID: 7}, nil
}

// TestSignedInTx: a SignedInTx route lets any request with a session
// cookie through without loading the session, refuses one without (401),
// and its log line names whom the handler identified; every other route
// still has its session loaded (and an unknown one cleared) before it
// runs, whatever its access.
func TestSignedInTx(t *testing.T) {
	t.Parallel()
	sessions := &countingSessions{}
	var log bytes.Buffer
	s, err := New(Options{Log: slog.New(slog.NewJSONHandler(&log, nil)), Sessions: sessions, Registry: prometheus.NewRegistry()})
	if err != nil {
		t.Fatal(err)
	}
	var sawWho *auth.Principal
	s.Handle(
		Route{Method: "POST", Pattern: "/api/tx", Access: SignedInTx, Handle: func(w http.ResponseWriter, r *http.Request) error {
			sawWho = Who(r)
			Identify(r, &auth.Principal{UserID: 42})
			return JSON(w, http.StatusCreated, map[string]string{"token": SessionToken(r)})
		}},
		Route{Method: "GET", Pattern: "/api/plain", Access: Public, Handle: func(w http.ResponseWriter, r *http.Request) error {
			sawWho = Who(r)
			return JSON(w, http.StatusOK, nil)
		}},
	)
	do := func(method, path, token string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, nil)
		if token != "" {
			r.AddCookie(&http.Cookie{Name: SessionCookie, Value: token})
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		return w
	}
	for _, c := range []struct {
		method, path, token string
		status              int
		asked               int64 // sessions loaded
		who                 int64 // whom the handler saw (0: nobody)
	}{
		{"POST", "/api/tx", "anything", http.StatusCreated, 0, 0},
		{"POST", "/api/tx", "", http.StatusUnauthorized, 0, 0},
		{"GET", "/api/plain", "good", http.StatusOK, 1, 7},
		{"GET", "/api/plain", "stale", http.StatusOK, 1, 0},
		{"GET", "/api/plain", "", http.StatusOK, 0, 0},
	} {
		sawWho = nil
		before := sessions.asked.Load()
		w := do(c.method, c.path, c.token)
		var saw int64
		if sawWho != nil {
			saw = sawWho.UserID
		}
		if w.Code != c.status || sessions.asked.Load()-before != c.asked || saw != c.who {
			t.Errorf("%s %s with token %q: status %d, %d sessions loaded, handler saw %d; want %d, %d, %d",
				c.method, c.path, c.token, w.Code, sessions.asked.Load()-before, saw, c.status, c.asked, c.who)
		}
		if c.token == "stale" && w.Header().Get("Set-Cookie") == "" {
			t.Errorf("an unknown session's cookie was not cleared")
		}
	}
	var first struct{ User int64 }
	if err := json.NewDecoder(&log).Decode(&first); err != nil || first.User != 42 {
		t.Errorf("the SignedInTx request's log line names user %d (%v), want the one the handler identified", first.User, err)
	}
}
