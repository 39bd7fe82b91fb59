package es_test

import (
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/es"
)

// es keeps the optimize contract with Adam and with SGD and weight decay,
// on a problem with every capability and on a plain function, and stops
// between samples when cancelled (no evaluation after the cancelling one).
func TestConformance(t *testing.T) {
	sgd := es.Config{Update: es.UpdateSGD, WeightDecay: 0.01, Population: 7, Generations: 20}
	for _, c := range []struct {
		name string
		cfg  es.Config
		opt  optimizetest.Options
	}{
		{"defaults", es.DefaultConfig(), optimizetest.Options{}},
		{"sgd with weight decay", sgd, optimizetest.Options{Seed: 5}},
		{"func only", es.Config{Population: 3, Generations: 30}, optimizetest.Options{
			Problem: optimize.Func{N: 3, F: methodtest.Quadratic([]float64{3, -1, 2})}, Seed: 7}},
		{"cancelled between samples", es.DefaultConfig(), optimizetest.Options{CancelStep: 2, CancelAt: 7, CancelWithin: 1}},
		{"cancelled on the last sample", sgd, optimizetest.Options{CancelStep: 3, CancelAt: 14, CancelWithin: 1}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}
