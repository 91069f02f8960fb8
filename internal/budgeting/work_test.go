package budgeting_test

import (
	"bytes"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

// outbox records the SMS messages the service would send.
type outbox struct {
	mu  sync.Mutex
	msg []sms.Message
}

func (o *outbox) Send(_ context.Context, m sms.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.msg = append(o.msg, m)
	return nil
}

func (o *outbox) texts() []string {
	o.mu.Lock()
	defer o.mu.Unlock()
	var out []string
	for _, m := range o.msg {
		out = append(out, m.To+" "+m.Text)
	}
	return out
}

// submit adds a proposal in the first heading during the proposals phase.
func (f *fixture) submit(t *testing.T, author int64, title, desc string, category int64, files ...budgeting.Upload) budgeting.Proposal {
	t.Helper()
	f.clock.set(at(2))
	p, err := f.svc.Submit(context.Background(), author, budgeting.Proposal{ProcessID: f.process.ID,
		HeadingID: f.process.Headings[0].ID, CategoryID: category, Title: title, Description: desc, EstimatedCost: 10}, files...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func ids(ps []budgeting.Proposal) []int64 {
	var out []int64
	for _, p := range ps {
		out = append(out, p.ID)
	}
	return out
}

func TestSupportsSearchAndOrder(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		park := f.submit(t, f.voters[0], "پارك كودك", "زمين بازی برای کودکان", 1) // Arabic kaf in the title
		library := f.submit(t, f.voters[1], "کتابخانه محله", "کتابخانه عمومی", 2)
		gym := f.submit(t, f.voters[2], "سالن ورزش", "ورزش بانوان", 4)

		// Supports count once per person, can be withdrawn, and order the list.
		for _, v := range f.voters[:3] {
			if _, err := f.svc.Support(ctx, v, library.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		got, err := f.svc.Support(ctx, f.voters[0], library.ID, true)
		if err != nil || got.Supports != 3 {
			t.Fatalf("supporting twice: %d supports, %v; want 3", got.Supports, err)
		}
		if got, _ = f.svc.Support(ctx, f.voters[0], gym.ID, true); got.Supports != 1 {
			t.Fatalf("gym supports %d, want 1", got.Supports)
		}
		if got, _ = f.svc.Support(ctx, f.voters[2], library.ID, false); got.Supports != 2 {
			t.Fatalf("after withdrawing, library supports %d, want 2", got.Supports)
		}
		q := budgeting.ProposalQuery{ProcessID: f.process.ID, Sort: budgeting.SortSupported}
		list, total, err := f.svc.Proposals(ctx, q)
		if err != nil || total != 3 || !slices.Equal(ids(list), []int64{library.ID, gym.ID, park.ID}) {
			t.Fatalf("most supported: %v (total %d, %v), want library, gym, park", ids(list), total, err)
		}

		// Search is Persian-normalized: Persian keheh/yeh find Arabic kaf/yeh, and back.
		for _, search := range []string{"پارک", "كودك", "زمین", "پارک کودک"} {
			list, _, err := f.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: f.process.ID, Search: search})
			if err != nil || !slices.Equal(ids(list), []int64{park.ID}) {
				t.Errorf("search %q: %v, %v; want the park", search, ids(list), err)
			}
		}
		if list, _, _ := f.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: f.process.ID, Search: "100%"}); len(list) != 0 {
			t.Errorf("a %% in the search matched %v", ids(list))
		}
		list, _, _ = f.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: f.process.ID, CategoryID: 4})
		if !slices.Equal(ids(list), []int64{gym.ID}) {
			t.Errorf("category filter: %v, want the gym", ids(list))
		}

		// Random order: a permutation, the same for one seed on every call.
		seen := map[string]bool{}
		for seed := int64(1); seed <= 20; seed++ {
			q := budgeting.ProposalQuery{ProcessID: f.process.ID, Sort: budgeting.SortRandom, Seed: seed}
			a, _, _ := f.svc.Proposals(ctx, q)
			b, _, _ := f.svc.Proposals(ctx, q)
			if !slices.Equal(ids(a), ids(b)) {
				t.Fatalf("seed %d gave %v then %v", seed, ids(a), ids(b))
			}
			sorted := slices.Sorted(slices.Values(ids(a)))
			if !slices.Equal(sorted, []int64{park.ID, library.ID, gym.ID}) {
				t.Fatalf("seed %d: %v is not a permutation of the proposals", seed, ids(a))
			}
			seen[fmt.Sprint(ids(a))] = true
		}
		if len(seen) < 3 {
			t.Errorf("20 seeds gave only %d different orders", len(seen))
		}

		// Supports close with review.
		f.clock.set(at(11))
		_, err = f.svc.Support(ctx, f.voters[3], park.ID, true)
		wantCode(t, err, apperr.Invalid, "support during review")
	})
}

func TestReviewMergeModerationAndNotifications(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		box, notes := f.box, f.notes
		reviewer := f.user(t, "09350000001", 0)
		a := f.submit(t, f.voters[0], "پارک", "پارک محله", 1)
		dup := f.submit(t, f.voters[1], "پارک محله", "همان پارک", 1)
		spam := f.submit(t, f.voters[2], "تبلیغ", "تبلیغ فروشگاه", 1)
		for _, v := range f.voters[:3] {
			if _, err := f.svc.Support(ctx, v, dup.ID, true); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := f.svc.Support(ctx, f.voters[0], a.ID, true); err != nil {
			t.Fatal(err)
		}

		// A citizen flags the advertisement; a moderator hides it.
		if err := f.svc.Flag(ctx, f.voters[3], spam.ID, ""); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("flag without a reason: %v, want invalid", err)
		}
		if err := f.svc.Flag(ctx, f.voters[3], spam.ID, "تبلیغاتی است"); err != nil {
			t.Fatal(err)
		}
		if flags, _ := f.svc.OpenFlags(ctx, f.process.ID); len(flags) != 1 || flags[0].ProposalID != spam.ID {
			t.Fatalf("open flags %+v, want the advertisement's", flags)
		}
		if _, err := f.svc.Hide(ctx, reviewer, spam.ID, "تبلیغ تجاری"); err != nil {
			t.Fatal(err)
		}
		if flags, _ := f.svc.OpenFlags(ctx, f.process.ID); len(flags) != 0 {
			t.Errorf("hiding left flags open: %+v", flags)
		}
		public, _, _ := f.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: f.process.ID})
		staff, _, _ := f.svc.Proposals(ctx, budgeting.ProposalQuery{ProcessID: f.process.ID, Staff: true})
		if slices.Contains(ids(public), spam.ID) || !slices.Contains(ids(staff), spam.ID) {
			t.Errorf("hidden proposal: public list %v, staff list %v", ids(public), ids(staff))
		}
		if _, err := f.svc.Proposal(ctx, spam.ID, false); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("hidden proposal shown to the public: %v", err)
		}

		// Reviewers talk among themselves; the duplicate is merged and its supports move.
		if err := f.svc.AddComment(ctx, reviewer, dup.ID, "همان طرح شماره قبلی است"); err != nil {
			t.Fatal(err)
		}
		if cs, _ := f.svc.Comments(ctx, dup.ID); len(cs) != 1 || cs[0].Body != "همان طرح شماره قبلی است" {
			t.Errorf("comments %+v", cs)
		}
		f.clock.set(at(11))
		if _, err := f.svc.Merge(ctx, reviewer, dup.ID, dup.ID); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("merge into itself: %v", err)
		}
		if _, err := f.svc.Merge(ctx, reviewer, dup.ID, spam.ID); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("merge into a hidden proposal: %v", err)
		}
		merged, err := f.svc.Merge(ctx, reviewer, dup.ID, a.ID)
		if err != nil || merged.Status != budgeting.StatusMerged || merged.MergedInto != a.ID {
			t.Fatalf("merge: %+v, %v", merged, err)
		}
		if got, _ := f.svc.Proposal(ctx, a.ID, false); got.Supports != 3 {
			t.Errorf("after the merge the original has %d supports, want 3 (voters 0, 1, 2 once each)", got.Supports)
		}
		if _, err := f.svc.ReviewProposal(ctx, reviewer, a.ID, budgeting.Verdict{Feasible: true, FinalCost: 40}); err != nil {
			t.Fatal(err)
		}

		// Each author was told in the site and by SMS; the commenter's note told no one.
		wantSMS := []string{"09120000002 طرح «تبلیغ» به دلیل زیر از دید عموم پنهان شد: تبلیغ تجاری",
			"09120000001 طرح «پارک محله» با طرح مشابه «پارک» ادغام شد.",
			"09120000000 طرح «پارک» بررسی شد و به رأی گذاشته می‌شود."}
		if got := box.texts(); !slices.Equal(got, wantSMS) {
			t.Errorf("SMS sent:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantSMS, "\n"))
		}
		inbox, err := notes.List(ctx, f.voters[1], 10)
		if err != nil || len(inbox) != 1 || !strings.Contains(inbox[0].Text.En, "merged") ||
			inbox[0].Link != fmt.Sprintf("/budgets/district-21-1405/proposals/%d", dup.ID) {
			t.Errorf("the duplicate's author's notifications: %+v, %v", inbox, err)
		}
		if n, _ := notes.Unread(ctx, f.voters[1]); n != 1 {
			t.Errorf("unread %d, want 1", n)
		}
		if err := notes.MarkRead(ctx, f.voters[1]); err != nil {
			t.Fatal(err)
		}
		if n, _ := notes.Unread(ctx, f.voters[1]); n != 0 {
			t.Errorf("unread after marking %d, want 0", n)
		}

		// Every staff action is in the audit trail.
		var actions []string
		rows, err := db.Read.QueryContext(ctx, `SELECT action FROM audit_log WHERE entity = 'budget_proposal' ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var a string
			rows.Scan(&a)
			actions = append(actions, a)
		}
		rows.Close()
		want := []string{"budgeting.proposal.hide", "budgeting.proposal.comment", "budgeting.proposal.merge", "budgeting.proposal.review"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit trail %v, want %v", actions, want)
		}
	})
}

var (
	pngBytes = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	pdfBytes = []byte("%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n")
)

func TestAttachments(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		p := f.submit(t, f.voters[0], "پارک", "پارک محله", 1,
			budgeting.Upload{Name: `C:\\photos\\park".png`, Data: pngBytes}, budgeting.Upload{Name: "plan.pdf", Data: pdfBytes})
		files, err := f.svc.Attachments(ctx, p.ID)
		if err != nil || len(files) != 2 {
			t.Fatalf("attachments %+v, %v", files, err)
		}
		if files[0].Name != "park.png" || files[0].ContentType != "image/png" || files[1].ContentType != "application/pdf" {
			t.Errorf("stored as %+v", files)
		}
		a, data, err := f.svc.File(ctx, files[1].ID, false)
		if err != nil || !bytes.Equal(data, pdfBytes) || a.Name != "plan.pdf" {
			t.Errorf("file read back: %+v, %d bytes, %v", a, len(data), err)
		}

		// Refused files leave nothing behind.
		var before int
		db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_proposals`).Scan(&before)
		for name, up := range map[string]budgeting.Upload{
			"html":    {Name: "x.png", Data: []byte("<html><script>alert(1)</script></html>")},
			"empty":   {Name: "x.pdf"},
			"too big": {Name: "x.pdf", Data: append(append([]byte{}, pdfBytes...), make([]byte, budgeting.MaxUploadBytes)...)},
		} {
			_, err := f.svc.Submit(ctx, f.voters[0], budgeting.Proposal{ProcessID: f.process.ID, HeadingID: f.process.Headings[0].ID,
				CategoryID: 1, Title: "x", Description: "y", EstimatedCost: 1}, up)
			if apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("%s file: %v, want invalid", name, err)
			}
		}
		six := slices.Repeat([]budgeting.Upload{{Name: "a.pdf", Data: pdfBytes}}, 6)
		if _, err := f.svc.Submit(ctx, f.voters[0], budgeting.Proposal{ProcessID: f.process.ID, HeadingID: f.process.Headings[0].ID,
			CategoryID: 1, Title: "x", Description: "y", EstimatedCost: 1}, six...); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("six files: %v, want invalid", err)
		}
		var after int
		db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_proposals`).Scan(&after)
		if after != before {
			t.Errorf("refused submissions stored %d proposals", after-before)
		}

		// A hidden proposal's files are not served to the public.
		if _, err := f.svc.Hide(ctx, 1, p.ID, "آزمایش"); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.svc.File(ctx, files[0].ID, false); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("hidden proposal's file served: %v", err)
		}
		if _, _, err := f.svc.File(ctx, files[0].ID, true); err != nil {
			t.Errorf("staff cannot read a hidden proposal's file: %v", err)
		}
	})
}

func TestPaperBallotsDoubleEntry(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		ps := f.proposals(t, 60, 30, 20)
		clerkA, clerkB, clerkC := f.user(t, "09350000001", 0), f.user(t, "09350000002", 0), f.user(t, "09350000003", 0)
		hid := f.process.Headings[0].ID
		choose := func(ids ...int64) []budgeting.Choice { return f.approve(ids...).Choices }

		_, err := f.svc.EnterPaper(ctx, clerkA, hid, "A-1", choose(ps[0]))
		wantCode(t, err, apperr.Invalid, "paper ballot before voting")
		f.clock.set(at(21))
		_, err = f.svc.EnterPaper(ctx, clerkA, hid, "A-1", choose(ps[0], ps[1], ps[2]))
		wantCode(t, err, apperr.Invalid, "over-budget paper ballot")

		e, err := f.svc.EnterPaper(ctx, clerkA, hid, "A-1", choose(ps[0], ps[1]))
		if err != nil || e.Status != budgeting.PaperPending {
			t.Fatalf("first entry: %+v, %v", e, err)
		}
		_, err = f.svc.EnterPaper(ctx, clerkA, hid, "A-1", choose(ps[0], ps[1]))
		wantCode(t, err, apperr.Conflict, "the same clerk confirming their own entry")
		if e, _ = f.svc.EnterPaper(ctx, clerkB, hid, "A-1", choose(ps[0], ps[2])); e.Status != budgeting.PaperMismatch {
			t.Fatalf("a differing second entry: %+v, want mismatch", e)
		}
		if n, _ := f.svc.BallotCount(ctx, hid); n != 0 {
			t.Fatalf("%d ballots counted before two entries agree", n)
		}
		e, err = f.svc.EnterPaper(ctx, clerkC, hid, "A-1", choose(ps[0], ps[2]))
		if err != nil || e.Status != budgeting.PaperConfirmed || e.Receipt == "" {
			t.Fatalf("agreeing entry: %+v, %v", e, err)
		}
		_, err = f.svc.EnterPaper(ctx, clerkA, hid, "A-1", choose(ps[0], ps[2]))
		wantCode(t, err, apperr.Conflict, "entering a counted sheet again")
		if _, err := f.svc.Cast(ctx, f.voters[0], f.approve(ps[1])); err != nil {
			t.Fatal(err)
		}
		waiting, counted, err := f.svc.PaperCounts(ctx, hid)
		if err != nil || waiting != 0 || counted != 1 {
			t.Errorf("paper counts waiting %d counted %d, %v", waiting, counted, err)
		}

		// The paper ballot counts with the electronic one, marked as paper.
		var paper int
		db.Read.QueryRowContext(ctx, `SELECT count(*) FROM budget_ballots WHERE heading_id = $1 AND paper AND voter_id IS NULL`, hid).Scan(&paper)
		if paper != 1 {
			t.Errorf("%d paper ballots stored, want 1", paper)
		}
		f.clock.set(at(31))
		res, err := f.svc.Results(ctx, hid)
		if err != nil || res.Ballots != 2 {
			t.Fatalf("results: %d ballots, %v; want 2", res.Ballots, err)
		}
		votes := map[int64]int64{}
		for _, p := range res.Projects {
			votes[p.ID] = p.Votes
		}
		if votes[ps[0]] != 1 || votes[ps[1]] != 1 || votes[ps[2]] != 1 {
			t.Errorf("votes %v, want one each", votes)
		}
	})
}

func TestImplementationTracking(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		ps := f.proposals(t, 60, 30, 20)
		staff := f.user(t, "09350000001", 0)
		f.clock.set(at(21))
		for i, v := range f.voters {
			b := f.approve(ps[0], ps[1])
			if i >= 3 {
				b = f.approve(ps[1], ps[2])
			}
			if _, err := f.svc.Cast(ctx, v, b); err != nil {
				t.Fatal(err)
			}
		}
		_, err := f.svc.StartImplementation(ctx, staff, f.process.ID)
		wantCode(t, err, apperr.Forbidden, "implementation before voting closes")
		f.clock.set(at(41))
		n, err := f.svc.StartImplementation(ctx, staff, f.process.ID)
		if err != nil || n != 2 { // greedy: 30 (5 votes), 60 (3 votes); 20 no longer fits
			t.Fatalf("started %d projects, %v; want 2", n, err)
		}
		if n, _ := f.svc.StartImplementation(ctx, staff, f.process.ID); n != 0 {
			t.Errorf("starting again added %d projects", n)
		}
		wantCode(t, f.svc.UpdateProject(ctx, staff, ps[2], budgeting.ProjectUpdate{Status: budgeting.ProjectInProgress}),
			apperr.NotFound, "a project that did not win")
		wantCode(t, f.svc.UpdateProject(ctx, staff, ps[0], budgeting.ProjectUpdate{Status: budgeting.ProjectInProgress, Progress: 101}),
			apperr.Invalid, "progress above 100")
		if err := f.svc.UpdateProject(ctx, staff, ps[0], budgeting.ProjectUpdate{Status: budgeting.ProjectInProgress, Progress: 50, Spent: 25}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.UpdateProject(ctx, staff, ps[1], budgeting.ProjectUpdate{Status: budgeting.ProjectDone, Spent: 31}); err != nil {
			t.Fatal(err)
		}
		m, err := f.svc.AddMilestone(ctx, staff, budgeting.Milestone{ProposalID: ps[0], TitleFa: "آغاز عملیات", On: at(45), Done: true},
			[]budgeting.Upload{{Name: "site.png", Data: pngBytes}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.AddMilestone(ctx, staff, budgeting.Milestone{ProposalID: ps[0], TitleFa: "نقشه", On: at(46)},
			[]budgeting.Upload{{Name: "plan.pdf", Data: pdfBytes}})
		wantCode(t, err, apperr.Invalid, "a PDF as a milestone photo")

		projects, err := f.svc.Projects(ctx, f.process.ID)
		if err != nil || len(projects) != 2 {
			t.Fatalf("projects %+v, %v", projects, err)
		}
		p0 := projects[slices.IndexFunc(projects, func(p budgeting.Project) bool { return p.Proposal.ID == ps[0] })]
		if len(p0.Milestones) != 1 || p0.Milestones[0].ID != m.ID || len(p0.Milestones[0].Photos) != 1 || p0.Progress != 50 {
			t.Errorf("project %+v", p0)
		}
		roll := budgeting.RollUp(f.process, projects)
		// Heading 1: costs 60 at 50% and 30 at 100% → (3000+3000)/90 = 66%; spent 56.
		want := []budgeting.Rollup{{HeadingID: f.process.Headings[0].ID, Projects: 2, Done: 1, Cost: 90, Spent: 56, Progress: 66},
			{HeadingID: f.process.Headings[1].ID}, {Projects: 2, Done: 1, Cost: 90, Spent: 56, Progress: 66}}
		if !slices.Equal(roll, want) {
			t.Errorf("rollup %+v, want %+v", roll, want)
		}
	})
}

func TestWhoMayPropose(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := newFixture(t, db, budgeting.Approval, "greedy")
		if f.process.Proposers != budgeting.SignedIn {
			t.Errorf("a process made without a proposers rule has %q, want anyone signed in", f.process.Proposers)
		}
		p := f.process
		p.ID, p.Slug, p.Proposers = 0, "residents-only", budgeting.Resident
		p, err := f.svc.CreateProcess(ctx, 0, p)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := f.svc.Process(ctx, p.ID); got.Proposers != budgeting.Resident {
			t.Fatalf("stored proposers rule %q", got.Proposers)
		}
		f.clock.set(at(2))
		worker := f.user(t, "09130000001", 0) // works in the district, lives elsewhere
		pr := budgeting.Proposal{ProcessID: p.ID, HeadingID: p.Headings[0].ID, CategoryID: 1, Title: "ایستگاه دوچرخه",
			Description: "کنار کارخانه", EstimatedCost: 10}
		_, err = f.svc.Submit(ctx, worker, pr)
		wantCode(t, err, apperr.Forbidden, "a non-resident proposing where only residents may")
		if _, err := f.svc.Submit(ctx, f.voters[0], pr); err != nil {
			t.Errorf("a resident of the heading's area could not propose: %v", err)
		}
		// Where anyone signed in may propose, the worker can.
		pr.ProcessID, pr.HeadingID = f.process.ID, f.process.Headings[0].ID
		if _, err := f.svc.Submit(ctx, worker, pr); err != nil {
			t.Errorf("the worker could not propose in an open process: %v", err)
		}
		bad := p
		bad.ID, bad.Slug, bad.Proposers = 0, "bad-rule", "everyone"
		_, err = f.svc.CreateProcess(ctx, 0, bad)
		wantCode(t, err, apperr.Invalid, "an unknown proposers rule")
	})
}
