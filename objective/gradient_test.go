package objective_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

const (
	fdStep = 1e-6
	// kinkGap keeps every point this far from a place where the function is
	// not differentiable, far more than a step of fdStep can move it.
	kinkGap = 1e-4
	fdTol   = 1e-6
)

var namedActivations = []struct {
	name string
	act  nn.Activation
}{
	{"relu", activations.ReLU},
	{"tanh", activations.Tanh},
	{"sigmoid", activations.Sigmoid},
	{"identity", activations.Identity},
	{"leaky_relu", activations.LeakyReLU},
}

// huberDelta is small enough that random errors fall on both sides of it.
const huberDelta = 0.4

var namedLosses = []struct {
	name     string
	loss     nn.Loss
	classify bool
}{
	{"mse", losses.MSE{}, false},
	{"mae", losses.MAE{}, false},
	{"huber", losses.Huber{Delta: huberDelta}, false},
	{"cross_entropy", losses.CrossEntropy{}, true},
}

// gradCase is a 3-4-3-2 net with random parameters and eight random rows.
type gradCase struct {
	model  *nn.MLP
	data   *nn.Data
	params []float64
}

func newGradCase(rng *rand.Rand, act nn.Activation, classify bool) gradCase {
	m, err := nn.NewMLP(3, []int{4, 3}, []nn.Activation{act, act}, 2)
	if err != nil {
		panic(err)
	}
	const rows = 8
	d := &nn.Data{Rows: rows, Inputs: 3, TargetDim: 2, X: make([]float64, rows*3)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	if classify {
		d.Task, d.TargetDim, d.Classes = nn.Classification, 1, []string{"a", "b"}
		d.Y = make([]float64, rows)
		for r := range d.Y {
			d.Y[r] = float64(r % 2)
		}
	} else {
		d.Y = make([]float64, rows*2)
		for i := range d.Y {
			d.Y[i] = rng.NormFloat64()
		}
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -1, Hi: 1})
	return gradCase{m, d, params}
}

// nearKink reports whether any row has a hidden pre-activation or (for the
// piecewise losses) an output error within kinkGap of a kink.
func (c gradCase) nearKink(lossName string) bool {
	ws := c.model.NewWorkspace()
	for r := range c.data.Rows {
		x, y := c.data.Row(r)
		out := c.model.Forward(ws, c.params, x)
		for l := 1; l < c.model.Layers(); l++ {
			for _, z := range ws.Pre(l) {
				if math.Abs(z) < kinkGap {
					return true
				}
			}
		}
		for k, o := range out {
			switch e := math.Abs(o - y[min(k, len(y)-1)]); lossName {
			case "mae":
				if e < kinkGap {
					return true
				}
			case "huber":
				if math.Abs(e-huberDelta) < kinkGap {
					return true
				}
			}
		}
	}
	return false
}

// branches counts the hidden pre-activations on each side of 0 and the
// output errors on each side of huberDelta, so a test can show that it
// exercised both pieces of a piecewise function.
func (c gradCase) branches() (negZ, posZ, small, large int) {
	ws := c.model.NewWorkspace()
	for r := range c.data.Rows {
		x, y := c.data.Row(r)
		out := c.model.Forward(ws, c.params, x)
		for l := 1; l < c.model.Layers(); l++ {
			for _, z := range ws.Pre(l) {
				if z < 0 {
					negZ++
				} else {
					posZ++
				}
			}
		}
		if c.data.Task == nn.Regression {
			for k, o := range out {
				if math.Abs(o-y[k]) <= huberDelta {
					small++
				} else {
					large++
				}
			}
		}
	}
	return
}

// finiteDiff is the central-difference gradient of f at x.
func finiteDiff(f func([]float64) float64, x []float64) []float64 {
	g := make([]float64, len(x))
	for i := range x {
		keep := x[i]
		x[i] = keep + fdStep
		up := f(x)
		x[i] = keep - fdStep
		down := f(x)
		x[i] = keep
		g[i] = (up - down) / (2 * fdStep)
	}
	return g
}

func compareGrad(t *testing.T, m *nn.MLP, what string, got, want []float64) {
	t.Helper()
	for i := range want {
		rel := math.Abs(got[i]-want[i]) / max(1, math.Abs(got[i]), math.Abs(want[i]))
		if rel > fdTol {
			t.Errorf("%s %s: exact %v, finite difference %v", what, m.ParamName(i), got[i], want[i])
		}
	}
}

// subset copies the listed rows into a new table.
func subset(d *nn.Data, rows []int) *nn.Data {
	s := *d
	s.Rows, s.X, s.Y = len(rows), nil, nil
	for _, r := range rows {
		x, y := d.Row(r)
		s.X = append(s.X, x...)
		s.Y = append(s.Y, y...)
	}
	return &s
}

func TestGradMatchesFiniteDifferences(t *testing.T) {
	for _, a := range namedActivations {
		for _, l := range namedLosses {
			t.Run(a.name+"/"+l.name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(42, uint64(len(a.name)*31+len(l.name))))
				c := newGradCase(rng, a.act, l.classify)
				for tries := 0; c.nearKink(l.name); tries++ {
					if tries == 100 {
						t.Fatal("could not draw a point away from the kinks")
					}
					c = newGradCase(rng, a.act, l.classify)
				}
				negZ, posZ, small, large := c.branches()
				if negZ == 0 || posZ == 0 {
					t.Fatalf("pre-activations all on one side of 0 (%d negative, %d positive)", negZ, posZ)
				}
				if l.name == "huber" && (small == 0 || large == 0) {
					t.Fatalf("errors all on one side of delta (%d within, %d beyond)", small, large)
				}

				o := objective.New(c.model, c.data, l.loss)
				grad := make([]float64, o.Dim())
				for i := range grad {
					grad[i] = 1e3 // Grad must overwrite, not add.
				}
				loss := o.Grad(grad, c.params)
				if f := o.Func(c.params); math.Abs(loss-f) > 1e-12*max(1, math.Abs(f)) {
					t.Errorf("Grad returned loss %v, Func %v", loss, f)
				}
				compareGrad(t, c.model, "Grad", grad, finiteDiff(o.Func, c.params))

				rows := []int{5, 1, 1, 6}
				oracle := objective.New(c.model, subset(c.data, rows), l.loss)
				batch := make([]float64, o.Dim())
				for i := range batch {
					batch[i] = -1e3
				}
				loss = o.BatchGrad(batch, c.params, rows)
				if f := oracle.Func(c.params); math.Abs(loss-f) > 1e-12*max(1, math.Abs(f)) {
					t.Errorf("BatchGrad returned loss %v, mean over its rows %v", loss, f)
				}
				compareGrad(t, c.model, "BatchGrad", batch, finiteDiff(oracle.Func, c.params))
			})
		}
	}
}
