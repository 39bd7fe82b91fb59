package optimizetest

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/nnexp/nnexp/optimize"
)

// probe stands between a method and the problem under test. It counts
// evaluations (Func, Grad and BatchGrad count one each, ScoreCoordinate one
// per value, as the optimize contract counts them), cancels the run's
// context at a chosen evaluation, and checks every call's arguments, so that
// a method's misuse is reported as such rather than as a crash inside the
// problem. Problems it finds are raised as panics of type violation and
// recovered by the run.
type probe struct {
	p       optimize.Problem
	dim     int
	diff    optimize.Differentiable
	batched optimize.Batched
	scorer  optimize.CoordinateScorer
	exact   optimize.ExactCoordinateScorer
	kinds   optimize.ParameterKinds
	output  optimize.OutputLayer

	// mu serializes calls into the problem, so that a method that calls
	// it from several goroutines races neither the problem nor the
	// counts; overlapped records that one call had to wait for another.
	mu         sync.Mutex
	overlapped atomic.Bool

	evals int
	// cancel is called when evals reaches cancelAt; cancelledAt is evals
	// then, or -1. within is how many evaluations may follow.
	cancel      func()
	cancelAt    int
	cancelledAt int
	within      int
}

// violation is a broken rule found inside a problem call.
type violation struct{ msg string }

func (v violation) Error() string { return v.msg }

func newProbe(p optimize.Problem) *probe {
	pr := &probe{p: p, dim: p.Dim(), cancelledAt: -1}
	pr.diff, _ = p.(optimize.Differentiable)
	pr.batched, _ = p.(optimize.Batched)
	pr.scorer, _ = p.(optimize.CoordinateScorer)
	pr.exact, _ = p.(optimize.ExactCoordinateScorer)
	pr.kinds, _ = p.(optimize.ParameterKinds)
	pr.output, _ = p.(optimize.OutputLayer)
	return pr
}

// count records n evaluations made by one call, cancelling the context when
// the count reaches cancelAt and stopping the method once it has gone on
// for more than within evaluations after that.
func (pr *probe) count(n int, call string) {
	if pr.cancelledAt >= 0 && pr.evals+n-pr.cancelledAt > pr.within {
		panic(overrun{call: call, after: pr.evals - pr.cancelledAt})
	}
	pr.evals += n
	if pr.cancel != nil && pr.cancelledAt < 0 && pr.evals >= pr.cancelAt {
		pr.cancel()
		pr.cancelledAt = pr.evals
	}
}

// enter starts a call into the problem; the caller defers the unlock.
func (pr *probe) enter() *sync.Mutex {
	if !pr.mu.TryLock() {
		pr.overlapped.Store(true)
		pr.mu.Lock()
	}
	return &pr.mu
}

func (pr *probe) checkX(call string, x []float64) {
	if len(x) != pr.dim {
		panic(violation{fmt.Sprintf("%s called with len(x) = %d, the problem's Dim is %d", call, len(x), pr.dim)})
	}
}

func (pr *probe) checkGrad(call string, grad []float64) {
	if len(grad) != pr.dim {
		panic(violation{fmt.Sprintf("%s called with len(grad) = %d, the problem's Dim is %d", call, len(grad), pr.dim)})
	}
}

func (pr *probe) checkIndex(call string, i int) {
	if i < 0 || i >= pr.dim {
		panic(violation{fmt.Sprintf("%s called with parameter %d of %d", call, i, pr.dim)})
	}
}

func (pr *probe) Dim() int { return pr.dim }

func (pr *probe) Func(x []float64) float64 {
	defer pr.enter().Unlock()
	pr.checkX("Func", x)
	pr.count(1, "Func")
	return pr.p.Func(x)
}

// The capabilities, one type each. A wrapped problem embeds those its
// problem has, so that a method's type assertions find exactly the
// capabilities the problem under test offers.
type (
	base      struct{ *probe }
	withGrad  struct{ pr *probe }
	withBatch struct{ pr *probe }
	withScore struct{ pr *probe }
	withExact struct{ pr *probe }
	withKinds struct{ pr *probe }
)

func (w withGrad) Grad(grad, x []float64) float64 {
	defer w.pr.enter().Unlock()
	w.pr.checkGrad("Grad", grad)
	w.pr.checkX("Grad", x)
	w.pr.count(1, "Grad")
	return w.pr.diff.Grad(grad, x)
}

func (w withBatch) Rows() int { return w.pr.batched.Rows() }

func (w withBatch) BatchGrad(grad, x []float64, rows []int) float64 {
	defer w.pr.enter().Unlock()
	w.pr.checkGrad("BatchGrad", grad)
	w.pr.checkX("BatchGrad", x)
	if len(rows) == 0 {
		panic(violation{"BatchGrad called with no rows"})
	}
	n := w.pr.batched.Rows()
	for _, r := range rows {
		if r < 0 || r >= n {
			panic(violation{fmt.Sprintf("BatchGrad called with row %d of %d", r, n)})
		}
	}
	w.pr.count(1, "BatchGrad")
	return w.pr.batched.BatchGrad(grad, x, rows)
}

func (w withScore) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	defer w.pr.enter().Unlock()
	w.pr.checkX("ScoreCoordinate", x)
	w.pr.checkIndex("ScoreCoordinate", i)
	if len(losses) < len(values) {
		panic(violation{fmt.Sprintf("ScoreCoordinate called with %d losses for %d values", len(losses), len(values))})
	}
	w.pr.count(len(values), "ScoreCoordinate")
	w.pr.scorer.ScoreCoordinate(losses, x, i, values)
}

func (w withExact) ScoresExactMinimum() bool { return w.pr.exact.ScoresExactMinimum() }

func (w withKinds) IsBias(i int) bool {
	w.pr.checkIndex("IsBias", i)
	return w.pr.kinds.IsBias(i)
}

// wrap returns pr as a problem with the capabilities of pr.p: no gradient,
// Differentiable or Batched; no scorer, CoordinateScorer or
// ExactCoordinateScorer; with or without ParameterKinds; and OutputLayer
// as wrapOutput says.
func (pr *probe) wrap() optimize.Problem {
	if p, ok := pr.wrapOutput(); ok {
		return p
	}
	b, g, bt := base{pr}, withGrad{pr}, withBatch{pr}
	s, e, k := withScore{pr}, withExact{pr}, withKinds{pr}
	grad, score := 0, 0
	switch {
	case pr.batched != nil:
		grad = 2
	case pr.diff != nil:
		grad = 1
	}
	switch {
	case pr.exact != nil:
		score = 2
	case pr.scorer != nil:
		score = 1
	}
	if pr.kinds == nil {
		switch [2]int{grad, score} {
		case [2]int{0, 0}:
			return b
		case [2]int{0, 1}:
			return struct {
				base
				withScore
			}{b, s}
		case [2]int{0, 2}:
			return struct {
				base
				withScore
				withExact
			}{b, s, e}
		case [2]int{1, 0}:
			return struct {
				base
				withGrad
			}{b, g}
		case [2]int{1, 1}:
			return struct {
				base
				withGrad
				withScore
			}{b, g, s}
		case [2]int{1, 2}:
			return struct {
				base
				withGrad
				withScore
				withExact
			}{b, g, s, e}
		case [2]int{2, 0}:
			return struct {
				base
				withGrad
				withBatch
			}{b, g, bt}
		case [2]int{2, 1}:
			return struct {
				base
				withGrad
				withBatch
				withScore
			}{b, g, bt, s}
		default:
			return struct {
				base
				withGrad
				withBatch
				withScore
				withExact
			}{b, g, bt, s, e}
		}
	}
	switch [2]int{grad, score} {
	case [2]int{0, 0}:
		return struct {
			base
			withKinds
		}{b, k}
	case [2]int{0, 1}:
		return struct {
			base
			withScore
			withKinds
		}{b, s, k}
	case [2]int{0, 2}:
		return struct {
			base
			withScore
			withExact
			withKinds
		}{b, s, e, k}
	case [2]int{1, 0}:
		return struct {
			base
			withGrad
			withKinds
		}{b, g, k}
	case [2]int{1, 1}:
		return struct {
			base
			withGrad
			withScore
			withKinds
		}{b, g, s, k}
	case [2]int{1, 2}:
		return struct {
			base
			withGrad
			withScore
			withExact
			withKinds
		}{b, g, s, e, k}
	case [2]int{2, 0}:
		return struct {
			base
			withGrad
			withBatch
			withKinds
		}{b, g, bt, k}
	case [2]int{2, 1}:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withKinds
		}{b, g, bt, s, k}
	default:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withExact
			withKinds
		}{b, g, bt, s, e, k}
	}
}
