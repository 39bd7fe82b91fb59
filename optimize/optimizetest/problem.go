package optimizetest

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
)

// Problem is TestMethod's default problem: the mean squared error of the
// one-unit network w2·tanh(w0·t + b1) + b3 over eight fixed rows (t, y),
// with x = (w0, b1, w2, b3). It is small and deterministic, smooth and not
// convex, and implements every capability a method may ask for
// (optimize.Batched, optimize.ExactCoordinateScorer, optimize.OutputLayer and
// optimize.ParameterKinds), so each of a method's paths can be exercised.
// The zero value is ready to use.
type Problem struct {
	// ExactScores makes ScoresExactMinimum report true. The scores are
	// Func's own losses either way, so the promise holds; false makes a
	// search take the path that rescores near-ties with Func.
	ExactScores bool
}

// The rows: t evenly spaced on [-1, 1], y a bent line with a wobble, written
// out so the problem is the same on every machine.
var (
	rowsT = [...]float64{-1, -0.7142857142857143, -0.4285714285714286, -0.1428571428571429,
		0.1428571428571428, 0.4285714285714286, 0.7142857142857142, 1}
	rowsY = [...]float64{-0.95, -0.81, -0.52, -0.21, 0.19, 0.48, 0.83, 0.9}
)

var (
	_ optimize.Batched               = Problem{}
	_ optimize.ExactCoordinateScorer = Problem{}
	_ optimize.ParameterKinds        = Problem{}
)

// Start is the point TestMethod starts from on this problem: away from the
// minimum, where every parameter's gradient is non-zero.
func (Problem) Start() []float64 { return []float64{0.5, -0.5, -0.5, 0.25} }

// Dim implements optimize.Problem.
func (Problem) Dim() int { return 4 }

// Rows implements optimize.Batched.
func (Problem) Rows() int { return len(rowsT) }

// IsBias implements optimize.ParameterKinds: x[1] and x[3] are biases.
func (Problem) IsBias(i int) bool { return i == 1 || i == 3 }

// Func implements optimize.Problem.
func (Problem) Func(x []float64) float64 { return loss(nil, x, nil) }

// Grad implements optimize.Differentiable. Its loss is Func's bit for bit,
// since both come from the same sums in the same order.
func (Problem) Grad(grad, x []float64) float64 { return loss(grad, x, nil) }

// BatchGrad implements optimize.Batched.
func (Problem) BatchGrad(grad, x []float64, rows []int) float64 {
	if len(rows) == 0 {
		panic("optimizetest: BatchGrad with no rows")
	}
	return loss(grad, x, rows)
}

// ScoreCoordinate implements optimize.CoordinateScorer by calling Func for
// each value, so the scores are exact.
func (p Problem) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	old := x[i]
	for k, v := range values {
		x[i] = v
		losses[k] = p.Func(x)
	}
	x[i] = old
}

// ScoresExactMinimum implements optimize.ExactCoordinateScorer.
func (p Problem) ScoresExactMinimum() bool { return p.ExactScores }

// loss is the mean squared error over rows (all of them when rows is nil),
// and its gradient into grad unless grad is nil.
func loss(grad, x []float64, rows []int) float64 {
	if len(x) != 4 || grad != nil && len(grad) != 4 {
		panic(fmt.Sprintf("optimizetest: Problem called with %d parameters and a gradient of %d, want 4", len(x), len(grad)))
	}
	if grad != nil {
		clear(grad)
	}
	n := len(rows)
	if rows == nil {
		n = len(rowsT)
	}
	sum := 0.0
	for k := range n {
		r := k
		if rows != nil {
			r = rows[k]
		}
		h := math.Tanh(x[0]*rowsT[r] + x[1])
		d := x[2]*h + x[3] - rowsY[r]
		sum += d * d
		if grad != nil {
			// d(d²)/dx through the unit, averaged below.
			g := 2 * d
			dh := g * x[2] * (1 - h*h)
			grad[0] += dh * rowsT[r]
			grad[1] += dh
			grad[2] += g * h
			grad[3] += g
		}
	}
	if grad != nil {
		for j := range grad {
			grad[j] /= float64(n)
		}
	}
	return sum / float64(n)
}
