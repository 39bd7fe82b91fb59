package activations_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

// awkward holds the values where a layer-at-a-time shortcut could part
// from the one-value methods: zeros of both signs, NaN, infinities, the
// smallest and largest magnitudes, and ordinary values of both signs.
var awkward = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
	5e-324, -5e-324, math.MaxFloat64, -math.MaxFloat64, 1, -1, 0.3, -2.5, 40, -40}

// Every built-in activation's layer methods agree with Apply and
// Derivative bit for bit: Forward uses the former, and the search's exact
// paths promise Forward's bits.
func TestLayerMethodsMatchOneValueMethods(t *testing.T) {
	for _, c := range []struct {
		name string
		act  nn.Activation
	}{
		{"relu", activations.ReLU}, {"tanh", activations.Tanh}, {"sigmoid", activations.Sigmoid},
		{"identity", activations.Identity}, {"leaky_relu", activations.LeakyReLU},
	} {
		la, ok := c.act.(nn.LayerActivation)
		if !ok {
			t.Errorf("%s has no layer methods", c.name)
			continue
		}
		a := make([]float64, len(awkward))
		la.ApplyLayer(a, awkward)
		delta := make([]float64, len(awkward))
		for k := range delta {
			delta[k] = 1.5
		}
		la.ScaleByDerivative(delta, awkward, a)
		for k, z := range awkward {
			if want := c.act.Apply(z); math.Float64bits(a[k]) != math.Float64bits(want) {
				t.Errorf("%s: ApplyLayer(%v) = %v, Apply = %v", c.name, z, a[k], want)
			}
			if want := 1.5 * c.act.Derivative(z, a[k]); math.Float64bits(delta[k]) != math.Float64bits(want) && !(math.IsNaN(delta[k]) && math.IsNaN(want)) {
				t.Errorf("%s: ScaleByDerivative at %v = %v, 1.5·Derivative = %v", c.name, z, delta[k], want)
			}
		}
	}
	// ReLU by hand: NaN stays NaN, -0 and negatives give +0.
	a := make([]float64, 3)
	activations.ReLU.(nn.LayerActivation).ApplyLayer(a, []float64{math.NaN(), math.Copysign(0, -1), -3})
	if !math.IsNaN(a[0]) || math.Float64bits(a[1]) != 0 || math.Float64bits(a[2]) != 0 {
		t.Errorf("relu layer of NaN, -0, -3 = %v", a)
	}
}
