package budgeting

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

// Limits on files attached to a proposal or a milestone.
const (
	MaxUploadBytes = upload.MaxBytes
	MaxUploads     = upload.MaxFiles
)

// Upload is a file a person sends.
type Upload = upload.File

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
func (a Attachment) IsImage() bool { return upload.IsImage(a.ContentType) }

// checkUploads validates files before anything is written and returns
// their sniffed types.
func checkUploads(files []Upload) ([]string, error) { return upload.Check(files, "files") }

// insertUploads stores checked files inside tx.
func insertUploads(ctx context.Context, tx *sql.Tx, proposalID, milestoneID, by int64, files []Upload, types []string, at any) error {
	for i, f := range files {
		sum := sha256.Sum256(f.Data)
		if _, err := tx.ExecContext(ctx, `INSERT INTO budget_attachments
			(proposal_id, milestone_id, name, content_type, size, sha256, data, uploaded_by, at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, proposalID, nullID(milestoneID), upload.CleanName(f.Name), types[i],
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
	if err == nil && status == StatusHidden && !staff {
		return a, nil, errNoFile
	}
	return a, data, store.NotFound(err, errNoFile)
}
