package store

import "context"

// Attach sets on each of rows what set takes of the value look finds for
// the row's id (the zero value where it finds none), looking every id up
// in one call: another module's facts joined to a list in Go, where the
// list's SQL may not name that module's tables.
func Attach[T, V any](ctx context.Context, rows []T, id func(*T) int64,
	look func(context.Context, []int64) (map[int64]V, error), set func(*T, V)) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	for i := range rows {
		ids[i] = id(&rows[i])
	}
	found, err := look(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		set(&rows[i], found[ids[i]])
	}
	return nil
}

// QueryAttach reads the rows of query (QueryAll) and sets on each what
// set takes of another module's facts about it (Attach): a list that shows
// what another module owns, read in two batches instead of a join.
func QueryAttach[T, V any](ctx context.Context, q Queryer, scan func(Scanner) (T, error), query string, args []any,
	id func(*T) int64, look func(context.Context, []int64) (map[int64]V, error), set func(*T, V)) ([]T, error) {
	rows, err := QueryAll(ctx, q, scan, query, args...)
	if err != nil {
		return nil, err
	}
	return rows, Attach(ctx, rows, id, look, set)
}

// Single is the one row of a list read by its key, or missing when the
// list is empty; err is the read's error, passed on.
func Single[T any](rows []T, err error, missing error) (T, error) {
	var zero T
	switch {
	case err != nil:
		return zero, err
	case len(rows) == 0:
		return zero, missing
	}
	return rows[0], nil
}
