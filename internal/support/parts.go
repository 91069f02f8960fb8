package support

import (
	"context"
	"database/sql"
	"strconv"

	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/store"
)

// A part is a record kept under a visit (its findings and actions) or a
// project (its stages and documents). A part is found only through its
// parent, and the parent only when it is the cooperation organization's:
// an id from another visit, project or organization is not found.
type part[T any] struct {
	name, entity    string // the audit log's action prefix and entity
	table, columns  string
	parent, parents string // the column naming the parent, and the parents' table
	scan            func(store.Scanner) (T, error)
	missing         error
}

var (
	findings = part[Finding]{name: "finding", entity: "support_finding", table: "support_findings", columns: findingColumns,
		parent: "visit_id", parents: "support_visits", scan: scanFinding, missing: errNoFinding}
	actions = part[Action]{name: "action", entity: "support_action", table: "support_actions", columns: actionColumns,
		parent: "visit_id", parents: "support_visits", scan: scanAction, missing: errNoAction}
	stages = part[Stage]{name: "stage", entity: "support_stage", table: "support_stages", columns: stageColumns,
		parent: "project_id", parents: "support_projects", scan: scanStage, missing: errNoStage}
	documents = part[Document]{name: "document", entity: "support_document", table: "support_documents", columns: documentColumns,
		parent: "project_id", parents: "support_projects", scan: scanDocument, missing: errNoDocument}
)

// load reads part id of parent, if parent is coop's.
func (p part[T]) load(ctx context.Context, q store.Queryer, coopID, parent, id int64) (T, error) {
	v, err := p.scan(q.QueryRowContext(ctx, `SELECT `+p.columns+` FROM `+p.table+` WHERE id = $1 AND `+p.parent+` = $2
		AND `+p.parent+` IN (SELECT id FROM `+p.parents+` WHERE coop_id = $3)`, id, parent, coopID))
	return v, store.NotFound(err, p.missing)
}

// update sets columns of part id of parent ("a = $1, b = $2" with their
// values) and audits it, after as the part becomes.
func (p part[T]) update(ctx context.Context, s *Service, actor int64, coop org.Org, parent, id int64, after any, set string, values ...any) error {
	return s.apply(ctx, actor, coop, change{action: p.name + ".edit", entity: p.entity, id: id, after: after,
		load: func(tx *sql.Tx) (any, error) { return p.load(ctx, tx, coop.ID, parent, id) },
		writes: []func(*sql.Tx) error{exec(ctx, `UPDATE `+p.table+` SET `+set+` WHERE id = $`+strconv.Itoa(len(values)+1),
			append(values, id)...)}})
}

// remove deletes part id of parent, and audits what it was.
func (p part[T]) remove(ctx context.Context, s *Service, actor int64, coop org.Org, parent, id int64) error {
	return s.apply(ctx, actor, coop, change{action: p.name + ".delete", entity: p.entity, id: id,
		load:   func(tx *sql.Tx) (any, error) { return p.load(ctx, tx, coop.ID, parent, id) },
		writes: []func(*sql.Tx) error{exec(ctx, `DELETE FROM `+p.table+` WHERE id = $1`, id)}})
}
