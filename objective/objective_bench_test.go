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
