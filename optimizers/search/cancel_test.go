package search_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// cancelAfter is a problem that cancels its context on the n-th evaluation,
// as Ctrl-C arriving in the middle of a long sweep does.
type cancelAfter struct {
	n, calls int
	cancel   func()
}

func (c *cancelAfter) Dim() int { return 4 }

func (c *cancelAfter) Func(x []float64) float64 {
	c.calls++
	if c.calls == c.n {
		c.cancel()
	}
	return sumSquares(x)
}

func TestSweepStopsAtTheNextParameterWhenCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const steps = 5
	// Cancel while the second parameter's grid is scored: the sweep
	// finishes that parameter and stops before the third.
	p := &cancelAfter{n: 1 + steps + 2, cancel: cancel}
	x := []float64{3, 3, 3, 3}
	loc := &optimize.Location{X: x, F: p.Func(x)}
	m := search.Config{WeightSteps: steps, BiasSteps: steps, Iterations: 3, Plain: true}.Method()
	if err := m.Init(p, loc, optimize.Env{Context: ctx}); err != nil {
		t.Fatal(err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "search: stopped at 2 of 4 parameters") {
		t.Fatalf("Step returned %v, want a cancellation after 2 parameters", err)
	}
	if p.calls != 1+2*steps {
		t.Errorf("%d evaluations, want the start and two parameters' grids (%d)", p.calls, 1+2*steps)
	}
	if loc.F != sumSquares(loc.X) || loc.X[2] != 3 || loc.X[3] != 3 {
		t.Errorf("location after the stop: %v, F %v", loc.X, loc.F)
	}
	if got := m.(optimize.StepLimit).MaxSteps(); got != 3 {
		t.Errorf("MaxSteps %d, want the 3 iterations", got)
	}
}

// TestCheckpointsWithinASweep: a sweep offers every point between two
// parameters to Env.Checkpoint, with the Location Step was given, its loss
// the loss at its parameters, and the share of the sweep done.
func TestCheckpointsWithinASweep(t *testing.T) {
	p := optimize.Func{N: 4, F: sumSquares}
	x := []float64{3, -2, 1, 4}
	loc := &optimize.Location{X: x, F: p.Func(x)}
	var done []float64
	env := optimize.Env{Checkpoint: func(at *optimize.Location, d float64) {
		if at != loc {
			t.Errorf("checkpoint with another Location")
		}
		if at.F != sumSquares(at.X) {
			t.Errorf("checkpoint at %v with loss %v, want %v", at.X, at.F, sumSquares(at.X))
		}
		done = append(done, d)
	}}
	m := search.Config{WeightSteps: 5, BiasSteps: 5, Iterations: 1, Plain: true}.Method()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Step(loc); err != nil {
		t.Fatal(err)
	}
	if want := []float64{0.25, 0.5, 0.75}; !slices.Equal(done, want) {
		t.Errorf("checkpoints at %v, want %v (none after the last parameter: the step's end records it)", done, want)
	}
}

// refuseAfter is a problem under a budget that runs out at its n-th
// evaluation: from there on it answers NaN and cancels the run with a
// refusal, as the objective does.
type refuseAfter struct {
	n, calls int
	cancel   context.CancelCauseFunc
}

func (r *refuseAfter) Dim() int { return 4 }

func (r *refuseAfter) Func(x []float64) float64 {
	if r.calls++; r.calls >= r.n {
		r.cancel(optimize.ErrRefused)
		return math.NaN()
	}
	return sumSquares(x)
}

// A budget that refuses the third of parameter 1's five grid values (0)
// leaves the parameter at 3, though -2.5, scored before, is lower: the
// plain loop would have taken 0. Parameter 0 keeps its choice, and the
// progress counts it alone.
func TestRefusedGridKeepsTheValue(t *testing.T) {
	ctx, cancel := context.WithCancelCause(context.Background())
	const steps = 5
	p := &refuseAfter{n: 1 + steps + 3, cancel: cancel}
	x := []float64{3, 3, 3, 3}
	loc := &optimize.Location{X: x, F: p.Func(x)}
	var done []float64
	env := optimize.Env{Context: ctx, Checkpoint: func(_ *optimize.Location, d float64) { done = append(done, d) }}
	m := search.Config{WeightSteps: steps, BiasSteps: steps, Iterations: 3, Plain: true}.Method()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "search: stopped at 1 of 4 parameters") {
		t.Fatalf("Step returned %v, want a stop after 1 parameter", err)
	}
	if !slices.Equal(loc.X, []float64{0, 3, 3, 3}) || loc.F != 27 {
		t.Errorf("location after the stop: %v, F %v; want [0 3 3 3], 27", loc.X, loc.F)
	}
	if !slices.Equal(done, []float64{0.25}) {
		t.Errorf("progress %v, want [0.25]", done)
	}
}
