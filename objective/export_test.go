package objective

import "github.com/nnexp/nnexp/objective/internal/scorer"

// CacheMatchesForward reports the first way o's coordinate cache differs
// from a rebuild at x, or "" when it is bit for bit the same.
func CacheMatchesForward(o *Objective, x []float64) string {
	if o.coord == nil {
		return "no cache"
	}
	return o.coord.MatchesRebuild(x)
}

// RowPasses is how many forward passes over the rows Func and Accuracy
// have run on o.
func RowPasses(o *Objective) int { return o.memo.passes }

// LastSubset is the objective o's last Subset call made.
func LastSubset(o *Objective) *Objective { return o.sub }

// OutputQuadratic returns the A and B of outputQuadratic for parameter i.
func OutputQuadratic(o *Objective, x []float64, i int) (a, b float64) {
	losses := make([]float64, 1)
	o.ScoreCoordinate(losses, x, i, []float64{x[i] + 1})
	return o.coord.OutputQuadraticSums()
}

// CarryAlways makes o's scorer carry a deferred unit wherever that
// applies, not only where it pays, as tests of small nets need.
func CarryAlways(o *Objective) {
	o.ensureScorer()
	o.coord.CarryAlways()
}

// NegativeSlope and IsSquaredError expose how the scorer classifies an
// activation and a loss.
var (
	NegativeSlope  = scorer.NegativeSlope
	IsSquaredError = scorer.IsSquaredError
)

// DownCacheStale reports the first row of a valid downstream slot, not
// marked to be rebuilt, whose cached error line at the unit's current
// pre-activation is not the row's current output error, or "".
func DownCacheStale(o *Objective) string {
	if o.coord == nil {
		return ""
	}
	return o.coord.DownCacheStale()
}

// OutputScaleDrift is the largest relative difference between o's row
// output scales and a rebuild's at x.
func OutputScaleDrift(o *Objective, x []float64) float64 { return o.coord.OutputScaleDrift(x) }

// ForceBatched makes every gradient of o take the batched path (on) or
// the per-row one (off), whatever the rule says.
func ForceBatched(o *Objective, on bool) {
	o.batched = batchedOff
	if on {
		o.batched = batchedOn
	}
}

// UsesBatched reports whether a gradient over n rows takes the batched
// path under the rule.
func UsesBatched(o *Objective, n int) bool { return o.useBatched(n) }
