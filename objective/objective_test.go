package objective_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// identity3 is a 3-3 linear model whose outputs equal its inputs.
func identity3(t *testing.T) (*nn.MLP, []float64) {
	t.Helper()
	m, err := nn.NewMLP(3, nil, nil, 3)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	for k := range 3 {
		params[m.WeightOffset(0)+k*3+k] = 1
	}
	return m, params
}

func TestAccuracyByHand(t *testing.T) {
	m, params := identity3(t)
	d := &nn.Data{
		X: []float64{
			1, 2, 0, // argmax 1
			5, 1, 1, // argmax 0
			0, 0, 1, // argmax 2
			2, 2, 1, // tie between 0 and 1: 0
			2, 2, 1, // same, so class 1 misses
		},
		Y:    []float64{1, 0, 0, 0, 1},
		Rows: 5, Inputs: 3, TargetDim: 1, Task: nn.Classification,
		Classes: []string{"a", "b", "c"},
	}
	o := objective.New(m, d, losses.CrossEntropy{})
	if got := o.Accuracy(params); got != 3.0/5 {
		t.Errorf("Accuracy = %v, want 0.6", got)
	}
	// zero_one is one minus accuracy, row by row.
	z := objective.New(m, d, losses.ZeroOne{})
	if got := z.Func(params); math.Abs(got-2.0/5) > 1e-15 {
		t.Errorf("zero_one loss = %v, want 0.4", got)
	}
	if o.Evaluations() != 0 {
		t.Errorf("Accuracy counted %d evaluations; it is not a loss", o.Evaluations())
	}
}

func TestFuncIsMeanOfRowLosses(t *testing.T) {
	m, params := identity3(t)
	d := &nn.Data{
		X:    []float64{1, 2, 3, 0, 0, 0},
		Y:    []float64{1, 2, 4, 1, 1, 1},
		Rows: 2, Inputs: 3, TargetDim: 3,
	}
	// Row 0 squared errors (0, 0, 1), row 1 (1, 1, 1): means 1/3 and 1,
	// so the data-set loss is 2/3, as PyTorch's MSELoss over all six.
	o := objective.New(m, d, losses.MSE{})
	if got := o.Func(params); math.Abs(got-2.0/3) > 1e-15 {
		t.Errorf("Func = %v, want 2/3", got)
	}
}

func TestEvaluationsCountEveryCall(t *testing.T) {
	m, params := identity3(t)
	d := &nn.Data{X: []float64{1, 2, 3}, Y: []float64{0, 0, 0}, Rows: 1, Inputs: 3, TargetDim: 3}
	o := objective.New(m, d, losses.MSE{})
	grad := make([]float64, o.Dim())
	steps := []struct {
		name string
		call func()
	}{
		{"Func", func() { o.Func(params) }},
		{"Grad", func() { o.Grad(grad, params) }},
		{"BatchGrad", func() { o.BatchGrad(grad, params, []int{0, 0}) }},
		{"BatchGrad of no rows", func() { o.BatchGrad(grad, params, nil) }},
		{"Problem().Func", func() { o.Problem().Func(params) }},
	}
	for k, s := range steps {
		s.call()
		if got := o.Evaluations(); got != int64(k+1) {
			t.Errorf("after %s: %d evaluations, want %d", s.name, got, k+1)
		}
	}
}

func TestProblemHidesGradientOfNonDifferentiableLoss(t *testing.T) {
	m, err := nn.NewMLP(2, []int{2}, []nn.Activation{activations.ReLU}, 2)
	if err != nil {
		t.Fatal(err)
	}
	d := &nn.Data{X: []float64{1, 2}, Y: []float64{1}, Rows: 1, Inputs: 2, TargetDim: 1, Task: nn.Classification}
	if _, ok := objective.New(m, d, losses.ZeroOne{}).Problem().(optimize.Differentiable); ok {
		t.Error("zero_one objective offers a gradient")
	}
	p := objective.New(m, d, losses.CrossEntropy{}).Problem()
	if _, ok := p.(optimize.Batched); !ok {
		t.Error("cross_entropy objective is not Batched")
	}
	if _, ok := p.(optimize.ParameterKinds); !ok {
		t.Error("cross_entropy objective does not report parameter kinds")
	}
	if _, ok := objective.New(m, d, losses.ZeroOne{}).Problem().(optimize.ParameterKinds); !ok {
		t.Error("zero_one objective does not report parameter kinds")
	}
}

func TestObjectiveCallsDoNotAllocate(t *testing.T) {
	rng := newRand(5)
	c := newGradCase(rng, activations.ReLU, false)
	o := objective.New(c.model, c.data, losses.Huber{Delta: 1})
	grad := make([]float64, o.Dim())
	rows := []int{0, 3}
	allocs := testing.AllocsPerRun(20, func() {
		o.Func(c.params)
		o.Grad(grad, c.params)
		o.BatchGrad(grad, c.params, rows)
		o.Accuracy(c.params)
	})
	if allocs != 0 {
		t.Errorf("objective calls allocate %v times", allocs)
	}
}

func TestArgmax(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		in   []float64
		want int
	}{
		{[]float64{0.1, 0.9, 0.3}, 1},
		{[]float64{2, 2, 1}, 0},
		{[]float64{1, 3, 3}, 1},
		{[]float64{-5}, 0},
		{[]float64{nan, -1, -2}, 1},
		{[]float64{nan, nan}, 0},
		{nil, -1},
	}
	for _, c := range cases {
		if got := nn.Argmax(c.in); got != c.want {
			t.Errorf("Argmax(%v) = %d, want %d", c.in, got, c.want)
		}
	}
}

// TestStepModelHasNoGradient: a model with a step activation is offered
// to methods without Grad, so a gradient method's ProblemChecker refuses
// it, as it refuses a loss without a gradient.
func TestStepModelHasNoGradient(t *testing.T) {
	data := &nn.Data{Rows: 2, Inputs: 1, TargetDim: 1, X: []float64{0, 1}, Y: []float64{0, 1}}
	for _, c := range []struct {
		act  nn.Activation
		grad bool
	}{{activations.ReLU, true}, {activations.Step, false}, {activations.Sign, false}} {
		m, err := nn.NewMLP(1, []int{2}, []nn.Activation{c.act}, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, grad := objective.New(m, data, losses.MSE{}).Problem().(optimize.Differentiable)
		if grad != c.grad {
			t.Errorf("%T: problem offers a gradient %v, want %v", c.act, grad, c.grad)
		}
	}
}

// TestStepModelOffersOutputLayer: a step network under MSE has no gradient
// but a linear output layer that lstsq can fit.
func TestStepModelOffersOutputLayer(t *testing.T) {
	data := &nn.Data{Rows: 2, Inputs: 1, TargetDim: 1, X: []float64{0, 1}, Y: []float64{0, 1}}
	m, err := nn.NewMLP(1, []int{2}, []nn.Activation{activations.Step}, 1)
	if err != nil {
		t.Fatal(err)
	}
	p := objective.New(m, data, losses.MSE{}).Problem()
	_, grad := p.(optimize.Differentiable)
	_, out := p.(optimize.OutputLayer)
	_, scorer := p.(optimize.CoordinateScorer)
	if grad || !out || !scorer {
		t.Errorf("step model's problem: gradient %v, output layer %v, coordinate scorer %v; want false, true, true", grad, out, scorer)
	}
}
