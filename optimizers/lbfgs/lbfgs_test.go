package lbfgs_test

import (
	"context"
	"errors"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"github.com/nnexp/nnexp/optimizers/lbfgs"
)

// counted is a differentiable problem that counts its evaluations.
type counted struct {
	n     int
	f     func(x []float64) float64
	g     func(grad, x []float64)
	calls int
	hook  func()
}

func (c *counted) Dim() int { return c.n }
func (c *counted) Func(x []float64) float64 {
	c.calls++
	if c.hook != nil {
		c.hook()
	}
	return c.f(x)
}
func (c *counted) Grad(grad, x []float64) float64 {
	c.calls++
	if c.hook != nil {
		c.hook()
	}
	c.g(grad, x)
	return c.f(x)
}

func rosenbrock() *counted {
	return &counted{n: 2,
		f: func(x []float64) float64 {
			a, b := 1-x[0], x[1]-x[0]*x[0]
			return a*a + 100*b*b
		},
		g: func(grad, x []float64) {
			b := x[1] - x[0]*x[0]
			grad[0] = -2*(1-x[0]) - 400*x[0]*b
			grad[1] = 200 * b
		}}
}

// quadratic is sum_i (i+1)·(x_i - i)², minimum 0 at x_i = i: an
// ill-conditioned (1:10) bowl.
func quadratic() *counted {
	return &counted{n: 10,
		f: func(x []float64) float64 {
			s := 0.0
			for i, v := range x {
				d := v - float64(i)
				s += float64(i+1) * d * d
			}
			return s
		},
		g: func(grad, x []float64) {
			for i, v := range x {
				grad[i] = 2 * float64(i+1) * (v - float64(i))
			}
		}}
}

func runAll(t *testing.T, cfg lbfgs.Config, p *counted, x []float64, env optimize.Env) (*optimize.Location, optimize.Status, int, int) {
	t.Helper()
	loc := &optimize.Location{X: x, F: p.f(x)}
	m := cfg.Method()
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	for steps := 1; ; steps++ {
		s, err := m.Step(loc)
		if err != nil {
			t.Fatalf("step %d: %v", steps, err)
		}
		if f := p.f(loc.X); math.Float64bits(f) != math.Float64bits(loc.F) {
			t.Fatalf("step %d: loc.F %v, Func(loc.X) %v", steps, loc.F, f)
		}
		if s != optimize.Running {
			return loc, s, steps, p.calls
		}
	}
}

// From the classic start (-1.2, 1), the minimum (1, 1) to f < 1e-12
// within 100 evaluations.
func TestRosenbrock2D(t *testing.T) {
	loc, s, steps, evals := runAll(t, lbfgs.DefaultConfig(), rosenbrock(), []float64{-1.2, 1}, optimize.Env{})
	t.Logf("f %.3g at %v: %v after %d steps, %d evaluations", loc.F, loc.X, s, steps, evals)
	if !(loc.F < 1e-12) || evals > 100 || s != optimize.Converged {
		t.Errorf("f %g after %d evaluations (%v); want converged below 1e-12 within 100", loc.F, evals, s)
	}
}

// The 10-D quadratic from 0 to f < 1e-12 within 60 evaluations.
func TestQuadratic10D(t *testing.T) {
	loc, s, steps, evals := runAll(t, lbfgs.DefaultConfig(), quadratic(), make([]float64, 10), optimize.Env{})
	t.Logf("f %.3g: %v after %d steps, %d evaluations", loc.F, s, steps, evals)
	if !(loc.F < 1e-12) || evals > 60 || s != optimize.Converged {
		t.Errorf("f %g after %d evaluations (%v); want converged below 1e-12 within 60", loc.F, evals, s)
	}
	for i, v := range loc.X {
		if math.Abs(v-float64(i)) > 1e-6 {
			t.Errorf("x[%d] = %v, want %d", i, v, i)
		}
	}
}

func TestIterationLimitAndDeterminism(t *testing.T) {
	cfg := lbfgs.Config{Iterations: 5}
	a, s, steps, _ := runAll(t, cfg, rosenbrock(), []float64{-1.2, 1}, optimize.Env{})
	if s != optimize.IterationLimit || steps != 5 {
		t.Errorf("%v after %d steps, want completed after 5", s, steps)
	}
	b, _, _, _ := runAll(t, cfg, rosenbrock(), []float64{-1.2, 1}, optimize.Env{})
	if a.F != b.F || a.X[0] != b.X[0] || a.X[1] != b.X[1] {
		t.Errorf("two runs differ: %v and %v", a, b)
	}
}

func TestConformance(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  lbfgs.Config
		opt  optimizetest.Options
	}{
		{"default", lbfgs.DefaultConfig(), optimizetest.Options{}},
		{"history 1", lbfgs.Config{History: 1, Iterations: 20}, optimizetest.Options{}},
		{"cancelled in a line search", lbfgs.DefaultConfig(), optimizetest.Options{CancelStep: 2, CancelAt: 1, CancelWithin: 1}},
	} {
		if err := optimizetest.TestMethod(c.cfg.Method, c.opt); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

func TestCancelledMidStep(t *testing.T) {
	baseline := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	p := rosenbrock()
	p.hook = func() {
		if p.calls == 4 {
			cancel()
		}
	}
	loc := &optimize.Location{X: []float64{-1.2, 1}}
	loc.F = p.f(loc.X)
	m := lbfgs.DefaultConfig().Method()
	if err := m.Init(p, loc, optimize.Env{Context: ctx}); err != nil {
		t.Fatal(err)
	}
	var err error
	for err == nil {
		_, err = m.Step(loc)
	}
	if !errors.Is(err, context.Canceled) || p.calls != 4 {
		t.Errorf("Step returned %v after %d evaluations, want the context's error after 4", err, p.calls)
	}
	deadline := time.Now().Add(time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), baseline)
		}
		time.Sleep(time.Millisecond)
	}
}

// A problem without a gradient is refused up front.
func TestNeedsGradient(t *testing.T) {
	p := optimize.Func{N: 2, F: func(x []float64) float64 { return x[0] * x[0] }}
	err := lbfgs.DefaultConfig().CheckProblem(p)
	if err == nil || !strings.Contains(err.Error(), "differentiable") {
		t.Errorf("CheckProblem = %v", err)
	}
	loc := &optimize.Location{X: []float64{1, 1}, F: 1}
	if err := lbfgs.DefaultConfig().Method().Init(p, loc, optimize.Env{}); err == nil {
		t.Error("Init accepted a problem without a gradient")
	}
	big := optimize.FuncGrad{N: lbfgs.MaxHistoryNumbers/10 + 1}
	if err := lbfgs.DefaultConfig().CheckProblem(big); err == nil || !strings.Contains(err.Error(), "lower history") {
		t.Errorf("CheckProblem on %d parameters = %v", big.N, err)
	}
}

// A method the runner drops between steps (a budget, a diverged loss) does
// not keep gonum's goroutine: it ends once the method is garbage.
func TestDroppedMethodEndsItsGoroutine(t *testing.T) {
	baseline := methodtest.SettledGoroutines()
	func() {
		p := rosenbrock()
		loc := &optimize.Location{X: []float64{-1.2, 1}}
		loc.F = p.f(loc.X)
		m := lbfgs.DefaultConfig().Method()
		if err := m.Init(p, loc, optimize.Env{}); err != nil {
			t.Fatal(err)
		}
		if _, err := m.Step(loc); err != nil {
			t.Fatal(err)
		}
		if runtime.NumGoroutine() <= baseline {
			t.Fatal("no goroutine runs gonum's method between steps; the test checks nothing")
		}
	}()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > baseline {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines, %d before", runtime.NumGoroutine(), baseline)
		}
		runtime.GC()
		time.Sleep(time.Millisecond)
	}
}
