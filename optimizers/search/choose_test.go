package search_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// TestDeferredSearchTakesThePointLossWhenAPointIsDue: on a net whose
// choices defer their refresh (optimize.CoordinateChooser), a sweep
// passes its Location to Checkpoint where its loss is known (after a
// choice made exactly) or Env.PointLoss gives it for a point due, and
// then loc.F is Func's at that point, bit for bit; after a deferred
// choice with no point due it passes nil. Either way the sweep ends on
// Func's loss, after the plain loop's choices, and the work and
// evaluations the problem counts do not depend on the points taken.
func TestDeferredSearchTakesThePointLossWhenAPointIsDue(t *testing.T) {
	cfg := search.Config{WeightRange: []float64{-5, 5}, BiasRange: []float64{-5, 5}, WeightSteps: 25, BiasSteps: 20, Iterations: 2}
	plainCfg := cfg
	plainCfg.Plain = true
	_, wantX, _ := sweepHistory(t, plainCfg, mlpObjective(t), startX(t), 2)
	var work, evals int64
	for _, due := range []int{0, 1, 7} {
		o, x := mlpCase(5, activations.ReLU, losses.MSE{}, 120)
		check, _ := mlpCase(5, activations.ReLU, losses.MSE{}, 120)
		p := o.Problem()
		if ch, ok := p.(optimize.CoordinateChooser); !ok || !ch.ChoosesCoordinates() {
			t.Fatal("the objective does not choose coordinates on a 10-5-4-1 relu net under mse")
		}
		calls, points, nils := 0, 0, 0
		env := optimize.Env{}
		if due > 0 {
			env.PointLoss = func(x []float64) (float64, bool) {
				if calls++; calls%due != 0 {
					return 0, false
				}
				return check.Func(x), true
			}
		}
		env.Checkpoint = func(loc *optimize.Location, done float64) {
			if loc == nil {
				nils++
				return
			}
			points++
			if f := check.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
				t.Fatalf("due every %d: a point at %.3f of the sweep has loc.F %v, Func %v", due, done, loc.F, f)
			}
		}
		loc := &optimize.Location{X: x, F: p.Func(x)}
		m := cfg.Method()
		if err := m.Init(p, loc, env); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if _, err := m.Step(loc); err != nil {
				t.Fatal(err)
			}
			if f := check.Func(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
				t.Fatalf("due every %d: the sweep ends with loc.F %v, Func %v", due, loc.F, f)
			}
		}
		if !bitsEqual(loc.X, wantX) {
			t.Fatalf("due every %d: x %v, the plain loop's %v", due, loc.X, wantX)
		}
		if due == 0 {
			work, evals = o.Work(), o.Evaluations()
		} else if o.Work() != work || o.Evaluations() != evals {
			t.Errorf("due every %d: work %d and %d evaluations; with no points %d and %d", due, o.Work(), o.Evaluations(), work, evals)
		}
		switch {
		case due == 0 && nils == 0:
			t.Errorf("no PointLoss, yet every checkpoint (%d) had a Location: nothing was deferred", points)
		case due == 1 && nils > 0:
			t.Errorf("a point always due, yet %d checkpoints had none", nils)
		case due == 7 && (points == 0 || nils == 0):
			t.Errorf("a point due every 7th parameter: %d with a Location, %d without", points, nils)
		}
		o.Close()
	}
}

func mlpObjective(t *testing.T) *objective.Objective {
	o, _ := mlpCase(5, activations.ReLU, losses.MSE{}, 120)
	return o
}

func startX(t *testing.T) []float64 {
	_, x := mlpCase(5, activations.ReLU, losses.MSE{}, 120)
	return x
}
