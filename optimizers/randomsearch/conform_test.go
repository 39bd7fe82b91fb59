package randomsearch_test

import (
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/randomsearch"
)

// random_search keeps the optimize contract on every path: the exact
// scorer, the scorer whose near-ties are rescored with Func, Func alone,
// and minibatches (which draw rows from Env.Rand and end each sweep with a
// full-data Func for loc.F), also when cancelled mid-sweep.
func TestConformance(t *testing.T) {
	minibatch := randomsearch.Config{BatchSize: 3}
	for _, c := range []struct {
		name string
		cfg  randomsearch.Config
		opt  optimizetest.Options
	}{
		{"rescored scorer", randomsearch.DefaultConfig(), optimizetest.Options{}},
		{"exact scorer", randomsearch.DefaultConfig(), optimizetest.Options{Problem: optimizetest.Problem{ExactScores: true}, Seed: 2}},
		{"func only", randomsearch.Config{Iterations: 100, Tolerance: 1e-12}, optimizetest.Options{
			Problem: optimize.Func{N: 3, F: methodtest.Quadratic([]float64{3, -1, 2})}, Seed: 7}},
		{"minibatches", minibatch, optimizetest.Options{Seed: 3}},
		{"cancelled between parameters", minibatch, optimizetest.Options{CancelStep: 2, CancelAt: 4, CancelWithin: 2}},
		{"cancelled between parameters, scorer", randomsearch.DefaultConfig(), optimizetest.Options{CancelStep: 3, CancelAt: 3, CancelWithin: 2}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
