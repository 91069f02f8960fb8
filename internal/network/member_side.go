package network

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/store"
	"github.com/shahr-city/shahr/internal/upload"
)

// What a member's own staff do from their membership's page: join and
// leave the association's groups while the membership is active, and add
// files to the application until the secretariat decides. Both are
// audited in the member's organization, as its application is.

var (
	errNotInGroup = apperr.New(apperr.Conflict, "این عضو در این گروه نیست.", "This member is not in the group.")
	errDecided    = apperr.New(apperr.Conflict,
		"دبیرخانه درباره این درخواست تصمیم گرفته است؛ پیوست تازه پذیرفته نمی‌شود.",
		"The secretariat has decided on this application: it takes no more files.")
	errNoFiles = invalid("files", "پرونده‌ای برای پیوست انتخاب کنید.", "Choose a file to attach.")
)

// maxFiles is how many files an application may hold in all.
const maxFiles = 20

// Undecided says whether the secretariat has yet to decide on an
// application in this status.
func (s Status) Undecided() bool { return s == Draft || s == CouncilApproved || s == Submitted }

// MemberGroup is a group of an association as one member sees it.
type MemberGroup struct {
	Group
	Joined bool
}

// GroupsFor lists an association's groups, saying which ones the
// organization belongs to.
func (s *Service) GroupsFor(ctx context.Context, assocID, memberID int64) ([]MemberGroup, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (MemberGroup, error) {
		var g MemberGroup
		return g, r.Scan(&g.ID, &g.AssociationID, &g.Kind, &g.Name.Fa, &g.Name.En, &g.Joined)
	}, `SELECT g.id, g.association_id, g.kind, g.name_fa, g.name_en,
		EXISTS (SELECT 1 FROM assoc_group_members gm WHERE gm.group_id = g.id AND gm.member_id = $2)
		FROM assoc_groups g WHERE g.association_id = $1 ORDER BY g.kind, g.id`, assocID, memberID)
}

// JoinOwnGroup adds the organization of an active membership to one of
// the association's groups, at its own staff's request.
func (s *Service) JoinOwnGroup(ctx context.Context, actorID, membershipID, groupID int64) error {
	return s.asMember(ctx, actorID, membershipID, groupID, "join", func(tx *sql.Tx, m Membership, now time.Time) error {
		return addGroupMember(ctx, tx, groupID, m.MemberID, now)
	})
}

// LeaveOwnGroup takes the organization of an active membership out of one
// of the association's groups.
func (s *Service) LeaveOwnGroup(ctx context.Context, actorID, membershipID, groupID int64) error {
	return s.asMember(ctx, actorID, membershipID, groupID, "leave", func(tx *sql.Tx, m Membership, _ time.Time) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM assoc_group_members WHERE group_id = $1 AND member_id = $2`, groupID, m.MemberID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errNotInGroup
		}
		return nil
	})
}

// asMember runs a member's change to a group in one transaction: the group
// must be of the membership's association and the membership active.
func (s *Service) asMember(ctx context.Context, actorID, membershipID, groupID int64, action string,
	change func(tx *sql.Tx, m Membership, now time.Time) error) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		m, err := s.membershipByID(ctx, tx, membershipID)
		if err != nil {
			return err
		}
		g, err := scanGroup(tx.QueryRowContext(ctx, groupSelect+` WHERE id = $1 AND association_id = $2`, groupID, m.AssociationID))
		err = store.NotFound(err, errNoGroup)
		if err != nil {
			return err
		}
		if m.Status != Active {
			return errNotActive
		}
		if err := change(tx, m, now); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: m.MemberID, OrgPath: m.MemberPath,
			Action: "network.group." + action, Entity: "assoc_group", EntityID: g.ID,
			After: map[string]int64{"member_id": m.MemberID, "membership_id": m.ID}})
	})
}

// AddFiles attaches more files to an application, until the secretariat
// decides on it. The addition is a step of the membership's history,
// naming the files, so the secretariat sees what came late and when.
func (s *Service) AddFiles(ctx context.Context, actorID, id int64, files []upload.File) (Membership, error) {
	if len(files) == 0 {
		return Membership{}, errNoFiles
	}
	types, err := upload.Check(files, "files")
	if err != nil {
		return Membership{}, err
	}
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = upload.CleanName(f.Name)
	}
	now := s.now()
	var m Membership
	err = s.db.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if m, err = s.membershipByID(ctx, tx, id); err != nil {
			return err
		}
		if !m.Status.Undecided() {
			return errDecided
		}
		if err := checkFileCount(ctx, tx, id, len(files)); err != nil {
			return err
		}
		if err := insertFiles(ctx, tx, id, actorID, files, types, now); err != nil {
			return err
		}
		return s.applyStep(ctx, tx, actorID, &m, change{action: "files", to: m.Status, note: strings.Join(names, "، ")}, now)
	})
	return m, err
}

func checkFileCount(ctx context.Context, tx *sql.Tx, id int64, adding int) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM membership_files WHERE membership_id = $1`, id).Scan(&n); err != nil {
		return err
	}
	if n+adding > maxFiles {
		return invalid("files", "هر درخواست حداکثر ۲۰ پیوست دارد.", "An application holds at most 20 files.")
	}
	return nil
}
