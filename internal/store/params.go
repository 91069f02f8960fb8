package store

import (
	"context"
	"database/sql"
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

// InsertRows writes rows, all of one width, with as few multi-row INSERT
// statements as the engines' limits allow, at most perStatement rows each:
// head is the statement up to VALUES, tail what follows the rows (an ON
// CONFLICT clause, or ""). Rows go in their order, so ids follow it.
func InsertRows(ctx context.Context, tx *sql.Tx, head, tail string, rows [][]any, perStatement int) error {
	if len(rows) == 0 {
		return nil
	}
	width := len(rows[0])
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
