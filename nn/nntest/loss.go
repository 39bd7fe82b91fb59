package nntest

import (
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// Sample is one row a loss is checked at: a model's outputs and the row's
// target (one value per output for regression, the class index for
// classification).
type Sample struct {
	Out, Target []float64
}

// LossOptions says where TestLoss checks a loss. The zero value uses the
// defaults below.
type LossOptions struct {
	// Samples are the rows the gradient and Row are checked at; nil means
	// built-in ones for the loss's task: one and three outputs, errors of
	// both signs from 0.019 to 1000 away from 0 and ±1, several targets;
	// or three and two logits with every class. Choose samples away from
	// any kink not announced as an ErrorPieces knot, where a finite
	// difference is meaningless.
	Samples []Sample
	// Tolerance is the largest difference allowed between RowGrad's
	// gradient and a central finite difference of Row, relative to the
	// larger of 1 and their magnitudes; 0 means 1e-6.
	Tolerance float64
}

// TestLoss checks l's promises and returns an error naming each one broken
// (the first failure of each kind), or nil:
//
//   - at every sample, RowGrad returns Row's value bit for bit, writes no
//     further than grad[len(out)-1], and neither modifies out or target;
//   - when l is Differentiable, RowGrad's gradient agrees with central
//     finite differences of Row, except where an output's error is within
//     a step of an ErrorPieces knot;
//   - when l is an nn.ErrorPieces regression loss, ErrorKnots are finite,
//     strictly ascending and the same at every call, every piece has
//     finite coefficients and a2 >= 0, and with one output Row equals the
//     piece's quadratic in the error up to rounding (a relative 1e-12 of
//     the size of its terms, far below any real error in a formula), at
//     many errors on every piece, next to each knot on both sides and on
//     it (where either neighbour may hold), for several targets;
//   - when l is an nn.SquaredError regression loss whose IsSquaredError
//     reports true, Row is the mean of the squared errors up to rounding
//     (a relative 1e-12) at the regression samples;
//   - when l is an nn.SoftmaxCrossEntropy whose IsSoftmaxCrossEntropy
//     reports true, Row is logsumexp(out) - out[class] up to rounding (a
//     relative 1e-12) at the samples whose target is a class index.
func TestLoss(l nn.Loss, opt LossOptions) error {
	var r report
	if l == nil {
		r.failf("nil", "the loss is nil")
		return r.err()
	}
	task := nn.LossTask(l)
	samples := opt.Samples
	if samples == nil {
		samples = defaultSamples(task)
	}
	tol := opt.Tolerance
	if tol == 0 {
		tol = 1e-6
	}
	var knots []float64
	if ep, ok := l.(nn.ErrorPieces); ok && task == nn.Regression {
		knots = ep.ErrorKnots()
	}
	for _, s := range samples {
		checkRow(&r, l, s)
		if l.Differentiable() {
			checkGrad(&r, l, s, knots, tol)
		}
	}
	if ep, ok := l.(nn.ErrorPieces); ok && task == nn.Regression {
		checkPieces(&r, ep)
	}
	if sq, ok := l.(nn.SquaredError); ok && task == nn.Regression && sq.IsSquaredError() {
		checkSquared(&r, l, samples)
	}
	if sm, ok := l.(nn.SoftmaxCrossEntropy); ok && sm.IsSoftmaxCrossEntropy() {
		checkSoftmax(&r, l, samples)
	}
	return r.err()
}

// defaultSamples are rows away from the kinks losses commonly have (an
// error of 0, or ±1 for Huber's default delta).
func defaultSamples(task nn.Task) []Sample {
	if task == nn.Classification {
		var s []Sample
		for _, out := range [][]float64{{0.3, -1.2, 2.1}, {1000, 0, -5}, {-0.5, 0.25}} {
			for c := range out {
				s = append(s, Sample{out, []float64{float64(c)}})
			}
		}
		return s
	}
	var s []Sample
	for _, t := range []float64{0, 0.7, -3.1} {
		for _, d := range []float64{-1000, -2.3, -0.37, 0.019, 0.61, 1.9, 47} {
			s = append(s, Sample{[]float64{t + d}, []float64{t}})
		}
	}
	return append(s,
		Sample{[]float64{0.3, -1.2, 2.5}, []float64{1.1, -0.4, -0.6}},
		Sample{[]float64{12, -0.05, 3}, []float64{-0.6, 0.5, 1.3}},
	)
}

// checkRow checks that RowGrad returns Row, stays within grad[:len(out)],
// and that neither touches its inputs.
func checkRow(r *report, l nn.Loss, s Sample) {
	out, target := slices.Clone(s.Out), slices.Clone(s.Target)
	row := l.Row(out, target)
	if !slices.EqualFunc(out, s.Out, sameFloat) || !slices.EqualFunc(target, s.Target, sameFloat) {
		r.failf("inputs", "Row(%v, %v) modified its arguments to %v, %v", s.Out, s.Target, out, target)
		return
	}
	const guard = -7.25 // a value RowGrad has no reason to write
	grad := make([]float64, len(out)+1)
	grad[len(out)] = guard
	got := l.RowGrad(grad, out, target)
	if !slices.EqualFunc(out, s.Out, sameFloat) || !slices.EqualFunc(target, s.Target, sameFloat) {
		r.failf("inputs", "RowGrad(grad, %v, %v) modified out or target to %v, %v", s.Out, s.Target, out, target)
	}
	if !sameFloat(got, row) {
		r.failf("rowgrad", "RowGrad(grad, %v, %v) returned %v but Row returned %v; they must be equal bit for bit", s.Out, s.Target, got, row)
	}
	if grad[len(out)] != guard {
		r.failf("grad length", "RowGrad(grad, %v, %v) wrote grad[%d], past the %d outputs", s.Out, s.Target, len(out), len(out))
	}
}

// checkGrad compares RowGrad's gradient with central differences of Row,
// output by output, skipping outputs whose error is next to a knot.
func checkGrad(r *report, l nn.Loss, s Sample, knots []float64, tol float64) {
	out, target := slices.Clone(s.Out), slices.Clone(s.Target)
	grad := make([]float64, len(out)+1) // one spare, reported by checkRow
	l.RowGrad(grad, out, target)
	for k := range out {
		if len(target) == len(out) && nearAny(out[k]-target[k], knots) {
			continue
		}
		fd := centralDiff(func(v float64) float64 {
			old := out[k]
			out[k] = v
			f := l.Row(out, target)
			out[k] = old
			return f
		}, out[k])
		if !nearlyEqual(grad[k], fd, tol) {
			r.failf("gradient", "RowGrad's gradient at out = %v, target = %v has grad[%d] = %v, but the central difference of Row is %v", s.Out, s.Target, k, grad[k], fd)
		}
	}
}
