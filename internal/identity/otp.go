package identity

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/iranid"
	"github.com/shahr-city/shahr/internal/persian"
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

// RequestCode sends a new one-time code to the mobile number and returns
// the number in canonical form. Earlier unused codes stop working.
func (s *Service) RequestCode(ctx context.Context, phoneInput string, c Client) (string, error) {
	phone, err := NormalizePhone(phoneInput)
	if err != nil {
		return "", err
	}
	if err := s.allow(ctx, limitCheck{ruleCodePerPhone, phone}, limitCheck{ruleCodePerPhoneDay, phone},
		limitCheck{ruleCodePerIP, c.IP}); err != nil {
		return "", err
	}
	code, err := randomCode()
	if err != nil {
		return "", err
	}
	var id int64
	now := s.now()
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE otp_codes SET voided_at = $1
			WHERE phone = $2 AND used_at IS NULL AND voided_at IS NULL`, store.Millis(now), phone); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO otp_codes (phone, code_hash, created_at, expires_at)
			VALUES ($1, $2, $3, $4) RETURNING id`,
			phone, s.codeHash(phone, code), store.Millis(now), store.Millis(now.Add(CodeTTL))).Scan(&id)
	})
	if err != nil {
		return "", fmt.Errorf("identity: store code: %w", err)
	}
	if err := s.sms.Send(ctx, sms.Message{To: phone, Text: codeMessage(code)}); err != nil {
		s.log.ErrorContext(ctx, "sms send failed", "error", err)
		// The code was never sent; void it so it counts for nothing. Should
		// that fail too, it expires unused all the same.
		if _, err := s.db.Write.ExecContext(ctx, `UPDATE otp_codes SET voided_at = $1 WHERE id = $2`, store.Millis(now), id); err != nil {
			s.log.ErrorContext(ctx, "voiding an unsent code failed", "error", err)
		}
		return "", errSMS
	}
	return phone, nil
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
	if err := s.allow(ctx, limitCheck{ruleVerifyPerIP, c.IP}); err != nil {
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
