package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shahr-city/shahr/internal/app"
	"github.com/shahr-city/shahr/internal/ballotchain"
	"github.com/shahr-city/shahr/internal/budgeting"
	"github.com/shahr-city/shahr/internal/cli"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/web"
)

// `shahr-load ballot` measures the ballot endpoint as voters reach it: a
// process in its voting phase, N residents signed in through one-time
// codes, and C clients posting ballots over real HTTP on loopback to the
// real server (the whole middleware, session lookup, validation and the
// group-commit write path), each waiting for its receipt before sending
// the next.

func runBallotLoad(ctx context.Context, args []string, out io.Writer) (err error) {
	fs := newFlags("ballot", "ballot [flags]", out)
	dbArg := fs.String("db", "", "SQLite file or postgres:// URL to load; empty: a new SQLite file in a temporary folder")
	voters := fs.Int("voters", 2000, "residents to sign in; each ballot comes from one of them at random")
	duration := fs.Duration("duration", 10*time.Second, "how long to post ballots")
	ballots := fs.Int("ballots", 0, "post this many ballots instead of running for --duration")
	conc := fs.Int("concurrency", 64, "clients posting at once, each waiting for its answer")
	overBudget := fs.Float64("over-budget", 0, "share of ballots over the heading's budget (the server must refuse them)")
	prepare := fs.String("prepare", "", "only set up the database and write the fixture (ids, voters' session tokens) to this file")
	target := fs.String("target", "", "post to a server already running at this URL, set up by --prepare (give --fixture)")
	fixtureFile := fs.String("fixture", "", "the file --prepare wrote, with --target")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile of this process (server and clients) to this file")
	serverLogPath := fs.String("server-log", os.DevNull, "where the server writes its log (JSON, every request, as \"shahr serve\" does)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *voters < 1 || *conc < 1 || (*ballots <= 0 && *duration <= 0) || *overBudget < 0 || *overBudget > 1 {
		fs.Usage()
		return errors.New("shahr-load ballot: --voters, --concurrency and --ballots or --duration must be positive; --over-budget within 0..1")
	}
	cli.TuneGC()
	opts := loadOptions{concurrency: *conc, ballots: *ballots, duration: *duration, overBudget: *overBudget}
	if *target != "" {
		fx, err := readFixture(*fixtureFile)
		if err != nil {
			return err
		}
		res := driveBallots(ctx, *target, fx, opts)
		res.report(out, fmt.Sprintf("%s, %d voters", *target, len(fx.Tokens)), opts)
		return res.err()
	}
	stopProfile, err := profileCPU(*cpuProfile)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, stopProfile()) }()
	dbURL := *dbArg
	if dbURL == "" {
		dir, tmpErr := os.MkdirTemp("", "shahr-ballot-load")
		if tmpErr != nil {
			return tmpErr
		}
		defer func() { err = errors.Join(err, os.RemoveAll(dir)) }()
		dbURL = filepath.Join(dir, "shahr.db")
	}
	if !strings.HasPrefix(dbURL, "postgres://") && !strings.HasPrefix(dbURL, "postgresql://") && !strings.HasPrefix(dbURL, "sqlite:") {
		dbURL = "sqlite:" + dbURL
	}
	log, closeLog, err := serverLog(*serverLogPath)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, closeLog()) }()
	clock := &shiftClock{}
	codes := &codeCatcher{codes: map[string]string{}}
	a, err := app.New(ctx, app.Config{Addr: "127.0.0.1:0", DatabaseURL: dbURL, Now: clock.now, SMS: codes,
		Log: log})
	if err != nil {
		return err
	}
	defer cli.JoinClose(&err, a)
	started := time.Now()
	fx, err := prepareBallotLoad(ctx, a, codes, *voters)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "shahr-load ballot: %s on %s; %d voters signed in (%.1fs), %d projects, budget %d\n",
		a.DB.Dialect, a.DB.Location, len(fx.Tokens), time.Since(started).Seconds(), len(fx.Projects), fx.Budget)
	if *prepare != "" {
		return writeFixture(*prepare, fx)
	}
	base, stopServer, err := serve(ctx, a)
	if err != nil {
		return err
	}
	res := driveBallots(ctx, base, fx, opts)
	res.report(out, fmt.Sprintf("%s, GOMAXPROCS %d", a.DB.Dialect, runtime.GOMAXPROCS(0)), opts)
	verr := verifyLoad(ctx, a, base, clock, fx, out)
	return errors.Join(res.err(), verr, stopServer())
}

// shiftClock is the real time, moved forward at the end of a run to close
// voting, so the published chain can be fetched.
type shiftClock struct{ shift atomic.Int64 }

func (c *shiftClock) now() time.Time { return time.Now().Add(time.Duration(c.shift.Load())) }

// codeCatcher is the SMS gateway of a load run: it keeps each number's
// newest one-time code.
type codeCatcher struct {
	mu    sync.Mutex
	codes map[string]string
}

var sixDigits = regexp.MustCompile(`[0-9]{6}`)

func (c *codeCatcher) Send(_ context.Context, m sms.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.codes[m.To] = sixDigits.FindString(persian.ToASCIIDigits(m.Text))
	return nil
}

func (c *codeCatcher) code(phone string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.codes[phone]
}

// loadFixture is what a load run needs to know of the database it set up.
type loadFixture struct {
	Process  int64         `json:"process"`
	Heading  int64         `json:"heading"`
	Budget   int64         `json:"budget"`
	Projects []loadProject `json:"projects"`
	Tokens   []string      `json:"tokens"` // one session per voter
}

type loadProject struct {
	ID   int64 `json:"id"`
	Cost int64 `json:"cost"`
}

func writeFixture(path string, fx *loadFixture) error {
	b, err := json.Marshal(fx)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o600) // session tokens: keep them private
}

func readFixture(path string) (*loadFixture, error) {
	if path == "" {
		return nil, errors.New("shahr-load ballot: --target needs --fixture, the file --prepare wrote")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var fx loadFixture
	if err := json.Unmarshal(b, &fx); err != nil {
		return nil, fmt.Errorf("shahr-load ballot: %s: %w", path, err)
	}
	if len(fx.Tokens) == 0 || len(fx.Projects) == 0 {
		return nil, fmt.Errorf("shahr-load ballot: %s has no voters or projects", path)
	}
	return &fx, nil
}

// prepareBallotLoad sets up a district whose process is in its voting
// phase now (it opened an hour ago and runs for a week), with one heading
// of twelve reviewed projects, and signs in n residents the way citizens
// sign in: a one-time code, then a session. Each voter's requests carry
// an address of their own (from the documentation range), as separate
// phones would, so the per-address sign-in limits do not apply to them
// all at once.
func prepareBallotLoad(ctx context.Context, a *app.App, codes *codeCatcher, n int) (*loadFixture, error) {
	tag := randomTag()
	city, err := a.Orgs.Create(ctx, 0, nil, org.Input{Slug: "load-" + tag, Kind: string(org.Municipality), NameFa: "شهر آزمون بار " + tag})
	if err != nil {
		return nil, err
	}
	district, err := a.Orgs.Create(ctx, 0, &city, org.Input{Slug: "load-" + tag + "-1", Kind: string(org.District), NameFa: "منطقه ۱ آزمون بار " + tag})
	if err != nil {
		return nil, err
	}
	now := time.Now()
	setupNow := now.Add(-3 * time.Hour)
	svc := budgeting.NewService(a.DB, a.Orgs, a.Identity, a.Notes, func() time.Time { return setupNow })
	p, err := svc.CreateProcess(ctx, 0, budgeting.Process{OrgID: district.ID, Slug: "load-" + tag, TitleFa: "آزمون بار رأی‌گیری " + tag,
		Rule: "equalshares/add1", Ballot: budgeting.Approval, Eligibility: budgeting.Resident, Scope: budgeting.OwnHeading,
		Phases: []budgeting.Window{
			{Phase: budgeting.Proposals, Start: now.Add(-3 * time.Hour), End: now.Add(-2 * time.Hour)},
			{Phase: budgeting.Review, Start: now.Add(-2 * time.Hour), End: now.Add(-time.Hour)},
			{Phase: budgeting.Voting, Start: now.Add(-time.Hour), End: now.Add(7 * 24 * time.Hour)},
			{Phase: budgeting.Results, Start: now.Add(7 * 24 * time.Hour), End: now.Add(14 * 24 * time.Hour)}},
		Headings: []budgeting.Heading{{AreaID: district.ID, NameFa: "منطقه ۱", Budget: 20_000_000_000}},
	})
	if err != nil {
		return nil, err
	}
	fx := &loadFixture{Process: p.ID, Heading: p.Headings[0].ID, Budget: p.Headings[0].Budget}
	tokens, users, err := signInVoters(ctx, a.Identity, codes, district, n)
	if err != nil {
		return nil, err
	}
	fx.Tokens = tokens
	for i := range 12 {
		cost := int64(1+i%5) * 1_000_000_000
		pr, err := svc.Submit(ctx, users[i%len(users)], budgeting.Proposal{ProcessID: p.ID, HeadingID: fx.Heading, CategoryID: 1,
			Title: fmt.Sprintf("طرح آزمون %d", i+1), Description: "طرحی برای آزمون بار", EstimatedCost: cost})
		if err != nil {
			return nil, err
		}
		fx.Projects = append(fx.Projects, loadProject{ID: pr.ID, Cost: cost})
	}
	setupNow = now.Add(-90 * time.Minute)
	for _, pr := range fx.Projects {
		if _, err := svc.ReviewProposal(ctx, 0, pr.ID, budgeting.Verdict{Feasible: true, FinalCost: pr.Cost}); err != nil {
			return nil, err
		}
	}
	return fx, nil
}

// signInVoters signs n citizens in with one-time codes and records them
// as residents of the area (as a census import would), eight at a time.
func signInVoters(ctx context.Context, ids *identity.Service, codes *codeCatcher, area org.Org, n int) ([]string, []int64, error) {
	tokens, users := make([]string, n), make([]int64, n)
	base := mrand.IntN(9_000_000 - n)
	var next atomic.Int64
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					errs <- ctx.Err()
					return
				}
				phone := fmt.Sprintf("0912%07d", base+i)
				// Each voter from a /64 of its own: limits key IPv6 addresses by /64.
				client := identity.Client{IP: fmt.Sprintf("2001:db8:%x:%x::1", i>>16, i&0xffff), UserAgent: "shahr-load ballot"}
				if _, err := ids.RequestCode(ctx, phone, client); err != nil {
					errs <- fmt.Errorf("shahr-load ballot: code for %s: %w", phone, err)
					return
				}
				in, err := ids.VerifyCode(ctx, phone, codes.code(phone), client, "")
				if err != nil {
					errs <- fmt.Errorf("shahr-load ballot: sign in %s: %w", phone, err)
					return
				}
				if _, err := ids.SetResidence(ctx, 0, area, identity.ResidenceInput{Phone: phone, Source: identity.ByCensus}); err != nil {
					errs <- fmt.Errorf("shahr-load ballot: residence of %s: %w", phone, err)
					return
				}
				tokens[i], users[i] = in.Token, in.User.ID
			}
		}()
	}
	var err error
	for range 8 {
		err = errors.Join(err, <-errs)
	}
	return tokens, users, err
}

type loadOptions struct {
	concurrency int
	ballots     int           // stop after this many, when > 0
	duration    time.Duration // else run this long
	overBudget  float64       // share of ballots meant to be refused
}

// loadResult is what the clients saw.
type loadResult struct {
	accepted, refused, failed int64
	elapsed                   time.Duration
	latencies                 []time.Duration // of accepted ballots
	perSecond                 []int64         // accepted ballots answered in each second of the run
	firstFailure              string
}

func (r *loadResult) err() error {
	if r.failed > 0 {
		return fmt.Errorf("shahr-load ballot: %d ballots failed; first: %s", r.failed, r.firstFailure)
	}
	return nil
}

// driveBallots posts ballots with opts.concurrency clients until the
// count or the time is reached.
func driveBallots(ctx context.Context, base string, fx *loadFixture, opts loadOptions) *loadResult {
	tr := &http.Transport{MaxIdleConns: opts.concurrency, MaxIdleConnsPerHost: opts.concurrency, DisableCompression: true}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	url := fmt.Sprintf("%s/api/v1/processes/%d/headings/%d/ballot", base, fx.Process, fx.Heading)
	res := &loadResult{}
	var mu sync.Mutex
	var issued atomic.Int64
	start := time.Now()
	deadline := start.Add(opts.duration)
	more := func() bool { // requests already sent are answered, not cancelled
		if opts.ballots > 0 {
			return issued.Add(1) <= int64(opts.ballots)
		}
		return time.Now().Before(deadline)
	}
	var wg sync.WaitGroup
	for w := range opts.concurrency {
		wg.Go(func() {
			rng := mrand.New(mrand.NewPCG(uint64(w), uint64(start.UnixNano())))
			var lat []time.Duration
			var per []int64
			var accepted, refused, failed int64
			var failure string
			for ctx.Err() == nil && more() {
				over := rng.Float64() < opts.overBudget
				body := randomBallot(rng, fx, over)
				token := fx.Tokens[rng.IntN(len(fx.Tokens))]
				t0 := time.Now()
				status, answer, err := postBallot(ctx, client, url, token, body)
				d := time.Since(t0)
				switch {
				case err != nil && ctx.Err() != nil: // interrupted
				case err == nil && status == http.StatusCreated && !over:
					accepted++
					lat = append(lat, d)
					sec := int(time.Since(start) / time.Second)
					for len(per) <= sec {
						per = append(per, 0)
					}
					per[sec]++
				case err == nil && status == http.StatusBadRequest && over:
					refused++
				default:
					failed++
					if failure == "" {
						failure = fmt.Sprintf("status %d, error %v: %.200s", status, err, answer)
					}
				}
			}
			mu.Lock()
			defer mu.Unlock()
			res.accepted += accepted
			res.refused += refused
			res.failed += failed
			res.latencies = append(res.latencies, lat...)
			for i, n := range per {
				for len(res.perSecond) <= i {
					res.perSecond = append(res.perSecond, 0)
				}
				res.perSecond[i] += n
			}
			if res.firstFailure == "" {
				res.firstFailure = failure
			}
		})
	}
	wg.Wait()
	res.elapsed = time.Since(start)
	slices.Sort(res.latencies)
	return res
}

// randomBallot approves projects in random order while they fit the
// budget (at least one), or, over budget, every project.
func randomBallot(rng *mrand.Rand, fx *loadFixture, over bool) []byte {
	var buf bytes.Buffer
	buf.WriteString(`{"choices":[`)
	left, n := fx.Budget, 0
	want := 1 + rng.IntN(len(fx.Projects))
	for _, i := range rng.Perm(len(fx.Projects)) {
		p := fx.Projects[i]
		if !over && (p.Cost > left || n == want) {
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"id":%d}`, p.ID)
		left -= p.Cost
		n++
	}
	buf.WriteString(`]}`)
	return buf.Bytes()
}

func postBallot(ctx context.Context, client *http.Client, url, token string, body []byte) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Cookie", web.SessionCookie+"="+token)
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	return resp.StatusCode, answer, err
}

func (r *loadResult) report(out io.Writer, what string, opts loadOptions) {
	fmt.Fprintf(out, "load: %s; %d clients for %.1fs\n", what, opts.concurrency, r.elapsed.Seconds())
	fmt.Fprintf(out, "ballots: %d accepted, %d over budget refused (as meant), %d failed\n", r.accepted, r.refused, r.failed)
	slowest := int64(-1)
	if len(r.perSecond) > 2 { // whole seconds only: not the first (warm-up) nor the last (partial)
		slowest = slices.Min(r.perSecond[1 : len(r.perSecond)-1])
	}
	fmt.Fprintf(out, "throughput: %.0f ballots/s accepted", float64(r.accepted)/r.elapsed.Seconds())
	if slowest >= 0 {
		fmt.Fprintf(out, " (slowest whole second: %d)", slowest)
	}
	fmt.Fprintln(out)
	if len(r.latencies) > 0 {
		q := func(p float64) time.Duration {
			return r.latencies[min(len(r.latencies)-1, int(p*float64(len(r.latencies))))]
		}
		fmt.Fprintf(out, "latency: p50 %v, p90 %v, p99 %v, max %v\n", q(0.50).Round(10*time.Microsecond),
			q(0.90).Round(10*time.Microsecond), q(0.99).Round(10*time.Microsecond), r.latencies[len(r.latencies)-1].Round(10*time.Microsecond))
	}
	if r.failed > 0 {
		fmt.Fprintf(out, "first failure: %s\n", r.firstFailure)
	}
}

// verifyLoad checks the heading after the run: the log verifies in the
// database, then, voting closed by moving the clock, the published chain
// verifies as any citizen would check it.
func verifyLoad(ctx context.Context, a *app.App, base string, clock *shiftClock, fx *loadFixture, out io.Writer) error {
	links, err := a.Budget.VerifyChain(ctx, fx.Heading)
	if err != nil {
		return err
	}
	stored, err := a.Budget.BallotCount(ctx, fx.Heading)
	if err != nil {
		return err
	}
	clock.shift.Store(int64(8 * 24 * time.Hour))
	resp, err := http.Get(fmt.Sprintf("%s/api/v1/processes/%d/headings/%d/chain", base, fx.Process, fx.Heading))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var c ballotchain.Chain
	if err := json.NewDecoder(resp.Body).Decode(&c); err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("shahr-load ballot: published chain: status %d, %v", resp.StatusCode, err)
	}
	if err := c.Verify(); err != nil {
		return err
	}
	if len(c.Entries) != links {
		return fmt.Errorf("shahr-load ballot: the published chain has %d links, the database %d", len(c.Entries), links)
	}
	fmt.Fprintf(out, "chain: %d links verified (in the database and as published); %d voters' ballots stored\n", links, stored)
	return nil
}
