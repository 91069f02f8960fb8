package auth

import "testing"

func TestPolicy(t *testing.T) {
	t.Parallel()
	// The expected table is written out by hand, independently of policy.
	want := map[Permission]map[Role]bool{
		ViewStaff:       {Admin: true, Editor: true, Reviewer: true, Secretariat: true, Viewer: true},
		EditOrg:         {Admin: true, Editor: true},
		ManageChildren:  {Admin: true},
		ManageGrants:    {Admin: true},
		ReadAudit:       {Admin: true},
		VerifyResidence: {Admin: true, Secretariat: true},
		Review:          {Admin: true, Reviewer: true},
		Moderate:        {Admin: true, Reviewer: true},
		EnterPaper:      {Admin: true, Secretariat: true},
		TrackProjects:   {Admin: true, Editor: true},
		RunProcesses:    {Admin: true},
		Apply:           {Admin: true, Editor: true, Secretariat: true},
		RecordCouncil:   {Admin: true, Secretariat: true},
		RunNetwork:      {Admin: true, Secretariat: true},
		ManageRelations: {Admin: true, Editor: true, Secretariat: true},
		OrganizeEvents:  {Admin: true, Editor: true, Secretariat: true},
		RunSupport:      {Admin: true, Editor: true, Secretariat: true},
		SetPriorities:   {Admin: true},
	}
	for perm, roles := range want {
		for _, r := range Roles {
			if got := r.Allows(perm); got != roles[r] {
				t.Errorf("%s allows %s = %v, want %v", r, perm, got, roles[r])
			}
		}
	}
	if len(want) != len(policy) {
		t.Errorf("policy has %d permissions, the test knows %d", len(policy), len(want))
	}
}

func TestCanFollowsTheTreeDownNeverAcross(t *testing.T) {
	t.Parallel()
	// Tehran (1) > District 21 (5) > a neighbourhood (23); Karaj (2).
	tehranAdmin := &Principal{UserID: 7, Grants: []Grant{{OrgID: 1, Role: Admin}}}
	districtEditor := &Principal{UserID: 8, Grants: []Grant{{OrgID: 5, Role: Editor}}}
	cases := []struct {
		who  *Principal
		perm Permission
		path string
		want bool
	}{
		{tehranAdmin, ManageGrants, "/1/", true},
		{tehranAdmin, ManageGrants, "/1/5/", true},
		{tehranAdmin, ManageGrants, "/1/5/23/", true},
		{tehranAdmin, ManageGrants, "/2/", false},
		{tehranAdmin, ManageGrants, "/21/", false}, // id 1 is not a prefix match of 21
		{districtEditor, EditOrg, "/1/5/", true},
		{districtEditor, EditOrg, "/1/5/23/", true},
		{districtEditor, EditOrg, "/1/", false}, // never up the tree
		{districtEditor, ManageGrants, "/1/5/", false},
		{nil, ViewStaff, "/1/", false},
		{&Principal{Superuser: true}, ReadAudit, "/2/", true},
	}
	for _, c := range cases {
		if got := c.who.Can(c.perm, c.path); got != c.want {
			t.Errorf("%+v Can(%s, %s) = %v, want %v", c.who, c.perm, c.path, got, c.want)
		}
	}
}

func TestCanSomewhere(t *testing.T) {
	t.Parallel()
	editor := &Principal{Grants: []Grant{{OrgID: 5, Role: Editor}}}
	adminToo := &Principal{Grants: []Grant{{OrgID: 5, Role: Editor}, {OrgID: 9, Role: Admin}}}
	cases := []struct {
		who  *Principal
		want bool
	}{
		{nil, false}, {&Principal{}, false}, {editor, false}, {adminToo, true}, {&Principal{Superuser: true}, true},
	}
	for _, c := range cases {
		if got := c.who.CanSomewhere(RunProcesses); got != c.want {
			t.Errorf("%+v CanSomewhere(RunProcesses) = %v, want %v", c.who, got, c.want)
		}
	}
}

func TestParseRole(t *testing.T) {
	t.Parallel()
	for _, r := range Roles {
		if got, ok := ParseRole(string(r)); !ok || got != r {
			t.Errorf("ParseRole(%q) = %q, %v", r, got, ok)
		}
		if r.Label().Fa == "" || r.Label().En == "" {
			t.Errorf("role %s has no label", r)
		}
	}
	if _, ok := ParseRole("root"); ok {
		t.Error("ParseRole accepted an unknown role")
	}
}
