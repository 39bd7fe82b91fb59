package search_test

import (
	"math"

	"github.com/nnexp/nnexp/optimize"
)

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

// kinds is a problem that reports the parameters in biases as biases.
type kinds struct {
	n      int
	f      func(x []float64) float64
	biases map[int]bool
}

func (k kinds) Dim() int                 { return k.n }
func (k kinds) Func(x []float64) float64 { return k.f(x) }

func (k kinds) IsBias(i int) bool { return k.biases[i] }

// scorer scores a coordinate with relative noise of up to 1e-14, far below
// the 1e-12 band but enough to reorder exact ties, and counts Func calls.
type scorer struct {
	counting
	noise func() float64 // in [-1, 1]
}

func (s *scorer) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	old := x[i]
	for k, v := range values {
		x[i] = v
		f := s.f(x)
		losses[k] = f * (1 + 1e-14*s.noise())
	}
	x[i] = old
}

var (
	_ optimize.ParameterKinds   = kinds{}
	_ optimize.CoordinateScorer = (*scorer)(nil)
)

func sumSquares(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v * v
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
