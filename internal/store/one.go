package store

import (
	"context"
	"database/sql"
	"errors"
)

// NotFound is err, or notFound when err says that a query meant to find
// exactly one row found none: each module passes its own bilingual
// not-found error, so that a missing record is a 404 that says what is
// missing, and every other error passes through unchanged.
func NotFound(err, notFound error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return err
}

// One runs a query meant to find exactly one row and reads it with scan;
// notFound is the error when there is none.
func One[T any](ctx context.Context, q Queryer, scan func(Scanner) (T, error), notFound error, query string, args ...any) (T, error) {
	v, err := scan(q.QueryRowContext(ctx, query, args...))
	return v, NotFound(err, notFound)
}
