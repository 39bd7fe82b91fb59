package es

import "github.com/nnexp/nnexp/optimizers/internal/adamstep"

// sgdStep is plain gradient descent: x -= lr g.
func sgdStep(x, g []float64, lr float64) {
	for j, gj := range g {
		x[j] -= lr * gj
	}
}

// adamUpdate is one Adam step at OpenAI ES's constants (b1 = 0.9,
// b2 = 0.999, eps = 1e-8), held in variables so that 1-b1 is float64
// arithmetic as in optimizers/adam. TestAdamMatchesOptimizersAdam checks
// the two agree bit for bit.
func adamUpdate(st *adamstep.State, x, g []float64, lr float64) {
	var b1, b2, eps float64 = adamBeta1, adamBeta2, adamEpsilon
	st.Step(x, g, lr, b1, b2, eps)
}
