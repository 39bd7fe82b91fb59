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
// out here), bit for bit; one of 255 inputs keeps one running sum. 3, 4
// and 9 units take the four-unit loop none, once and twice with a rest.
func TestBlockedFirstLayer(t *testing.T) {
	for _, units := range []int{3, 4, 9} {
		for _, inputs := range []int{255, 256, 300} {
			testBlockedFirstLayer(t, units, inputs)
		}
	}
}

func testBlockedFirstLayer(t *testing.T, units, inputs int) {
	rng := rand.New(rand.NewPCG(uint64(inputs), uint64(units)))
	m, err := nn.NewMLP(inputs, []int{units}, []nn.Activation{activations.Identity}, 1)
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
	for j := range units {
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
			t.Errorf("%d inputs, unit %d of %d: Forward %v, the loop %v", inputs, j, units, z[j], want)
		}
	}
	if got := nn.Blocked(0, inputs); got != (inputs >= 256) {
		t.Errorf("Blocked(0, %d) = %v", inputs, got)
	}
	if nn.Blocked(1, inputs) {
		t.Errorf("Blocked(1, %d): only the first layer sums in blocks", inputs)
	}
}
