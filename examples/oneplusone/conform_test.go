package oneplusone_test

import (
	"testing"

	"github.com/nnexp/nnexp/examples/oneplusone"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
)

// TestConformance runs the shared contract checks of optimizetest: loc.F is
// the loss at loc.X after every step, a seed gives one trajectory, the run
// stops within MaxSteps, and Ctrl-C stops a long step. Copy this test into
// your optimizer's package and pass your config's Method.
func TestConformance(t *testing.T) {
	if err := optimizetest.TestMethod(oneplusone.DefaultConfig().Method, optimizetest.Options{}); err != nil {
		t.Fatal(err)
	}
	// Many tries per step, cancelled in the middle of the second.
	long := oneplusone.Config{Samples: 500, Iterations: 5}
	if err := optimizetest.TestMethod(long.Method, optimizetest.Options{CancelStep: 2, CancelAt: 250, CancelWithin: 1}); err != nil {
		t.Fatal(err)
	}
	// On a plain function, which offers no capability at all.
	p := optimize.Func{N: 3, F: quadratic([]float64{3, -1, 2})}
	cfg := oneplusone.Config{Tolerance: 1e-9, Iterations: 200}
	if err := optimizetest.TestMethod(cfg.Method, optimizetest.Options{Problem: p, Seed: 7}); err != nil {
		t.Fatal(err)
	}
}
