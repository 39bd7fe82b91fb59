package scorer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// inputColumns equals the plain loop of its comment, bit for bit, on
// sizes that leave partial tiles both ways, with -0, infinities and a
// NaN among the values, and into a reused buffer holding old values.
func TestInputColumnsIsThePlainLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range [][2]int{{1, 1}, {64, 64}, {130, 70}, {3, 200}} {
		rows, in := size[0], size[1]
		x := make([]float64, rows*in)
		for i := range x {
			x[i] = rng.NormFloat64() * 10
		}
		x[len(x)/2] = math.Copysign(0, -1)
		if len(x) > 3 {
			x[1], x[2] = math.Inf(-1), math.NaN()
		}
		want := make([]float64, rows*in)
		wantMax := make([]float64, in)
		for r := range rows {
			for k := range in {
				want[k*rows+r] = x[r*in+k]
				wantMax[k] = max(wantMax[k], math.Abs(x[r*in+k]))
			}
		}
		got := make([]float64, rows*in)
		for i := range got {
			got[i] = 7 // what a reused buffer held
		}
		gotMax := make([]float64, in)
		inputColumns(got, gotMax, x, rows, in)
		for i := range want {
			if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%dx%d: column value %d is %v, want %v", rows, in, i, got[i], want[i])
			}
		}
		for k := range wantMax {
			if math.Float64bits(gotMax[k]) != math.Float64bits(wantMax[k]) {
				t.Fatalf("%dx%d: column %d's maximum is %v, want %v", rows, in, k, gotMax[k], wantMax[k])
			}
		}
	}
}

// NewReusing takes only what fits: an old scorer of another depth (its
// columns are per layer) or of smaller columns leaves new ones, and the
// loss is New's either way.
func TestNewReusingTakesOnlyWhatFits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	model := func(hidden ...int) *nn.MLP {
		acts := make([]nn.Activation, len(hidden))
		for k := range acts {
			acts[k] = activations.ReLU
		}
		m, err := nn.NewMLP(3, hidden, acts, 1)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	data := func(rows int) *nn.Data {
		d := &nn.Data{Rows: rows, Inputs: 3, TargetDim: 1, X: make([]float64, rows*3), Y: make([]float64, rows)}
		for i := range d.X {
			d.X[i] = rng.NormFloat64()
		}
		return d
	}
	shallow, deep := model(4), model(4, 5)
	x := make([]float64, deep.NumParams())
	deep.Init(x, rng, nil, nil)
	d := data(20)
	want, _ := New(deep, d, losses.MSE{}).Loss(x)
	for _, old := range []*Scorer{New(shallow, data(50), losses.MSE{}), New(deep, data(5), losses.MSE{}), New(deep, data(50), losses.MSE{})} {
		xo := make([]float64, old.model.NumParams())
		old.model.Init(xo, rng, nil, nil)
		old.Loss(xo)
		got, ok := NewReusing(deep, d, losses.MSE{}, old).Loss(x)
		if !ok || math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("reusing a scorer of %d layers and %d rows: loss %v, New's %v", old.layers, old.rows, got, want)
		}
	}
}
