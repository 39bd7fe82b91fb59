package sgd_test

import (
	"testing"

	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/sgd"
)

// SGD keeps the optimize contract with its defaults, on minibatches (which
// draw the row order from Env.Rand and look at the context between them),
// and with Nesterov momentum, weight decay and the plateau schedule.
func TestConformance(t *testing.T) {
	minibatch := sgd.Config{BatchSize: 3} // three minibatches of the default problem's 8 rows
	zero := 0
	full := sgd.Config{LearningRate: 0.3, Momentum: 0.9, Nesterov: true, WeightDecay: 1e-3, Epochs: 60, BatchSize: 5,
		Plateau: &sgd.Plateau{Patience: &zero}}
	for _, c := range []struct {
		name string
		cfg  sgd.Config
		opt  optimizetest.Options
	}{
		{"defaults", sgd.Config{}, optimizetest.Options{}},
		{"minibatches", minibatch, optimizetest.Options{Seed: 3}},
		{"cancelled between minibatches", minibatch, optimizetest.Options{CancelStep: 4, CancelAt: 2, CancelWithin: 1}},
		{"nesterov, decay, plateau", full, optimizetest.Options{Seed: 5}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
