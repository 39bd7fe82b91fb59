package es

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/internal/adamstep"
)

// TestAdamMatchesOptimizersAdam feeds the same 50 random gradients to
// optimizers/adam (through a problem whose Grad returns them, full batch)
// and to es's adamUpdate, at es's constants and rate 0.03: the parameters must
// agree bit for bit after every update.
func TestAdamMatchesOptimizersAdam(t *testing.T) {
	const n, steps, lr = 5, 50, 0.03
	rng := rand.New(rand.NewPCG(1, 2))
	grads := make([][]float64, steps)
	for k := range grads {
		grads[k] = make([]float64, n)
		for j := range grads[k] {
			grads[k][j] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3))
		}
	}
	call := 0
	p := optimize.FuncGrad{
		N: n,
		F: func([]float64) float64 { return 0 },
		G: func(g, _ []float64) float64 { copy(g, grads[call]); call++; return 0 },
	}
	cfg := adam.Config{LearningRate: lr, Beta1: adamBeta1, Beta2: adamBeta2, Epsilon: adamEpsilon, Epochs: steps}
	ref := cfg.Method()
	refLoc := &optimize.Location{X: make([]float64, n)}
	if err := ref.Init(p, refLoc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	x := make([]float64, n)
	a := adamstep.New(n)
	for k := range steps {
		if _, err := ref.Step(refLoc); err != nil {
			t.Fatal(err)
		}
		adamUpdate(a, x, grads[k], lr)
		for j := range x {
			if math.Float64bits(x[j]) != math.Float64bits(refLoc.X[j]) {
				t.Fatalf("update %d: x[%d] = %.17g, optimizers/adam %.17g", k+1, j, x[j], refLoc.X[j])
			}
		}
	}
}
