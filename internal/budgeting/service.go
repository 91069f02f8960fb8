package budgeting

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/notify"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/store"
)

// Service is the budgeting module's use cases; each runs one transaction.
type Service struct {
	db     *store.DB
	orgs   *org.Service // where processes and headings' areas stand
	people People       // who may take part, and blocking authors
	notes  Notifier     // what staff decided, told to authors
	now    func() time.Time

	results *resultsCache      // each heading's latest count (results_cache.go)
	voting  *ballotState       // what ballots are checked against (ballot_context.go)
	files   *fileCache         // closed headings' published files, for receipt checks (published_cache.go)
	limits  *ratelimit.Limiter // receipt checks per address (receipt.go)
}

// NewService returns the service over db with its collaborators and clock.
func NewService(db *store.DB, orgs *org.Service, people People, notes Notifier, now func() time.Time) *Service {
	return &Service{db: db, orgs: orgs, people: people, notes: notes, now: now, results: newResultsCache(), voting: newBallotState(),
		files: newFileCache(), limits: ratelimit.New(db, now)}
}

// People is what budgeting asks the identity module about a person, whose
// tables it never reads: the facts that decide who may propose and vote,
// what moderators see of an author, and blocking one. *identity.Service
// implements it.
type People interface {
	BirthDate(ctx context.Context, userID int64) (time.Time, error) // zero when unknown
	ResidenceArea(ctx context.Context, userID int64) (int64, error) // 0 without a verified residence
	Standing(ctx context.Context, userID int64) (blocked, staff bool, err error)
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
	SetBlocked(ctx context.Context, actorID, userID int64, blocked bool) error
	// VotersIn reads the people behind session tokens (of live sessions
	// only) and account ids, through q, the ballot batch's transaction.
	VotersIn(ctx context.Context, q store.Queryer, tokens []string, ids []int64) (map[string]identity.Voter, map[int64]identity.Voter, error)
}

// Notifier tells authors what staff decided: a notification stored in the
// decision's transaction, and its SMS sent once that commits.
// *notify.Service implements it.
type Notifier interface {
	Add(ctx context.Context, tx *sql.Tx, userID int64, text i18n.Text, link string) (notify.Pending, error)
	Send(ctx context.Context, ps ...notify.Pending)
}

var (
	errNoProcess   = apperr.New(apperr.NotFound, "فرایند بودجه‌ریزی پیدا نشد.", "No such budgeting process.")
	errNoProposal  = apperr.New(apperr.NotFound, "طرح پیدا نشد.", "No such proposal.")
	errNoOrg       = invalid("org", "سازمان برگزارکننده پیدا نشد.", "No such organization.")
	errSlugUsed    = apperr.New(apperr.Conflict, "این نشانی کوتاه پیش‌تر ثبت شده است.", "This short address is already taken.")
	errNotProposer = apperr.New(apperr.Forbidden, "در این فرایند فقط ساکنان تأییدشده همان محله طرح پیشنهاد می‌دهند.",
		"In this process only verified residents of the heading's area may propose.")
	errNotPhase = apperr.New(apperr.Invalid, "این کار در مرحله کنونی فرایند ممکن نیست.", "This cannot be done in the process's current phase.")
)

// CreateProcess stores a new process with its phases and headings.
func (s *Service) CreateProcess(ctx context.Context, actorID int64, p Process) (Process, error) {
	if p.Proposers == "" {
		p.Proposers = SignedIn
	}
	// The stored ids are written into the headings: into a copy, never
	// into the caller's slice.
	p.Headings, p.Phases = slices.Clone(p.Headings), slices.Clone(p.Phases)
	if err := p.Validate(); err != nil {
		return Process{}, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		// The organization's path, for the audit log and access checks.
		orgs := s.orgs.In(tx)
		place, err := orgs.Place(ctx, p.OrgID)
		if apperr.CodeOf(err) == apperr.NotFound {
			return errNoOrg
		}
		if err != nil {
			return err
		}
		p.OrgPath = place.Path
		if err := checkAreas(ctx, orgs, place, p.Headings); err != nil {
			return err
		}
		if err := insertProcess(ctx, tx, &p, now); err != nil {
			if store.IsUniqueViolation(err) {
				return errSlugUsed
			}
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: p.OrgID, OrgPath: p.OrgPath, Action: "budgeting.process.create",
			Entity: "budget_process", EntityID: p.ID, After: p})
	})
	p.CreatedAt = now
	return p, err
}

// Process returns a process by id.
func (s *Service) Process(ctx context.Context, id int64) (Process, error) {
	p, err := loadProcess(ctx, s.db.Read, "id = $1", id)
	return s.placed(ctx, p, err)
}

// ProcessBySlug returns a process by its short address.
func (s *Service) ProcessBySlug(ctx context.Context, slug string) (Process, error) {
	p, err := loadProcess(ctx, s.db.Read, "slug = $1", slug)
	return s.placed(ctx, p, err)
}

// placed sets the organization path of a process just loaded (with err,
// the load's error, which it passes on).
func (s *Service) placed(ctx context.Context, p Process, err error) (Process, error) {
	if err != nil {
		return p, err
	}
	ps := []Process{p}
	err = s.placeProcesses(ctx, ps)
	return ps[0], err
}

// Processes lists every process, newest first, with phases and headings.
func (s *Service) Processes(ctx context.Context) ([]Process, error) {
	ps, err := store.QueryAll(ctx, s.db.Read, scanProcess, `SELECT `+processColumns+` FROM budget_processes ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		if err := loadParts(ctx, s.db.Read, &ps[i]); err != nil {
			return nil, err
		}
	}
	return ps, s.placeProcesses(ctx, ps)
}

// placeProcesses sets the path of each process's organization, which
// access checks and the audit log need, from the organization module.
func (s *Service) placeProcesses(ctx context.Context, ps []Process) error {
	ids := make([]int64, len(ps))
	for i, p := range ps {
		ids[i] = p.OrgID
	}
	places, err := s.orgs.Places(ctx, ids)
	for i := range ps {
		ps[i].OrgPath = places[ps[i].OrgID].Path
	}
	return err
}

// Proposal is a project a citizen puts forward for a heading.
type Proposal struct {
	ID            int64
	ProcessID     int64
	HeadingID     int64
	AuthorID      int64
	OnBehalfOf    string
	CategoryID    int64
	Title         string
	Description   string
	EstimatedCost int64
	FinalCost     int64 // set at review; 0 before
	Status        string
	ReviewReason  string
	MergedInto    int64 // the proposal this duplicate was merged into
	HiddenReason  string
	Supports      int64
	Lat, Lon      float64 // 0, 0: no location given
	HasPoint      bool
	CreatedAt     time.Time
}

// InReview reports whether the proposal is still before its reviewers:
// neither merged into another nor hidden by moderation. Only such a
// proposal gets a verdict, is merged, or is merged into.
func (p Proposal) InReview() bool { return p.Status != StatusMerged && p.Status != StatusHidden }

// Cost is what the proposal costs in the count: the municipality's final
// cost once reviewed.
func (p Proposal) Cost() int64 {
	if p.FinalCost > 0 {
		return p.FinalCost
	}
	return p.EstimatedCost
}

// Submit stores a citizen's proposal, with its files, while the
// proposals phase runs. Files are checked before anything is written, and
// the proposal and its files are stored in one transaction. It is what
// the demo loader and imports file proposals through; a person proposing
// for themself does so through Propose, within their daily limit.
func (s *Service) Submit(ctx context.Context, authorID int64, pr Proposal, files ...Upload) (Proposal, error) {
	return s.fileProposal(ctx, nil, authorID, pr, files)
}

// Propose is Submit for a person proposing for themself, as the pages do:
// refused, 429, once they have proposed dailyProposals.Max times since
// midnight in Tehran, counted in the transaction that would store it.
func (s *Service) Propose(ctx context.Context, authorID int64, pr Proposal, files ...Upload) (Proposal, error) {
	return s.fileProposal(ctx, &dailyProposals, authorID, pr, files)
}

// fileProposal is Submit within daily, when it is given.
func (s *Service) fileProposal(ctx context.Context, daily *store.DailyLimit, authorID int64, pr Proposal, files []Upload) (Proposal, error) {
	p, err := s.Process(ctx, pr.ProcessID)
	if err != nil {
		return pr, err
	}
	if w, ok := p.PhaseAt(s.now()); !ok || w.Phase != Proposals {
		return pr, errNotPhase
	}
	h, ok := p.Heading(pr.HeadingID)
	if !ok {
		return pr, invalid("heading", "سرفصل انتخاب‌شده از این فرایند نیست.", "The heading is not part of this process.")
	}
	if err := s.checkProposer(ctx, p, h, authorID); err != nil {
		return pr, err
	}
	if err := pr.validate(); err != nil {
		return pr, err
	}
	types, err := checkUploads(files)
	if err != nil {
		return pr, err
	}
	pr.AuthorID, pr.Status, pr.CreatedAt = authorID, StatusSubmitted, s.now()
	now := store.Millis(pr.CreatedAt)
	var lat, lon any
	if pr.HasPoint {
		lat, lon = pr.Lat, pr.Lon
	}
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if daily != nil {
			if err := s.db.CheckDaily(ctx, tx, *daily, authorID, pr.CreatedAt); err != nil {
				return err
			}
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO budget_proposals
			(process_id, heading_id, author_id, on_behalf_of, category_id, title, description, search_key,
			 estimated_cost, status, lat, lon, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
			pr.ProcessID, pr.HeadingID, authorID, pr.OnBehalfOf, pr.CategoryID, pr.Title, pr.Description,
			persian.SearchKey(pr.Title+" "+pr.Description+" "+pr.OnBehalfOf), pr.EstimatedCost, pr.Status,
			lat, lon, now).Scan(&pr.ID)
		if err != nil {
			return err
		}
		return insertUploads(ctx, tx, pr.ID, 0, authorID, files, types, now)
	})
	if store.IsForeignKeyViolation(err) {
		return pr, invalid("category", "دسته انتخاب‌شده وجود ندارد.", "No such category.")
	}
	return pr, err
}

func (pr *Proposal) validate() error {
	pr.Title, pr.Description = persian.Normalize(pr.Title), persian.Normalize(pr.Description)
	pr.OnBehalfOf = persian.Normalize(pr.OnBehalfOf)
	switch {
	case len([]rune(pr.OnBehalfOf)) > maxTitleLen:
		return invalid("on_behalf_of", "نام گروه حداکثر ۲۰۰ نویسه است.", "The group's name is at most 200 characters.")
	case pr.HasPoint && (pr.Lat < -90 || pr.Lat > 90 || pr.Lon < -180 || pr.Lon > 180):
		return invalid("location", "مختصات مکان درست نیست.", "The location's coordinates are not valid.")
	case pr.Title == "" || len([]rune(pr.Title)) > maxTitleLen:
		return invalid("title", "عنوان طرح را (حداکثر ۲۰۰ نویسه) بنویسید.", "Give the proposal a title (at most 200 characters).")
	case pr.Description == "":
		return invalid("description", "طرح را شرح دهید.", "Describe the proposal.")
	}
	return estimatedCost.check(pr.EstimatedCost)
}

// Verdict is a reviewer's decision on a proposal.
type Verdict struct {
	Feasible  bool
	FinalCost int64  // required when feasible
	Reason    string // required when not
}

// ReviewProposal records a reviewer's verdict, audited.
func (s *Service) ReviewProposal(ctx context.Context, actorID, proposalID int64, v Verdict) (Proposal, error) {
	status := StatusInfeasible
	if v.Feasible {
		status = StatusFeasible
		if err := finalCost.check(v.FinalCost); err != nil {
			return Proposal{}, err
		}
	} else if persian.Normalize(v.Reason) == "" {
		return Proposal{}, invalid("reason", "دلیل امکان‌ناپذیری را بنویسید.", "Say why the proposal is not feasible.")
	}
	reason := persian.Normalize(v.Reason)
	return s.changeProposal(ctx, actorID, proposalID, "budgeting.proposal.review", func(tx *sql.Tx, pr *Proposal) (i18n.Text, error) {
		pr.Status, pr.ReviewReason = status, reason
		if v.Feasible {
			if err := withinHeading(ctx, tx, pr.HeadingID, v.FinalCost); err != nil {
				return i18n.Text{}, err
			}
			pr.FinalCost = v.FinalCost
		}
		_, err := tx.ExecContext(ctx, `UPDATE budget_proposals SET status = $1, review_reason = $2, final_cost = $3, updated_at = $4
			WHERE id = $5`, pr.Status, pr.ReviewReason, nullID(pr.FinalCost), store.Millis(s.now()), proposalID)
		if v.Feasible {
			return i18n.Text{Fa: "طرح «" + pr.Title + "» بررسی شد و به رأی گذاشته می‌شود.",
				En: "Your proposal \"" + pr.Title + "\" was reviewed and goes to the vote."}, err
		}
		return i18n.Text{Fa: "طرح «" + pr.Title + "» بررسی شد و امکان‌پذیر نیست: " + reason,
			En: "Your proposal \"" + pr.Title + "\" was reviewed and is not feasible: " + reason}, err
	})
}

const proposalColumns = `id, process_id, heading_id, author_id, on_behalf_of, category_id, title, description,
	estimated_cost, coalesce(final_cost, 0), status, review_reason, coalesce(merged_into, 0), hidden_reason,
	support_count, lat, lon, created_at`

func scanProposal(r store.Scanner) (Proposal, error) {
	var p Proposal
	var lat, lon sql.NullFloat64
	err := r.Scan(&p.ID, &p.ProcessID, &p.HeadingID, &p.AuthorID, &p.OnBehalfOf, &p.CategoryID, &p.Title, &p.Description,
		&p.EstimatedCost, &p.FinalCost, &p.Status, &p.ReviewReason, &p.MergedInto, &p.HiddenReason,
		&p.Supports, &lat, &lon, store.Time(&p.CreatedAt))
	p.Lat, p.Lon, p.HasPoint = lat.Float64, lon.Float64, lat.Valid && lon.Valid
	return p, err
}

func proposalByID(ctx context.Context, q store.Queryer, id int64) (Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, `SELECT `+proposalColumns+` FROM budget_proposals WHERE id = $1`, id))
	return p, store.NotFound(err, errNoProposal)
}

// Feasible lists a heading's proposals that go to the vote, in the order
// they were submitted.
func (s *Service) Feasible(ctx context.Context, headingID int64) ([]Proposal, error) {
	return store.QueryAll(ctx, s.db.Read, scanProposal, `SELECT `+proposalColumns+` FROM budget_proposals
		WHERE heading_id = $1 AND status = 'feasible' ORDER BY id`, headingID)
}
