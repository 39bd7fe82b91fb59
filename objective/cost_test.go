package objective_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// tinyCostNet is a 2-2-1 network on three rows whose first hidden unit is
// off (pre-activation below 0) on every row under ReLU: its weights are
// 0 and its bias -1.
func tinyCostNet(t *testing.T, act nn.Activation) (*nn.MLP, *nn.Data, []float64) {
	t.Helper()
	m, err := nn.NewMLP(2, []int{2}, []nn.Activation{act}, 1)
	if err != nil {
		t.Fatal(err)
	}
	// w1 (2x2), b1, w2 (1x2), b2
	x := []float64{0, 0, 1, 2, -1, 0.5, 3, -2, 0.1}
	d := &nn.Data{X: []float64{1, 1, 2, 0, 0, 3}, Y: []float64{1, 2, 3}, Rows: 3, Inputs: 2, TargetDim: 1}
	return m, d, x
}

// TestCostByHand: a forward pass over the data costs 1. The net has
// 2·2 + 2·1 = 6 multiply-adds per row. A gradient row adds its backward
// pass: the output weights' gradient (2) and the hidden deltas (2), then
// the first layer's gradient for each unit whose delta is not 0 (2 per
// unit). Under ReLU unit 0 is off, so a row's gradient is 6 + 6 = 12, or
// 2 forward passes for the whole data; under tanh no delta is 0: 6 + 8.
func TestCostByHand(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	o.Func(x)
	if o.Cost() != 1 || o.Work() != 18 {
		t.Errorf("after Func: cost %v, work %d; want 1 and 3·6", o.Cost(), o.Work())
	}
	grad := make([]float64, m.NumParams())
	o.Grad(grad, x)
	if o.Cost() != 3 || o.Work() != 18+36 {
		t.Errorf("after Grad under ReLU: cost %v, work %d; want 1 + 2 and 18 + 3·12", o.Cost(), o.Work())
	}
	o.BatchGrad(grad, x, []int{2})
	if o.Work() != 18+36+12 {
		t.Errorf("after a one-row BatchGrad: work %d, want %d", o.Work(), 18+36+12)
	}

	m, d, x = tinyCostNet(t, activations.Tanh)
	o = objective.New(m, d, losses.MSE{})
	o.Grad(grad, x)
	if want := 3.0 * 14 / 18; o.Cost() != want {
		t.Errorf("Grad under tanh: cost %v, want 3·14/18 = %v", o.Cost(), want)
	}
	if o.Evaluations() != 1 {
		t.Errorf("Grad counted %d evaluations, want 1", o.Evaluations())
	}
	// A report is not work.
	before := o.Work()
	o.Accuracy(x)
	if o.Work() != before {
		t.Errorf("Accuracy added %d work", o.Work()-before)
	}
}

// TestCostLimitRefusesWhatCouldPassIt: a cap of 2.5 forward passes admits
// two Func calls, and refuses the third, which would take the cost to 3,
// and a gradient, which may cost up to three; nothing refused is counted.
func TestCostLimitRefusesWhatCouldPassIt(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	var reached []error
	o.SetLimits(objective.Limits{Cost: 2.5}, func(err error) { reached = append(reached, err) })
	a, b := o.Func(x), o.Func(x)
	if math.IsNaN(a) || a != b || len(reached) != 0 {
		t.Fatalf("first two calls: %v, %v, reached %v", a, b, reached)
	}
	if v := o.Func(x); !math.IsNaN(v) {
		t.Errorf("third Func = %v past a cost cap of 2.5, want NaN", v)
	}
	grad := make([]float64, m.NumParams())
	if v := o.Grad(grad, x); !math.IsNaN(v) {
		t.Errorf("Grad = %v past the cap, want NaN", v)
	}
	if o.Cost() != 2 || o.Evaluations() != 2 {
		t.Errorf("cost %v, %d evaluations after refusals; want 2 and 2", o.Cost(), o.Evaluations())
	}
	if len(reached) != 2 || !errors.Is(reached[0], objective.ErrCostLimit) {
		t.Errorf("reached called with %v, want ErrCostLimit twice", reached)
	}
	// The evaluation cap has its own error.
	o = objective.New(m, d, losses.MSE{})
	reached = nil
	o.SetLimits(objective.Limits{Evaluations: 1, Cost: 100}, func(err error) { reached = append(reached, err) })
	o.Func(x)
	o.Func(x)
	if len(reached) != 1 || !errors.Is(reached[0], objective.ErrEvaluationLimit) {
		t.Errorf("reached called with %v, want ErrEvaluationLimit once", reached)
	}
}

// TestSearchCandidateCostsAFractionOfAPass: scoring a sweep's candidates
// with the fast scorer costs far less than a forward pass each (the plain
// loop's cost), and the scorer path without the bulk pass costs more than
// the one with it: the tally follows the work, not the count.
func TestSearchCandidateCostsAFractionOfAPass(t *testing.T) {
	grid := make([]float64, 21)
	for k := range grid {
		grid[k] = -5 + 0.5*float64(k)
	}
	costs := map[objective.ScoringPath]float64{}
	for _, path := range []objective.ScoringPath{objective.ScoreAuto, objective.ScoreIncremental} {
		o, x := wideCase(activations.ReLU, losses.MSE{})
		o.SetScoring(path)
		l := make([]float64, len(grid))
		candidates := 0
		for i := range o.Dim() {
			o.ScoreCoordinate(l, x, i, grid)
			candidates += len(grid)
			best, bestF := x[i], math.Inf(1)
			for k, v := range l {
				if v < bestF {
					best, bestF = grid[k], v
				}
			}
			x[i] = best
		}
		if o.Evaluations() != int64(candidates) {
			t.Errorf("%d evaluations for %d candidates", o.Evaluations(), candidates)
		}
		costs[path] = o.Cost() / float64(candidates)
	}
	if auto := costs[objective.ScoreAuto]; !(auto > 0 && auto < 0.05) {
		t.Errorf("a candidate costs %v forward passes on the fast path; want a small fraction", auto)
	}
	if costs[objective.ScoreAuto] >= costs[objective.ScoreIncremental] {
		t.Errorf("per candidate: auto %v, incremental %v; the bulk pass should cost less", costs[objective.ScoreAuto], costs[objective.ScoreIncremental])
	}
	t.Logf("forward passes per candidate: auto %.5f, incremental %.5f", costs[objective.ScoreAuto], costs[objective.ScoreIncremental])
}

// TestScorerBoundsOnOddShapes: an exact evaluation of a unit of a one-unit
// last hidden layer before four outputs stays within the bound the cost
// cap relies on (the scorer panics if a phase passes its bound); and a
// cost cap of 1e12 passes on a net whose forward pass is over 9e6
// multiply-adds is no cap rather than an overflow that refuses all.
func TestScorerBoundsOnOddShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	m, _ := nn.NewMLP(1, []int{1}, []nn.Activation{activations.Tanh}, 4)
	d := &nn.Data{Rows: 50, Inputs: 1, TargetDim: 1, X: make([]float64, 50), Y: make([]float64, 50),
		Task: nn.Classification, Classes: []string{"a", "b", "c", "d"}}
	for r := range d.Y {
		d.X[r], d.Y[r] = rng.NormFloat64(), float64(rng.IntN(4))
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, nil, nil)
	o := objective.New(m, d, losses.CrossEntropy{})
	l := make([]float64, 2)
	o.ScoreCoordinate(l, x, 0, []float64{0.4, 0.6})
	if msg := promiseBroken(o, x, 0, []float64{0.4, 0.6}); msg != "" {
		t.Error(msg)
	}

	big, _ := nn.NewMLP(100, []int{100}, []nn.Activation{activations.ReLU}, 1)
	bd := &nn.Data{Rows: 1000, Inputs: 100, TargetDim: 1, X: make([]float64, 100_000), Y: make([]float64, 1000)}
	bx := make([]float64, big.NumParams())
	bo := objective.New(big, bd, losses.MSE{})
	bo.SetLimits(objective.Limits{Cost: 1e12}, func(err error) { t.Errorf("refused under a cap of 1e12 passes: %v", err) })
	if f := bo.Func(bx); math.IsNaN(f) {
		t.Errorf("Func = NaN under a cap of 1e12 passes")
	}
}
