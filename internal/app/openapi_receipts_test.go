package app_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/budgeting"
)

// TestReceiptAPIsMatchTheirSchemas: the two POST operations about
// receipts answer as docs/openapi.yaml says: a ballot's 201 (its receipt
// and receipt page), and the check of a receipt for every status it
// documents (a demo ballot of the finished round; a bad receipt; the
// round still voting; no such process).
func TestReceiptAPIsMatchTheirSchemas(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ctx := context.Background()
		doc := readOpenAPI(t)
		ops := doc.operations(t)
		op := func(method, path string) operation {
			i := slices.IndexFunc(ops, func(o operation) bool { return o.method == method && o.path == path })
			if i < 0 {
				t.Fatalf("%s %s is not documented", method, path)
			}
			return ops[i]
		}
		fx := newAPIFixture(t, e) // a finished round (found), one voting (notYet)
		var receipt string
		if err := e.App.DB.Read.QueryRowContext(ctx, `SELECT receipt FROM budget_ballots WHERE heading_id = $1 ORDER BY id LIMIT 1`,
			fx.found["hid"]).Scan(&receipt); err != nil {
			t.Fatal(err)
		}
		receipts := func(values map[string]string) string { return "/api/v1/processes/" + values["id"] + "/receipts" }
		body := func(r string) string { return `{"receipt":"` + r + `"}` }
		check := op("POST", "/api/v1/processes/{id}/receipts")
		cases := map[string][2]string{
			"200": {receipts(fx.found), body(receipt)},
			"400": {receipts(fx.found), body("not a receipt")},
			"403": {receipts(fx.notYet), body(receipt)},
			"404": {receipts(fx.missing), body(receipt)},
			"429": {receipts(fx.found), body(receipt)}, // after the address's 30 checks (below)
		}
		// In order, so that 429 comes last: every check before it counts
		// towards the address's allowance.
		for _, status := range slices.Sorted(maps.Keys(check.node.object(t, "responses"))) {
			c, ok := cases[status]
			if !ok {
				t.Errorf("%s documents %s; this test cannot provoke it", check, status)
				continue
			}
			if status == "429" {
				for range 40 {
					if e.Client().PostJSON(c[0], c[1]).Status == http.StatusTooManyRequests {
						break
					}
				}
			}
			checkResponse(t, doc, check, e.Client().PostJSON(c[0], c[1]), status)
		}

		heading, _ := strconv.ParseInt(fx.notYet["hid"], 10, 64)
		props, err := e.App.Budget.Feasible(ctx, heading)
		if err != nil || len(props) == 0 {
			t.Fatalf("the voting round's proposals: %v, %v", props, err)
		}
		cheapest := slices.MinFunc(props, func(a, b budgeting.Proposal) int { return int(a.Cost() - b.Cost()) })
		cast := "/api/v1/processes/" + fx.notYet["id"] + "/headings/" + fx.notYet["hid"] + "/ballot"
		checkResponse(t, doc, op("POST", "/api/v1/processes/{id}/headings/{hid}/ballot"),
			e.Citizen("09121110044").PostJSON(cast, fmt.Sprintf(`{"choices":[{"id":%d}]}`, cheapest.ID)), "201")
	})
}
