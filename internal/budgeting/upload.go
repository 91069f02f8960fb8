package budgeting

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"net/http"
	"path"
	"strings"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

// Limits on files attached to a proposal or a milestone.
const (
	MaxUploadBytes = 5 << 20
	MaxUploads     = 5
	maxNameRunes   = 100
)

// Upload is a file a person sends: its name as their device gave it and
// its bytes.
type Upload struct {
	Name string
	Data []byte
}

// Attachment is a stored file's description (its bytes are read apart).
type Attachment struct {
	ID          int64
	ProposalID  int64
	MilestoneID int64
	Name        string
	ContentType string
	Size        int64
}

// IsImage says whether the file is shown as a picture.
func (a Attachment) IsImage() bool { return strings.HasPrefix(a.ContentType, "image/") }

// allowedTypes are the only files accepted, by the type their bytes show
// (never by the name or the browser's claim).
var allowedTypes = map[string]bool{"image/jpeg": true, "image/png": true, "image/webp": true, "application/pdf": true}

var errTooManyFiles = invalid("files", "حداکثر ۵ پرونده می‌توانید پیوست کنید.", "You can attach at most 5 files.")

// checkUploads validates files before anything is written and returns
// their sniffed types.
func checkUploads(files []Upload) ([]string, error) {
	if len(files) > MaxUploads {
		return nil, errTooManyFiles
	}
	types := make([]string, len(files))
	for i, f := range files {
		if len(f.Data) == 0 || len(f.Data) > MaxUploadBytes {
			return nil, invalid("files", "هر پرونده باید کمتر از ۵ مگابایت باشد و خالی نباشد.",
				"Each file must be under 5 MB and not empty.")
		}
		t := http.DetectContentType(f.Data)
		if !allowedTypes[t] {
			return nil, invalid("files", "فقط تصویر (JPEG، PNG، WebP) و PDF پذیرفته می‌شود.",
				"Only images (JPEG, PNG, WebP) and PDF files are accepted.")
		}
		types[i] = t
	}
	return types, nil
}

// cleanName keeps a file name short and free of paths and control
// characters; it is only ever shown, never used to open a file.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, persian.Normalize(name))
	if rs := []rune(name); len(rs) > maxNameRunes {
		name = string(rs[len(rs)-maxNameRunes:])
	}
	if name == "" || name == "." || name == "/" {
		name = "file"
	}
	return name
}

// insertUploads stores checked files inside tx.
func insertUploads(ctx context.Context, tx *sql.Tx, proposalID, milestoneID, by int64, files []Upload, types []string, at any) error {
	for i, f := range files {
		sum := sha256.Sum256(f.Data)
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_attachments
			(proposal_id, milestone_id, name, content_type, size, sha256, data, uploaded_by, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, proposalID, nullID(milestoneID), cleanName(f.Name), types[i],
			len(f.Data), hex.EncodeToString(sum[:]), f.Data, by, at); err != nil {
			return err
		}
	}
	return nil
}

const attachmentColumns = `id, proposal_id, coalesce(milestone_id, 0), name, content_type, size`

func scanAttachment(r store.Scanner) (Attachment, error) {
	var a Attachment
	return a, r.Scan(&a.ID, &a.ProposalID, &a.MilestoneID, &a.Name, &a.ContentType, &a.Size)
}

// Attachments lists a proposal's files, milestone photos included.
func (s *Service) Attachments(ctx context.Context, proposalID int64) ([]Attachment, error) {
	return store.QueryAll(ctx, s.db.Read, scanAttachment, `SELECT `+attachmentColumns+`
		FROM budget_attachments WHERE proposal_id = $1 ORDER BY id`, proposalID)
}

var errNoFile = apperr.New(apperr.NotFound, "پرونده پیدا نشد.", "No such file.")

// File returns a stored file with its bytes. Files of hidden proposals
// are not served to the public: the caller passes staff=true for staff.
func (s *Service) File(ctx context.Context, id int64, staff bool) (Attachment, []byte, error) {
	var a Attachment
	var data []byte
	var status string
	err := s.db.Read.QueryRowContext(ctx, `SELECT a.id, a.proposal_id, coalesce(a.milestone_id, 0), a.name, a.content_type,
		a.size, a.data, p.status FROM budget_attachments a JOIN budget_proposals p ON p.id = a.proposal_id WHERE a.id = $1`, id).
		Scan(&a.ID, &a.ProposalID, &a.MilestoneID, &a.Name, &a.ContentType, &a.Size, &data, &status)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && status == StatusHidden && !staff) {
		return a, nil, errNoFile
	}
	return a, data, err
}
