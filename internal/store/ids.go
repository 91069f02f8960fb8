package store

import (
	"strconv"
	"strings"
)

// InIDs is the SQL condition that col holds one of ids, with its one
// argument, the parameter $n. The ids travel as one value the engine
// unpacks (a JSON array on SQLite, an array on PostgreSQL), so a list of
// any length is one statement text, which Pool prepares once, and SQLite
// binds one parameter instead of one per id: binding numbered parameters
// costs it time that grows with their count, a thousand of them a
// millisecond or more. An empty list holds nothing.
func (d Dialect) InIDs(col string, n int, ids []int64) (string, any) {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	p := "$" + strconv.Itoa(n)
	if d == Postgres {
		return col + " = ANY(string_to_array(" + p + ", ',')::bigint[])", b.String()
	}
	return col + " IN (SELECT value FROM json_each(" + p + "))", "[" + b.String() + "]"
}
