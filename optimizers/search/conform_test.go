package search_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/search"
)

// Search keeps the optimize contract on each of its paths: the scored one
// (with and without exact scores), the plain one, and on a problem with no
// capabilities at all.
func TestConformance(t *testing.T) {
	blackBox := optimize.Func{N: 3, F: func(x []float64) float64 {
		return sumSquares(x) + x[0]*x[1] - x[2]
	}}
	for _, c := range []struct {
		name string
		cfg  search.Config
		opt  optimizetest.Options
	}{
		{"scored", search.DefaultConfig(), optimizetest.Options{}},
		{"exact scores", search.DefaultConfig(), optimizetest.Options{Problem: optimizetest.Problem{ExactScores: true}}},
		{"plain", search.Config{Plain: true}, optimizetest.Options{}},
		{"black box", search.Config{WeightSteps: 7}, optimizetest.Options{Problem: blackBox, Start: []float64{1, -2, 3}}},
		{"cancelled mid-sweep", search.Config{Plain: true}, optimizetest.Options{CancelStep: 2, CancelAt: 250}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// Search looks at the context once per parameter, so a grid larger than
// the cancellation check's default bound of 100 evaluations needs the
// bound raised to the grid's size, and fails without.
func TestConformanceLargeGrid(t *testing.T) {
	cfg := search.Config{Plain: true, WeightSteps: 500, BiasSteps: 500, Iterations: 3}
	if err := optimizetest.TestMethod(cfg.Method, optimizetest.Options{CancelWithin: 500}); err != nil {
		t.Error(err)
	}
	err := optimizetest.TestMethod(cfg.Method, optimizetest.Options{})
	if err == nil || !strings.Contains(err.Error(), "more than the 100 allowed") {
		t.Errorf("a 500-value grid with the default bound: %v, want the cancellation check to fail", err)
	}
}
