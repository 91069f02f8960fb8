package store

import (
	"context"
	"database/sql"
	"sync"
)

// Pool is a connection pool that, for SQLite, keeps each query prepared:
// the SQLite driver otherwise parses and plans every statement on every
// call, which costs more than running it for the small indexed reads that
// pages make. (pgx caches prepared statements per connection itself.)
type Pool struct {
	*sql.DB
	cache bool
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// maxCachedStatements bounds the cache; queries are constants of the code,
// so the bound is never reached in practice.
const maxCachedStatements = 512

func newPool(db *sql.DB, cache bool) *Pool {
	return &Pool{DB: db, cache: cache, stmts: map[string]*sql.Stmt{}}
}

// stmt is query's cached prepared statement, prepared now if need be; nil
// (and no error) when the cache is full, so that the caller runs the query
// unprepared rather than leak a statement nobody would close.
func (p *Pool) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	p.mu.RLock()
	st, ok := p.stmts[query]
	full := len(p.stmts) >= maxCachedStatements
	p.mu.RUnlock()
	if ok || full {
		return st, nil
	}
	st, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old, ok := p.stmts[query]; ok {
		_ = st.Close() // a twin prepared meanwhile is kept; this one was never used
		return old, nil
	}
	if len(p.stmts) >= maxCachedStatements {
		_ = st.Close() // never used, and the cache has no room for it
		return nil, nil
	}
	p.stmts[query] = st
	return st, nil
}

// QueryContext runs a query through its prepared statement.
func (p *Pool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if !p.cache {
		return p.DB.QueryContext(ctx, query, args...)
	}
	st, err := p.stmt(ctx, query)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return p.DB.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query through its prepared statement.
func (p *Pool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if !p.cache {
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	st, err := p.stmt(ctx, query)
	if err != nil || st == nil {
		// database/sql offers no way to build a Row holding an error; the
		// uncached path reports the same preparation error.
		return p.DB.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// ExecContext runs a statement through its prepared statement.
func (p *Pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if !p.cache {
		return p.DB.ExecContext(ctx, query, args...)
	}
	st, err := p.stmt(ctx, query)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return p.DB.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// Close closes the prepared statements and the pool.
func (p *Pool) Close() error {
	p.mu.Lock()
	for _, st := range p.stmts {
		st.Close()
	}
	p.stmts = map[string]*sql.Stmt{}
	p.mu.Unlock()
	return p.DB.Close()
}
