package objective_test

import (
	"math"
	"runtime"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// TestBatchedCostByHand: on tinyCostNet (6 multiply-adds per row) the
// batched path counts what the per-row path counts (TestCostByHand), since
// its kernels skip a zero delta as nn's Backward does: per row 6 forward,
// then the output weights' gradient (2) and the hidden deltas (2), then 2
// per hidden unit whose delta is not 0. Under ReLU unit 0 is off: 12 per
// row; under tanh 14.
func TestBatchedCostByHand(t *testing.T) {
	for _, c := range []struct {
		act    nn.Activation
		perRow int64
	}{{activations.ReLU, 12}, {activations.Tanh, 14}} {
		m, d, x := tinyCostNet(t, c.act)
		o := objective.New(m, d, losses.MSE{})
		objective.ForceBatched(o, true)
		grad := make([]float64, m.NumParams())
		o.Grad(grad, x)
		if o.Work() != 3*c.perRow {
			t.Errorf("Grad: work %d, want 3·%d", o.Work(), c.perRow)
		}
		o.BatchGrad(grad, x, []int{2, 0})
		if o.Work() != 5*c.perRow {
			t.Errorf("after a two-row BatchGrad: work %d, want 5·%d", o.Work(), c.perRow)
		}
		if o.Evaluations() != 2 {
			t.Errorf("%d evaluations, want 2", o.Evaluations())
		}
	}
}

// TestBatchedPathMatchesPerRow: forced on and off, Grad and BatchGrad
// (with a repeated row) give the same bits and count the same work, under
// a regression and a classification loss (no input is 0, the one term the
// batched path skips).
func TestBatchedPathMatchesPerRow(t *testing.T) {
	rng := newRand(11)
	for _, classify := range []bool{false, true} {
		c := newGradCase(rng, activations.Tanh, classify)
		var loss nn.Loss = losses.MSE{}
		if classify {
			loss = losses.CrossEntropy{}
		}
		on, off := objective.New(c.model, c.data, loss), objective.New(c.model, c.data, loss)
		objective.ForceBatched(on, true)
		objective.ForceBatched(off, false)
		g1, g2 := make([]float64, on.Dim()), make([]float64, on.Dim())
		for _, rows := range [][]int{nil, {5, 1, 1, 7}} {
			var f1, f2 float64
			if rows == nil {
				f1, f2 = on.Grad(g1, c.params), off.Grad(g2, c.params)
			} else {
				f1, f2 = on.BatchGrad(g1, c.params, rows), off.BatchGrad(g2, c.params, rows)
			}
			if math.Float64bits(f1) != math.Float64bits(f2) {
				t.Errorf("classify %v rows %v: loss %v batched, %v per row", classify, rows, f1, f2)
			}
			for i := range g1 {
				if math.Float64bits(g1[i]) != math.Float64bits(g2[i]) {
					t.Fatalf("classify %v rows %v: grad[%d] %v batched, %v per row", classify, rows, i, g1[i], g2[i])
				}
			}
		}
		if on.Work() != off.Work() {
			t.Errorf("classify %v: work %d batched, %d per row", classify, on.Work(), off.Work())
		}
	}
}

// batchedCase is a 300-40-10 classifier on rows random rows: 12,400
// weights, past the rule's threshold.
func batchedCase(rows int) (*objective.Objective, []float64) {
	rng := newRand(12)
	const inputs, classes = 300, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows), Classes: make([]string, classes)}
	for i := range d.X {
		d.X[i] = rng.Float64()
	}
	for r := range d.Y {
		d.Y[r] = float64(r % classes)
	}
	m, err := nn.NewMLP(inputs, []int{40}, []nn.Activation{activations.ReLU}, classes)
	if err != nil {
		panic(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rng, nil, nil)
	return objective.New(m, d, losses.CrossEntropy{}), params
}

// TestBatchedRule: the README's nets (the notebook's 10-5-4-1, a
// 64-16-10, the wide 10-64-32-1) stay per row at any size; logistic
// regression on 784 pixels and a net of 12,400 weights take the batched
// path from 16 rows.
func TestBatchedRule(t *testing.T) {
	for _, sizes := range [][]int{{10, 5, 4, 1}, {64, 16, 10}, {10, 64, 32, 1}, {784, 10}} {
		acts := make([]nn.Activation, len(sizes)-2)
		for i := range acts {
			acts[i] = activations.ReLU
		}
		m, err := nn.NewMLP(sizes[0], sizes[1:len(sizes)-1], acts, sizes[len(sizes)-1])
		if err != nil {
			t.Fatal(err)
		}
		o := objective.New(m, &nn.Data{Inputs: sizes[0], TargetDim: 1}, losses.MSE{})
		if want := len(sizes) == 2; objective.UsesBatched(o, 100_000) != want {
			t.Errorf("%v: batched %v, want %v", sizes, !want, want)
		}
	}
	o, _ := batchedCase(1)
	if objective.UsesBatched(o, 15) || !objective.UsesBatched(o, 16) {
		t.Errorf("300-40-10: batched for 15 rows %v, for 16 %v; want false, true",
			objective.UsesBatched(o, 15), objective.UsesBatched(o, 16))
	}
}

// TestBatchedSameBitsForAnyGOMAXPROCS: Grad over 600 rows (three passes
// of up to 256) and a minibatch give the same bits with one proc and
// with several, and allocate nothing once warm.
func TestBatchedSameBitsForAnyGOMAXPROCS(t *testing.T) {
	o, x := batchedCase(600)
	rows := []int{599, 3, 3, 42, 17, 100, 5, 8, 9, 10, 11, 12, 13, 14, 15, 16, 0, 1}
	run := func(procs int) ([]float64, []float64) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		full, batch := make([]float64, o.Dim()+1), make([]float64, o.Dim()+1)
		full[o.Dim()] = o.Grad(full[:o.Dim()], x)
		batch[o.Dim()] = o.BatchGrad(batch[:o.Dim()], x, rows)
		return full, batch
	}
	f1, b1 := run(1)
	f2, b2 := run(2)
	for i := range f1 {
		if math.Float64bits(f1[i]) != math.Float64bits(f2[i]) || math.Float64bits(b1[i]) != math.Float64bits(b2[i]) {
			t.Fatalf("element %d differs between 1 and 2 procs", i)
		}
	}
	grad := make([]float64, o.Dim())
	if allocs := testing.AllocsPerRun(3, func() { o.Grad(grad, x); o.BatchGrad(grad, x, rows) }); allocs != 0 {
		t.Errorf("batched gradients allocate %v times", allocs)
	}
}
