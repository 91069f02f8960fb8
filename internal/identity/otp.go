package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/iranid"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/ratelimit"
	"github.com/shahr-city/shahr/internal/sms"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errPhone = fieldError("phone", "شماره همراه را به شکل ۰۹۱۲۳۴۵۶۷۸۹ بنویسید (۱۱ رقم، با ۰۹ شروع شود).",
		"Enter a mobile number like 09123456789 (11 digits, starting with 09).")
	errCodeShape = fieldError("code", "کد یکبار مصرف ۶ رقم است؛ آن را همان‌طور که در پیامک آمده بنویسید.",
		"The one-time code has 6 digits; type it as it appears in the text message.")
	errCodeWrong = fieldError("code", "کد واردشده درست نیست. دوباره بررسی کنید.",
		"The code is not correct. Please check it and try again.")
	errCodeGone = fieldError("code", "این کد منقضی شده یا پیش‌تر استفاده شده است. کد جدید بخواهید.",
		"This code has expired or was already used. Please ask for a new code.")
	errCodeLocked = apperr.New(apperr.RateLimited, "به دلیل تلاش‌های نادرست پیاپی، این کد قفل شد. کد جدید بخواهید.",
		"This code is locked after too many wrong tries. Please ask for a new code.")
	errSMS = apperr.New(apperr.Unavailable, "ارسال پیامک ممکن نشد. چند دقیقه دیگر دوباره تلاش کنید.",
		"The text message could not be sent. Please try again in a few minutes.")
)

func fieldError(field, fa, en string) error {
	var v apperr.Validation
	v.Add(field, fa, en)
	return v.Err()
}

// NormalizePhone checks a mobile number typed in any digit script and
// returns its canonical form.
func NormalizePhone(input string) (string, error) {
	phone, err := iranid.NormalizeMobile(input)
	if err != nil {
		return "", errPhone
	}
	return phone, nil
}

// CodeRequest is the answer to a request for a one-time code.
type CodeRequest struct {
	Phone string // the number in canonical form
	// AlreadySent is set when no code was sent now because one sent
	// earlier still stands: less than CodeResendAfter ago, or before the
	// number's allowance for this address ran out. The citizen types that
	// one; the page says so as information, not as an error.
	AlreadySent bool
}

// RequestCode sends a new one-time code to the mobile number, replacing
// earlier unused ones, unless a live code stands (see CodeRequest).
func (s *Service) RequestCode(ctx context.Context, phoneInput string, c Client) (CodeRequest, error) {
	phone, err := NormalizePhone(phoneInput)
	if err != nil {
		return CodeRequest{}, err
	}
	addr := ratelimit.AddressKey(c.IP)
	if err := s.allow(ctx, limitCheck{ruleCodePerIP, addr}); err != nil {
		return CodeRequest{}, err
	}
	code, err := randomCode()
	if err != nil {
		return CodeRequest{}, err
	}
	in, err := s.issueCode(ctx, phone, code, addr)
	switch {
	case errors.Is(err, errCodeStands):
		return CodeRequest{Phone: phone, AlreadySent: true}, nil
	case err != nil:
		return CodeRequest{}, err
	}
	if err := s.sms.Send(ctx, sms.Message{To: phone, Text: codeMessage(code)}); err != nil {
		s.log.ErrorContext(ctx, "sms send failed", "error", err)
		s.unsend(ctx, in)
		return CodeRequest{}, errSMS
	}
	if in.replaces {
		s.replaceOlder(ctx, phone, in.id)
	}
	return CodeRequest{Phone: phone}, nil
}

// replaceOlder voids the codes for phone older than the one just sent:
// only now, so that a failed send leaves the citizen the code they have.
// Until then, and should this fail (it is logged), the new code, being the
// newest, is the only one checked; an older one could work again only
// after it is used, and expires within CodeTTL all the same.
func (s *Service) replaceOlder(ctx context.Context, phone string, id int64) {
	if _, err := s.db.Write.ExecContext(ctx, `UPDATE otp_codes SET voided_at = $1
		WHERE phone = $2 AND id < $3 AND used_at IS NULL AND voided_at IS NULL`, store.Millis(s.now()), phone, id); err != nil {
		s.log.ErrorContext(ctx, "voiding replaced codes failed", "error", err)
	}
}

// errCodeStands rolls back a request that a live code answers.
var errCodeStands = errors.New("identity: a live code stands")

// issued is a code stored and counted, not yet sent.
type issued struct {
	id       int64
	taken    ratelimit.Taken
	replaces bool // a live code was there before it
}

// sentChecks are the allowances a code texted to phone at the request of
// addr counts against.
func sentChecks(phone, addr string) []ratelimit.Check {
	return []ratelimit.Check{{Rule: ruleCodeSentPerAsker, Key: phone + "|" + addr},
		{Rule: ruleCodeSentPerAskerDay, Key: phone + "|" + addr}, {Rule: ruleCodeSentPerPhoneDay, Key: phone}}
}

// issueCode stores a new code for phone and counts it against the
// number's allowances, in one transaction: errCodeStands when a live code
// answers the request instead, errTooMany when the allowance is spent and
// none does; either way nothing is counted. The allowance for the whole
// number is taken last and holds its counter's row to the end, so two
// requests for one number decide one after the other.
func (s *Service) issueCode(ctx context.Context, phone, code, addr string) (issued, error) {
	var out issued
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		taken, within, err := s.limits.Take(ctx, tx, sentChecks(phone, addr)...)
		if err != nil {
			return err
		}
		sent, live, err := liveCode(ctx, tx, phone, now)
		switch {
		case err != nil:
			return err
		case live && (!within || now.Sub(sent) < CodeResendAfter):
			return errCodeStands
		case !within:
			return errTooMany
		}
		out.taken, out.replaces = taken, live
		return tx.QueryRowContext(ctx, `INSERT INTO otp_codes (phone, code_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4) RETURNING id`,
			phone, s.codeHash(phone, code), store.Millis(now), store.Millis(now.Add(CodeTTL))).Scan(&out.id)
	})
	if err != nil && !errors.Is(err, errCodeStands) && !apperr.Is(err, apperr.RateLimited) {
		err = fmt.Errorf("identity: store code: %w", err)
	}
	return out, err
}

// liveCode reports when the code a citizen could type now for phone was
// created, if there is one: the newest unused, unreplaced, unexpired and
// unlocked code.
func liveCode(ctx context.Context, tx *sql.Tx, phone string, now time.Time) (time.Time, bool, error) {
	var created time.Time
	err := tx.QueryRowContext(ctx, `SELECT created_at FROM otp_codes
		WHERE phone = $1 AND used_at IS NULL AND voided_at IS NULL AND expires_at > $2 AND attempts < $3
		ORDER BY id DESC LIMIT 1`, phone, store.Millis(now), CodeMaxAttempts).Scan(store.Time(&created))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, false, nil
	}
	return created, err == nil, err
}

// unsend takes back a code the gateway did not send: voided, it counts for
// nothing, and given back, it costs the number nothing. Should either
// fail, the code expires unused all the same and the count ages out.
func (s *Service) unsend(ctx context.Context, in issued) {
	if _, err := s.db.Write.ExecContext(ctx, `UPDATE otp_codes SET voided_at = $1 WHERE id = $2`, store.Millis(s.now()), in.id); err != nil {
		s.log.ErrorContext(ctx, "voiding an unsent code failed", "error", err)
	}
	if err := s.limits.GiveBack(ctx, in.taken); err != nil {
		s.log.ErrorContext(ctx, "giving back an unsent code's count failed", "error", err)
	}
}

// codeMessage is the text message. The code is in Persian digits like the
// rest of the text; the form accepts it typed in any script.
func codeMessage(code string) string {
	return persian.ToPersianDigits(fmt.Sprintf("شهر: کد ورود شما %s است. این کد تا %d دقیقه معتبر است؛ آن را به کسی ندهید.",
		code, int(CodeTTL.Minutes())))
}

func randomCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%06d", n.Int64()), nil
}

// codeHash binds the code to the number under a server key, so the table
// alone reveals no codes.
func (s *Service) codeHash(phone, code string) string {
	m := hmac.New(sha256.New, s.codeKey)
	m.Write([]byte(phone + ":" + code))
	return hex.EncodeToString(m.Sum(nil))
}

// VerifyCode checks a one-time code and signs the person in, creating the
// account on first use. oldToken, the session the browser held before (if
// any), is revoked: sign-in always starts a fresh session.
func (s *Service) VerifyCode(ctx context.Context, phoneInput, codeInput string, c Client, oldToken string) (SignIn, error) {
	phone, err := NormalizePhone(phoneInput)
	if err != nil {
		return SignIn{}, err
	}
	code := persian.ToASCIIDigits(strings.TrimSpace(codeInput))
	if len(code) != CodeDigits || strings.Trim(code, "0123456789") != "" {
		return SignIn{}, errCodeShape
	}
	if err := s.allow(ctx, limitCheck{ruleVerifyPerIP, ratelimit.AddressKey(c.IP)}); err != nil {
		return SignIn{}, err
	}
	var out SignIn
	var refusal error // a wrong code must still commit the attempt it counts
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		refusal = s.checkCode(ctx, tx, phone, code)
		if refusal != nil {
			return nil
		}
		u, created, err := findOrCreateCitizen(ctx, tx, phone, s.now())
		if err != nil {
			return err
		}
		if u.Blocked() {
			refusal = errBlocked
			return nil
		}
		out, err = s.startSession(ctx, tx, u, "otp", c, oldToken)
		out.NewUser = created
		return err
	})
	if err != nil {
		return SignIn{}, err
	}
	return out, refusal
}

// checkCode consumes the newest live code for phone if it matches, or
// counts a wrong try.
func (s *Service) checkCode(ctx context.Context, tx *sql.Tx, phone, code string) error {
	var id int64
	var hash string
	var attempts int
	var expires time.Time
	err := tx.QueryRowContext(ctx, `SELECT id, code_hash, attempts, expires_at FROM otp_codes
		WHERE phone = $1 AND used_at IS NULL AND voided_at IS NULL ORDER BY id DESC LIMIT 1`, phone).
		Scan(&id, &hash, &attempts, store.Time(&expires))
	now := s.now()
	switch {
	case err != nil:
		return store.NotFound(err, errCodeGone)
	case !now.Before(expires):
		return errCodeGone
	case attempts >= CodeMaxAttempts:
		return errCodeLocked
	}
	if !hmac.Equal([]byte(hash), []byte(s.codeHash(phone, code))) {
		if _, err := tx.ExecContext(ctx, `UPDATE otp_codes SET attempts = attempts + 1 WHERE id = $1`, id); err != nil {
			return err
		}
		if attempts+1 >= CodeMaxAttempts {
			return errCodeLocked
		}
		return errCodeWrong
	}
	// The guard makes the code single-use even when two requests race.
	res, err := tx.ExecContext(ctx, `UPDATE otp_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL`, store.Millis(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errCodeGone
	}
	return nil
}
