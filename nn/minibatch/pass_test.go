package minibatch_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/nn/minibatch"
)

// unitOnly hides an activation's layer methods, so that Pass's per-unit
// fallback is tested too.
type unitOnly struct{ nn.Activation }

type netCase struct {
	m      *nn.MLP
	params []float64
	x      []float64 // rows x inputs
	class  []float64
	rows   int
}

// newNet is a 7-5-4-3 net on rows random inputs, classes cycling.
func newNet(t *testing.T, seed uint64, rows int, acts ...nn.Activation) netCase {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 9))
	m, err := nn.NewMLP(7, []int{5, 4}, acts, 3)
	if err != nil {
		t.Fatal(err)
	}
	c := netCase{m: m, params: make([]float64, m.NumParams()), x: make([]float64, rows*7),
		class: make([]float64, rows), rows: rows}
	m.Init(c.params, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -0.5, Hi: 0.5})
	for i := range c.x {
		c.x[i] = rng.NormFloat64()
	}
	for r := range c.class {
		c.class[r] = float64(r % 3)
	}
	return c
}

// batchGrad runs a Pass over every row under cross-entropy and returns
// the summed loss, the summed gradient and Forward's and Backward's work.
func (c netCase) batchGrad(p *minibatch.Pass, params []float64) (loss float64, grad []float64, fw, bw int) {
	for r := range c.rows {
		copy(p.Input(r), c.x[r*7:r*7+7])
	}
	fw = p.Forward(params, c.rows)
	for r := range c.rows {
		loss += losses.CrossEntropy{}.RowGrad(p.OutputGrad(r), p.Output(r), c.class[r:r+1])
	}
	grad = make([]float64, len(params))
	bw = p.Backward(params, grad)
	return loss, grad, fw, bw
}

func same(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) }

// TestPassEqualsPerRowPasses: outputs are nn's Forward's and the
// gradient the sum of nn's Backward over the rows, bit for bit (no input
// is 0), for layer activations and the per-unit fallback.
// The work is Forward's, 9 rows of 7·5 + 5·4 + 4·3 = 67 multiply-adds,
// and Backward's as nn counts it: with no zero delta (tanh, leaky ReLU)
// every weight's gradient (67) plus the deltas of the two hidden layers
// (5·4 + 4·3 = 32), 9·99; behind a ReLU less, as many as nn's.
func TestPassEqualsPerRowPasses(t *testing.T) {
	for name, acts := range map[string][]nn.Activation{
		"relu":     {activations.ReLU, activations.ReLU},
		"tanh":     {activations.Tanh, activations.LeakyReLU},
		"per-unit": {unitOnly{activations.Tanh}, unitOnly{activations.ReLU}},
	} {
		c := newNet(t, 1, 9, acts...)
		p := minibatch.New(c.m, 16)
		loss, grad, fw, bw := c.batchGrad(p, c.params)
		if fw != 9*67 {
			t.Errorf("%s: work forward %d, want %d", name, fw, 9*67)
		}
		ws := c.m.NewWorkspace()
		want := make([]float64, len(grad))
		wantLoss := 0.0
		dout := make([]float64, 3)
		wantWork := 0
		for r := range c.rows {
			out := c.m.Forward(ws, c.params, c.x[r*7:r*7+7])
			for k, v := range out {
				if math.Float64bits(p.Output(r)[k]) != math.Float64bits(v) {
					t.Fatalf("%s: row %d output %d = %v, Forward %v", name, r, k, p.Output(r)[k], v)
				}
			}
			wantLoss += losses.CrossEntropy{}.RowGrad(dout, out, c.class[r:r+1])
			wantWork += c.m.Backward(ws, c.params, dout, want)
		}
		if bw != wantWork || (name == "tanh" && bw != 9*99) || (name == "relu" && bw >= 9*99) {
			t.Errorf("%s: work backward %d; nn's Backward %d, dense 9·99", name, bw, wantWork)
		}
		if !same(loss, wantLoss) {
			t.Errorf("%s: loss %v, per row %v", name, loss, wantLoss)
		}
		for i := range grad {
			if math.Float64bits(grad[i]) != math.Float64bits(want[i]) {
				t.Fatalf("%s: grad[%d] (%s) = %v, per row %v", name, i, c.m.ParamName(i), grad[i], want[i])
			}
		}
	}
}

// TestPassFiniteDifferences checks the gradient against central
// differences of the summed loss on a smooth net (tanh), so that it does
// not lean on Backward being right.
func TestPassFiniteDifferences(t *testing.T) {
	c := newNet(t, 2, 6, activations.Tanh, activations.Tanh)
	p := minibatch.New(c.m, 6)
	_, grad, _, _ := c.batchGrad(p, c.params)
	x := append([]float64(nil), c.params...)
	const h = 1e-5
	for i := range x {
		x[i] = c.params[i] + h
		up, _, _, _ := c.batchGrad(p, x)
		x[i] = c.params[i] - h
		down, _, _, _ := c.batchGrad(p, x)
		x[i] = c.params[i]
		if fd := (up - down) / (2 * h); math.Abs(fd-grad[i]) > 1e-6*(1+math.Abs(fd)) {
			t.Errorf("grad[%d] (%s) = %v, finite difference %v", i, c.m.ParamName(i), grad[i], fd)
		}
	}
}

// TestPassAddsToGrad: Backward adds to grad rather than overwriting it, so
// that a gradient over several batches is their sum, with the bits of one
// batch of them all (rows are added one after another either way); and a
// batch of fewer rows than the Pass holds ignores the rows past it.
func TestPassAddsToGrad(t *testing.T) {
	c := newNet(t, 3, 4, activations.ReLU, activations.Tanh)
	p := minibatch.New(c.m, 4)
	_, whole, _, _ := c.batchGrad(p, c.params)

	sum := make([]float64, len(whole))
	for _, rows := range [][2]int{{0, 3}, {3, 4}} {
		for i, r := 0, rows[0]; r < rows[1]; i, r = i+1, r+1 {
			copy(p.Input(i), c.x[r*7:r*7+7])
		}
		n := rows[1] - rows[0]
		p.Forward(c.params, n)
		for i := range n {
			r := rows[0] + i
			losses.CrossEntropy{}.RowGrad(p.OutputGrad(i), p.Output(i), c.class[r:r+1])
		}
		p.Backward(c.params, sum)
	}
	for i := range whole {
		if !same(sum[i], whole[i]) {
			t.Fatalf("grad[%d]: 3 rows + 1 row give %v, 4 rows %v", i, sum[i], whole[i])
		}
	}
}

func TestPassRefusesTooManyRows(t *testing.T) {
	c := newNet(t, 4, 2, activations.ReLU, activations.ReLU)
	p := minibatch.New(c.m, 2)
	defer func() {
		if recover() == nil {
			t.Error("Forward of 3 rows in a Pass of 2 did not panic")
		}
	}()
	p.Forward(c.params, 3)
}
