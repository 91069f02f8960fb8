package demo

import (
	"bytes"
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// The demo's participatory-budgeting processes of District 21.
const (
	// FinishedSlug is "I am Mayor 1404": counted, its winners being built.
	FinishedSlug = "district-21-1404"
	// VotingSlug is "I am Mayor 1405", in its voting phase: anyone signed
	// in may vote.
	VotingSlug = "district-21-1405"
	// IdeasSlug is a small process collecting proposals: anyone signed in
	// may propose.
	IdeasSlug = "district-21-1405-ideas"
)

const (
	million = 1_000_000 // rials
	day     = 24 * time.Hour
	// castWorkers cast ballots at once, so that the service's group
	// commit writes them in a few transactions.
	castWorkers = 32
	// seedHi is the fixed half of every random stream of the demo; the
	// other half names the process, so that each process comes out the
	// same whether or not the others were loaded.
	seedHi = 1404_21
)

// tehranTime is Iran Standard Time (no daylight saving since 1401), so
// that phases start at midnight in Tehran without needing the tz database.
var tehranTime = time.FixedZone("IRST", 7*30*60)

// loadBudgeting adds the demo's "I am Mayor" processes of District 21
// that are not there yet: a finished one (1404) with thousands of
// simulated ballots, its results and its winners under way; one in its
// voting phase (1405) and one collecting ideas. Phases are placed around
// now, the application's clock, at load. It does nothing on a database
// without the demo's District 21 account.
//
// The processes go through their phases as they would in life, through
// the budgeting service's own use cases, on a service whose clock the
// loader moves; the application's service then finds each where now puts
// it. The content is deterministic: the same on every fresh load at the
// same instant.
// unnotified is the demo loader's notifier: it stores and sends nothing,
// so that demo citizens get neither notifications nor SMS.
type unnotified struct{}

func (unnotified) Add(context.Context, *sql.Tx, int64, i18n.Text, string) (notify.Pending, error) {
	return notify.Pending{}, nil
}

func (unnotified) Send(context.Context, ...notify.Pending) {}

func loadBudgeting(ctx context.Context, db *store.DB, orgs *org.Service, ids *identity.Service, now func() time.Time, log *slog.Logger) error {
	start := time.Now()
	staff, err := ids.FindByContact(ctx, District21Email)
	if apperr.Is(err, apperr.NotFound) {
		log.Info("demo budgeting content skipped: the demo accounts are missing")
		return nil
	} else if err != nil {
		return err
	}
	l := &budgetLoader{db: db, orgs: orgs, clock: &demoClock{}, staffID: staff.ID, day0: tehranMidnight(now())}
	l.svc = budgeting.NewService(db, orgs, ids, unnotified{}, l.clock.now)
	loaders := []struct {
		slug string
		load func(context.Context) error
	}{{FinishedSlug, l.finished}, {VotingSlug, l.voting}, {IdeasSlug, l.ideas}}
	var loaded []string
	for _, p := range loaders {
		if _, err := l.svc.ProcessBySlug(ctx, p.slug); err == nil {
			continue
		} else if !apperr.Is(err, apperr.NotFound) {
			return err
		}
		if err := l.prepare(ctx, now); err != nil {
			return err
		}
		if err := p.load(ctx); err != nil {
			return fmt.Errorf("%s: %w", p.slug, err)
		}
		loaded = append(loaded, p.slug)
	}
	if len(loaded) > 0 {
		log.Info("demo budgeting content loaded", "processes", loaded, "ballots", l.ballots,
			"duration_ms", time.Since(start).Milliseconds())
	}
	return nil
}

// tehranMidnight is the start of t's day in Tehran.
func tehranMidnight(t time.Time) time.Time {
	t = t.In(tehranTime)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, tehranTime)
}

// demoClock is the loader's service's clock, moved through the phases.
type demoClock struct{ ms atomic.Int64 }

func (c *demoClock) now() time.Time  { return time.UnixMilli(c.ms.Load()) }
func (c *demoClock) set(t time.Time) { c.ms.Store(t.UnixMilli()) }

type budgetLoader struct {
	db      *store.DB
	orgs    *org.Service
	svc     *budgeting.Service
	clock   *demoClock
	day0    time.Time // today's midnight in Tehran
	staffID int64     // District 21's demo administrator reviews and reports

	prepared   bool
	district   org.Org
	hoods      map[string]org.Org // District 21's neighbourhoods by short slug
	categories map[string]int64   // by slug
	authors    map[string][]int64 // by neighbourhood
	allAuthors []int64
	residents  map[string][]int64 // voters by neighbourhood
	everyone   []int64            // every demo voter
	ballots    int
}

// earlier is the earlier of two instants.
func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// days is midnight in Tehran n days from today.
func (l *budgetLoader) days(n int) time.Time { return l.day0.AddDate(0, 0, n) }

// prepare looks up what the processes need and adds the demo citizens.
func (l *budgetLoader) prepare(ctx context.Context, now func() time.Time) error {
	if l.prepared {
		return nil
	}
	var err error
	if l.district, err = l.orgs.BySlug(ctx, "tehran-district-21"); err != nil {
		return err
	}
	l.hoods = map[string]org.Org{}
	for _, n := range district21Neighbourhoods {
		if l.hoods[n.slug], err = l.orgs.BySlug(ctx, "tehran-21-"+n.slug); err != nil {
			return err
		}
	}
	cats, err := l.svc.Categories(ctx)
	if err != nil {
		return err
	}
	l.categories = map[string]int64{}
	for _, c := range cats {
		l.categories[c.Slug] = c.ID
	}
	if err := l.citizens(ctx, now); err != nil {
		return fmt.Errorf("citizens: %w", err)
	}
	l.prepared = true
	return nil
}

// citizen is a demo account with a verified residence.
type citizen struct {
	phone, name, hood string
	author            bool
}

// demoCitizens are the proposals' authors (mobile numbers 0912700…),
// then the voters of the finished process's neighbourhoods (09128…).
func demoCitizens() []citizen {
	var cs []citizen
	for i, a := range demoAuthors {
		cs = append(cs, citizen{phone: fmt.Sprintf("0912700%04d", i+1), name: a.name, hood: a.hood, author: true})
	}
	n := 0
	for _, h := range finishedHeadings {
		for range h.voters {
			n++
			cs = append(cs, citizen{phone: fmt.Sprintf("09128%06d", n), hood: h.hood})
		}
	}
	return cs
}

// citizenIDs are the stored demo citizens' ids by phone.
func citizenIDs(ctx context.Context, q store.Queryer) (map[string]int64, error) {
	type row struct {
		id    int64
		phone string
	}
	rows, err := store.QueryAll(ctx, q, func(r store.Scanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.phone)
	}, `SELECT id, phone FROM users WHERE phone >= '09127000000' AND phone < '09129000000'`)
	out := make(map[string]int64, len(rows))
	for _, x := range rows {
		out[x.phone] = x.id
	}
	return out, err
}

// addCitizens stores the demo citizens that are missing, each with a
// residence in their neighbourhood verified from the census, in one
// transaction, many rows a statement. They joined 400 days before now.
func addCitizens(ctx context.Context, db *store.DB, orgs *org.Service, now func() time.Time) error {
	cs := demoCitizens()
	if have, err := citizenIDs(ctx, db.Read); err != nil || len(have) == len(cs) {
		return err
	}
	hoods := map[string]int64{}
	for _, n := range district21Neighbourhoods {
		o, err := orgs.BySlug(ctx, "tehran-21-"+n.slug)
		if err != nil {
			return err
		}
		hoods[n.slug] = o.ID
	}
	joined := store.Millis(tehranMidnight(now()).AddDate(0, 0, -400))
	const rows = 300
	return db.Tx(ctx, func(tx *sql.Tx) error {
		for chunk := range slices.Chunk(cs, rows) {
			var q strings.Builder
			q.WriteString(`INSERT INTO users (phone, name, created_at, updated_at) VALUES `)
			args := make([]any, 0, 3*len(chunk))
			for i, c := range chunk {
				if i > 0 {
					q.WriteString(", ")
				}
				fmt.Fprintf(&q, "($%d, $%d, $%d, $%d)", 3*i+1, 3*i+2, 3*i+3, 3*i+3)
				args = append(args, c.phone, c.name, joined)
			}
			q.WriteString(` ON CONFLICT (phone) DO NOTHING`)
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		ids, err := citizenIDs(ctx, tx)
		if err != nil {
			return err
		}
		for chunk := range slices.Chunk(cs, rows) {
			var q strings.Builder
			q.WriteString(`INSERT INTO residences (user_id, org_id, source, created_at) VALUES `)
			args := make([]any, 0, 4*len(chunk))
			for i, c := range chunk {
				if i > 0 {
					q.WriteString(", ")
				}
				fmt.Fprintf(&q, "($%d, $%d, $%d, $%d)", 4*i+1, 4*i+2, 4*i+3, 4*i+4)
				args = append(args, ids[c.phone], hoods[c.hood], identity.ByCensus, joined)
			}
			q.WriteString(` ON CONFLICT DO NOTHING`) // a current residence is kept
			if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
				return err
			}
		}
		return nil
	})
}

// citizens finds the demo citizens, adding those missing.
func (l *budgetLoader) citizens(ctx context.Context, now func() time.Time) error {
	if err := addCitizens(ctx, l.db, l.orgs, now); err != nil {
		return err
	}
	ids, err := citizenIDs(ctx, l.db.Read)
	if err != nil {
		return err
	}
	// Where each lives now: a number taken before the demo was loaded
	// keeps its owner's residence, and votes only where that allows.
	type home struct{ user, org int64 }
	homes, err := store.QueryAll(ctx, l.db.Read, func(r store.Scanner) (home, error) {
		var h home
		return h, r.Scan(&h.user, &h.org)
	}, `SELECT r.user_id, r.org_id FROM residences r JOIN users u ON u.id = r.user_id
		WHERE r.revoked_at IS NULL AND u.phone >= '09127000000' AND u.phone < '09129000000'`)
	if err != nil {
		return err
	}
	homeOf := make(map[int64]int64, len(homes))
	for _, h := range homes {
		homeOf[h.user] = h.org
	}
	l.authors, l.residents = map[string][]int64{}, map[string][]int64{}
	for _, c := range demoCitizens() {
		id := ids[c.phone]
		if id == 0 {
			return fmt.Errorf("demo citizen %s was not stored", c.phone)
		}
		switch {
		case c.author:
			l.authors[c.hood] = append(l.authors[c.hood], id)
			l.allAuthors = append(l.allAuthors, id)
		case homeOf[id] == l.hoods[c.hood].ID:
			l.residents[c.hood] = append(l.residents[c.hood], id)
			fallthrough
		default:
			l.everyone = append(l.everyone, id)
		}
	}
	return nil
}

// demoHeading is a heading of a demo process with its proposals.
type demoHeading struct {
	hood   string // a neighbourhood's short slug; "" for the whole district
	nameFa string // "" for the neighbourhood's name
	nameEn string
	budget int64
	voters int // simulated ballots
	props  []demoProposal
}

// demoProposal is a citizen's proposal and what became of it at review.
type demoProposal struct {
	cat    string // category slug
	title  string
	desc   string
	cost   int64   // the author's estimate
	final  int64   // the municipality's cost at review; 0: not feasible
	reason string  // why it is not feasible
	dupOf  int     // merged at review into this proposal (1-based) of the heading
	behalf string  // the group it is submitted for
	pop    float64 // how much voters like it, 0–1
}

// heading is a stored heading with its proposals' ids, in order.
type heading struct {
	demo  demoHeading
	id    int64
	ids   []int64
	voter []int64 // who may vote or support here
}

func (l *budgetLoader) headingsOf(hs []demoHeading) []budgeting.Heading {
	out := make([]budgeting.Heading, len(hs))
	for i, h := range hs {
		area, fa, en := l.district, h.nameFa, h.nameEn
		if h.hood != "" {
			area = l.hoods[h.hood]
			fa, en = cmp.Or(fa, area.NameFa), cmp.Or(en, area.NameEn)
		}
		out[i] = budgeting.Heading{AreaID: area.ID, NameFa: fa, NameEn: en, Budget: h.budget}
	}
	return out
}

// create stores a process at the start of its first phase.
func (l *budgetLoader) create(ctx context.Context, p budgeting.Process, hs []demoHeading) (budgeting.Process, []*heading, error) {
	p.OrgID, p.Headings = l.district.ID, l.headingsOf(hs)
	l.clock.set(p.Phases[0].Start)
	p, err := l.svc.CreateProcess(ctx, l.staffID, p)
	if err != nil {
		return p, nil, err
	}
	out := make([]*heading, len(hs))
	for i, h := range hs {
		out[i] = &heading{demo: h, id: p.Headings[i].ID, voter: l.residents[h.hood]}
		if len(out[i].voter) == 0 {
			out[i].voter = l.everyone
		}
	}
	return p, out, nil
}

// propose submits every heading's proposals in the proposals phase, one
// after another over its first weeks, each by an author living there.
func (l *budgetLoader) propose(ctx context.Context, p budgeting.Process, hs []*heading) error {
	w, _ := p.Window(budgeting.Proposals)
	total := 0
	for _, h := range hs {
		total += len(h.demo.props)
	}
	span := min(w.End.Sub(w.Start), l.days(0).Sub(w.Start)) * 3 / 4
	k := 0
	for _, h := range hs {
		authors := l.authors[h.demo.hood]
		if len(authors) == 0 {
			authors = l.allAuthors
		}
		for i, d := range h.demo.props {
			l.clock.set(w.Start.Add(time.Hour + span*time.Duration(k)/time.Duration(total)))
			k++
			pr, err := l.svc.Submit(ctx, authors[i%len(authors)], budgeting.Proposal{ProcessID: p.ID, HeadingID: h.id,
				CategoryID: l.categories[d.cat], Title: d.title, Description: d.desc, EstimatedCost: d.cost, OnBehalfOf: d.behalf})
			if err != nil {
				return fmt.Errorf("proposal %q: %w", d.title, err)
			}
			h.ids = append(h.ids, pr.ID)
		}
	}
	return nil
}

// support has neighbours back proposals before review, more the popular
// ones.
func (l *budgetLoader) support(ctx context.Context, p budgeting.Process, hs []*heading, rng *rand.Rand) error {
	w, _ := p.Window(budgeting.Proposals)
	l.clock.set(earlier(w.End, l.days(0)).Add(-2 * time.Hour))
	type job struct{ user, proposal int64 }
	var jobs []job
	for _, h := range hs {
		for i, d := range h.demo.props {
			n := int(d.pop*30) + rng.IntN(6)
			for _, v := range rng.Perm(len(h.voter))[:min(n, len(h.voter))] {
				jobs = append(jobs, job{h.voter[v], h.ids[i]})
			}
		}
	}
	return parallel(ctx, len(jobs), func(ctx context.Context, i int) error {
		_, err := l.svc.Support(ctx, jobs[i].user, jobs[i].proposal, true)
		return err
	})
}

// review gives every proposal its verdict in the review phase: a final
// cost, a reason, or a merge into the one it repeats.
func (l *budgetLoader) review(ctx context.Context, p budgeting.Process, hs []*heading, notes map[string]string) error {
	w, _ := p.Window(budgeting.Review)
	l.clock.set(w.Start.Add(2 * day))
	for _, h := range hs {
		for i, d := range h.demo.props {
			if note, ok := notes[d.title]; ok {
				if err := l.svc.AddComment(ctx, l.staffID, h.ids[i], note); err != nil {
					return err
				}
			}
		}
	}
	l.clock.set(w.Start.Add(9 * day))
	for _, h := range hs {
		for i, d := range h.demo.props {
			var err error
			switch {
			case d.dupOf > 0:
				_, err = l.svc.Merge(ctx, l.staffID, h.ids[i], h.ids[d.dupOf-1])
			case d.final > 0:
				_, err = l.svc.ReviewProposal(ctx, l.staffID, h.ids[i], budgeting.Verdict{Feasible: true, FinalCost: d.final})
			default:
				_, err = l.svc.ReviewProposal(ctx, l.staffID, h.ids[i], budgeting.Verdict{Reason: d.reason})
			}
			if err != nil {
				return fmt.Errorf("review %q: %w", d.title, err)
			}
		}
	}
	return nil
}

// vote casts each heading's simulated ballots in the voting phase, spread
// over it (and never after now).
func (l *budgetLoader) vote(ctx context.Context, p budgeting.Process, hs []*heading, rng *rand.Rand) error {
	w, _ := p.Window(budgeting.Voting)
	type job struct {
		voter int64
		b     budgeting.Ballot
	}
	var jobs []job
	for _, h := range hs {
		var costs []int64
		var pops []float64
		var ids []int64
		for i, d := range h.demo.props {
			if d.final > 0 && d.dupOf == 0 {
				costs, pops, ids = append(costs, d.final), append(pops, d.pop), append(ids, h.ids[i])
			}
		}
		voters := slices.Clone(h.voter)
		rng.Shuffle(len(voters), func(i, j int) { voters[i], voters[j] = voters[j], voters[i] })
		for _, v := range voters[:min(h.demo.voters, len(voters))] {
			b := budgeting.Ballot{HeadingID: h.id}
			for _, i := range approve(rng, h.demo.budget, costs, pops) {
				b.Choices = append(b.Choices, budgeting.Choice{ProposalID: ids[i]})
			}
			jobs = append(jobs, job{v, b})
		}
	}
	// Waves, each at a later hour of the phase: a wave's ballots are
	// committed together, in a handful of transactions.
	rng.Shuffle(len(jobs), func(i, j int) { jobs[i], jobs[j] = jobs[j], jobs[i] })
	const wave = 512
	end := earlier(w.End, l.days(0))
	waves := (len(jobs) + wave - 1) / wave
	for k, chunk := 0, jobs; len(chunk) > 0; k++ {
		n := min(wave, len(chunk))
		l.clock.set(w.Start.Add(end.Sub(w.Start) * time.Duration(2*k+1) / time.Duration(2*waves)))
		part := chunk[:n]
		if err := parallel(ctx, n, func(ctx context.Context, i int) error {
			_, err := l.svc.Cast(ctx, part[i].voter, part[i].b)
			return err
		}); err != nil {
			return fmt.Errorf("ballot: %w", err)
		}
		chunk = chunk[n:]
	}
	l.ballots += len(jobs)
	return nil
}

// approve is one simulated voter's approval ballot (indices of projects,
// ascending) within the budget: they look at the projects in a random
// order and take each with a chance that grows with its popularity and
// their own keenness, while the money lasts. Nobody leaves the ballot
// empty.
func approve(rng *rand.Rand, budget int64, costs []int64, pops []float64) []int {
	keen := 0.55 + 0.9*rng.Float64()
	var total int64
	var out []int
	for _, i := range rng.Perm(len(costs)) {
		if rng.Float64() < min(0.95, pops[i]*keen) && total+costs[i] <= budget {
			out = append(out, i)
			total += costs[i]
		}
	}
	if len(out) == 0 {
		best := -1
		for i := range costs {
			if costs[i] <= budget && (best < 0 || pops[i] > pops[best]) {
				best = i
			}
		}
		out = append(out, best)
	}
	slices.Sort(out)
	return out
}

// parallel runs fn for 0..n-1 on castWorkers goroutines and returns the
// first error.
func parallel(ctx context.Context, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var once sync.Once
	var first error
	var wg sync.WaitGroup
	for range min(castWorkers, n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				if err := fn(ctx, i); err != nil {
					once.Do(func() { first = err; cancel() })
					return
				}
			}
		}()
	}
	wg.Wait()
	return first
}

// finished is "I am Mayor 1404": every phase over but implementation,
// which runs now.
func (l *budgetLoader) finished(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(seedHi, 1))
	p, hs, err := l.create(ctx, budgeting.Process{Slug: FinishedSlug,
		TitleFa: "من شهردارم ۱۴۰۴ — منطقه ۲۱", TitleEn: "I am Mayor 1404 — District 21",
		DescriptionFa: "دومین دوره طرح «من شهردارم» در منطقه ۲۱: شهروندان، کارگران و مدیران صنایع منطقه برای سه محله " +
			"پروژه‌های عمرانی، فرهنگی، خدمات شهری و ورزشی پیشنهاد دادند، شهرداری هزینه هر طرح را برآورد کرد و ساکنان هر محله " +
			"طرح‌های محله خود را تا سقف بودجه آن برگزیدند. آرا به روش سهم‌های برابر شمرده شد و طرح‌های برگزیده در حال اجراست.",
		DescriptionEn: "The second round of \"I am Mayor\" in District 21: residents, workers and industry managers proposed " +
			"civil-works, cultural, urban-services and sports projects for three neighbourhoods, the municipality costed each one, " +
			"and each neighbourhood's residents chose its projects within its budget. The votes were counted by the Method of " +
			"Equal Shares and the winning projects are being built.",
		Rule: "equalshares/add1", Ballot: budgeting.Approval, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{
			{Phase: budgeting.Information, Start: l.days(-330), End: l.days(-300)},
			{Phase: budgeting.Proposals, Start: l.days(-300), End: l.days(-260)},
			{Phase: budgeting.Review, Start: l.days(-260), End: l.days(-225)},
			{Phase: budgeting.Voting, Start: l.days(-225), End: l.days(-205)},
			{Phase: budgeting.Results, Start: l.days(-205), End: l.days(-180)},
			{Phase: budgeting.Implementation, Start: l.days(-180), End: l.days(185)},
		}}, finishedHeadings)
	if err != nil {
		return err
	}
	if err := l.propose(ctx, p, hs); err != nil {
		return err
	}
	if err := l.support(ctx, p, hs, rng); err != nil {
		return err
	}
	if err := l.review(ctx, p, hs, reviewNotes); err != nil {
		return err
	}
	if err := l.vote(ctx, p, hs, rng); err != nil {
		return err
	}
	return l.implement(ctx, p, rng)
}

// implement starts the winners' implementation and reports on each: some
// done, most under way, a few still planned, with dated milestones and a
// few photos.
func (l *budgetLoader) implement(ctx context.Context, p budgeting.Process, rng *rand.Rand) error {
	w, _ := p.Window(budgeting.Implementation)
	l.clock.set(w.Start.Add(3 * day))
	if _, err := l.svc.StartImplementation(ctx, l.staffID, p.ID); err != nil {
		return err
	}
	projects, err := l.svc.Projects(ctx, p.ID)
	if err != nil {
		return err
	}
	l.clock.set(l.days(-2).Add(11 * time.Hour))
	photos := 0
	for i, pj := range projects {
		cost := pj.Proposal.Cost()
		u := budgeting.ProjectUpdate{Status: budgeting.ProjectInProgress, Progress: 15 + rng.IntN(71)}
		switch i % 5 {
		case 0:
			u = budgeting.ProjectUpdate{Status: budgeting.ProjectDone, Progress: 100}
		case 4:
			u = budgeting.ProjectUpdate{Status: budgeting.ProjectPlanned}
		}
		u.Spent = cost * int64(u.Progress) / 100 * int64(88+rng.IntN(15)) / 100 / million * million
		if err := l.svc.UpdateProject(ctx, l.staffID, pj.Proposal.ID, u); err != nil {
			return err
		}
		for k, m := range milestones {
			// Planned projects have their funds and a tender date; the
			// others every step, done up to where they are.
			if u.Status == budgeting.ProjectPlanned && k > 1 {
				break
			}
			done := k == 0 || u.Status == budgeting.ProjectDone || (u.Status == budgeting.ProjectInProgress && k < 3)
			on := w.Start.AddDate(0, 0, m.after+rng.IntN(10))
			if !done {
				on = l.day0.AddDate(0, 0, 20+30*k+rng.IntN(20))
			}
			var files []budgeting.Upload
			if done && k >= 2 && photos < 4 && i%5 <= 1 {
				photos++
				files = append(files, budgeting.Upload{Name: fmt.Sprintf("project-%d-%d.png", pj.Proposal.ID, k), Data: photo(rng)})
			}
			y, mo, d := on.Date()
			if _, err := l.svc.AddMilestone(ctx, l.staffID, budgeting.Milestone{ProposalID: pj.Proposal.ID, TitleFa: m.fa, TitleEn: m.en,
				On: time.Date(y, mo, d, 0, 0, 0, 0, time.UTC), Done: done}, files); err != nil {
				return err
			}
		}
	}
	return nil
}

// milestones are the steps every project goes through, days after
// implementation starts.
var milestones = []struct {
	fa, en string
	after  int
}{
	{"ابلاغ اعتبار طرح", "Funds allocated", 5},
	{"برگزاری مناقصه و انتخاب پیمانکار", "Tender held and contractor chosen", 35},
	{"آغاز عملیات اجرایی", "Works started", 70},
	{"پایان کار و بهره‌برداری", "Completed and opened", 150},
}

// photo is a small site picture: sky, ground and a building in a colour of
// its own, as a PNG.
func photo(rng *rand.Rand) []byte {
	const w, h = 120, 80
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	body := color.RGBA{uint8(120 + rng.IntN(120)), uint8(80 + rng.IntN(100)), uint8(60 + rng.IntN(80)), 255}
	x0, x1 := 20+rng.IntN(30), 70+rng.IntN(30)
	top := 20 + rng.IntN(20)
	for y := range h {
		for x := range w {
			c := color.RGBA{uint8(110 + y), uint8(170 + y), 235, 255} // sky, lighter towards the horizon
			switch {
			case y >= 60:
				c = color.RGBA{96, 140, 70, 255} // grass
			case x >= x0 && x < x1 && y >= top:
				c = body
				if (x-x0)%12 >= 4 && (x-x0)%12 < 8 && (y-top)%10 >= 3 && (y-top)%10 < 7 {
					c = color.RGBA{240, 230, 170, 255} // windows
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(err) // encoding an in-memory image does not fail
	}
	return buf.Bytes()
}

// voting is "I am Mayor 1405", in its voting phase now: anyone signed in
// may vote in either heading, and some neighbours already have.
func (l *budgetLoader) voting(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(seedHi, 2))
	p, hs, err := l.create(ctx, budgeting.Process{Slug: VotingSlug,
		TitleFa: "من شهردارم ۱۴۰۵", TitleEn: "I am Mayor 1405",
		DescriptionFa: "سومین دوره طرح «من شهردارم» در منطقه ۲۱ برای محله‌های چیتگر شمالی و وردآورد. طرح‌هایی که شهرداری " +
			"امکان‌پذیر دانسته و هزینه‌شان را تعیین کرده به رأی گذاشته شده است؛ هر کس در سامانه ثبت‌نام کرده باشد می‌تواند " +
			"طرح‌های دلخواهش را تا سقف بودجه هر محله برگزیند.",
		DescriptionEn: "The third round of \"I am Mayor\" in District 21, for North Chitgar and Vardavard. The proposals the " +
			"municipality found feasible, at the cost it set, are on the ballot; anyone signed up may choose their favourites " +
			"within each neighbourhood's budget.",
		Rule: "equalshares/add1", Ballot: budgeting.Approval, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{
			{Phase: budgeting.Information, Start: l.days(-75), End: l.days(-60)},
			{Phase: budgeting.Proposals, Start: l.days(-60), End: l.days(-35)},
			{Phase: budgeting.Review, Start: l.days(-35), End: l.days(-10)},
			{Phase: budgeting.Voting, Start: l.days(-10), End: l.days(18)},
			{Phase: budgeting.Results, Start: l.days(18), End: l.days(48)},
		}}, votingHeadings)
	if err != nil {
		return err
	}
	if err := l.propose(ctx, p, hs); err != nil {
		return err
	}
	if err := l.support(ctx, p, hs, rng); err != nil {
		return err
	}
	if err := l.review(ctx, p, hs, nil); err != nil {
		return err
	}
	return l.vote(ctx, p, hs, rng)
}

// ideas is a small district-wide process collecting proposals now.
func (l *budgetLoader) ideas(ctx context.Context) error {
	rng := rand.New(rand.NewPCG(seedHi, 3))
	p, hs, err := l.create(ctx, budgeting.Process{Slug: IdeasSlug,
		TitleFa: "من شهردارم ۱۴۰۵ — ایده‌های منطقه", TitleEn: "I am Mayor 1405 — ideas for the district",
		DescriptionFa: "ایده‌های کوچک برای همه محله‌های منطقه ۲۱: رویدادهای فرهنگی و ورزشی، فضای سبز و کارهایی که با همکاری " +
			"کارخانه‌ها و مدرسه‌های منطقه شدنی است. هر کس در سامانه ثبت‌نام کرده باشد می‌تواند طرح بدهد یا از طرح دیگران پشتیبانی کند.",
		DescriptionEn: "Small ideas for every neighbourhood of District 21: cultural and sports events, green spaces, and what " +
			"the district's factories and schools can help with. Anyone signed up may propose or support others' proposals.",
		Rule: "greedy", Ballot: budgeting.Approval, Eligibility: budgeting.SignedIn, Scope: budgeting.AllHeadings,
		Phases: []budgeting.Window{
			{Phase: budgeting.Proposals, Start: l.days(-6), End: l.days(24)},
			{Phase: budgeting.Review, Start: l.days(24), End: l.days(40)},
			{Phase: budgeting.Voting, Start: l.days(40), End: l.days(54)},
			{Phase: budgeting.Results, Start: l.days(54), End: l.days(84)},
		}}, ideaHeadings)
	if err != nil {
		return err
	}
	if err := l.propose(ctx, p, hs); err != nil {
		return err
	}
	return l.support(ctx, p, hs, rng)
}

// demoAuthors are the citizens who propose, each living in a neighbourhood
// of District 21.
var demoAuthors = []struct{ name, hood string }{
	{"مریم احمدی", "tehransar-central"}, {"رضا کریمی", "tehransar-central"},
	{"زهرا حسینی", "tehransar-central"}, {"علی رضایی", "tehransar-central"},
	{"فاطمه موسوی", "villashahr"}, {"حسین محمدی", "villashahr"},
	{"نرگس جعفری", "villashahr"}, {"مهدی صادقی", "villashahr"},
	{"سمیه کاظمی", "shahrak-daneshgah"}, {"امیر نوری", "shahrak-daneshgah"},
	{"لیلا قاسمی", "shahrak-daneshgah"}, {"محسن باقری", "shahrak-daneshgah"},
	{"الهام رحیمی", "chitgar-north"}, {"سعید مرادی", "chitgar-north"}, {"پریسا عباسی", "chitgar-north"},
	{"جواد حیدری", "vardavard"}, {"مینا یوسفی", "vardavard"}, {"کاوه شریفی", "vardavard"},
}

// Groups that proposals are submitted for.
const (
	disabledNGO = "انجمن معلولان منطقه ۲۱"
	workers     = "کارگران کارخانه‌های جاده مخصوص کرج"
)

// finishedHeadings are "I am Mayor 1404"'s neighbourhoods, with the
// proposals of seed 003's kinds (civil works, cultural, urban services,
// sports) and the others.
var finishedHeadings = []demoHeading{
	{hood: "tehransar-central", budget: 42_000 * million, voters: 1300, props: []demoProposal{
		{cat: "civil-works", title: "بازسازی پیاده‌روی خیابان اصلی برای معلولان و سالمندان",
			desc: "پیاده‌روی خیابان اصلی تهرانسر پر از پله، دست‌انداز و دریچه‌های شکسته است و ویلچر، واکر و کالسکه از آن نمی‌گذرد. " +
				"پیشنهاد ما کف‌پوش یکدست و هم‌سطح، رمپ استاندارد در همه تقاطع‌ها و نوار راهنمای نابینایان است.",
			cost: 12_000 * million, final: 13_500 * million, behalf: disabledNGO, pop: 0.72},
		{cat: "urban-services", title: "روشنایی بوستان محله و مسیر پیاده‌روی شبانه",
			desc: "بیشتر چراغ‌های بوستان خاموش یا شکسته است و پس از غروب کسی در مسیر پیاده‌روی قدم نمی‌زند. نصب چراغ‌های کم‌مصرف، " +
				"تعمیر تابلوهای برق و روشن کردن گوشه‌های تاریک، بوستان را برای زنان و سالمندان امن می‌کند.",
			cost: 4_500 * million, final: 5_200 * million, pop: 0.66},
		{cat: "cultural", title: "کتابخانه عمومی در سرای محله",
			desc: "سرای محله اتاقی خالی دارد که می‌تواند کتابخانه‌ای کوچک با قفسه، میز مطالعه و بخش کودک شود. کتاب‌ها را اهالی " +
				"اهدا می‌کنند؛ این بودجه برای تجهیز، اینترنت و یک کتابدار پاره‌وقت است.",
			cost: 9_000 * million, final: 8_400 * million, behalf: "سرای محله تهرانسر", pop: 0.48},
		{cat: "sports", title: "سالن ورزشی سرپوشیده ویژه بانوان",
			desc: "بانوان تهرانسر برای ورزش باید به مناطق دیگر بروند. پیشنهاد می‌کنیم سوله بی‌استفاده کنار بوستان به سالن سرپوشیده " +
				"بانوان با رختکن، دوش و برنامه زمانی ثابت تبدیل شود.",
			cost: 28_000 * million, final: 31_000 * million, pop: 0.52},
		{cat: "health", title: "ایستگاه سلامت سالمندان در بوستان",
			desc: "غرفه‌ای کوچک با فشارسنج و قندسنج و حضور هفتگی بهورز، برای سالمندانی که صبح‌ها در بوستان ورزش می‌کنند.",
			cost: 3_000 * million, final: 3_200 * million, pop: 0.34},
		{cat: "transport", title: "ایستگاه‌های اتوبوس سرپوشیده با نیمکت در بلوار تهرانسر",
			desc: "ایستگاه‌های بلوار سایه‌بان و نیمکت ندارند و مسافران در گرمای تابستان و باران زمستان سرپا منتظر می‌مانند. " +
				"چهار ایستگاه سرپوشیده با نیمکت و تابلوی زمان رسیدن اتوبوس پیشنهاد می‌شود.",
			cost: 2_500 * million, final: 2_900 * million, pop: 0.41},
		{cat: "social", title: "کلاس‌های رایگان مهارت‌آموزی برای نوجوانان",
			desc: "کلاس‌های رایانه، سیم‌کشی ساده و خیاطی برای نوجوانان محله در تابستان و عصرهای سال تحصیلی، با مربیان داوطلب و " +
				"تجهیزاتی که از این بودجه خریده می‌شود.",
			cost: 6_000 * million, final: 5_500 * million, pop: 0.29},
		{cat: "environment", title: "کاشت ۵۰۰ درخت با آبیاری قطره‌ای در حاشیه بلوار",
			desc: "حاشیه بلوار خاکی و بی‌درخت است. کاشت درختان سازگار با کم‌آبی مانند اقاقیا و زبان‌گنجشک با آبیاری قطره‌ای، " +
				"گرد و خاک را کم می‌کند و سایه می‌دهد.",
			cost: 7_000 * million, final: 7_600 * million, behalf: "انجمن دوستداران محیط زیست تهرانسر", pop: 0.45},
		{cat: "urban-services", title: "مخزن‌های تفکیک زباله و غرفه بازیافت",
			desc: "مخزن‌های جداگانه برای پسماند خشک و تر در کوچه‌ها و غرفه‌ای که در برابر پسماند خشک به اهالی کارت خرید بدهد.",
			cost: 2_000 * million, final: 2_300 * million, pop: 0.24},
		{cat: "civil-works", title: "پل عابر پیاده با آسانسور روی بزرگراه",
			desc: "گذشتن از بزرگراه برای رسیدن به ایستگاه مترو خطرناک است؛ پلی با آسانسور لازم است تا سالمندان هم بتوانند از آن بگذرند.",
			cost: 60_000 * million, reason: "ساخت پل روی بزرگراه با معاونت فنی و عمرانی شهرداری تهران است و هزینه آن از بودجه " +
				"این محله بیشتر است؛ پیشنهاد به آن معاونت فرستاده شد."},
		{cat: "urban-services", title: "نورپردازی پارک محله",
			desc: "پارک محله شب‌ها تاریک است و خانواده‌ها بعد از شام نمی‌توانند به پارک بیایند. لطفاً چراغ‌های بیشتری نصب شود.",
			cost: 3_000 * million, dupOf: 2},
	}},
	{hood: "villashahr", budget: 30_000 * million, voters: 1100, props: []demoProposal{
		{cat: "sports", title: "زمین فوتبال کوچک با چمن مصنوعی برای نوجوانان",
			desc: "نوجوانان ویلاشهر در کوچه فوتبال بازی می‌کنند. زمین خاکی کنار مدرسه می‌تواند با چمن مصنوعی، نورافکن و حصار " +
				"زمین فوتبال کوچکی شود که عصرها به نوبت در اختیار تیم‌های محله باشد.",
			cost: 9_000 * million, final: 10_200 * million, pop: 0.56},
		{cat: "civil-works", title: "آسفالت و جدول‌گذاری کوچه‌های فرعی",
			desc: "آسفالت کوچه‌های فرعی ویلاشهر سال‌هاست نو نشده و در زمستان آب در چاله‌ها می‌ماند. آسفالت دوباره، جدول‌گذاری و " +
				"آبروهای سطحی پیشنهاد می‌شود.",
			cost: 11_000 * million, final: 12_800 * million, pop: 0.6},
		{cat: "cultural", title: "سینمای روباز و جشنواره تابستانی در بوستان",
			desc: "شب‌های تابستان فیلم خانوادگی روی پرده بزرگ در بوستان نمایش داده شود و جمعه‌ها بازارچه هنرهای دستی اهالی برپا شود.",
			cost: 1_500 * million, final: 1_800 * million, behalf: "کانون فرهنگی و هنری ویلاشهر", pop: 0.31},
		{cat: "transport", title: "مسیر دوچرخه از ویلاشهر تا ایستگاه مترو",
			desc: "مسیر دوچرخه‌ای جدا از سواره‌رو، با پارکینگ دوچرخه کنار ایستگاه مترو، تا رفت‌وآمد روزانه بی‌خودرو ممکن شود.",
			cost: 8_000 * million, final: 9_100 * million, pop: 0.33},
		{cat: "urban-services", title: "سرویس بهداشتی عمومی در بوستان",
			desc: "بوستان محله سرویس بهداشتی ندارد. سرویسی با چشمه ویژه معلولان و اتاق مادر و کودک پیشنهاد می‌شود.",
			cost: 3_000 * million, final: 3_600 * million, pop: 0.42},
		{cat: "health", title: "دستگاه شوک قلبی خودکار در اماکن عمومی محله",
			desc: "نصب سه دستگاه شوک قلبی خودکار در سرای محله، مسجد و بوستان، همراه با آموزش احیای قلبی به داوطلبان محله.",
			cost: 1_200 * million, final: 1_350 * million, pop: 0.28},
		{cat: "environment", title: "باغچه محله و کارگاه کمپوست",
			desc: "زمین کوچک کنار سرای محله باغچه‌ای اشتراکی شود که اهالی در آن سبزی بکارند و پسماند تر خانه‌ها را کمپوست کنند.",
			cost: 1_000 * million, final: 1_150 * million, pop: 0.19},
		{cat: "social", title: "سایه‌بان و نیمکت در ایستگاه سرویس کارگران",
			desc: "صبح‌های زود صدها کارگر کنار بلوار منتظر سرویس کارخانه می‌مانند. سایه‌بان، نیمکت و روشنایی، این ایستگاه‌ها را امن " +
				"و قابل تحمل می‌کند.",
			cost: 2_000 * million, final: 2_200 * million, behalf: workers, pop: 0.37},
		{cat: "civil-works", title: "رمپ و دستگیره در ورودی دبستان و درمانگاه",
			desc: "ورودی دبستان و درمانگاه محله فقط پله دارد. رمپ با شیب استاندارد و دستگیره، رفت‌وآمد دانش‌آموزان و بیماران " +
				"دارای معلولیت را ممکن می‌کند.",
			cost: 1_800 * million, final: 2_000 * million, pop: 0.3},
		{cat: "sports", title: "استخر سرپوشیده محله",
			desc: "ویلاشهر استخر ندارد و نزدیک‌ترین استخر دور و شلوغ است.",
			cost: 80_000 * million, reason: "هزینه ساخت و نگهداری استخر از کل بودجه محله بیشتر است؛ طرح در فهرست طرح‌های " +
				"منطقه‌ای بررسی می‌شود."},
	}},
	{hood: "shahrak-daneshgah", budget: 25_000 * million, voters: 1000, props: []demoProposal{
		{cat: "cultural", title: "اتاق مطالعه شبانه برای دانشجویان و داوطلبان کنکور",
			desc: "دانشجویان و داوطلبان کنکور شهرک جای آرامی برای درس خواندن ندارند. اتاق مطالعه‌ای با صندلی مناسب، نور کافی و " +
				"اینترنت که تا نیمه‌شب باز باشد.",
			cost: 7_000 * million, final: 7_800 * million, pop: 0.6},
		{cat: "sports", title: "زمین والیبال و وسایل ورزشی در بوستان شهرک",
			desc: "زمین والیبال با تور و خط‌کشی و چند دستگاه ورزشی برای جوانان و میانسالان در بوستان شهرک.",
			cost: 2_500 * million, final: 2_700 * million, pop: 0.4},
		{cat: "civil-works", title: "ترمیم پیاده‌رو و برداشتن موانع ویلچر در خیابان اصلی شهرک",
			desc: "تیرهای برق، پله‌های مغازه‌ها و درپوش‌های بلند، پیاده‌روی خیابان اصلی را برای ویلچر و کالسکه بسته است. " +
				"پیاده‌رو هم‌سطح و پیوسته شود.",
			cost: 6_000 * million, final: 6_600 * million, pop: 0.5},
		{cat: "urban-services", title: "روشنایی کوچه‌ها با چراغ‌های کم‌مصرف",
			desc: "کوچه‌های شهرک شب‌ها تاریک است. نصب چراغ‌های کم‌مصرف روی تیرهای موجود، هم امنیت را بیشتر می‌کند و هم هزینه برق را کم.",
			cost: 4_000 * million, final: 4_400 * million, pop: 0.55},
		{cat: "transport", title: "سرعت‌گیر و خط‌کشی عابر پیاده جلوی دبستان",
			desc: "خودروها با سرعت از جلوی دبستان می‌گذرند. سرعت‌گیر، خط‌کشی عابر پیاده و تابلوی مدرسه، رفت‌وآمد بچه‌ها را ایمن می‌کند.",
			cost: 900 * million, final: 1_000 * million, behalf: "انجمن اولیا و مربیان دبستان شهرک دانشگاه", pop: 0.46},
		{cat: "environment", title: "احیای فضای سبز حاشیه جوی آب",
			desc: "حاشیه جوی آب شهرک پر از زباله و علف هرز است. پاک‌سازی، کاشت گیاهان کم‌آب‌بر و نیمکت، آن را به مسیر پیاده‌روی تبدیل می‌کند.",
			cost: 5_000 * million, final: 5_500 * million, pop: 0.3},
		{cat: "health", title: "ورزش صبحگاهی و پایش سلامت سالمندان",
			desc: "مربی ورزش صبحگاهی در بوستان و پایش ماهانه فشار خون و قند سالمندان شهرک با همکاری خانه سلامت.",
			cost: 2_000 * million, final: 2_100 * million, pop: 0.25},
		{cat: "social", title: "کارگاه مهارت‌آموزی برای زنان سرپرست خانوار",
			desc: "کارگاه‌های خیاطی، آشپزی و فروش اینترنتی برای زنان سرپرست خانوار، با نگهداری از کودکان در ساعت کلاس.",
			cost: 3_000 * million, final: 3_300 * million, behalf: "انجمن حمایت از زنان سرپرست خانوار", pop: 0.31},
		{cat: "sports", title: "سالن ورزشی بانوان در شهرک",
			desc: "سالنی سرپوشیده برای ورزش بانوان شهرک، با برنامه کلاس‌های آمادگی جسمانی، یوگا و والیبال.",
			cost: 14_000 * million, final: 15_500 * million, pop: 0.42},
		{cat: "civil-works", title: "پارکینگ طبقاتی در زمین خالی کنار بوستان",
			desc: "کوچه‌های شهرک شب‌ها پر از خودرو است؛ زمین خالی کنار بوستان برای پارکینگ طبقاتی مناسب است.",
			cost: 35_000 * million, reason: "زمین پیشنهادی ملک خصوصی است و شهرداری اجازه ساخت در آن را ندارد."},
	}},
}

// reviewNotes are the reviewers' comments on proposals, by title.
var reviewNotes = map[string]string{
	"پل عابر پیاده با آسانسور روی بزرگراه":    "با معاونت فنی و عمرانی هماهنگ شد؛ این پل در برنامه پنج‌ساله آن معاونت نیست و از بودجه محله هم بیشتر است.",
	"سالن ورزشی سرپوشیده ویژه بانوان":         "سوله از آن شهرداری است؛ با مقاوم‌سازی سقف، برآورد به ۳۱ میلیارد ریال رسید.",
	"آسفالت و جدول‌گذاری کوچه‌های فرعی":       "برآورد واحد فنی ناحیه با آبروهای سطحی: ۱۲٫۸ میلیارد ریال.",
	"پارکینگ طبقاتی در زمین خالی کنار بوستان": "استعلام ثبتی گرفته شد؛ زمین ملک خصوصی است.",
}

// votingHeadings are "I am Mayor 1405"'s neighbourhoods; their proposals
// are all on the ballot.
var votingHeadings = []demoHeading{
	{hood: "chitgar-north", budget: 38_000 * million, voters: 140, props: []demoProposal{
		{cat: "environment", title: "سایه‌بان و آب‌خوری در مسیر پیاده‌روی بوستان",
			desc: "مسیر پیاده‌روی بوستان در تابستان بی‌سایه است. سایه‌بان‌های چوبی، آب‌خوری و نیمکت در فاصله‌های کوتاه پیشنهاد می‌شود.",
			cost: 4_000 * million, final: 4_300 * million, pop: 0.55},
		{cat: "sports", title: "زمین بسکتبال سه‌نفره و میز پینگ‌پنگ",
			desc: "یک زمین بسکتبال سه‌نفره و چهار میز پینگ‌پنگ بتنی در بوستان محله برای نوجوانان.",
			cost: 3_500 * million, final: 3_800 * million, pop: 0.45},
		{cat: "cultural", title: "فرهنگسرای کوچک با کلاس موسیقی و نقاشی کودکان",
			desc: "ساختمانی کوچک برای کلاس‌های موسیقی، نقاشی و قصه‌گویی کودکان، که شب‌ها جای نشست‌های اهالی باشد.",
			cost: 14_000 * million, final: 15_000 * million, pop: 0.4},
		{cat: "transport", title: "پارکینگ دوچرخه و ایستگاه دوچرخه اشتراکی کنار مترو",
			desc: "پارکینگ دوچرخه سرپوشیده و قفل‌دار و یک ایستگاه دوچرخه اشتراکی کنار ایستگاه مترو.",
			cost: 5_000 * million, final: 5_400 * million, pop: 0.35},
		{cat: "civil-works", title: "پیاده‌روی هم‌سطح و پیوسته برای ویلچر و کالسکه",
			desc: "برداشتن پله‌ها و موانع پیاده‌روی خیابان اصلی، رمپ در تقاطع‌ها و کف‌پوش راهنمای نابینایان.",
			cost: 12_000 * million, final: 12_500 * million, behalf: disabledNGO, pop: 0.5},
		{cat: "urban-services", title: "سرویس بهداشتی ویژه معلولان در بوستان",
			desc: "سرویس بهداشتی موجود بوستان پله دارد و برای ویلچر تنگ است؛ یک سرویس ویژه معلولان کنار ورودی ساخته شود.",
			cost: 3_000 * million, final: 3_100 * million, pop: 0.3},
		{cat: "social", title: "سالن چندمنظوره برای سالمندان و همیاران محله",
			desc: "سالنی برای دورهمی سالمندان، کلاس‌های آموزشی و نشست‌های همیاران محله با شهرداری ناحیه.",
			cost: 9_000 * million, final: 9_600 * million, pop: 0.33},
	}},
	{hood: "vardavard", budget: 22_000 * million, voters: 140, props: []demoProposal{
		{cat: "civil-works", title: "آسفالت و دفع آب‌های سطحی کوچه‌های وردآورد",
			desc: "با هر باران کوچه‌های وردآورد آب می‌گیرد. آسفالت دوباره با شیب درست و کانال‌های دفع آب سطحی لازم است.",
			cost: 9_000 * million, final: 9_800 * million, pop: 0.6},
		{cat: "urban-services", title: "روشنایی مسیر ایستگاه اتوبوس تا محله",
			desc: "مسیر پیاده از ایستگاه اتوبوس تا محله تاریک است و زنان شب‌ها از آن می‌ترسند. تیر و چراغ کم‌مصرف نصب شود.",
			cost: 3_000 * million, final: 3_200 * million, pop: 0.55},
		{cat: "sports", title: "سالن ورزشی چندمنظوره با سانس ویژه بانوان",
			desc: "سالنی برای فوتسال، والیبال و بدمینتون که نیمی از سانس‌هایش ویژه بانوان باشد.",
			cost: 15_000 * million, final: 16_000 * million, pop: 0.4},
		{cat: "environment", title: "بوستان جیبی در زمین رهاشده کنار مدرسه",
			desc: "زمین رهاشده کنار مدرسه جای زباله شده است. بوستانی کوچک با درخت، نیمکت و وسایل بازی کودکان پیشنهاد می‌شود.",
			cost: 6_000 * million, final: 6_500 * million, behalf: "شورای دانش‌آموزی دبیرستان وردآورد", pop: 0.45},
		{cat: "cultural", title: "کتابخانه سیار برای کودکان محله",
			desc: "خودرویی با قفسه کتاب که هفته‌ای دو بار به کوچه‌های محله بیاید و برای کودکان قصه‌خوانی برگزار کند.",
			cost: 1_500 * million, final: 1_600 * million, pop: 0.3},
		{cat: "transport", title: "ایستگاه سرپوشیده سرویس کارگران",
			desc: "کارگرانی که سحر منتظر سرویس کارخانه‌اند زیر باران و آفتاب می‌ایستند. ایستگاه سرپوشیده با نیمکت و روشنایی لازم است.",
			cost: 2_500 * million, final: 2_700 * million, behalf: workers, pop: 0.35},
	}},
}

// ideaHeadings is the ideas process's one district-wide heading.
var ideaHeadings = []demoHeading{
	{nameFa: "همه محله‌های منطقه ۲۱", nameEn: "All of District 21", budget: 15_000 * million, props: []demoProposal{
		{cat: "cultural", title: "نمایشگاه عکس «محله من» در ایستگاه‌های مترو",
			desc: "عکس‌هایی که اهالی از محله‌هایشان می‌گیرند، در ایستگاه‌های مترو منطقه به نمایش درآید و بهترین‌ها جایزه بگیرند.",
			cost: 800 * million, pop: 0.5},
		{cat: "environment", title: "جمع‌آوری آب باران از بام مدرسه‌ها برای آبیاری فضای سبز",
			desc: "آب باران بام مدرسه‌ها در مخزن جمع شود و با آن فضای سبز حیاط مدرسه و بوستان‌های کناری آبیاری شود.",
			cost: 4_000 * million, behalf: "شورای دانش‌آموزی دبیرستان‌های شهرک فرهنگیان", pop: 0.4},
		{cat: "sports", title: "مسابقات فوتبال کارگری میان کارخانه‌های منطقه",
			desc: "لیگ فوتبال تابستانی میان تیم‌های کارگران کارخانه‌های منطقه، در زمین‌های ورزشی شهرداری و با همکاری مدیران صنایع.",
			cost: 1_200 * million, behalf: workers, pop: 0.35},
	}},
}
