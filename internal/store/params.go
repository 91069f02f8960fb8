package store

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
)

// Marks is the placeholders "$from, $from+1, …", n of them: both engines
// read $N.
func Marks(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// InList is the placeholders of a SQL IN list of ids, which must not be
// empty, and their arguments.
func InList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return Marks(1, len(ids)), args
}

// maxParams keeps a statement under SQLite's limit of 32,766 parameters
// (PostgreSQL allows 65,535).
const maxParams = 30000

// InsertRows writes rows, all of one width, in their order (so ids
// follow it): head is the statement up to VALUES, tail what follows the
// rows (an ON CONFLICT clause, or ""). PostgreSQL, a round trip away,
// gets as few multi-row statements as its limit on parameters allows, at
// most perStatement rows each. SQLite, in the process, runs one
// single-row statement, prepared once, for each row: parsing a statement
// of many rows costs it more than running it, and it looks each of a
// statement's numbered parameters up in a list, which is quadratic in
// their number.
func (d Dialect) InsertRows(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any, perStatement int) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
	if d == SQLite {
		return insertEach(ctx, tx, head+"("+Marks(1, width)+")"+tail, rows)
	}
	per := max(1, min(perStatement, maxParams/width))
	for len(rows) > 0 {
		batch := rows[:min(per, len(rows))]
		rows = rows[len(batch):]
		var q strings.Builder
		q.WriteString(head)
		args := make([]any, 0, len(batch)*width)
		for i, row := range batch {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + Marks(len(args)+1, len(row)) + ")")
			args = append(args, row...)
		}
		q.WriteString(tail)
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return err
		}
	}
	return nil
}

// insertEach runs the single-row statement query for each row.
func insertEach(ctx context.Context, tx *sql.Tx, query string, rows [][]any) (err error) {
	st, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.Close()) }()
	for _, row := range rows {
		if _, err := st.ExecContext(ctx, row...); err != nil {
			return err
		}
	}
	return nil
}
