package budgeting

import (
	"context"
	"database/sql"
	"errors"

	"github.com/shahr-city/shahr/internal/geojson"
)

// CanVote says whether a person may vote in a heading now: nil, or the
// error a ballot would get (wrong phase, not eligible).
func (s *Service) CanVote(ctx context.Context, voterID, headingID int64) error {
	p, h, err := s.openHeading(ctx, headingID)
	if err != nil {
		return err
	}
	_, err = s.mayVote(ctx, p, h, voterID)
	return err
}

// MyBallot returns a voter's current ballot in a heading, if any.
func (s *Service) MyBallot(ctx context.Context, voterID, headingID int64) ([]Choice, bool, error) {
	var text string
	err := s.db.Read.QueryRowContext(ctx, `SELECT choices FROM budget_ballots WHERE heading_id = $1 AND voter_id = $2`,
		headingID, voterID).Scan(&text)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	cs, err := decodeChoices(text)
	return cs, err == nil, err
}

// AreaShape returns the boundary of a heading's area, when it has one.
func (s *Service) AreaShape(ctx context.Context, h Heading) (geojson.Shape, bool) {
	if h.AreaID == 0 {
		return geojson.Shape{}, false
	}
	area, err := s.orgs.ByID(ctx, h.AreaID)
	if err != nil {
		return geojson.Shape{}, false
	}
	return area.Shape()
}
