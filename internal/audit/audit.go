// Package audit is the append-only log of every staff action: who did
// what, when, to which record, and the record before and after. Entries are
// written in the same transaction as the change they describe, so the log
// and the data never disagree; the database refuses updates and deletes.
package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/shahr-city/shahr/internal/store"
)

// Entry is one recorded action.
type Entry struct {
	ID        int64
	At        time.Time
	ActorID   int64  // 0 for the system (command line, demo loader)
	ActorName string // filled when listing
	OrgID     int64
	OrgPath   string
	Action    string // e.g. "org.create", "grant.revoke"
	Entity    string // e.g. "organization", "grant"
	EntityID  string
	Before    string // JSON, empty on create
	After     string // JSON, empty on delete
	RequestID string
	IP        string
}

// Source is where an action came from, carried in the request context.
type Source struct {
	RequestID string
	IP        string
}

type sourceKey struct{}

// WithSource attaches the request's id and address to ctx.
func WithSource(ctx context.Context, s Source) context.Context {
	return context.WithValue(ctx, sourceKey{}, s)
}

// Change describes an action for Record.
type Change struct {
	ActorID  int64
	OrgID    int64 // 0 when the action concerns no organization
	OrgPath  string
	Action   string
	Entity   string
	EntityID int64
	Before   any // marshalled to JSON; nil on create
	After    any // nil on delete
}

// Record appends an entry inside tx.
func Record(ctx context.Context, tx *sql.Tx, now time.Time, c Change) error {
	before, err := marshal(c.Before)
	if err != nil {
		return err
	}
	after, err := marshal(c.After)
	if err != nil {
		return err
	}
	src, _ := ctx.Value(sourceKey{}).(Source)
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log
		(at, actor_id, org_id, org_path, action, entity, entity_id, before, after, request_id, ip)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		store.Millis(now), nullID(c.ActorID), nullID(c.OrgID), c.OrgPath, c.Action, c.Entity,
		strconv.FormatInt(c.EntityID, 10), before, after, src.RequestID, src.IP)
	if err != nil {
		return fmt.Errorf("audit: record %s: %w", c.Action, err)
	}
	return nil
}

func marshal(v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("audit: marshal: %w", err)
	}
	return string(b), nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// People names the people who acted: the identity module, whose tables
// no other package reads. *identity.Service implements it.
type People interface {
	Names(ctx context.Context, ids []int64) (map[int64]string, error)
}

// Query selects entries to list.
type Query struct {
	OrgPath  string // entries of this organization and those below it; "" for all
	BeforeID int64  // for paging: entries older than this id; 0 for the newest
	Limit    int
}

// List returns entries newest first, their actors' names filled by people.
func List(ctx context.Context, db store.Queryer, people People, q Query) ([]Entry, error) {
	if q.Limit <= 0 || q.Limit > 500 {
		q.Limit = 100
	}
	before := q.BeforeID
	if before <= 0 {
		before = 1 << 62
	}
	rows, err := db.QueryContext(ctx, `SELECT id, at, coalesce(actor_id, 0),
		coalesce(org_id, 0), org_path, action, entity, entity_id, coalesce(before, ''),
		coalesce(after, ''), request_id, ip
		FROM audit_log WHERE org_path LIKE $1 AND id < $2 ORDER BY id DESC LIMIT $3`,
		q.OrgPath+"%", before, q.Limit)
	es, err := store.All(rows, err, func(r store.Scanner) (Entry, error) {
		var e Entry
		err := r.Scan(&e.ID, store.Time(&e.At), &e.ActorID, &e.OrgID, &e.OrgPath,
			&e.Action, &e.Entity, &e.EntityID, &e.Before, &e.After, &e.RequestID, &e.IP)
		return e, err
	})
	if err != nil {
		return nil, err
	}
	return es, store.Attach(ctx, es, func(e *Entry) int64 { return e.ActorID }, people.Names,
		func(e *Entry, name string) { e.ActorName = name })
}
