package budgeting

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/identity"
	"github.com/shahr-city/shahr/internal/store"
)

// What a batch's transaction settles of the ballots checked against a
// context (ballot_context.go): who the voter is, whether the context
// still holds, and the eligibility rules.

// ballotCheck is what a batch's transaction has yet to settle of a ballot
// checked against a context (castBy).
type ballotCheck struct {
	svc     *Service
	context *ballotContext
	token   string // the API request's session token; "" for the voter castRequest.voterID names
	refusal error  // what the context said of the ballot, if it refused it
	outcome error  // set in the batch's transaction: the ballot is not written, and this is its answer
}

// answer is what a request that was not written is told, nil otherwise.
func (c *ballotCheck) answer() error {
	if c == nil {
		return nil
	}
	return c.outcome
}

// errStale is the batch's answer to a ballot whose process moved on after
// its context was read; castBy checks it again and never passes it on.
var errStale = errors.New("budgeting: the ballot's context is stale")

// settle decides, in the batch's transaction tx, what only the database
// can say of the ballots checked against a context, with one statement
// for the processes' versions and one for the voters, and returns the
// ballots to write: the others have their answer in check.outcome.
// Requests without a check (written by hand in tests) are written as
// they are.
func settle(ctx context.Context, tx *sql.Tx, d store.Dialect, rs []*castRequest) ([]*castRequest, error) {
	var checked []*castRequest
	for _, r := range rs {
		if r.check != nil {
			r.check.outcome = nil // a batch written again settles again
			checked = append(checked, r)
		}
	}
	if len(checked) == 0 {
		return rs, nil
	}
	versions, err := processVersions(ctx, tx, d, checked)
	if err != nil {
		return nil, err
	}
	found, err := readVoters(ctx, tx, checked)
	if err != nil {
		return nil, err
	}
	for _, r := range checked {
		r.check.outcome = r.settle(ctx, versions, found[r.check.svc])
	}
	return slices.DeleteFunc(slices.Clone(rs), func(r *castRequest) bool { return r.check.answer() != nil }), nil
}

// settle decides one ballot: its voter must be known (a live session),
// its context current, voting open (now: votingEnds is zero when it was
// not open at the check), the voter eligible, and its choices accepted
// by the context; in that order, as a ballot checked from scratch would
// be refused.
func (r *castRequest) settle(ctx context.Context, versions map[int64]int64, found voters) error {
	c := r.check
	v, ok := found.byID[r.voterID]
	switch {
	case c.token != "":
		v, ok = found.byToken[c.token]
	case r.voterID == 0: // a paper ballot (Cast): no account, checked at the booth
		ok = true
	}
	if !ok {
		return apperr.ErrUnauthorized
	}
	r.voterID = v.UserID
	p, h := c.context.process, c.context.heading
	if version, ok := versions[p.ID]; !ok || version != c.context.version {
		return errStale
	}
	if !r.now().Before(r.votingEnds) { // not open when it was checked, or closed while it waited
		return errNotPhase
	}
	right, err := c.svc.eligibleWith(ctx, v, p, h)
	if err != nil {
		return err
	}
	r.processID, r.right = p.ID, right // the slot claimHeadings takes, if the rules ask for one
	return c.refusal
}

// processVersions reads the versions of the processes the ballots were
// checked against, by process id.
func processVersions(ctx context.Context, tx *sql.Tx, d store.Dialect, rs []*castRequest) (map[int64]int64, error) {
	ids := make([]int64, 0, 1)
	for _, r := range rs {
		if id := r.check.context.process.ID; !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	cond, arg := d.InIDs("id", 1, ids)
	versions := make(map[int64]int64, len(ids))
	rows, err := tx.QueryContext(ctx, `SELECT id, version FROM budget_processes WHERE `+cond, arg)
	_, err = store.All(rows, err, func(r store.Scanner) (int64, error) {
		var id, version int64
		err := r.Scan(&id, &version)
		versions[id] = version
		return id, err
	})
	return versions, err
}

// voters is who a batch's tokens and account ids turned out to be.
type voters struct {
	byToken map[string]identity.Voter
	byID    map[int64]identity.Voter
}

// readVoters reads the voters of the ballots, with one statement for
// each service the ballots came through (one, but in tests).
func readVoters(ctx context.Context, tx *sql.Tx, rs []*castRequest) (map[*Service]voters, error) {
	type keys struct {
		tokens []string
		ids    []int64
	}
	want := map[*Service]*keys{}
	for _, r := range rs {
		k := want[r.check.svc]
		if k == nil {
			k = &keys{}
			want[r.check.svc] = k
		}
		switch {
		case r.check.token != "":
			k.tokens = append(k.tokens, r.check.token)
		case r.voterID != 0:
			k.ids = append(k.ids, r.voterID)
		}
	}
	found := make(map[*Service]voters, len(want))
	for s, k := range want {
		byToken, byID, err := s.people.VotersIn(ctx, tx, k.tokens, k.ids)
		if err != nil {
			return nil, err
		}
		found[s] = voters{byToken: byToken, byID: byID}
	}
	return found, nil
}

// noteBatch counts a committed batch for each service its ballots came
// through.
func noteBatch(rs []*castRequest) {
	var seen []*Service
	for _, r := range rs {
		if r.check != nil && !slices.Contains(seen, r.check.svc) {
			seen = append(seen, r.check.svc)
			r.check.svc.voting.batches.Add(1)
		}
	}
}

// eligibleWith applies the one eligibility rule (rightToVote, mayVote's
// decision) to a voter whose facts the batch's transaction has read: the
// rule asks People, and here People answers what it asks of that voter
// from those facts.
func (s *Service) eligibleWith(ctx context.Context, v identity.Voter, p Process, h Heading) (voteRight, error) {
	judge := *s
	judge.people = knownVoter{People: s.people, v: v}
	return judge.rightToVote(ctx, p, h, v.UserID)
}

// knownVoter is People with one person's facts already read: what the
// eligibility rules ask of that person it answers from them, anything
// else it passes on.
type knownVoter struct {
	People
	v identity.Voter
}

func (k knownVoter) BirthDate(ctx context.Context, userID int64) (birth time.Time, err error) {
	if userID != k.v.UserID {
		return k.People.BirthDate(ctx, userID)
	}
	return k.v.BirthDate, nil
}

func (k knownVoter) ResidenceArea(ctx context.Context, userID int64) (int64, error) {
	if userID != k.v.UserID {
		return k.People.ResidenceArea(ctx, userID)
	}
	return k.v.ResidenceArea, nil
}

func (k knownVoter) Standing(ctx context.Context, userID int64) (blocked, staff bool, err error) {
	if userID != k.v.UserID {
		return k.People.Standing(ctx, userID)
	}
	return k.v.Blocked, k.v.Staff, nil
}
