package es

import "math"

// adamState is Adam's update in torch.optim.Adam's (and optimizers/adam's)
// order of operations, with OpenAI ES's constants b1 = 0.9, b2 = 0.999,
// eps = 1e-8:
//
//	m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²
//	x -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//
// It is written here rather than called from optimizers/adam because
// there it is an unexported method of the running optimizer, tied to its
// epochs and schedule; exporting it would change adam's API for one
// caller. TestAdamMatchesOptimizersAdam checks the two agree bit for bit.
type adamState struct {
	m, v []float64
	t    int
}

func newAdamState(n int) *adamState {
	return &adamState{m: make([]float64, n), v: make([]float64, n)}
}

// step moves x against the gradient g with rate lr.
func (a *adamState) step(x, g []float64, lr float64) {
	// Typed variables, so that 1-b1 is float64 arithmetic as in adam
	// (the constant expression 1-0.9 would be exactly 0.1, another bit
	// pattern).
	var b1, b2, eps float64 = adamBeta1, adamBeta2, adamEpsilon
	a.t++
	t := float64(a.t)
	stepSize := lr / (1 - math.Pow(b1, t))
	bc2Sqrt := math.Sqrt(1 - math.Pow(b2, t))
	for j, gj := range g {
		a.m[j] = b1*a.m[j] + (1-b1)*gj
		a.v[j] = b2*a.v[j] + (1-b2)*gj*gj
		x[j] -= stepSize * (a.m[j] / (math.Sqrt(a.v[j])/bc2Sqrt + eps))
	}
}

// sgdStep is plain gradient descent: x -= lr g.
func sgdStep(x, g []float64, lr float64) {
	for j, gj := range g {
		x[j] -= lr * gj
	}
}
