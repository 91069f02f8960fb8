package app

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/web"
)

// probeEvery is how long the outcome of a write probe stands. Load
// balancers ask every few seconds, each of them, and one write in that
// time says as much as one per question.
const probeEvery = 5 * time.Second

// health answers GET /healthz: 200 when this server can serve requests,
// which means its database answers and accepts writes; 503 with the
// reason otherwise. A database that answers but refuses writes (a full
// disk, a read-only file or transaction mode) would let pages load while
// every ballot failed, so a load balancer must see it.
type health struct {
	db  *store.DB
	now func() time.Time
	log *slog.Logger

	mu     sync.Mutex // one probe at a time; the others wait for its outcome
	probed time.Time  // when the last write probe ran (zero: never)
	err    error      // and its outcome
}

type healthJSON struct {
	Status string `json:"status"`
	Reason string `json:"reason,omitempty"`
}

// serve is the handler.
func (h *health) serve(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	reason, err := h.check(ctx)
	if err != nil {
		h.log.ErrorContext(ctx, "health check failed", "reason", reason, "error", err)
		return web.JSON(w, http.StatusServiceUnavailable, healthJSON{Status: "unavailable", Reason: reason})
	}
	return web.JSON(w, http.StatusOK, healthJSON{Status: "ok"})
}

// check pings the database every time (it costs no write) and probes a
// write at most every probeEvery. The reason is for the load balancer's
// operator; the error, with its details, goes to the log only.
func (h *health) check(ctx context.Context) (string, error) {
	if err := h.db.Ping(ctx); err != nil {
		return "the database does not answer", err
	}
	if err := h.writable(ctx); err != nil {
		return "the database refuses writes", err
	}
	return "", nil
}

// writable writes the probe's one row, or returns the outcome of the
// last write if it is recent enough.
func (h *health) writable(ctx context.Context) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	now := h.now()
	if !h.probed.IsZero() && now.Sub(h.probed) < probeEvery {
		return h.err
	}
	_, err := h.db.Write.ExecContext(ctx, `INSERT INTO health_probe (id, checked_at) VALUES (1, $1)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`, store.Millis(now))
	h.probed, h.err = now, err
	return err
}
