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

// threeClasses is a table of normal inputs and classes a, b, c drawn at
// random.
func threeClasses(rng *rand.Rand, rows, inputs int) *nn.Data {
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows), Classes: []string{"a", "b", "c"}}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for r := range d.Y {
		d.Y[r] = float64(rng.IntN(3))
	}
	return d
}

// Func and Accuracy split a large pass over the workers and give the same
// bits as the plain loop over the rows, for any number of workers: the
// row losses are summed in row order.
func TestFuncAndAccuracySplitOverWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	const rows, inputs, classes = 2001, 20, 3
	d := threeClasses(rng, rows, inputs)
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

// The runner asks for the loss and then the accuracy at the same
// parameters after every step; the second is read from the first's pass.
// A pass is reused only at bit-identical parameters, so a change made in
// place to x between calls (a method moving one weight) gives a new pass,
// and every answer is a fresh objective's.
func TestAccuracyReusesFuncsPass(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const rows, inputs, classes = 300, 5, 3
	d := threeClasses(rng, rows, inputs)
	m, err := nn.NewMLP(inputs, []int{8}, []nn.Activation{activations.ReLU}, classes)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -1, Hi: 1})
	loss := losses.CrossEntropy{}
	fresh := func(x []float64) (float64, float64) {
		o := objective.New(m, d, loss)
		return o.Func(x), o.Accuracy(x)
	}
	// Output 2's bias moved far up: most rows then pick class 2.
	bias2 := m.WeightOffset(1) + 8*classes + 2
	f1, a1 := fresh(x)
	x2 := append([]float64(nil), x...)
	x2[bias2] += 50
	f2, a2 := fresh(x2)
	if f1 == f2 || a1 == a2 {
		t.Fatalf("the two points do not differ: loss %v and %v, accuracy %v and %v", f1, f2, a1, a2)
	}
	o := objective.New(m, d, loss)
	check := func(step string, got, want float64, passes int) {
		t.Helper()
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%s: %v, a fresh objective gives %v", step, got, want)
		}
		if n := objective.RowPasses(o); n != passes {
			t.Errorf("%s: %d passes over the rows so far, want %d", step, n, passes)
		}
	}
	check("Func at x", o.Func(x), f1, 1)
	check("Accuracy at x", o.Accuracy(x), a1, 1)
	// A loss is work: Func runs its pass again.
	check("Func at x again", o.Func(x), f1, 2)
	x[bias2] += 50 // in place, as a method moves a parameter
	check("Accuracy after x changed in place", o.Accuracy(x), a2, 3)
	// Accuracy's pass keeps no losses.
	check("Func there", o.Func(x), f2, 4)
	check("Accuracy there again", o.Accuracy(x), a2, 4)
	x[bias2] -= 50
	check("Accuracy back at the start", o.Accuracy(x), a1, 5)
}
