package identity

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id (bcrypt would silently cut a Persian
// passphrase at 36 letters) and stored as a PHC string that records its
// parameters, so they can be raised later without breaking old hashes.
type argonParams struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
}

// PasswordCost is the cost of hashing a new password with argon2id.
type PasswordCost argonParams

// DefaultPasswordCost follows OWASP's argon2id minimum: 19 MiB, 2 passes,
// 1 lane. Every server uses it; only tests choose another
// (WithPasswordCost), so that their accounts are cheap to make.
func DefaultPasswordCost() PasswordCost { return PasswordCost{Memory: 19 * 1024, Time: 2, Threads: 1} }

const (
	saltLen = 16
	keyLen  = 32
	// MinPasswordLen and MaxPasswordLen bound staff passwords (in runes);
	// the maximum keeps hashing cost bounded against huge inputs.
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// HashPassword returns the PHC-format argon2id hash of password at cost p.
func HashPassword(password string, p PasswordCost) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the PHC hash, comparing
// in constant time.
func CheckPassword(hash, password string) (bool, error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

var errBadHash = errors.New("identity: malformed password hash")

func parseHash(hash string) (argonParams, []byte, []byte, error) {
	var p argonParams
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(key) < 16 || p.Time == 0 || p.Threads == 0 || p.Memory > 1<<22 {
		return p, nil, nil, errBadHash
	}
	return p, salt, key, nil
}

// newDummyHash is the hash checked when no account matches, so a wrong
// email takes as long as a wrong password and does not reveal which
// accounts exist. Each service computes it once, at its first such
// sign-in and at its own cost: not at start-up, for one argon2id hash
// (19 MiB, tens of milliseconds) is too much for every process to pay,
// `shahr version` and `shahr tally` included.
func newDummyHash(p PasswordCost) func() string {
	return sync.OnceValue(func() string {
		h, _ := HashPassword("no account has this password", p)
		return h
	})
}
