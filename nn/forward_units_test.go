package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

// TestForwardSumsEachUnitInInputOrder: Forward works on four units at a
// time, but each unit's pre-activation must be the bias plus the rounded
// products added one at a time in input order, bit for bit, since the
// search scorer's exact sums repeat that order. Widths 1 to 9 cover the
// groups of four and the units left over; the scales make the order
// matter (a different order would round differently).
func TestForwardSumsEachUnitInInputOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for width := 1; width <= 9; width++ {
		const inputs = 13
		m, err := nn.NewMLP(inputs, []int{width}, []nn.Activation{activations.Identity}, width)
		if err != nil {
			t.Fatal(err)
		}
		params := make([]float64, m.NumParams())
		for i := range params {
			params[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
		x := make([]float64, inputs)
		for i := range x {
			x[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
		}
		ws := m.NewWorkspace()
		m.Forward(ws, params, x)
		for j, got := range ws.Pre(1) {
			s := params[m.BiasOffset(0)+j]
			for i, v := range x {
				s += float64(params[j*inputs+i] * v)
			}
			if math.Float64bits(got) != math.Float64bits(s) {
				t.Fatalf("width %d: unit %d = %v, the in-order sum %v", width, j, got, s)
			}
		}
	}
}
