package support

import "math"

// The priority score is a pure function of a town's indicators and open
// needs, so that the page can show it, staff can check it by hand, and
// tests can try it on any input. Each factor lies in [0, 1]; the score is
// their weighted sum scaled to 0–100 by the weights' total:
//
//	score = 100 · (wTier·tier + wNeeds·needs + wSmall·smallness + wStaff·shortage) / (wTier + wNeeds + wSmall + wStaff)
//
// tier: less-developed 1, developing 0.5, developed 0.
// needs: (2·open high-priority needs + open medium ones) / 10, at most 1.
// smallness: 50,000 / (50,000 + population); 0.5 when unknown.
// shortage: 1 − (staff per 1,000 residents) / 3, at least 0; 0.5 when unknown.

// Weights are the relative weights of the four factors, whole numbers
// from 0 to 100, not all zero.
type Weights struct {
	Tier, Needs, Small, Staff int64
}

// DefaultWeights rank every less-developed town above every developed one
// whatever their other factors: the tier alone gives a less-developed
// town 55 points, and a developed town can gather at most 45 from the
// rest.
var DefaultWeights = Weights{Tier: 55, Needs: 15, Small: 15, Staff: 15}

// Total is the weights' sum, the score's denominator.
func (w Weights) Total() int64 { return w.Tier + w.Needs + w.Small + w.Staff }

// Factors are a town's inputs to the score.
type Factors struct {
	Tier        Tier
	Population  int64 // 0: unknown
	StaffCount  int64 // 0: unknown
	HighNeeds   int   // open needs of high priority
	MediumNeeds int   // open needs of medium priority
}

// The constants of the formula, shown on the page beside it.
const (
	smallTownScale = 50_000 // the population at which smallness is one half
	staffNorm      = 3.0    // staff per 1,000 residents at which there is no shortage
	needsFull      = 10.0   // weighted open needs at which the factor is full
)

// Score is the town's priority, 0 to 100, higher first. Weights whose
// total is not positive give 0.
func Score(f Factors, w Weights) float64 {
	total := w.Total()
	if total <= 0 {
		return 0
	}
	sum := float64(w.Tier)*tierValue(f.Tier) + float64(w.Needs)*needsValue(f.HighNeeds, f.MediumNeeds) +
		float64(w.Small)*smallness(f.Population) + float64(w.Staff)*shortage(f.StaffCount, f.Population)
	return math.Round(1000*sum/float64(total)) / 10 // one decimal, as shown
}

func tierValue(t Tier) float64 {
	switch t {
	case LessDeveloped:
		return 1
	case Developed:
		return 0
	}
	return 0.5
}

func needsValue(high, medium int) float64 {
	if high < 0 || medium < 0 {
		return 0
	}
	return math.Min(1, float64(2*high+medium)/needsFull)
}

func smallness(population int64) float64 {
	if population <= 0 {
		return 0.5
	}
	return smallTownScale / (smallTownScale + float64(population))
}

func shortage(staff, population int64) float64 {
	if staff <= 0 || population <= 0 {
		return 0.5
	}
	perThousand := float64(staff) * 1000 / float64(population)
	return math.Max(0, 1-perThousand/staffNorm)
}
