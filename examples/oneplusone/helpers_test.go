package oneplusone_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/examples/oneplusone"
	"github.com/nnexp/nnexp/optimize"
)

// start initialises a (1+1)-ES on p at x with a source seeded by seed
// and returns it with its location.
func start(t *testing.T, cfg oneplusone.Config, p optimize.Problem, x []float64, seed uint64) (*oneplusone.Search, *optimize.Location) {
	t.Helper()
	m, ok := cfg.Method().(*oneplusone.Search)
	if !ok {
		t.Fatalf("Method() = %T, want *oneplusone.Search", cfg.Method())
	}
	loc := &optimize.Location{X: x, F: p.Func(x)}
	env := optimize.Env{Rand: rand.New(rand.NewPCG(seed, 0))}
	if err := m.Init(p, loc, env); err != nil {
		t.Fatal(err)
	}
	return m, loc
}

func step(t *testing.T, m optimize.Method, loc *optimize.Location) optimize.Status {
	t.Helper()
	s, err := m.Step(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// counting wraps a function and counts Func calls.
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

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
