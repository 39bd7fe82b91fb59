package objective_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)) }

// notebookObjective has the shape of the reference notebook's diabetes run:
// 442 rows of 10 features, hidden layers of 5 and 4 ReLU units, 1 output.
func notebookObjective(b *testing.B) (*objective.Objective, []float64) {
	rng := newRand(1)
	const rows, inputs = 442, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1,
		X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for i := range d.Y {
		d.Y[i] = rng.NormFloat64()
	}
	relu := activations.ReLU
	m, err := nn.NewMLP(inputs, []int{5, 4}, []nn.Activation{relu, relu}, 1)
	if err != nil {
		b.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rng, nil, nil)
	return objective.New(m, d, losses.MSE{}), params
}

func BenchmarkObjectiveFunc(b *testing.B) {
	o, params := notebookObjective(b)
	b.ReportAllocs()
	for b.Loop() {
		o.Func(params)
	}
}

func BenchmarkObjectiveGrad(b *testing.B) {
	o, params := notebookObjective(b)
	grad := make([]float64, o.Dim())
	b.ReportAllocs()
	for b.Loop() {
		o.Grad(grad, params)
	}
}

// BenchmarkRecordPasses is what the runner asks of a classification
// objective after each step: the loss at x (the method's Func) and then
// the accuracy there (a report), on a Fashion-MNIST-shaped table of
// random pixels (4,096 rows of 784 inputs, 784-64-10, cross-entropy).
func BenchmarkRecordPasses(b *testing.B) {
	rng := newRand(2)
	const rows, inputs, classes = 4096, 784, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows), Classes: make([]string, classes)}
	for i := range d.X {
		d.X[i] = rng.Float64()
	}
	for i := range d.Y {
		d.Y[i] = float64(rng.IntN(classes))
	}
	m, err := nn.NewMLP(inputs, []int{64}, []nn.Activation{activations.ReLU}, classes)
	if err != nil {
		b.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rng, nil, nil)
	o := objective.New(m, d, losses.CrossEntropy{})
	b.ReportAllocs()
	for b.Loop() {
		params[0] += 1e-9 // a new x each time, as after a step
		o.Func(params)
		o.Accuracy(params)
	}
}
