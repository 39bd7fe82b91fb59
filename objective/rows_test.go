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

// Func and Accuracy split a large pass over the workers and give the same
// bits as the plain loop over the rows, for any number of workers: the
// row losses are summed in row order.
func TestFuncAndAccuracySplitOverWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	const rows, inputs, classes = 2001, 20, 3
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows), Classes: []string{"a", "b", "c"}}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for r := range d.Y {
		d.Y[r] = float64(rng.IntN(classes))
	}
	// 3,424 multiply-adds a row: a pass of 6.9M, large enough to split.
	m, err := nn.NewMLP(inputs, []int{64, 32}, []nn.Activation{activations.ReLU, activations.Tanh}, classes)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -0.5, Hi: 0.5}, &nn.Range{Lo: -0.5, Hi: 0.5})
	loss := losses.CrossEntropy{}
	ws := m.NewWorkspace()
	sum, hits := 0.0, 0
	for r := range rows {
		in, y := d.Row(r)
		out := m.Forward(ws, x, in)
		sum += loss.Row(out, y)
		if nn.Argmax(out) == int(y[0]) {
			hits++
		}
	}
	wantF, wantA := sum/rows, float64(hits)/rows
	for _, workers := range []int{1, 2, 3} {
		o := objective.New(m, d, loss)
		o.SetWorkers(workers)
		f, a := o.Func(x), o.Accuracy(x)
		o.Close()
		if math.Float64bits(f) != math.Float64bits(wantF) || a != wantA {
			t.Errorf("%d workers: loss %v, accuracy %v; the plain loop gives %v and %v", workers, f, a, wantF, wantA)
		}
		if o.Evaluations() != 1 || o.Cost() != 1 {
			t.Errorf("%d workers: %d evaluations, cost %v; want 1 and 1 (Accuracy is a report)", workers, o.Evaluations(), o.Cost())
		}
	}
}
