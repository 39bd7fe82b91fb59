package optimizetest

import (
	"testing"

	"github.com/nnexp/nnexp/optimize"
)

// The wrapper offers a method exactly the capabilities of the problem under
// test, for every combination of them: a method that finds one the problem
// lacks would call into nothing, and one that misses one would never run
// its fast path under the checks.
func TestWrapKeepsCapabilities(t *testing.T) {
	for mask := range 1 << 5 {
		has := func(bit int) bool { return mask&(1<<bit) != 0 }
		// Batched needs Differentiable and an exact scorer a scorer.
		if has(1) && !has(0) || has(3) && !has(2) {
			continue
		}
		pr := newProbe(Problem{})
		if !has(0) {
			pr.diff = nil
		}
		if !has(1) {
			pr.batched = nil
		}
		if !has(2) {
			pr.scorer = nil
		}
		if !has(3) {
			pr.exact = nil
		}
		if !has(4) {
			pr.kinds = nil
		}
		p := pr.wrap()
		_, d := p.(optimize.Differentiable)
		_, b := p.(optimize.Batched)
		_, s := p.(optimize.CoordinateScorer)
		_, e := p.(optimize.ExactCoordinateScorer)
		_, k := p.(optimize.ParameterKinds)
		if got := [5]bool{d, b, s, e, k}; got != [5]bool{has(0), has(1), has(2), has(3), has(4)} {
			t.Errorf("capabilities %05b: the wrapper offers %v", mask, got)
		}
	}
}

// The default problem's three ways to its loss agree bit for bit, and its
// gradient is the loss's.
func TestProblem(t *testing.T) {
	var p Problem
	x := p.Start()
	f := p.Func(x)
	grad := make([]float64, 4)
	if g := p.Grad(grad, x); g != f {
		t.Errorf("Grad's loss %v, Func %v", g, f)
	}
	if g := p.BatchGrad(make([]float64, 4), x, []int{0, 1, 2, 3, 4, 5, 6, 7}); g != f {
		t.Errorf("BatchGrad's loss over every row %v, Func %v", g, f)
	}
	for i := range x {
		const h = 1e-6
		old := x[i]
		x[i] = old + h
		up := p.Func(x)
		x[i] = old - h
		down := p.Func(x)
		x[i] = old
		if fd := (up - down) / (2 * h); grad[i] == 0 || abs(fd-grad[i]) > 1e-8 {
			t.Errorf("grad[%d] = %v, finite difference %v", i, grad[i], fd)
		}
	}
	losses := make([]float64, 3)
	p.ScoreCoordinate(losses, x, 2, []float64{-1, x[2], 1})
	if losses[1] != f || x[2] != p.Start()[2] {
		t.Errorf("scoring the current value gave %v, want %v, and left x %v", losses[1], f, x)
	}
}

func abs(v float64) float64 { return max(v, -v) }
