package scorer

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// BenchmarkBuildDown builds the downstream slot of one unit per
// iteration, every row, on the search benchmark's wide net (4,420 rows of
// 10 inputs, 64-32 ReLU, parameters from U[-5, 5]): whole (a weight's
// build, once per unit in a sweep) and windowed to a bias's grid of
// [-5, 5] (once per bias). pairs/s counts rows times next-layer units.
func BenchmarkBuildDown(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	const rows, inputs = 4420, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for r := range d.Y {
		d.Y[r] = rng.NormFloat64()
	}
	model, err := nn.NewMLP(inputs, []int{64, 32}, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
	if err != nil {
		b.Fatal(err)
	}
	x := make([]float64, model.NumParams())
	model.Init(x, rng, &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	c := New(model, d, losses.MSE{})
	c.rebuild(x)
	for _, window := range []bool{false, true} {
		b.Run(fmt.Sprintf("window=%v", window), func(b *testing.B) {
			w := downWindow{}
			if window {
				w = downWindow{on: true, u0: -5, uN: 5, margin: 1e-9}
			}
			s := newDownScratch()
			j := 0
			for b.Loop() {
				buildDownZ(c, j, false, w, &s, nil)
				j = (j + 1) % 64
			}
			b.ReportMetric(float64(b.N)*rows*32/b.Elapsed().Seconds(), "pairs/s")
		})
	}
}
