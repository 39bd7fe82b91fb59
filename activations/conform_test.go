package activations_test

import (
	"testing"

	"github.com/nnexp/nnexp/nn/nntest"
	"github.com/nnexp/nnexp/registry"
)

// Every registered activation's derivative is right, its layer methods
// agree with Apply and Derivative, and those that claim
// nn.PiecewiseLinear are.
func TestRegisteredActivationsConform(t *testing.T) {
	names := registry.Activations()
	if len(names) == 0 {
		t.Fatal("no activations registered")
	}
	for _, name := range names {
		r, err := registry.LookupActivation(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := nntest.TestActivation(r.Value, nntest.ActivationOptions{}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
