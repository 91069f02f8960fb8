package budgeting

import (
	"context"
	"fmt"
	"slices"

	"github.com/shahr-city/shahr/internal/age"
	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/store"
)

var errNoBirthDate = apperr.New(apperr.Forbidden,
	"این فرایند حداقل سن دارد و تاریخ تولد شما ثبت نشده است. برای شرکت، با مدارک شناسایی به دفتر شهرداری منطقه بروید تا محل سکونت و تاریخ تولد شما را تأیید و ثبت کنند.",
	"This process has a minimum age and your date of birth is not recorded. To take part, take your identity documents to your district's municipal office to have your residence and date of birth verified.")

// errTooYoung refuses someone who has not reached the process's minimum age.
func errTooYoung(minAge int) error {
	return apperr.New(apperr.Forbidden,
		fmt.Sprintf("در این فرایند فقط کسانی که دست‌کم %s سال دارند طرح پیشنهاد می‌دهند و رأی می‌دهند؛ بنا بر تاریخ تولد ثبت‌شده، شما هنوز به این سن نرسیده‌اید.", i18n.Fa.Int(minAge)),
		fmt.Sprintf("Only people aged %d or over may propose and vote in this process; by your recorded date of birth you have not reached that age yet.", minAge))
}

// Who may vote where: the one decision every channel takes.
//
// Every ballot, through the JSON API, the ballot form or a clerk's entry
// of a paper sheet, is let in or refused by mayVote alone, and the rules
// on proposers (checkProposer) share its checks (checkPerson,
// residenceIn). The facts come from identity (blocked, date of birth,
// verified residence) and from org (where that residence lies);
// budgeting never reads their tables.
//
//   - A blocked account takes part nowhere.
//   - The process's minimum age, if any, must be reached by the recorded
//     date of birth today in Tehran; with none recorded it is not.
//   - A person's residence counts only when it is verified and lies
//     under the process's organization. A heading covers the residences
//     in its area; one without an area covers the whole organization.
//   - "Verified residents" (Resident): without a residence that counts,
//     no ballot.
//   - The scope limits the headings one votes in. All headings: every
//     one. Own heading: those covering one's residence; someone signed in
//     whom no heading covers (only in a process open to anyone signed
//     in) chooses one, the first they vote in. Own plus one: the same,
//     and one heading more.
//   - A paper ballot carries no account: the booth checked who cast it,
//     so mayVote lets it in and the choices alone are checked.
//
// A heading chosen beyond one's own takes a slot, claimed in the
// ballot's transaction (claimHeadings in batch.go) so that the database,
// not a read made before, keeps the count under concurrent ballots.

// paperVoter is the voter of a paper ballot: no account.
const paperVoter = 0

// residence is where a person's verified residence stands in a process.
type residence struct {
	resident bool           // a verified residence under the process's organization
	home     map[int64]bool // the process's headings that cover that residence
}

// voteRight is what mayVote grants a ballot: the heading covers the
// voter's residence or the process has no limit (no slots), or the
// voter may hold this many headings beyond their own in the process,
// and the ballot takes one of those slots.
type voteRight struct {
	slots  int
	noSlot error // the refusal when every slot holds another heading
}

// mayVote says whether voterID may vote in heading h of p now.
func (s *Service) mayVote(ctx context.Context, p Process, h Heading, voterID int64) (voteRight, error) {
	if voterID == paperVoter {
		return voteRight{}, nil
	}
	if err := s.checkPerson(ctx, p, voterID); err != nil || (p.Eligibility == SignedIn && p.Scope == AllHeadings) {
		return voteRight{}, err
	}
	st, err := s.residenceIn(ctx, p, voterID)
	switch {
	case err != nil:
		return voteRight{}, err
	case p.Eligibility == Resident && !st.resident:
		return voteRight{}, errNotResident
	case st.home[h.ID] || p.Scope == AllHeadings:
		return voteRight{}, nil
	}
	hasHome := len(st.home) > 0
	right := voteRight{slots: p.chosenSlots(hasHome)}
	if right.slots == 0 {
		return voteRight{}, errNotYourHeading
	}
	right.noSlot = errHeadingsUsed(right.slots, hasHome)
	// The voter's earlier choices, read to refuse early (the ballot form
	// says so before it is filled in); the ballot's transaction decides.
	chosen, err := s.chosenHeadings(ctx, p.ID, voterID)
	if err != nil || len(chosen) < right.slots || slices.Contains(chosen, h.ID) {
		return right, err
	}
	return voteRight{}, right.noSlot
}

// chosenSlots is how many headings not covering their residence a voter
// may vote in, under a scope that limits them: the "one" of "own plus
// one", and, where anyone signed in votes, a heading of their own
// choosing when none covers them.
func (p Process) chosenSlots(hasHome bool) int {
	n := 0
	if p.Scope == OwnPlusOne {
		n++
	}
	if p.Eligibility == SignedIn && !hasHome {
		n++
	}
	return n
}

// chosenHeadings lists the headings a voter chose in a process, by slot.
func (s *Service) chosenHeadings(ctx context.Context, processID, voterID int64) ([]int64, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	}, `SELECT heading_id FROM budget_chosen_headings WHERE process_id = $1 AND voter_id = $2 ORDER BY slot`, processID, voterID)
}

// checkPerson applies what every rule on people starts from: the account
// is not blocked and has reached the process's minimum age.
func (s *Service) checkPerson(ctx context.Context, p Process, userID int64) error {
	blocked, _, err := s.people.Standing(ctx, userID)
	switch {
	case err != nil:
		return err
	case blocked:
		return errBlockedPerson
	}
	return s.checkAge(ctx, p, userID)
}

// residenceIn finds whether the person's verified residence lies under
// p's organization and which of p's headings cover it.
func (s *Service) residenceIn(ctx context.Context, p Process, userID int64) (residence, error) {
	st := residence{home: map[int64]bool{}}
	at, err := s.people.ResidenceArea(ctx, userID)
	if err != nil || at == 0 {
		return st, err
	}
	ids := []int64{at}
	for _, h := range p.Headings {
		ids = append(ids, h.AreaID)
	}
	places, err := s.orgs.Places(ctx, ids)
	if err != nil {
		return st, err
	}
	lives := places[at]
	if st.resident = lives.ID != 0 && lives.Within(p.OrgPath); !st.resident {
		return st, nil
	}
	for _, h := range p.Headings {
		if h.AreaID == 0 || lives.Within(places[h.AreaID].Path) {
			st.home[h.ID] = true
		}
	}
	return st, nil
}

// checkAge applies the process's minimum age, if any, to a person who
// proposes or votes now: their recorded date of birth must show they have
// reached it on today's date in Tehran. An unknown date of birth does not.
func (s *Service) checkAge(ctx context.Context, p Process, userID int64) error {
	if p.MinAge == 0 {
		return nil
	}
	birth, err := s.people.BirthDate(ctx, userID)
	switch {
	case err != nil:
		return err
	case birth.IsZero():
		return errNoBirthDate
	case age.At(birth, s.now()) < p.MinAge:
		return errTooYoung(p.MinAge)
	}
	return nil
}

// checkProposer applies the process's rules on who proposes in a heading:
// those on every person (checkPerson) and, where only residents propose,
// a verified residence that the heading covers.
func (s *Service) checkProposer(ctx context.Context, p Process, h Heading, authorID int64) error {
	if err := s.checkPerson(ctx, p, authorID); err != nil || p.Proposers != Resident {
		return err
	}
	st, err := s.residenceIn(ctx, p, authorID)
	if err == nil && !st.home[h.ID] {
		return errNotProposer
	}
	return err
}
