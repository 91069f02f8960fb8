package network_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/shahr-city/shahr/internal/app/apptest"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/demo"
)

// TestStaffRoutesByRole tries the staff pages on the demo's Karaj
// membership of Metropolis as the association's secretariat, Karaj's
// municipality staff, an administrator of an unrelated organization (a
// provincial cooperation organization's staff stand in the same place:
// no role in Karaj or Metropolis), a citizen and the public.
func TestStaffRoutesByRole(t *testing.T) {
	t.Parallel()
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		ms, err := e.App.Network.MembershipsBy(context.Background(), e.Org("karaj").ID)
		if err != nil || len(ms) != 1 {
			t.Fatalf("the demo's Karaj membership: %v, %v", ms, err)
		}
		files, _ := e.App.Network.Files(context.Background(), ms[0].ID)
		apply := fmt.Sprintf("/admin/orgs/karaj/memberships/%d", ms[0].ID)
		run := fmt.Sprintf("/admin/associations/metropolis/memberships/%d", ms[0].ID)
		people := map[string]*apptest.Client{
			"secretariat":  e.SignInStaff(demo.MetropolisEmail, demo.Password),
			"municipality": e.SignInStaff(demo.KarajEmail, demo.Password),
			"unrelated":    e.Staff("admin@shiraz.example", "shiraz", auth.Admin),
			"citizen":      e.Citizen("09127654321"),
			"public":       e.Client(),
		}
		routes := []struct {
			path    string
			form    url.Values
			allowed map[string]int // who gets what; anyone else is refused
		}{
			{"/admin/orgs/karaj/memberships", nil, map[string]int{"municipality": 200}},
			{apply, nil, map[string]int{"municipality": 200}},
			{apply + "/submit", url.Values{"letter_ref": {"۱"}}, map[string]int{"municipality": 409}}, // already active
			{fmt.Sprintf("/admin/membership-files/%d", files[0].ID), nil, map[string]int{"municipality": 200, "secretariat": 200}},
			{"/admin/associations/metropolis", nil, map[string]int{"secretariat": 200}},
			{run, nil, map[string]int{"secretariat": 200}},
			{run + "/accept", url.Values{}, map[string]int{"secretariat": 409}}, // already active
			{"/admin/associations/metropolis/export/fees.csv", nil, map[string]int{"secretariat": 200}},
			{"/associations/metropolis", nil, map[string]int{"secretariat": 200, "municipality": 200, "unrelated": 200, "citizen": 200, "public": 200}},
		}
		for _, rt := range routes {
			for who, c := range people {
				var r apptest.Response
				if rt.form == nil {
					r = c.Get(rt.path)
				} else {
					r = c.PostForm(rt.path, rt.form)
				}
				want, ok := rt.allowed[who]
				if !ok {
					want = http.StatusForbidden
					if who == "public" {
						want = map[bool]int{true: http.StatusSeeOther, false: http.StatusUnauthorized}[rt.form == nil]
					}
				}
				if r.Status != want {
					t.Errorf("%s as %s: %d, want %d", rt.path, who, r.Status, want)
				}
			}
		}
	})
}
