package es_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/es"
)

// start initialises cfg's method on p at x with a source seeded by seed.
func start(t *testing.T, cfg es.Config, p optimize.Problem, x []float64, seed uint64) (optimize.Method, *optimize.Location) {
	t.Helper()
	m := cfg.Method()
	loc := &optimize.Location{X: x, F: p.Func(x)}
	if err := m.Init(p, loc, optimize.Env{Rand: rand.New(rand.NewPCG(seed, seed))}); err != nil {
		t.Fatal(err)
	}
	return m, loc
}

// run steps m until it stops and returns the losses after each step.
func run(t *testing.T, m optimize.Method, loc *optimize.Location) []float64 {
	t.Helper()
	var fs []float64
	for {
		s, err := m.Step(loc)
		if err != nil {
			t.Fatal(err)
		}
		fs = append(fs, loc.F)
		if s != optimize.Running {
			return fs
		}
	}
}

// counting is a plain function (no capability) that counts Func calls.
type counting struct {
	n     int
	f     func(x []float64) float64
	calls int
}

func (c *counting) Dim() int { return c.n }

func (c *counting) Func(x []float64) float64 {
	c.calls++
	return c.f(x)
}

// quadratic is sum (x_i - c_i)^2, minimum 0 at c.
func quadratic(c []float64) func(x []float64) float64 {
	return func(x []float64) float64 {
		s := 0.0
		for i, v := range x {
			d := v - c[i]
			s += d * d
		}
		return s
	}
}

// rosenbrock is (1-x0)^2 + 100 (x1-x0^2)^2, minimum 0 at (1, 1).
func rosenbrock(x []float64) float64 {
	a, b := 1-x[0], x[1]-x[0]*x[0]
	return a*a + 100*b*b
}

// centre is the 10-D quadratic's minimum.
var centre = []float64{1, -2, 3, -4, 5, 0.5, -0.25, 2, -1, 0}
