package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

// TestBlockedFirstLayer: a first layer of 300 inputs sums each unit's
// terms in blocks of 32 (the plain loop of nn.Blocked's comment, written
// out here), bit for bit; one of 255 inputs keeps one running sum.
func TestBlockedFirstLayer(t *testing.T) {
	for _, inputs := range []int{255, 256, 300} {
		rng := rand.New(rand.NewPCG(uint64(inputs), 5))
		m, err := nn.NewMLP(inputs, []int{3}, []nn.Activation{activations.Identity}, 1)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, m.NumParams())
		for i := range x {
			x[i] = rng.NormFloat64()
		}
		in := make([]float64, inputs)
		for i := range in {
			in[i] = rng.NormFloat64() * math.Pow(10, float64(rng.IntN(8)-4))
		}
		ws := m.NewWorkspace()
		m.Forward(ws, x, in)
		z := ws.Pre(1)
		for j := range 3 {
			row := x[j*inputs : (j+1)*inputs]
			want := x[m.BiasOffset(0)+j]
			if inputs >= nn.BlockedInputs {
				for q0 := 0; q0 < inputs; q0 += nn.SumBlock {
					part := 0.0
					for i := q0; i < min(q0+nn.SumBlock, inputs); i++ {
						part += float64(row[i] * in[i])
					}
					want += part
				}
			} else {
				for i, v := range row {
					want += float64(v * in[i])
				}
			}
			if math.Float64bits(z[j]) != math.Float64bits(want) {
				t.Errorf("%d inputs, unit %d: Forward %v, the loop %v", inputs, j, z[j], want)
			}
		}
		if got := nn.Blocked(0, inputs); got != (inputs >= 256) {
			t.Errorf("Blocked(0, %d) = %v", inputs, got)
		}
		if nn.Blocked(1, inputs) {
			t.Errorf("Blocked(1, %d): only the first layer sums in blocks", inputs)
		}
	}
}
