package store

import (
	"strconv"
	"strings"
)

// Where is a WHERE clause being built from a listing's filters: each ?
// of a condition becomes the next numbered parameter ($1, $2, …, which
// both engines read), its value joining Args in order.
type Where struct {
	conds []string
	Args  []any
}

// Add adds a condition that all rows must meet, its ? marks filled by vs
// in order.
func (w *Where) Add(cond string, vs ...any) {
	for _, v := range vs {
		w.Args = append(w.Args, v)
		cond = strings.Replace(cond, "?", "$"+strconv.Itoa(len(w.Args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// Conds is the conditions joined by AND; "1 = 1" when there are none, so
// that it can always follow WHERE.
func (w *Where) Conds() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// String is the clause with its keyword, " WHERE …", or "" when there are
// no conditions.
func (w *Where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + w.Conds()
}

// Page is " LIMIT $n OFFSET $m", to follow the clause and the query's
// ORDER BY, with limit and offset appended to Args.
func (w *Where) Page(limit, offset int) string {
	w.Args = append(w.Args, limit, offset)
	return " LIMIT $" + strconv.Itoa(len(w.Args)-1) + " OFFSET $" + strconv.Itoa(len(w.Args))
}

// Next is the placeholder of the next argument appended after the
// clause's, such as a LIMIT's: "$3" after two.
func (w *Where) Next() string { return "$" + strconv.Itoa(len(w.Args)+1) }

// InIDs is the condition that col holds one of ids (Dialect.InIDs: the
// ids travel as one argument), its argument appended to Args now: the
// condition goes to Add, alone or inside a larger one whose own ? marks
// then take the numbers after it.
func (w *Where) InIDs(d Dialect, col string, ids []int64) string {
	cond, arg := d.InIDs(col, len(w.Args)+1, ids)
	w.Args = append(w.Args, arg)
	return cond
}
