package identity

import "github.com/shahr-city/shahr/internal/web"

// The bounds of the account and user forms (README, "Limits"). Phone
// numbers, national IDs, one-time codes and dates are bounded by their
// patterns; sign-in forms by the route's body limit alone, so that a
// wrong password is told apart from nothing.
var (
	nameFields = web.Fields{web.Text("name", "identity.name.label", MaxNameLen)}
	userFields = web.Fields{
		web.Text("email", "identity.email", web.MaxEmail),
		web.Text("name", "identity.name.label", MaxNameLen),
		web.Text("password", "identity.password", MaxPasswordLen),
	}
)
