package builtin_test

import (
	"slices"
	"testing"

	_ "github.com/nnexp/nnexp/builtin"
	"github.com/nnexp/nnexp/registry"
)

// TestEveryBuiltinRegistered fails when a built-in package is dropped from
// the import list that binaries and tests rely on.
func TestEveryBuiltinRegistered(t *testing.T) {
	for _, c := range []struct {
		kind  string
		names []string
		want  []string
	}{
		{"optimizers", registry.Optimizers(), []string{"adam", "cmaes", "es", "hybrid", "lbfgs", "lstsq", "nelder_mead", "random_search", "search", "sgd"}},
		{"losses", registry.Losses(), []string{"cross_entropy", "huber", "mae", "mse", "zero_one"}},
		{"activations", registry.Activations(), []string{"identity", "leaky_relu", "relu", "sigmoid", "tanh"}},
		{"datasets", registry.Datasets(), []string{"breast_cancer", "diabetes", "digits", "iris"}},
	} {
		for _, name := range c.want {
			if !slices.Contains(c.names, name) {
				t.Errorf("%s %v lack %q", c.kind, c.names, name)
			}
		}
	}
}
