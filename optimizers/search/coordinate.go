package search

import (
	"math"

	"github.com/nnexp/nnexp/optimize"
)

// scoredTies is the relative band within which CoordinateScorer losses are
// treated as possibly equal and rescored with Func; it is far wider than
// the rounding a scorer is allowed, so the true winner is always inside.
const scoredTies = 1e-12

// Coordinate moves x[i] to the best of its current value, whose loss is f,
// and the grid values, holding the rest of x, and returns the loss there.
// A grid value wins only with a finite loss strictly below the best so far,
// scanning the grid in order: the current value wins ties with the grid and
// the lowest grid value wins ties within it. So the loss never increases,
// and the returned loss is exactly what p.Func gave for the winner (or f).
func Coordinate(p optimize.Problem, x []float64, i int, f float64, grid []float64) float64 {
	bestV, bestF := x[i], f
	for _, v := range grid {
		x[i] = v
		if fv := p.Func(x); improves(fv, bestF) {
			bestV, bestF = v, fv
		}
	}
	x[i] = bestV
	return bestF
}

// CoordinateScored makes the same choice as Coordinate with fewer Func
// calls: it scores the whole grid in one ScoreCoordinate call into losses
// (at least len(grid) long) and rescores with Func only the values within a
// relative 1e-12 of the lowest score, since scores may differ from Func by
// rounding and ties must be decided exactly as Coordinate decides them.
func CoordinateScored(s optimize.CoordinateScorer, x []float64, i int, f float64, grid, losses []float64) float64 {
	losses = losses[:len(grid)]
	s.ScoreCoordinate(losses, x, i, grid)
	lowest := math.Inf(1)
	for _, l := range losses {
		if finite(l) && l < lowest {
			lowest = l
		}
	}
	if math.IsInf(lowest, 1) {
		return f
	}
	band := lowest + scoredTies*math.Abs(lowest)
	bestV, bestF := x[i], f
	for k, v := range grid {
		if !(losses[k] <= band) {
			continue
		}
		x[i] = v
		if fv := s.Func(x); improves(fv, bestF) {
			bestV, bestF = v, fv
		}
	}
	x[i] = bestV
	return bestF
}

// CoordinateExact makes the same choice as Coordinate from one
// ScoreCoordinate call and no Func call, for a scorer that keeps the promise
// of optimize.ExactCoordinateScorer: the lowest scores are Func's own losses
// and every other score is above them, so scanning the scores with
// Coordinate's rule picks Coordinate's value and returns its exact loss.
func CoordinateExact(s optimize.CoordinateScorer, x []float64, i int, f float64, grid, losses []float64) float64 {
	losses = losses[:len(grid)]
	s.ScoreCoordinate(losses, x, i, grid)
	bestV, bestF := x[i], f
	for k, v := range grid {
		if fv := losses[k]; improves(fv, bestF) {
			bestV, bestF = v, fv
		}
	}
	x[i] = bestV
	return bestF
}

// improves reports whether a candidate's loss fv replaces the best so far.
// A NaN best (a start where the model already overflows) loses to any
// finite candidate, so the search can leave it.
func improves(fv, best float64) bool {
	return finite(fv) && (fv < best || math.IsNaN(best))
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
