package losses_test

import (
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn/nntest"
	"github.com/nnexp/nnexp/registry"
)

// Every registered loss keeps the nn.Loss promises, and those of
// nn.ErrorPieces and nn.SquaredError that mse, mae and huber make for the
// fast scorer.
func TestRegisteredLossesConform(t *testing.T) {
	names := registry.Losses()
	if len(names) == 0 {
		t.Fatal("no losses registered")
	}
	for _, name := range names {
		r, err := registry.LookupLoss(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := nntest.TestLoss(r.New().Loss(), nntest.LossOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// Huber's knots move with delta; the checks skip the gradient at them and
// test the pieces around them.
func TestHuberDeltasConform(t *testing.T) {
	for _, delta := range []float64{1e-3, 0.37, 2.3, 1e3} {
		if err := nntest.TestLoss(losses.Huber{Delta: delta}, nntest.LossOptions{}); err != nil {
			t.Errorf("delta %v: %v", delta, err)
		}
	}
}
