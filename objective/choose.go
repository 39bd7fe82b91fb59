package objective

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
)

var _ optimize.CoordinateChooser = (*Objective)(nil)

// ChoosesCoordinates implements optimize.CoordinateChooser: where a
// choice's refresh can be deferred (the default scoring, MSE with one
// output, a net with a hidden layer; the weights of piecewise linear units
// of its last two hidden layers then defer, the other parameters are
// chosen from exact scores) and there is no cost cap (a deferred refresh
// is work a stop must do, which a cap could not refuse).
func (o *Objective) ChoosesCoordinates() bool {
	if o.scoring != ScoreAuto || o.workLimit > 0 {
		return false
	}
	o.ensureScorer()
	o.capScorer()
	return o.coord.Defers()
}

// ChooseCoordinate returns the index in values of the value Coordinate's
// plain loop would move x[i] to from the loss at x, or -1 to keep x[i],
// counting len(values) evaluations as ScoreCoordinate does. Where the
// scorer's bounds alone decide, the winner is not evaluated and its
// refresh is deferred (KnownLoss gives the loss). losses is scratch, at
// least len(values) long. On a refusal it returns -1 and the refusal is
// reported as ScoreCoordinate's is. It scores by the default path whatever
// SetScoring says (ChoosesCoordinates is false for any other).
func (o *Objective) ChooseCoordinate(losses, x []float64, i int, values []float64) (int, float64, bool) {
	o.checkLen("ChooseCoordinate's x", x)
	if i < 0 || i >= len(x) || len(losses) < len(values) {
		panic(fmt.Sprintf("objective: ChooseCoordinate of parameter %d (of %d) with %d losses for %d values; the call was at %s", i, len(x), len(losses), len(values), callerOutside()))
	}
	o.ensureScorer()
	if !o.admit(int64(len(values)), 0) {
		return -1, math.NaN(), false
	}
	o.capScorer()
	k, loss, known, ok := o.coord.Choose(losses, x, i, values)
	o.takeScorerWork()
	if !ok {
		o.evals -= int64(len(values))
		o.refuse(ErrCostLimit)
		return -1, math.NaN(), false
	}
	return k, loss, known
}

// KnownLoss is Func(x) bit for bit without counting an evaluation: the
// loss a plain loop already knows after choosing x's last coordinate. The
// work of a deferred refresh it settles is counted, and a cost cap refuses
// it (NaN) if it does not fit; ChoosesCoordinates never offers deferral
// under a cap, so that happens only when a cap was set after choices.
func (o *Objective) KnownLoss(x []float64) float64 {
	o.checkLen("KnownLoss's x", x)
	o.ensureScorer()
	o.capScorer()
	f, ok := o.coord.Loss(x)
	o.takeScorerWork()
	if !ok {
		o.refuse(ErrCostLimit)
		return math.NaN()
	}
	return f
}
