package objective_test

import (
	"errors"
	"math"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// A subset is the objective of its rows, bit for bit, and what it does is
// its parent's work: one Func over one of three rows adds a third of a
// forward pass to the parent's cost and one evaluation.
func TestSubsetIsItsRowsAndBillsItsParent(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	sub := o.Subset([]int{2, 0}).(optimize.RowSubsets)
	hand := &nn.Data{X: []float64{0, 3, 1, 1}, Y: []float64{3, 1}, Rows: 2, Inputs: 2, TargetDim: 1}
	want := objective.New(m, hand, losses.MSE{}).Func(x)
	if got := sub.Func(x); math.Float64bits(got) != math.Float64bits(want) || sub.Rows() != 2 {
		t.Fatalf("subset of rows 2, 0 has %d rows and loss %v; the objective of those rows %v", sub.Rows(), got, want)
	}
	if o.Evaluations() != 1 || o.Work() != 12 {
		t.Errorf("after the subset's Func the parent counts %d evaluations and %d work; want 1 and 2·6", o.Evaluations(), o.Work())
	}
	if o.Cost() != 12.0/18 {
		t.Errorf("parent cost %v, want 12/18 of a pass over its rows", o.Cost())
	}
	// The subset's scorer is exact on its rows and bills the parent too.
	if _, ok := sub.(optimize.ExactCoordinateScorer); !ok {
		t.Fatal("a subset of an objective under MSE lost the exact coordinate scorer")
	}
	before := o.Work()
	losses := make([]float64, 3)
	sub.(optimize.CoordinateScorer).ScoreCoordinate(losses, x, 6, []float64{-1, 0, 1})
	if o.Work() <= before || o.Evaluations() != 4 {
		t.Errorf("scoring on the subset left the parent at work %d (from %d) and %d evaluations; want more work and 1+3", o.Work(), before, o.Evaluations())
	}
}

// A subset keeps its parent's view: no gradient when the parent has none.
func TestSubsetKeepsTheParentsView(t *testing.T) {
	m, d, _ := tinyCostNet(t, activations.ReLU)
	p := objective.New(m, d, losses.ZeroOne{}).Problem()
	rs, ok := p.(optimize.RowSubsets)
	if !ok {
		t.Fatal("a gradient-free objective offers no row subsets")
	}
	if _, ok := rs.Subset([]int{1}).(optimize.Differentiable); ok {
		t.Error("the subset of a gradient-free objective offers a gradient")
	}
}

// The parent's caps hold on work done on subsets: a cost cap of half a
// pass admits one Func over one of three rows, refuses the next that would
// pass it, and reports the cost limit.
func TestSubsetMeetsTheParentsCaps(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	var reached error
	o.SetLimits(objective.Limits{Cost: 0.5}, func(err error) { reached = err })
	sub := o.Subset([]int{1})
	if f := sub.Func(x); math.IsNaN(f) {
		t.Fatal("a third of a pass was refused under a cap of half a pass")
	}
	if f := sub.Func(x); !math.IsNaN(f) || !errors.Is(reached, objective.ErrCostLimit) {
		t.Fatalf("two thirds of a pass under a cap of half: loss %v, reached %v; want NaN and the cost limit", f, reached)
	}
	o.SetLimits(objective.Limits{Evaluations: 1}, func(err error) { reached = err })
	sub = o.Subset([]int{0, 1})
	if f := sub.Func(x); !math.IsNaN(f) || !errors.Is(reached, objective.ErrEvaluationLimit) {
		t.Fatalf("a second evaluation under a cap of 1: loss %v, reached %v", f, reached)
	}
}

// A minibatch search draws a batch, takes its loss and scores coordinates
// on it. After a scored batch, the next batch's Func runs the pass that
// builds its scorer's cache (on the last batch's buffers): the loss is Func's
// on those rows, bit for bit, and the scoring that follows at x runs no
// second pass, so the batch's Func and scoring cost less than the first
// batch's, with the same scores as a fresh objective of those rows.
func TestSubsetAfterAScoredOneTakesItsLossFromTheScorer(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	values := []float64{-1, 0, 0.5, 1}
	batch := func(rows []int) (f float64, scores []float64, work int64) {
		start := o.Work()
		sub := o.Subset(rows)
		f = sub.Func(x)
		scores = make([]float64, len(values))
		sub.(optimize.CoordinateScorer).ScoreCoordinate(scores, x, 6, values)
		return f, scores, o.Work() - start
	}
	_, _, firstWork := batch([]int{0, 1})
	evals := o.Evaluations()
	f, scores, work := batch([]int{2, 1})
	if got := o.Evaluations() - evals; got != int64(1+len(values)) {
		t.Errorf("the second batch counted %d evaluations; want 1 + %d", got, len(values))
	}
	hand := &nn.Data{X: []float64{0, 3, 2, 0}, Y: []float64{3, 2}, Rows: 2, Inputs: 2, TargetDim: 1}
	fresh := objective.New(m, hand, losses.MSE{})
	if want := fresh.Func(x); math.Float64bits(f) != math.Float64bits(want) {
		t.Errorf("the second batch's loss %v; Func over its rows %v", f, want)
	}
	want := make([]float64, len(values))
	fresh.ScoreCoordinate(want, x, 6, values)
	for k := range values {
		if math.Float64bits(scores[k]) != math.Float64bits(want[k]) {
			t.Errorf("value %v: the second batch scored %v, a fresh objective of its rows %v", values[k], scores[k], want[k])
		}
	}
	if work >= firstWork {
		t.Errorf("the second batch's Func and scoring did %d work, the first's %d; the second should skip a pass", work, firstWork)
	}
	// Its Func meets the parent's caps like any other.
	var reached error
	o.SetLimits(objective.Limits{Cost: o.Cost() + 0.1}, func(err error) { reached = err })
	if f := o.Subset([]int{0, 2}).Func(x); !math.IsNaN(f) || !errors.Is(reached, objective.ErrCostLimit) {
		t.Errorf("a batch's pass under a cap of a tenth of one: loss %v, reached %v; want NaN and the cost limit", f, reached)
	}
}

// A batch's Func by its scorer meets the caps as plain Func does: refused,
// it counts no evaluation; and a rebuild, which is one pass, is judged by
// one pass's bound, not by the two of an exact evaluation and a commit.
// On tinyCostNet a pass over two rows is bounded by 42 (21 a row: 6
// multiply-adds, 2 for the output scale, 3 for its update, 2·5 for the
// values) and does 16.
func TestABatchsFuncByTheScorerMeetsTheCapsAsFuncDoes(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	values := []float64{-1, 0, 1}
	scored := func(o *objective.Objective) {
		sub := o.Subset([]int{0, 1})
		sub.Func(x)
		sub.(optimize.CoordinateScorer).ScoreCoordinate(make([]float64, len(values)), x, 6, values)
	}
	// Room for 50: a rebuild's bound (42) fits, two of them would not.
	o := objective.New(m, d, losses.MSE{})
	scored(o)
	var reached error
	o.SetLimits(objective.Limits{Cost: o.Cost() + 50.0/18}, func(err error) { reached = err })
	hand := &nn.Data{X: []float64{0, 3, 2, 0}, Y: []float64{3, 2}, Rows: 2, Inputs: 2, TargetDim: 1}
	want := objective.New(m, hand, losses.MSE{}).Func(x)
	if f := o.Subset([]int{2, 1}).Func(x); math.Float64bits(f) != math.Float64bits(want) || reached != nil {
		t.Errorf("a batch's Func with room for its pass: loss %v (want %v), reached %v", f, want, reached)
	}
	// Room for 13: refused, and not counted.
	o = objective.New(m, d, losses.MSE{})
	scored(o)
	evals := o.Evaluations()
	o.SetLimits(objective.Limits{Cost: o.Cost() + 13.0/18}, func(err error) { reached = err })
	if f := o.Subset([]int{2, 1}).Func(x); !math.IsNaN(f) || !errors.Is(reached, objective.ErrCostLimit) {
		t.Fatalf("a batch's Func without room for its pass: loss %v, reached %v; want NaN and the cost limit", f, reached)
	}
	if got := o.Evaluations(); got != evals {
		t.Errorf("a refused Func counted: %d evaluations, %d before", got, evals)
	}
}

// The scorer takes over a batch's Func only on the default path: set to
// the incremental path for comparison, a batch's Func is plain Func, one
// pass of 2·6 multiply-adds over two rows.
func TestABatchsFuncIsPlainOffTheDefaultPath(t *testing.T) {
	m, d, x := tinyCostNet(t, activations.ReLU)
	o := objective.New(m, d, losses.MSE{})
	sub := o.Subset([]int{0, 1})
	sub.Func(x)
	sub.(optimize.CoordinateScorer).ScoreCoordinate(make([]float64, 2), x, 6, []float64{-1, 1})
	sub = o.Subset([]int{2, 1})
	o.SetScoring(objective.ScoreIncremental)
	start := o.Work()
	sub.Func(x)
	if w := o.Work() - start; w != 12 {
		t.Errorf("a batch's Func on the incremental path did %d work, want plain Func's 12", w)
	}
}
