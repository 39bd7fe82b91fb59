package cmaes

import "math"

// generation gathers what the tolerances look at: the range of the
// generation's losses and of its samples in every parameter.
type generation struct {
	lo, hi     []float64
	fmin, fmax float64
	finite     bool
	samples    int
}

func newGeneration(n int) generation {
	return generation{lo: make([]float64, n), hi: make([]float64, n)}
}

func (g *generation) reset() {
	g.fmin, g.fmax, g.finite, g.samples = math.Inf(1), math.Inf(-1), true, 0
}

func (g *generation) add(x []float64, f float64) {
	if g.samples == 0 {
		copy(g.lo, x)
		copy(g.hi, x)
	} else {
		for i, v := range x {
			g.lo[i] = min(g.lo[i], v)
			g.hi[i] = max(g.hi[i], v)
		}
	}
	g.samples++
	if math.IsNaN(f) || math.IsInf(f, 0) {
		g.finite = false
		return
	}
	g.fmin, g.fmax = min(g.fmin, f), max(g.fmax, f)
}

// converged reports max f - min f < tol over a generation of finite
// losses, or max_i (max_k x_ki - min_k x_ki) < stepTol; a zero tolerance
// turns its test off.
func (g *generation) converged(tol, stepTol float64) bool {
	if g.samples < 2 {
		return false
	}
	if tol > 0 && g.finite && g.fmax-g.fmin < tol {
		return true
	}
	if stepTol <= 0 {
		return false
	}
	for i := range g.lo {
		if !(g.hi[i]-g.lo[i] < stepTol) {
			return false
		}
	}
	return true
}
