package network

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/audit"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/org"
	"github.com/shahr-city/shahr/internal/persian"
	"github.com/shahr-city/shahr/internal/store"
)

var (
	errNoGroup   = apperr.New(apperr.NotFound, "کمیسیون یا کارگروه پیدا نشد.", "No such commission or working group.")
	errGroupName = apperr.New(apperr.Conflict, "این انجمن کمیسیون یا کارگروهی با همین نام دارد.", "The association already has a group of this name.")
	errNotActive = apperr.New(apperr.Conflict, "فقط اعضای فعال انجمن این کار را می‌توانند.", "Only active members of the association may do this.")
	errJoined    = apperr.New(apperr.Conflict, "این عضو پیش‌تر به این گروه پیوسته است.", "This member has already joined the group.")
)

// inAssociation runs fn in a transaction with the association's
// reference, and audits the change fn describes in the association.
func (s *Service) inAssociation(ctx context.Context, actorID, assocID int64, action, entity string, fn func(tx *sql.Tx, now time.Time) (int64, any, error)) error {
	now := s.now()
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
		a, err := s.orgs.In(tx).Place(ctx, assocID)
		if apperr.CodeOf(err) == apperr.NotFound || (err == nil && a.Kind != org.Association) {
			return errNoAssociation
		} else if err != nil {
			return err
		}
		id, after, err := fn(tx, now)
		if err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Change{ActorID: actorID, OrgID: assocID, OrgPath: a.Path,
			Action: "network." + action, Entity: entity, EntityID: id, After: after})
	})
}

// CreateGroup adds a commission, working group or network to an
// association.
func (s *Service) CreateGroup(ctx context.Context, actorID int64, g Group) (Group, error) {
	g.Name.Fa, g.Name.En = persian.Normalize(g.Name.Fa), strings.TrimSpace(g.Name.En)
	if !slices.Contains(GroupKinds, g.Kind) {
		return g, invalid("kind", "نوع گروه را انتخاب کنید.", "Choose the kind of group.")
	}
	if g.Name.Fa == "" || len([]rune(g.Name.Fa)) > 200 {
		return g, invalid("name_fa", "نام فارسی گروه را (حداکثر ۲۰۰ نویسه) بنویسید.", "Enter the group's Persian name (at most 200 characters).")
	}
	err := s.inAssociation(ctx, actorID, g.AssociationID, "group.create", "assoc_group", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO assoc_groups (association_id, kind, name_fa, name_en, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, g.AssociationID, g.Kind, g.Name.Fa, g.Name.En, store.Millis(now)).Scan(&g.ID)
		if store.IsUniqueViolation(err) {
			return 0, nil, errGroupName
		}
		return g.ID, g, err
	})
	return g, err
}

const groupSelect = `SELECT id, association_id, kind, name_fa, name_en FROM assoc_groups`

func scanGroup(r store.Scanner) (Group, error) {
	var g Group
	return g, r.Scan(&g.ID, &g.AssociationID, &g.Kind, &g.Name.Fa, &g.Name.En)
}

// Groups lists an association's groups with their members' names.
func (s *Service) Groups(ctx context.Context, assocID int64) ([]Group, error) {
	gs, err := store.QueryAll(ctx, s.db.Read, scanGroup, groupSelect+` WHERE association_id = $1 ORDER BY kind, id`, assocID)
	if err != nil {
		return nil, err
	}
	members, err := s.groupMembers(ctx, `g.association_id = $1`, assocID)
	for i := range gs {
		gs[i].Members = members[gs[i].ID]
	}
	return gs, err
}

// Group returns a group by id, with its members.
func (s *Service) Group(ctx context.Context, id int64) (Group, error) {
	g, err := scanGroup(s.db.Read.QueryRowContext(ctx, groupSelect+` WHERE id = $1`, id))
	err = store.NotFound(err, errNoGroup)
	if err != nil {
		return g, err
	}
	members, err := s.groupMembers(ctx, `g.id = $1`, id)
	g.Members = members[id]
	return g, err
}

// groupMembers lists the names of the member organizations of the groups
// a condition on assoc_groups g selects, by group, each by Persian name.
func (s *Service) groupMembers(ctx context.Context, where string, args ...any) (map[int64][]i18n.Text, error) {
	type member struct {
		group, org int64
		name       i18n.Text
	}
	ms, err := store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (member, error) {
		var m member
		return m, r.Scan(&m.group, &m.org)
	}, `SELECT gm.group_id, gm.member_id FROM assoc_group_members gm JOIN assoc_groups g ON g.id = gm.group_id WHERE `+where, args...)
	if err == nil {
		err = store.Attach(ctx, ms, func(m *member) int64 { return m.org }, s.orgs.In(s.db.Read).Names,
			func(m *member, name i18n.Text) { m.name = name })
	}
	slices.SortFunc(ms, func(a, b member) int { return strings.Compare(a.name.Fa, b.name.Fa) })
	out := map[int64][]i18n.Text{}
	for _, m := range ms {
		out[m.group] = append(out[m.group], m.name)
	}
	return out, err
}

// JoinGroup adds an active member of the association to one of its
// groups.
func (s *Service) JoinGroup(ctx context.Context, actorID int64, g Group, memberID int64) error {
	return s.inAssociation(ctx, actorID, g.AssociationID, "group.join", "assoc_group", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		if err := checkActive(ctx, tx, g.AssociationID, memberID); err != nil {
			return 0, nil, err
		}
		return g.ID, map[string]int64{"member_id": memberID}, addGroupMember(ctx, tx, g.ID, memberID, now)
	})
}

// addGroupMember puts an organization in a group; errJoined when it is
// there already.
func addGroupMember(ctx context.Context, tx *sql.Tx, groupID, memberID int64, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO assoc_group_members (group_id, member_id, joined_at) VALUES ($1, $2, $3)`,
		groupID, memberID, store.Millis(now))
	if store.IsUniqueViolation(err) {
		return errJoined
	}
	return err
}

// checkActive refuses unless the organization is an active member.
func checkActive(ctx context.Context, tx *sql.Tx, assocID, memberID int64) error {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM memberships WHERE association_id = $1 AND member_id = $2
		AND status = 'active'`, assocID, memberID).Scan(&n)
	if err == nil && n == 0 {
		return errNotActive
	}
	return err
}

// AddMeeting records a group's meeting with its agenda and minutes.
func (s *Service) AddMeeting(ctx context.Context, actorID int64, g Group, mt Meeting) (Meeting, error) {
	mt.GroupID, mt.Agenda, mt.Minutes = g.ID, cleanLines(mt.Agenda, true), persian.Normalize(mt.Minutes)
	if mt.HeldOn.IsZero() {
		return mt, invalid("held_on", "تاریخ جلسه را به شمسی بنویسید.", "Enter the meeting's Jalali date.")
	}
	if len(mt.Agenda) == 0 {
		return mt, invalid("agenda", "دست‌کم یک دستور جلسه بنویسید (هر دستور در یک سطر).", "Write at least one agenda item (one a line).")
	}
	err := s.inAssociation(ctx, actorID, g.AssociationID, "meeting.add", "assoc_meeting", func(tx *sql.Tx, now time.Time) (int64, any, error) {
		err := tx.QueryRowContext(ctx, `INSERT INTO assoc_meetings (group_id, held_on, agenda, minutes, created_by, at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, g.ID, store.Millis(mt.HeldOn), strings.Join(mt.Agenda, "\n"),
			mt.Minutes, nullID(actorID), store.Millis(now)).Scan(&mt.ID)
		return mt.ID, mt, err
	})
	return mt, err
}

// Meetings lists a group's meetings, latest first.
func (s *Service) Meetings(ctx context.Context, groupID int64) ([]Meeting, error) {
	return store.QueryAll(ctx, s.db.Read, func(r store.Scanner) (Meeting, error) {
		var mt Meeting
		var agenda string
		err := r.Scan(&mt.ID, &mt.GroupID, store.Time(&mt.HeldOn), &agenda, &mt.Minutes)
		mt.Agenda = splitLines(agenda)
		return mt, err
	}, `SELECT id, group_id, held_on, agenda, minutes FROM assoc_meetings WHERE group_id = $1 ORDER BY held_on DESC, id DESC`, groupID)
}
