package web

import (
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
)

// SignedInTx is the access of a route whose handler authenticates the
// session itself, in the transaction that acts on the request: the
// server does not load the session first (a read, which PostgreSQL counts
// as a transaction of its own), and the route lets through any request
// carrying a session cookie. Without one it is Unauthorized. The ballot
// API uses it: a batch of ballots reads all its voters' sessions with one
// statement in the transaction that stores them (budgeting's batch.go).
// Its handler must answer Unauthorized for a token that turns out not to
// be live, and should name the person it found with Identify.
var SignedInTx Access = signedInTx{}

type signedInTx struct{}

func (signedInTx) Allow(r *http.Request, _ *auth.Principal) error {
	if SessionToken(r) == "" {
		return apperr.ErrUnauthorized
	}
	return nil
}

func (signedInTx) String() string { return "signed-in (checked by the handler)" }

// Identify records who a SignedInTx request turned out to come from, for
// the request's log line and for Who.
func Identify(r *http.Request, who *auth.Principal) { info(r.Context()).who = who }
