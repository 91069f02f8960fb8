package identity

import (
	"context"
	"database/sql"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// Voter is what the rules on taking part (budgeting's eligibility) read of
// a person: their standing (Standing's answer), recorded date of birth
// and verified residence.
type Voter struct {
	UserID        int64
	Blocked       bool
	Staff         bool      // holds a role somewhere, or runs the installation
	BirthDate     time.Time // zero when unknown
	ResidenceArea int64     // 0 without a verified residence
}

// VotersIn reads, with one statement through q (the caller's
// transaction, which then acts on what it read), the people behind
// session tokens and account ids. byToken holds the person of each token
// whose session is live by Authenticate's rule (known, neither expired
// nor revoked, its account not blocked); other tokens are absent, and
// their requests are Unauthorized. byID holds every account ids name.
//
// It lets a request that the server did not authenticate beforehand (a
// ballot posted to the API: web.SignedInTx) be authenticated, and its
// voter's facts read, in the transaction that stores it, for a whole
// batch of requests at once.
func (s *Service) VotersIn(ctx context.Context, q store.Queryer, tokens []string, ids []int64) (byToken map[string]Voter, byID map[int64]Voter, err error) {
	byToken, byID = make(map[string]Voter, len(tokens)), make(map[int64]Voter, len(ids))
	if len(tokens) == 0 && len(ids) == 0 {
		return byToken, byID, nil
	}
	token := make(map[string]string, len(tokens)) // by hash
	hashes := make([]string, len(tokens))
	for i, t := range tokens {
		hashes[i] = tokenHash(t)
		token[hashes[i]] = t
	}
	inTokens, tokenArg := s.db.Dialect.InTexts("token_hash", 1, hashes)
	inIDs, idArg := s.db.Dialect.InIDs("id", 3, ids)
	rows, err := q.QueryContext(ctx, `SELECT x.token_hash, u.id, u.blocked_at,
			u.is_superuser OR EXISTS (SELECT 1 FROM grants g WHERE g.user_id = u.id), coalesce(u.birth_date, ''), coalesce(r.org_id, 0)
		FROM (SELECT token_hash, user_id FROM sessions WHERE `+inTokens+` AND revoked_at IS NULL AND expires_at > $2
			UNION ALL SELECT '', id FROM users WHERE `+inIDs+`) x
		JOIN users u ON u.id = x.user_id
		LEFT JOIN residences r ON r.user_id = u.id AND r.revoked_at IS NULL`, tokenArg, store.Millis(s.now()), idArg)
	_, err = store.All(rows, err, func(r store.Scanner) (Voter, error) {
		var v Voter
		var hash, birth string
		var blocked sql.NullInt64
		if err := r.Scan(&hash, &v.UserID, &blocked, &v.Staff, &birth, &v.ResidenceArea); err != nil {
			return v, err
		}
		v.Blocked = blocked.Valid
		if birth != "" {
			var err error
			if v.BirthDate, err = time.Parse(time.DateOnly, birth); err != nil {
				return v, err
			}
		}
		switch {
		case hash == "":
			byID[v.UserID] = v
		case !v.Blocked:
			byToken[token[hash]] = v
		}
		return v, nil
	})
	return byToken, byID, err
}
