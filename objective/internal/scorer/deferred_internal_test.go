package scorer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// plainRule is the plain loop's choice for x[i] among grid from the loss
// f at x, by plain's exact losses: the strictly lowest finite one, the
// first of equals, or -1 to keep x[i]; and its loss.
func plainRule(plain *Scorer, x []float64, i int, f float64, grid []float64) (int, float64) {
	want, wantF := -1, f
	keep := x[i]
	for k, v := range grid {
		x[i] = v
		if l, _ := plain.Loss(x); finite(l) && l < wantF {
			want, wantF = k, l
		}
	}
	x[i] = keep
	return want, wantF
}

// testNet is a net of the given inputs, hidden layers (all act) and one
// output; rows of data whose inputs input draws and whose targets are
// yScale times standard normals; and parameters from U[-2, 2] (drawn in
// that order from rng).
func testNet(t *testing.T, rng *rand.Rand, inputs, rows int, hidden []int, act nn.Activation, input func() float64, yScale float64) (*nn.MLP, *nn.Data, []float64) {
	t.Helper()
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = input()
	}
	for r := range d.Y {
		d.Y[r] = yScale * rng.NormFloat64()
	}
	acts := make([]nn.Activation, len(hidden))
	for k := range acts {
		acts[k] = act
	}
	model, err := nn.NewMLP(inputs, hidden, acts, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, model.NumParams())
	model.Init(x, rng, &nn.Range{Lo: -2, Hi: 2}, &nn.Range{Lo: -2, Hi: 2})
	return model, d, x
}

// Both kinds of deferral happen: sweeping a ReLU net with Choose, the
// accepted weights of the last-but-one hidden layer (downstream lines)
// and of the last (output weight times the change) leave their refresh
// deferred, on nets of one, two and three hidden layers; and every
// choice is the one the plain rule makes from Func's losses.
func TestChooseDefersBothHiddenLayers(t *testing.T) {
	for _, hidden := range [][]int{{7}, {6, 5}, {5, 4, 3}} {
		rng := rand.New(rand.NewPCG(uint64(len(hidden)), 11))
		model, d, x := testNet(t, rng, 4, 300, hidden, activations.ReLU, rng.NormFloat64, 3)
		fast, plain := New(model, d, losses.MSE{}), New(model, d, losses.MSE{})
		grid := make([]float64, 33)
		for k := range grid {
			grid[k] = -4 + 0.25*float64(k)
		}
		scratch := make([]float64, len(grid))
		deferred := map[int]int{} // by layer
		f, _ := plain.Loss(x)
		for i := range x {
			want, wantF := plainRule(plain, x, i, f, grid)
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

// A deferred column moved by updates stays within its drift of Forward's
// column, on data whose terms cancel (inputs near ±1e6, so a row's sum is
// far smaller than its terms), over a cap's worth of updates; the updates
// do move it off Forward's bits (the test has something to check); and the
// drift stays under a few hundredths of the kink tolerance the bounds
// already allow (1.3% at the cap), so updates cost few decisions.
func TestColumnUpdateDriftBound(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const inputs, rows = 40, 200
	model, d, x := testNet(t, rng, inputs, rows, []int{3}, activations.ReLU, func() float64 {
		return math.Copysign(1e6, rng.NormFloat64()) + rng.NormFloat64()
	}, 1)
	c := New(model, d, losses.MSE{})
	if _, ok := c.Loss(x); !ok {
		t.Fatal("no loss")
	}
	const j = 1
	worst, moved, updated := 0.0, false, 0
	for step := range maxColumnUpdates + 10 {
		in := step % inputs
		i := j*inputs + in
		x[i] = rng.NormFloat64()
		c.deferAccept(i, x[i])
		if !c.def.on || c.def.j != j {
			t.Fatalf("step %d: nothing deferred", step)
		}
		ref := New(model, d, losses.MSE{})
		if _, ok := ref.Loss(x); !ok {
			t.Fatal("no loss")
		}
		forward := ref.pre[1][j*rows : (j+1)*rows]
		for r, z := range c.def.z {
			dev := math.Abs(z - forward[r])
			if dev > c.def.drift {
				t.Fatalf("step %d, row %d: column %v, Forward's %v, %g apart, drift %g", step, r, z, forward[r], dev, c.def.drift)
			}
			moved = moved || dev > 0
		}
		if c.def.steps > 0 {
			updated++
			worst = max(worst, c.def.drift/(zTol*float64(inputs+4)*c.def.termsMax))
		}
	}
	if !moved || updated < maxColumnUpdates {
		t.Errorf("%d updates; the updated column left Forward's bits: %v", updated, moved)
	}
	if worst > 0.03 {
		t.Errorf("drift reached %g of the kink tolerance", worst)
	}
	t.Logf("drift at most %.3g of the kink tolerance", worst)
}
