package store

import (
	"encoding/json"
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
	p, arg := d.idList(n, ids)
	if d == Postgres {
		return col + " = ANY(string_to_array(" + p + ", ',')::bigint[])", arg
	}
	return col + " IN (SELECT value FROM json_each(" + p + "))", arg
}

// IDTable is a table of ids, of one column named id, for a query's FROM,
// with its one argument, the parameter $n, as InIDs passes it. Joined to a
// table by CROSS JOIN, which SQLite keeps in the order written, it has
// each id looked up in turn, where an IN list of thousands is first
// copied into a temporary index. A repeated id gives a repeated row.
func (d Dialect) IDTable(n int, ids []int64) (string, any) {
	p, arg := d.idList(n, ids)
	if d == Postgres {
		return "unnest(string_to_array(" + p + ", ',')::bigint[]) AS x (id)", arg
	}
	return "(SELECT value AS id FROM json_each(" + p + ")) AS x", arg
}

// idList is the parameter $n and its value: ids written as the engine
// unpacks them.
func (d Dialect) idList(n int, ids []int64) (string, any) {
	var b strings.Builder
	for i, id := range ids {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	if d == Postgres {
		return "$" + strconv.Itoa(n), b.String()
	}
	return "$" + strconv.Itoa(n), "[" + b.String() + "]"
}

// InTexts is InIDs for text keys (hashes, codes): the SQL condition that
// col holds one of keys, with its one argument, the parameter $n. The
// keys travel as one value, a JSON array on SQLite and a text array on
// PostgreSQL, so they may hold any character. An empty list holds nothing.
func (d Dialect) InTexts(col string, n int, keys []string) (string, any) {
	p := "$" + strconv.Itoa(n)
	if keys == nil {
		keys = []string{}
	}
	if d == Postgres {
		return col + " = ANY(" + p + "::text[])", keys
	}
	b, _ := json.Marshal(keys) // a []string always encodes
	return col + " IN (SELECT value FROM json_each(" + p + "))", string(b)
}
