package web

import (
	"context"
	"net/http"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/auth"
)

// Access is what a route needs from the person making the request.
type Access interface {
	// Allow returns nil if who may use the route for r, else an
	// application error: Unauthorized (sign in first), Forbidden, or
	// NotFound when the organization in the path does not exist.
	Allow(r *http.Request, who *auth.Principal) error
	// String names the requirement, for the route table and its tests.
	String() string
}

type accessFunc struct {
	name  string
	allow func(r *http.Request, who *auth.Principal) error
}

func (a accessFunc) Allow(r *http.Request, who *auth.Principal) error { return a.allow(r, who) }
func (a accessFunc) String() string                                   { return a.name }

// The requirements that need no organization.
var (
	// Public: anyone, signed in or not.
	Public Access = accessFunc{"public", func(*http.Request, *auth.Principal) error { return nil }}
	// SignedIn: any signed-in person.
	SignedIn Access = accessFunc{"signed-in", func(_ *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		return nil
	}}
	// Staff: a person holding a role in some organization.
	Staff Access = accessFunc{"staff", func(_ *http.Request, who *auth.Principal) error {
		return require(who, who.IsStaff())
	}}
	// Superuser: the installation's operator.
	Superuser Access = accessFunc{"superuser", func(_ *http.Request, who *auth.Principal) error {
		return require(who, who != nil && who.Superuser)
	}}
)

func require(who *auth.Principal, ok bool) error {
	switch {
	case who == nil:
		return apperr.ErrUnauthorized
	case !ok:
		return apperr.ErrForbidden
	}
	return nil
}

// Locator finds the organization a path names, for access checks.
type Locator func(ctx context.Context, slug string) (auth.OrgRef, error)

// InOrg requires perm in the organization named by the route's {slug}.
func InOrg(perm auth.Permission, locate Locator) Access {
	return accessFunc{"org:" + string(perm), func(r *http.Request, who *auth.Principal) error {
		if who == nil {
			return apperr.ErrUnauthorized
		}
		ref, err := locate(r.Context(), r.PathValue("slug"))
		if err != nil {
			return err
		}
		return require(who, who.Can(perm, ref.Path))
	}}
}

// AccessFunc makes a requirement from a check, for modules whose routes
// name their organization some other way than by {slug}.
func AccessFunc(name string, allow func(r *http.Request, who *auth.Principal) error) Access {
	return accessFunc{name, allow}
}
