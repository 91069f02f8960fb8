package identity

import (
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
