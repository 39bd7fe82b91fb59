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
