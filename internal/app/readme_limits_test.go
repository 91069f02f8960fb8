package app_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// TestReadmeListsEveryLimit keeps README's "Limits" table, the limits'
// documentation, the route table's own: a row for every route that bounds
// a form or takes files, with its body limit and its fields' bounds.
func TestReadmeListsEveryLimit(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	e := apptest.New(t, store.SQLite)
	rows := map[string]bool{}
	for _, line := range strings.Split(string(readme), "\n") {
		if strings.HasPrefix(line, "| `POST ") {
			rows[line] = true
		}
	}
	var missing []string
	for _, rt := range e.App.Web.Routes() {
		if len(rt.Form) == 0 && rt.Uploads == 0 {
			continue
		}
		row := limitsRow(rt)
		if !rows[row] {
			missing = append(missing, row)
		}
		delete(rows, row)
	}
	if len(missing) > 0 {
		t.Errorf("README's Limits table lacks these rows (or has them otherwise):\n%s", strings.Join(missing, "\n"))
	}
	for row := range rows {
		t.Errorf("README's Limits table has a row for no route that bounds a form or takes files: %s", row)
	}
}

// limitsRow is a route's row of the table: its body limit, and its fields
// with the same bound together: "`title_fa`, `title_en` 200".
func limitsRow(rt web.Route) string {
	var parts []string
	for i := 0; i < len(rt.Form); {
		j, names := i, []string{}
		for ; j < len(rt.Form) && sameBound(rt.Form[i], rt.Form[j]); j++ {
			names = append(names, "`"+rt.Form[j].Name+"`")
		}
		parts = append(parts, strings.Join(names, ", ")+" "+boundText(rt.Form[i]))
		i = j
	}
	if parts == nil {
		parts = []string{"files only"}
	}
	return fmt.Sprintf("| `%s` | %s | %s |", rt.Key(), sizeText(rt.MaxBody()), strings.Join(parts, "; "))
}

func sameBound(a, b web.Bound) bool {
	return a.Number == b.Number && a.Min == b.Min && a.Max == b.Max && a.Required == b.Required
}

// boundText is a text's most characters, or a number's range.
func boundText(b web.Bound) string {
	s := persian.FormatIntEn(b.Max)
	if b.Number {
		s = persian.FormatIntEn(b.Min) + "–" + s
	}
	if b.Required {
		s += ", required"
	}
	return s
}

func sizeText(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", n>>10)
}
