package neldermead_test

import (
	"context"
	"errors"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/neldermead"
)

// runAll steps m to its end and returns the last status and the steps.
func runAll(t *testing.T, m optimize.Method, p optimize.Problem, loc *optimize.Location, env optimize.Env) (optimize.Status, int) {
	t.Helper()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	for steps := 1; ; steps++ {
		s, err := m.Step(loc)
		if err != nil {
			t.Fatalf("step %d: %v", steps, err)
		}
		if loc.F != p.Func(loc.X) {
			t.Fatalf("step %d: loc.F %v is not Func(loc.X) %v", steps, loc.F, p.Func(loc.X))
		}
		if s != optimize.Running {
			return s, steps
		}
	}
}

// Nelder-Mead takes the 2-D Rosenbrock function from the classic start
// (-1.2, 1) to below 1e-10 within 500 evaluations (240 in fact);
// its tolerance then stops it.
func TestRosenbrock2D(t *testing.T) {
	p := &methodtest.Counted{N: 2, F: methodtest.Rosenbrock}
	loc := &optimize.Location{X: []float64{-1.2, 1}}
	loc.F = p.Func(loc.X)
	p.Calls = 0
	cfg := neldermead.DefaultConfig()
	status, steps := runAll(t, cfg.Method(), p, loc, optimize.Env{})
	evals := p.Calls - steps // runAll's own checks
	t.Logf("f %.3g at %v after %d steps, %d evaluations, %v", loc.F, loc.X, steps, evals, status)
	if !(loc.F < 1e-10) {
		t.Errorf("f = %g, want < 1e-10", loc.F)
	}
	if status != optimize.Converged || evals > 500 {
		t.Errorf("status %v after %d evaluations; want converged within 500", status, evals)
	}
}

// Without a tolerance the run takes every iteration, one Step each.
func TestIterationLimit(t *testing.T) {
	p := &methodtest.Counted{N: 2, F: methodtest.Rosenbrock}
	loc := &optimize.Location{X: []float64{-1.2, 1}}
	loc.F = p.Func(loc.X)
	cfg := neldermead.Config{Iterations: 25, Tolerance: 0}
	status, steps := runAll(t, cfg.Method(), p, loc, optimize.Env{})
	if status != optimize.IterationLimit || steps != 25 {
		t.Errorf("%v after %d steps, want completed after 25", status, steps)
	}
}

// The same start gives the same trajectory bit for bit (the method draws
// nothing at random).
func TestDeterministic(t *testing.T) {
	trajectory := func() []float64 {
		p := &methodtest.Counted{N: 3, F: methodtest.Rosenbrock}
		loc := &optimize.Location{X: []float64{0.5, -0.3, 0.8}}
		loc.F = p.Func(loc.X)
		m := neldermead.Config{Iterations: 60}.Method()
		if err := m.Init(p, loc, optimize.Env{}); err != nil {
			t.Fatal(err)
		}
		var out []float64
		for {
			s, err := m.Step(loc)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, loc.F)
			out = append(out, loc.X...)
			if s != optimize.Running {
				return out
			}
		}
	}
	a, b := trajectory(), trajectory()
	if len(a) != len(b) {
		t.Fatalf("%d and %d numbers", len(a), len(b))
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			t.Fatalf("number %d differs: %v and %v", i, a[i], b[i])
		}
	}
}

// NaN and +Inf losses are the worst values: a run on a function that is
// NaN over half the plane still finds the minimum in the other half, and
// never reports a NaN.
func TestNaNIsWorst(t *testing.T) {
	p := &methodtest.Counted{N: 2, F: func(x []float64) float64 {
		if x[0] < 0.5 {
			return math.NaN()
		}
		if x[1] > 3 {
			return math.Inf(1)
		}
		return (x[0]-1)*(x[0]-1) + (x[1]-2)*(x[1]-2)
	}}
	loc := &optimize.Location{X: []float64{0.6, 0}}
	loc.F = p.Func(loc.X)
	runAll(t, neldermead.DefaultConfig().Method(), p, loc, optimize.Env{})
	if !(loc.F < 1e-8) {
		t.Errorf("f = %g at %v, want < 1e-8 near (1, 2)", loc.F, loc.X)
	}
}

// A start whose neighbours are all NaN: the best stays the finite start.
func TestAllNaNAround(t *testing.T) {
	p := &methodtest.Counted{N: 2, F: func(x []float64) float64 {
		if x[0] == 0 && x[1] == 0 {
			return 1
		}
		return math.NaN()
	}}
	loc := &optimize.Location{X: []float64{0, 0}, F: 1}
	runAll(t, neldermead.Config{Iterations: 50}.Method(), p, loc, optimize.Env{})
	if loc.F != 1 || loc.X[0] != 0 || loc.X[1] != 0 {
		t.Errorf("moved to %v (f %v), want to stay at the start", loc.X, loc.F)
	}
}

func TestConformance(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  neldermead.Config
		opt  optimizetest.Options
	}{
		{"default", neldermead.DefaultConfig(), optimizetest.Options{}},
		{"short", neldermead.Config{Iterations: 7}, optimizetest.Options{}},
		{"cancelled mid-run", neldermead.DefaultConfig(), optimizetest.Options{CancelStep: 5, CancelAt: 1, CancelWithin: 1}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// A context cancelled during a step stops it at the next evaluation with
// the context's error, and the method's goroutine ends.
func TestCancelledMidStep(t *testing.T) {
	baseline := methodtest.SettledGoroutines()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const at = 7 // while the first step builds the 20-D simplex
	p := &methodtest.Counted{N: 20, F: methodtest.Rosenbrock}
	p.F = func(x []float64) float64 {
		if p.Calls == at {
			cancel()
		}
		return methodtest.Rosenbrock(x)
	}
	loc := &optimize.Location{X: make([]float64, 20)}
	loc.F = methodtest.Rosenbrock(loc.X)
	m := neldermead.DefaultConfig().Method()
	if err := m.Init(p, loc, optimize.Env{Context: ctx, Rand: rand.New(rand.NewPCG(1, 2))}); err != nil {
		t.Fatal(err)
	}
	_, err := m.Step(loc)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Step returned %v, want the context's error", err)
	}
	if p.Calls != at {
		t.Errorf("%d evaluations, want the step to stop right after the %dth", p.Calls, at)
	}
	waitGoroutines(t, baseline)
}
