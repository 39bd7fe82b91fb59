package scorer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// Both kinds of deferral happen: sweeping a ReLU net with Choose, the
// accepted weights of the last-but-one hidden layer (downstream lines)
// and of the last (output weight times the change) leave their refresh
// deferred, on nets of one, two and three hidden layers; and every
// choice is the one the plain rule makes from Func's losses.
func TestChooseDefersBothHiddenLayers(t *testing.T) {
	for _, hidden := range [][]int{{7}, {6, 5}, {5, 4, 3}} {
		rng := rand.New(rand.NewPCG(uint64(len(hidden)), 11))
		const inputs, rows = 4, 300
		d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
		for i := range d.X {
			d.X[i] = rng.NormFloat64()
		}
		for r := range d.Y {
			d.Y[r] = 3 * rng.NormFloat64()
		}
		acts := make([]nn.Activation, len(hidden))
		for k := range acts {
			acts[k] = activations.ReLU
		}
		model, err := nn.NewMLP(inputs, hidden, acts, 1)
		if err != nil {
			t.Fatal(err)
		}
		x := make([]float64, model.NumParams())
		model.Init(x, rng, &nn.Range{Lo: -2, Hi: 2}, &nn.Range{Lo: -2, Hi: 2})
		fast, plain := New(model, d, losses.MSE{}), New(model, d, losses.MSE{})
		grid := make([]float64, 33)
		for k := range grid {
			grid[k] = -4 + 0.25*float64(k)
		}
		scratch := make([]float64, len(grid))
		deferred := map[int]int{} // by layer
		f, _ := plain.Loss(x)
		for i := range x {
			want, wantF := -1, f
			keep := x[i]
			for k, v := range grid {
				x[i] = v
				if l, _ := plain.Loss(x); finite(l) && l < wantF {
					want, wantF = k, l
				}
			}
			x[i] = keep
			got, _, _, ok := fast.Choose(scratch, x, i, grid)
			if !ok || got != want {
				t.Fatalf("%v, parameter %d: chose %d, the plain rule %d", hidden, i, got, want)
			}
			if fast.def.on {
				deferred[fast.def.m]++
			}
			if want >= 0 {
				x[i], f = grid[want], wantF
			}
		}
		nl := len(hidden) + 1
		for m := max(1, nl-2); m < nl; m++ {
			if deferred[m] == 0 {
				t.Errorf("%v: no choice of hidden layer %d left a refresh deferred (%v)", hidden, m, deferred)
			}
		}
		if l, _ := fast.Loss(x); math.Float64bits(l) != math.Float64bits(f) {
			t.Errorf("%v: loss after the sweep %v, Func's %v", hidden, l, f)
		}
	}
}
