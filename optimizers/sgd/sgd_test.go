package sgd_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/methodtest"
	"github.com/nnexp/nnexp/optimizers/sgd"
)

// bowl is f(x) = 0.5*(x0-3)^2 + 2*x1^2, with gradient (x0-3, 4*x1). It
// counts gradient calls.
type bowl struct{ grads int }

func (b *bowl) Dim() int { return 2 }

func (b *bowl) Func(x []float64) float64 {
	return 0.5*(x[0]-3)*(x[0]-3) + 2*x[1]*x[1]
}

func (b *bowl) Grad(grad, x []float64) float64 {
	b.grads++
	grad[0], grad[1] = x[0]-3, 4*x[1]
	return b.Func(x)
}

// start initialises a method on p at x.
func start(t *testing.T, m optimize.Method, p optimize.Problem, x []float64, env optimize.Env) *optimize.Location {
	t.Helper()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	return loc
}

// step takes one Step as the runner does (methodtest.Step): without a
// plateau schedule the method leaves the loss, must not evaluate it, and
// is given p's; with one it sets loc.F itself, which its tests check, and
// p is not called here, so that a scripted loss keeps its order.
func step(t *testing.T, m optimize.Method, p optimize.Problem, loc *optimize.Location) optimize.Status {
	t.Helper()
	s, err := methodtest.Step(m, loc, p.Func)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHandComputedSteps checks two full-batch updates on the bowl from
// (0, 1) with lr 0.25 and momentum 0.5 against values computed by hand
// with torch.optim.SGD's formulas (dampening 0):
//
//	g = grad + wd*x;  b = g (first update) else mu*b + g
//	g = g + mu*b (Nesterov) else g = b;  x -= lr*g
//
// Every number is a dyadic fraction, so the float64 results are exact and
// are compared bit for bit.
//
// Momentum: g1 = (-3, 4) = b1, x1 = (0.75, 0); g2 = (-2.25, 0),
// b2 = 0.5*(-3, 4) + g2 = (-3.75, 2), x2 = (0.75+0.9375, 0-0.5) =
// (1.6875, -0.5).
//
// Nesterov: b1 = g1 = (-3, 4), step g1 + 0.5*b1 = (-4.5, 6), x1 = (1.125,
// -0.5); g2 = (-1.875, -2), b2 = (-1.5-1.875, 2-2) = (-3.375, 0), step
// g2 + 0.5*b2 = (-3.5625, -2), x2 = (1.125+0.890625, -0.5+0.5) =
// (2.015625, 0).
//
// Momentum with weight decay 0.5: g1 = (-3, 4) + 0.5*(0, 1) = (-3, 4.5) =
// b1, x1 = (0.75, -0.125); g2 = (-2.25, -0.5) + 0.5*x1 = (-1.875,
// -0.5625), b2 = (-1.5-1.875, 2.25-0.5625) = (-3.375, 1.6875),
// x2 = (0.75+0.84375, -0.125-0.421875) = (1.59375, -0.546875).
//
// Plain (no momentum), lr 0.25: x1 = (0.75, 0), x2 = (0.75+0.5625, 0) =
// (1.3125, 0).
func TestHandComputedSteps(t *testing.T) {
	cases := []struct {
		name     string
		mu, wd   float64
		nesterov bool
		want     [2][2]float64
	}{
		{"momentum", 0.5, 0, false, [2][2]float64{{0.75, 0}, {1.6875, -0.5}}},
		{"nesterov", 0.5, 0, true, [2][2]float64{{1.125, -0.5}, {2.015625, 0}}},
		{"momentum and weight decay", 0.5, 0.5, false, [2][2]float64{{0.75, -0.125}, {1.59375, -0.546875}}},
		{"plain", 0, 0, false, [2][2]float64{{0.75, 0}, {1.3125, 0}}},
	}
	for _, c := range cases {
		cfg := sgd.Config{LearningRate: 0.25, Momentum: c.mu, Nesterov: c.nesterov, WeightDecay: c.wd, Epochs: 10}
		m := cfg.Method()
		p := &bowl{}
		loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
		for i, w := range c.want {
			if s := step(t, m, p, loc); s != optimize.Running {
				t.Fatalf("%s: step %d: status %v, want running", c.name, i+1, s)
			}
			if loc.X[0] != w[0] || loc.X[1] != w[1] {
				t.Errorf("%s: step %d: x = (%v, %v), want (%v, %v)", c.name, i+1, loc.X[0], loc.X[1], w[0], w[1])
			}
			if f := p.Func(loc.X); loc.F != f {
				t.Errorf("%s: step %d: loc.F = %v, Func(loc.X) = %v", c.name, i+1, loc.F, f)
			}
		}
		if p.grads != 2 {
			t.Errorf("%s: %d gradient calls for 2 full-batch epochs, want 2", c.name, p.grads)
		}
	}
}

// run steps m until it stops and returns the epochs taken.
func run(t *testing.T, m optimize.Method, p optimize.Problem, loc *optimize.Location) int {
	t.Helper()
	n := 0
	for s := optimize.Running; s == optimize.Running; n++ {
		s = step(t, m, p, loc)
	}
	return n
}

// TestBowlMinimum: with momentum 0.9 and lr 0.1, 400 full-batch epochs
// (400 gradients) bring the bowl from (0, 1) to its minimum (3, 0) within
// 1e-7 in x and 1e-14 in f. Momentum on this quadratic (curvatures 1 and 4,
// both under-damped at these settings) contracts by about sqrt(0.9) = 0.949
// per step, so 400 steps leave about 1e-9 times a small polynomial factor.
func TestBowlMinimum(t *testing.T) {
	for _, nesterov := range []bool{false, true} {
		cfg := sgd.Config{LearningRate: 0.1, Momentum: 0.9, Nesterov: nesterov, Epochs: 400}
		m := cfg.Method()
		p := &bowl{}
		loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
		if n := run(t, m, p, loc); n != 400 {
			t.Errorf("nesterov %v: %d epochs, want 400", nesterov, n)
		}
		if math.Abs(loc.X[0]-3) > 1e-7 || math.Abs(loc.X[1]) > 1e-7 || loc.F > 1e-14 {
			t.Errorf("nesterov %v: ended at %v with f = %v, want (3, 0) and f <= 1e-14", nesterov, loc.X, loc.F)
		}
		t.Logf("nesterov %v: x = %v, f = %v after %d gradients", nesterov, loc.X, loc.F, p.grads)
		if p.grads != 400 {
			t.Errorf("nesterov %v: %d gradients, want 400", nesterov, p.grads)
		}
	}
}

// rosenbrock is f(x) = (1-x0)^2 + 100(x1-x0^2)^2, minimum 0 at (1, 1).
var rosenbrock = optimize.FuncGrad{
	N: 2,
	F: func(x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		return a*a + 100*b*b
	},
	G: func(grad, x []float64) float64 {
		a, b := 1-x[0], x[1]-x[0]*x[0]
		grad[0] = -2*a - 400*x[0]*b
		grad[1] = 200 * b
		return a*a + 100*b*b
	},
}

// TestRosenbrock: from the classic start (-1.2, 1), Nesterov SGD with lr
// 1e-3 and momentum 0.9 follows the curved valley to (1, 1) within 1e-4
// in 20,000 epochs (one gradient each).
func TestRosenbrock(t *testing.T) {
	cfg := sgd.Config{LearningRate: 1e-3, Momentum: 0.9, Nesterov: true, Epochs: 20_000}
	m := cfg.Method()
	loc := start(t, m, rosenbrock, []float64{-1.2, 1}, optimize.Env{})
	n := run(t, m, rosenbrock, loc)
	t.Logf("x = %v, f = %v after %d epochs", loc.X, loc.F, n)
	if math.Abs(loc.X[0]-1) > 1e-4 || math.Abs(loc.X[1]-1) > 1e-4 {
		t.Errorf("ended at %v with f = %v, want (1, 1) within 1e-4", loc.X, loc.F)
	}
}
