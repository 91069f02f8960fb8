package events

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"net/url"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/auth"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

var (
	errMaterialSource = invalid("file", "یک پرونده پیوست کنید یا یک پیوند بنویسید، نه هر دو.",
		"Attach one file or give one link, not both.")
	errMaterialURL = invalid("url", "پیوند باید نشانی کامل با http یا https باشد.", "The link must be a full http or https address.")
	errNoFile      = apperr.New(apperr.NotFound, "پرونده پیدا نشد.", "No such file.")
)

// clean normalizes a material's texts.
func (m *Material) clean() {
	m.TitleFa, m.TitleEn, m.URL = persian.Normalize(strings.TrimSpace(m.TitleFa)), strings.TrimSpace(m.TitleEn), strings.TrimSpace(m.URL)
}

func checkTitle(m Material) error {
	if m.TitleFa == "" {
		return invalid("material_title_fa", "عنوان این مطلب را بنویسید.", "Give the material a title.")
	}
	return nil
}

// checkLink accepts a full http or https address.
func checkLink(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errMaterialURL
	}
	return nil
}

// checkMaterial validates a material with at most one file and returns the
// file's sniffed type ("" for a link).
func checkMaterial(m Material, files []upload.File) (string, error) {
	if err := checkTitle(m); err != nil {
		return "", err
	}
	if (len(files) == 1) == (m.URL != "") || len(files) > 1 {
		return "", errMaterialSource
	}
	if m.URL != "" {
		return "", checkLink(m.URL)
	}
	types, err := upload.Check(files, "file")
	if err != nil {
		return "", err
	}
	return types[0], nil
}

// AddMaterial attaches a file (exactly one) or a link to an event.
func (s *Service) AddMaterial(ctx context.Context, who *auth.Principal, m Material, files []upload.File) (Material, error) {
	m.clean()
	contentType, err := checkMaterial(m, files)
	if err != nil {
		return m, err
	}
	var data []byte
	if len(files) == 1 {
		data, m.Name, m.ContentType, m.Size = files[0].Data, upload.CleanName(files[0].Name), contentType, int64(len(files[0].Data))
	}
	now := s.now()
	err = s.changePart(ctx, who, m.EventID, "events.material.add", "event_material", func(tx *sql.Tx, _ Event) (audit.Change, error) {
		err := insertMaterial(ctx, tx, &m, data, who.UserID, now)
		return audit.Change{EntityID: m.ID, After: m}, err
	})
	return m, err
}

// insertMaterial stores a link (data nil) or a checked file.
func insertMaterial(ctx context.Context, tx *sql.Tx, m *Material, data []byte, by int64, now time.Time) error {
	var contentType, blob any
	sum := ""
	if data != nil {
		h := sha256.Sum256(data)
		contentType, sum, blob = m.ContentType, hex.EncodeToString(h[:]), data
	}
	return tx.QueryRowContext(ctx, `INSERT INTO event_materials (event_id, title_fa, title_en, url, name, content_type, size,
		sha256, data, uploaded_by, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		m.EventID, m.TitleFa, m.TitleEn, m.URL, m.Name, contentType, m.Size, sum, blob, nullID(by), store.Millis(now)).Scan(&m.ID)
}

// Materials lists an event's materials in the order they were added.
func (s *Service) Materials(ctx context.Context, eventID int64) ([]Material, error) {
	return store.QueryAll(ctx, s.db.Read, scanMaterial, `SELECT `+materialColumns+` WHERE event_id = $1 ORDER BY id`, eventID)
}

// File returns a material's file with its bytes.
func (s *Service) File(ctx context.Context, id int64) (Material, []byte, error) {
	var m Material
	var data []byte
	err := s.db.Read.QueryRowContext(ctx, `SELECT name, content_type, data FROM event_materials
		WHERE id = $1 AND data IS NOT NULL`, id).Scan(&m.Name, &m.ContentType, &data)
	return m, data, store.NotFound(err, errNoFile)
}
