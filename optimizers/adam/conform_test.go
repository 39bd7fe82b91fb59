package adam_test

import (
	"testing"

	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/adam"
)

// Adam keeps the optimize contract full-batch, on minibatches (which draw
// the row order from Env.Rand and look at the context between them), and
// with the plateau schedule.
func TestConformance(t *testing.T) {
	minibatch := adam.DefaultConfig()
	minibatch.BatchSize = 3 // three minibatches of the default problem's 8 rows
	plateau := adam.DefaultConfig()
	plateau.LearningRate, plateau.Epochs = 0.5, 60
	zero := 0
	plateau.Plateau = &adam.Plateau{Patience: &zero}
	for _, c := range []struct {
		name string
		cfg  adam.Config
		opt  optimizetest.Options
	}{
		{"full batch", adam.DefaultConfig(), optimizetest.Options{}},
		{"minibatches", minibatch, optimizetest.Options{Seed: 3}},
		{"cancelled between minibatches", minibatch, optimizetest.Options{CancelStep: 4, CancelAt: 2, CancelWithin: 1}},
		{"plateau", plateau, optimizetest.Options{}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
