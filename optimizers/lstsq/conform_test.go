package lstsq_test

import (
	"testing"

	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/lstsq"
)

// lstsq keeps the optimize contract on optimizetest's network (one tanh
// unit and a linear output under MSE, which offers optimize.OutputLayer),
// plain and with a ridge; the default cancellation, during the forward
// pass of its one step, stops it before the fit is evaluated.
func TestConformance(t *testing.T) {
	for _, cfg := range []lstsq.Config{{}, {Ridge: 0.1}} {
		if err := optimizetest.TestMethod(cfg.Method, optimizetest.Options{}); err != nil {
			t.Errorf("ridge %v: %v", cfg.Ridge, err)
		}
	}
}
