package identity

import (
	"context"
	"database/sql"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/store/storetest"
)

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	pw := "رمز عبور بسیار طولانی فارسی که از سی و شش حرف بیشتر است و نباید بریده شود"
	h, err := HashPassword(pw, DefaultPasswordCost())
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
	h2, _ := HashPassword(pw, DefaultPasswordCost())
	if h2 == h {
		t.Fatal("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=x$AA$AA", h[:len(h)-30]} {
		if ok, err := CheckPassword(bad, pw); ok || err == nil {
			t.Errorf("malformed hash %q: ok=%v err=%v", bad, ok, err)
		}
	}
}

// A service hashes with the production cost unless told otherwise, and the
// cheap cost tests choose is used only when asked for: the hashes stored
// for new accounts, and the one a sign-in with an unknown email checks,
// record their parameters.
func TestServiceHashesAtProductionCost(t *testing.T) {
	t.Parallel()
	const production = "$argon2id$v=19$m=19456,t=2,p=1$"
	cheap := PasswordCost{Memory: 64, Time: 1, Threads: 1}
	for _, c := range []struct {
		opts []Option
		want string
	}{{nil, production}, {[]Option{WithPasswordCost(cheap)}, "$argon2id$v=19$m=64,t=1,p=1$"}} {
		db := storetest.Open(t, store.SQLite)
		s, err := New(context.Background(), db, time.Now, nil, slog.New(slog.DiscardHandler), c.opts...)
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.CreateStaff(context.Background(), 0, StaffInput{Email: "cost@shahr.example", Name: "هزینه", Password: "a long enough password"})
		if err != nil {
			t.Fatal(err)
		}
		var h string
		if err := db.Read.QueryRowContext(context.Background(), `SELECT password_hash FROM users WHERE id = $1`, u.ID).Scan(&h); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(h, c.want) || !strings.HasPrefix(s.dummyHash(), c.want) {
			t.Errorf("options %d: stored hash %q, dummy hash %q; want the prefix %q", len(c.opts), h, s.dummyHash(), c.want)
		}
	}
}

// An unknown email is checked against a hash with the production
// parameters, made when first needed and the same afterwards.
func TestDummyHash(t *testing.T) {
	t.Parallel()
	s, err := New(context.Background(), storetest.Open(t, store.SQLite), time.Now, nil, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	h := s.cmpHash(sql.NullString{})
	p, _, _, err := parseHash(h)
	if want := argonParams(DefaultPasswordCost()); err != nil || p != want {
		t.Fatalf("dummy hash %q: parameters %+v, err %v; want %+v", h, p, err, want)
	}
	if ok, err := CheckPassword(h, "no account has this password!"); ok || err != nil {
		t.Errorf("the dummy hash matched another password (ok=%v, err=%v)", ok, err)
	}
	if again := s.cmpHash(sql.NullString{}); again != h {
		t.Errorf("the dummy hash changed between sign-ins: %q, then %q", h, again)
	}
	if got := s.cmpHash(sql.NullString{String: "stored", Valid: true}); got != "stored" {
		t.Errorf("cmpHash of a stored hash = %q", got)
	}
}
