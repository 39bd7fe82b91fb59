package objective_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// twoOutputs is a 3-4-2 tanh regression net on 7 random rows with random
// parameters.
func twoOutputs(t *testing.T) (*nn.MLP, *nn.Data, []float64) {
	t.Helper()
	m, err := nn.NewMLP(3, []int{4}, []nn.Activation{activations.Tanh}, 2)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	d := &nn.Data{Rows: 7, Inputs: 3, TargetDim: 2, X: make([]float64, 21), Y: make([]float64, 14)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for i := range d.Y {
		d.Y[i] = rng.NormFloat64()
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -1, Hi: 1})
	return m, d, x
}

// Under MSE the objective offers the output layer, which keeps its
// promise: Func is the mean over rows and outputs of the squared error of
// W·h + b computed from OutputInputs' features, the layout names the
// parameters ParamName calls layer2's, and the call counts one evaluation.
func TestOutputLayerKeepsItsPromise(t *testing.T) {
	m, d, x := twoOutputs(t)
	o := objective.New(m, d, losses.MSE{})
	ol, ok := o.Problem().(optimize.OutputLayer)
	if !ok {
		t.Fatal("an MSE regression objective does not offer OutputLayer")
	}
	if _, ok := o.Problem().(optimize.ExactCoordinateScorer); !ok {
		t.Error("offering OutputLayer hid the coordinate scorer")
	}
	l := ol.OutputLayout()
	if l.Rows != 7 || l.Inputs != 4 || l.Outputs != 2 {
		t.Fatalf("layout %+v, want 7 rows, 4 inputs, 2 outputs", l)
	}
	if got := m.ParamName(l.Weight(1, 3)); got != "layer2.weight[1,3]" {
		t.Errorf("Weight(1, 3) is %s", got)
	}
	if got := m.ParamName(l.Bias(1)); got != "layer2.bias[1]" {
		t.Errorf("Bias(1) is %s", got)
	}
	h, y := make([]float64, 7*4), make([]float64, 7*2)
	before := o.Evaluations()
	ol.OutputInputs(h, y, x)
	if n := o.Evaluations() - before; n != 1 {
		t.Errorf("OutputInputs counted %d evaluations, want 1", n)
	}
	sum := 0.0
	for r := range 7 {
		for k := range 2 {
			out := x[l.Bias(k)]
			for j := range 4 {
				out += x[l.Weight(k, j)] * h[r*4+j]
			}
			if y[r*2+k] != d.Y[r*2+k] {
				t.Fatalf("target (%d, %d) = %v, want %v", r, k, y[r*2+k], d.Y[r*2+k])
			}
			e := out - y[r*2+k]
			sum += e * e
		}
	}
	if want, f := sum/14, o.Func(x); math.Abs(want-f) > 1e-14*f {
		t.Errorf("Func = %v, the promise's formula gives %v", f, want)
	}
	// The features are the hidden activations: moving the output layer
	// leaves them alone, moving a hidden weight does not.
	h2 := make([]float64, len(h))
	x[l.Weight(0, 0)] += 1
	ol.OutputInputs(h2, y, x)
	if !equal(h, h2) {
		t.Error("features changed with an output weight")
	}
	x[0] += 1
	ol.OutputInputs(h2, y, x)
	if equal(h, h2) {
		t.Error("features did not change with a hidden weight")
	}
}

func equal(a, b []float64) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return len(a) == len(b)
}

// Only a squared-error regression loss gets the capability.
func TestOutputLayerOnlyUnderMSE(t *testing.T) {
	m, d, _ := twoOutputs(t)
	for _, loss := range []nn.Loss{losses.MAE{}, losses.Huber{Delta: 1}} {
		if _, ok := objective.New(m, d, loss).Problem().(optimize.OutputLayer); ok {
			t.Errorf("%T objective offers OutputLayer", loss)
		}
	}
	cm, err := nn.NewMLP(2, []int{2}, []nn.Activation{activations.ReLU}, 2)
	if err != nil {
		t.Fatal(err)
	}
	cd := &nn.Data{X: []float64{1, 2}, Y: []float64{1}, Rows: 1, Inputs: 2, TargetDim: 1, Task: nn.Classification, Classes: []string{"a", "b"}}
	for _, loss := range []nn.Loss{losses.CrossEntropy{}, losses.ZeroOne{}} {
		if _, ok := objective.New(cm, cd, loss).Problem().(optimize.OutputLayer); ok {
			t.Errorf("%T objective offers OutputLayer", loss)
		}
	}
}
