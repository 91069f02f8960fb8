package identity

import (
	"database/sql"
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	pw := "رمز عبور بسیار طولانی فارسی که از سی و شش حرف بیشتر است و نباید بریده شود"
	h, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q is not argon2id with the default parameters", h)
	}
	if ok, err := CheckPassword(h, pw); !ok || err != nil {
		t.Fatalf("right password refused: %v", err)
	}
	// A change after the 72nd byte must matter (bcrypt would ignore it).
	if ok, _ := CheckPassword(h, pw+"!"); ok {
		t.Fatal("a longer password matched")
	}
	h2, _ := HashPassword(pw)
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", h[:len(h)-30]} {
		if ok, err := CheckPassword(bad, pw); ok || err == nil {
			t.Errorf("malformed hash %q: ok=%v err=%v", bad, ok, err)
		}
	}
}

// An unknown email is checked against a hash with the production
// parameters, made when first needed and the same afterwards.
func TestDummyHash(t *testing.T) {
	h := cmpHash(sql.NullString{})
	p, _, _, err := parseHash(h)
	if err != nil || p != defaultArgon {
		t.Fatalf("dummy hash %q: parameters %+v, err %v; want %+v", h, p, err, defaultArgon)
	}
	if ok, err := CheckPassword(h, "no account has this password!"); ok || err != nil {
		t.Errorf("the dummy hash matched another password (ok=%v, err=%v)", ok, err)
	}
	if again := cmpHash(sql.NullString{}); again != h {
		t.Errorf("the dummy hash changed between sign-ins: %q, then %q", h, again)
	}
	if got := cmpHash(sql.NullString{String: "stored", Valid: true}); got != "stored" {
		t.Errorf("cmpHash of a stored hash = %q", got)
	}
}
