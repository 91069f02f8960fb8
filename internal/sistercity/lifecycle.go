package sistercity

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/jalali"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

var errNoFile = apperr.New(apperr.NotFound, "پرونده پیدا نشد.", "No such file.")

// managed loads agreement id inside tx and checks that who manages it.
func (s *Service) managed(ctx context.Context, tx *sql.Tx, who *auth.Principal, id int64) (Agreement, error) {
	a, err := s.oneAgreement(ctx, tx, id)
	if err == nil && !Manages(who, a) {
		err = errNotParty
	}
	return a, err
}

// ChangeStatus moves an agreement to status to along an allowed
// transition (409 otherwise). Signing and ending record their day: the
// one given, or today.
func (s *Service) ChangeStatus(ctx context.Context, who *auth.Principal, id int64, to Status, day time.Time, note string) (Agreement, error) {
	now := s.now()
	var a Agreement
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if a, err = s.managed(ctx, tx, who, id); err != nil {
			return err
		}
		before := a
		if err := a.move(to, day, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sister_agreements SET status = $1, signed_on = $2, ended_on = $3, updated_at = $4
			WHERE id = $5`, a.Status, dayText(a.SignedOn), dayText(a.EndedOn), store.Millis(now), a.ID); err != nil {
			return err
		}
		if err := insertHistory(ctx, tx, a.ID, to, strings.TrimSpace(note), who.UserID, now); err != nil {
			return err
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: "sistercity.agreement.status", Before: before, After: a})
	})
	return a, err
}

// move changes a's status in memory, setting the day it was signed or
// ended.
func (a *Agreement) move(to Status, day, now time.Time) error {
	if !slices.Contains(Statuses, to) {
		return invalid("status", "وضعیت شناخته نیست.", "Unknown status.")
	}
	if !a.Status.CanMove(to) {
		return apperr.New(apperr.Conflict, "این توافق از وضعیت کنونی‌اش به وضعیت خواسته‌شده نمی‌رود.",
			"The agreement cannot move from its current status to the one asked for.")
	}
	if day.IsZero() {
		day = jalali.Today(now).In(jalali.Tehran())
	}
	switch to {
	case Signed:
		a.SignedOn = day
	case Ended:
		a.EndedOn = day
	}
	a.Status = to
	return a.validateDates()
}

// History lists an agreement's statuses, oldest first.
func (s *Service) History(ctx context.Context, id int64) ([]StatusChange, error) {
	cs, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (StatusChange, error) {
		var c StatusChange
		return c, r.Scan(&c.Status, &c.Note, &c.actorID, store.Time(&c.At))
	}, `SELECT status, note, coalesce(actor_id, 0), at FROM sister_status_history WHERE agreement_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	return cs, store.Attach(ctx, cs, func(c *StatusChange) int64 { return c.actorID }, s.people.Names,
		func(c *StatusChange, name string) { c.ActorName = name })
}

// AddDocuments attaches files of one kind to an agreement.
func (s *Service) AddDocuments(ctx context.Context, who *auth.Principal, id int64, kind DocKind, title string, files []upload.File) error {
	if !slices.Contains(DocKinds, kind) {
		return invalid("kind", "نوع سند را انتخاب کنید.", "Choose the kind of document.")
	}
	if len(files) == 0 {
		return invalid("files", "پرونده‌ای برای بارگذاری انتخاب کنید.", "Choose a file to upload.")
	}
	types, err := upload.Check(files, "files")
	if err != nil {
		return err
	}
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.managed(ctx, tx, who, id)
		if err != nil {
			return err
		}
		for i, f := range files {
			sum := sha256.Sum256(f.Data)
			if _, err := tx.ExecContext(ctx, `INSERT INTO sister_documents
				(agreement_id, kind, title, name, content_type, size, sha256, data, uploaded_by, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, id, kind, strings.TrimSpace(title), upload.CleanName(f.Name),
				types[i], len(f.Data), hex.EncodeToString(sum[:]), f.Data, nullID(who.UserID), store.Millis(now)); err != nil {
				return err
			}
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: "sistercity.document.add",
			After: map[string]any{"kind": kind, "title": title, "files": len(files)}})
	})
}

const documentColumns = `id, agreement_id, kind, title, name, content_type, size, at`

// scanDocument reads a document's columns, then any extra ones into extra.
func scanDocument(r store.Scanner, extra ...any) (Document, error) {
	var d Document
	return d, r.Scan(append([]any{&d.ID, &d.AgreementID, &d.Kind, &d.Title, &d.Name, &d.ContentType, &d.Size, store.Time(&d.At)}, extra...)...)
}

// Documents lists an agreement's documents, oldest first.
func (s *Service) Documents(ctx context.Context, id int64) ([]Document, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Document, error) { return scanDocument(r) }, `SELECT `+documentColumns+`
		FROM sister_documents WHERE agreement_id = $1 ORDER BY id`, id)
}

// RemoveDocument removes a document of agreement id uploaded by mistake.
func (s *Service) RemoveDocument(ctx context.Context, who *auth.Principal, id, docID int64) error {
	return s.removePart(ctx, who, id, "sister_documents", "sistercity.document.remove", func(q store.Queryer) (any, error) {
		return scanDocument(q.QueryRowContext(ctx, `SELECT `+documentColumns+` FROM sister_documents
			WHERE agreement_id = $1 AND id = $2`, id, docID))
	}, docID)
}

var errNoPart = apperr.New(apperr.NotFound, "این مورد در این توافق پیدا نشد؛ شاید پیش‌تر برداشته شده است.",
	"No such entry in this agreement; it may have been removed already.")

// removePart deletes row partID of table, one of agreement id's contacts,
// documents or activities, for who who manages it, auditing under action
// what load read of it.
func (s *Service) removePart(ctx context.Context, who *auth.Principal, id int64, table, action string,
	load func(q store.Queryer) (any, error), partID int64) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.managed(ctx, tx, who, id)
		if err != nil {
			return err
		}
		before, err := load(tx)
		err = store.NotFound(err, errNoPart)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE agreement_id = $1 AND id = $2`, id, partID); err != nil {
			return err
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: action, Before: before})
	})
}

// Document returns a document with its bytes.
func (s *Service) Document(ctx context.Context, docID int64) (Document, []byte, error) {
	var data []byte
	d, err := scanDocument(s.db.Read.QueryRowContext(ctx, `SELECT `+documentColumns+`, data FROM sister_documents WHERE id = $1`, docID), &data)
	return d, data, store.NotFound(err, errNoFile)
}

// AddContact adds a person to talk to on one side of an agreement.
func (s *Service) AddContact(ctx context.Context, who *auth.Principal, id int64, c Contact) (Contact, error) {
	for _, f := range []*string{&c.Name, &c.Role, &c.Email, &c.Phone} {
		*f = strings.TrimSpace(*f)
	}
	if err := c.Validate(); err != nil {
		return c, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.managed(ctx, tx, who, id)
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO sister_contacts (agreement_id, position, name, role, email, phone, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, c.Position, c.Name, c.Role, c.Email, c.Phone,
			store.Millis(now)).Scan(&c.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: "sistercity.contact.add", After: c})
	})
	return c, err
}

const contactSelect = `SELECT id, position, name, role, email, phone FROM sister_contacts WHERE agreement_id = $1`

func scanContact(r store.Scanner) (Contact, error) {
	var c Contact
	return c, r.Scan(&c.ID, &c.Position, &c.Name, &c.Role, &c.Email, &c.Phone)
}

// Contacts lists an agreement's contacts, by side.
func (s *Service) Contacts(ctx context.Context, id int64) ([]Contact, error) {
	return store.QueryAll(ctx, s.db.Read, scanContact, contactSelect+` ORDER BY position, id`, id)
}

// RemoveContact removes a contact of agreement id: a wrong one, or a
// person who left.
func (s *Service) RemoveContact(ctx context.Context, who *auth.Principal, id, contactID int64) error {
	return s.removePart(ctx, who, id, "sister_contacts", "sistercity.contact.remove", func(q store.Queryer) (any, error) {
		return scanContact(q.QueryRowContext(ctx, contactSelect+` AND id = $2`, id, contactID))
	}, contactID)
}

// AddActivity records what the two cities did together, on behalf of
// the party whose relations staff who is.
func (s *Service) AddActivity(ctx context.Context, who *auth.Principal, id int64, act Activity) (Activity, error) {
	act.DescriptionFa, act.DescriptionEn = strings.TrimSpace(act.DescriptionFa), strings.TrimSpace(act.DescriptionEn)
	if err := act.Validate(); err != nil {
		return act, err
	}
	now := s.now()
	err := s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.managed(ctx, tx, who, id)
		if err != nil {
			return err
		}
		act.OrgID = a.Parties[managedParty(who, a)].OrgID
		if err := tx.QueryRowContext(ctx, `INSERT INTO sister_activities
			(agreement_id, kind, on_date, description_fa, description_en, org_id, actor_id, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, id, act.Kind, dayText(act.On), act.DescriptionFa,
			act.DescriptionEn, act.OrgID, nullID(who.UserID), store.Millis(now)).Scan(&act.ID); err != nil {
			return err
		}
		return s.record(ctx, tx, now, a, audit.Change{ActorID: who.UserID, Action: "sistercity.activity.add", After: act})
	})
	return act, err
}

const activitySelect = `SELECT id, kind, on_date, description_fa, description_en, coalesce(org_id, 0) FROM sister_activities
	WHERE agreement_id = $1`

func scanActivity(r store.Scanner) (Activity, error) {
	var a Activity
	return a, r.Scan(&a.ID, &a.Kind, scanDay(&a.On), &a.DescriptionFa, &a.DescriptionEn, &a.OrgID)
}

// Activities lists an agreement's activity, the earliest day first and
// undated ones last.
func (s *Service) Activities(ctx context.Context, id int64) ([]Activity, error) {
	return store.QueryAll(ctx, s.db.Read, scanActivity, activitySelect+`
		ORDER BY CASE WHEN on_date IS NULL THEN 1 ELSE 0 END, on_date, id`, id)
}

// RemoveActivity removes an activity of agreement id recorded by mistake.
func (s *Service) RemoveActivity(ctx context.Context, who *auth.Principal, id, activityID int64) error {
	return s.removePart(ctx, who, id, "sister_activities", "sistercity.activity.remove", func(q store.Queryer) (any, error) {
		return scanActivity(q.QueryRowContext(ctx, activitySelect+` AND id = $2`, id, activityID))
	}, activityID)
}
