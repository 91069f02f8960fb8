package budgeting

import (
	"context"
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
	r, err := s.MyReceipt(ctx, voterID, headingID)
	if errors.Is(err, errNoReceipt) {
		return nil, false, nil
	}
	return r.Choices, err == nil, err
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
