package identity

import (
	"context"

	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/web"
)

// Activity is what a person did in the other modules, which their account
// page lists: budgeting's *Service gives their proposals, supports and
// ballots. The page reads it through this interface, so that identity
// never reads another module's tables.
type Activity interface {
	AccountSections(ctx context.Context, userID int64, l i18n.Lang) ([]web.Section, error)
}
