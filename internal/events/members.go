package events

import (
	"context"
	"database/sql"

	"github.com/shahr-city/shahr/internal/apperr"
	"github.com/shahr-city/shahr/internal/i18n"
	"github.com/shahr-city/shahr/internal/network"
	"github.com/shahr-city/shahr/internal/org"
)

// Members tells which associations an organization belongs to, so that
// a members-only event admits the owner's active members alone.
// network.Service is one.
type Members interface {
	MembershipsBy(ctx context.Context, memberID int64) ([]network.Membership, error)
}

var errMembersOnlyKind = invalid("members_only", "فقط رویدادی که برگزارکننده اصلی آن یک انجمن است می‌تواند ویژه اعضا باشد.",
	"Only an event whose owning organizer is an association can be for its members only.")

// errMembersOnly refuses an organization that is not an active member of
// the association that owns the event.
func errMembersOnly(assoc Organizer) error {
	return apperr.New(apperr.Forbidden,
		"ثبت‌نام در این رویداد ویژه اعضای فعال «"+assoc.NameFa+"» است و سازمان شما عضو فعال آن نیست.",
		"Registration for this event is for active members of "+assoc.Name(i18n.En)+" only, and your organization is not one.")
}

// checkAudience admits orgID to e, read inside tx: anyone to an open
// event, an active member of the owner to a members-only one.
func (s *Service) checkAudience(ctx context.Context, tx *sql.Tx, e Event, orgID int64) error {
	if !e.MembersOnly {
		return nil
	}
	organizers, err := s.organizers(ctx, tx, e.ID)
	if err != nil || len(organizers) == 0 {
		return err
	}
	owner := organizers[0]
	ms, err := s.members.MembershipsBy(ctx, orgID)
	if err != nil {
		return err
	}
	for _, m := range ms {
		if m.AssociationID == owner.OrgID && m.Status == network.Active {
			return nil
		}
	}
	return errMembersOnly(owner)
}

// checkMembersOnly refuses the members-only mark on an event whose owner
// is not an association.
func (s *Service) checkMembersOnly(ctx context.Context, tx *sql.Tx, e Event) error {
	if !e.MembersOnly {
		return nil
	}
	owner, err := s.orgs.In(tx).Place(ctx, e.OwnerID())
	if err != nil {
		return err
	}
	if owner.Kind != org.Association {
		return errMembersOnlyKind
	}
	return nil
}
