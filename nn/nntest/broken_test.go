package nntest_test

import (
	"math"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// Broken losses, each wrong in one way, built on the built-ins.

// halfGrad is MSE with the gradient of half of it.
type halfGrad struct{ losses.MSE }

func (h halfGrad) RowGrad(grad, out, target []float64) float64 {
	f := h.MSE.RowGrad(grad, out, target)
	for k := range out {
		grad[k] /= 2
	}
	return f
}

// unaveraged's RowGrad forgets to divide its loss by the outputs.
type unaveraged struct{ losses.MAE }

func (u unaveraged) RowGrad(grad, out, target []float64) float64 {
	return u.MAE.RowGrad(grad, out, target) * float64(len(out))
}

// overwrites writes one gradient entry more than it has outputs.
type overwrites struct{ losses.MSE }

func (o overwrites) RowGrad(grad, out, target []float64) float64 {
	grad[len(out)] = 0
	return o.MSE.RowGrad(grad, out, target)
}

// wideHuber claims knots at ±2 for a Huber loss of delta 1.
type wideHuber struct{ losses.Huber }

func (wideHuber) ErrorKnots() []float64 { return []float64{-2, 2} }

func (w wideHuber) ErrorPiece(q int) (a2, a1, a0 float64) {
	return losses.Huber{Delta: 2}.ErrorPiece(q)
}

// unordered gives MAE's knot twice.
type unordered struct{ losses.MAE }

func (unordered) ErrorKnots() []float64 { return []float64{0, 0} }

// concave claims a negative a2.
type concave struct{ losses.MAE }

func (concave) ErrorPiece(q int) (a2, a1, a0 float64) { return -1, 0, 0 }

// slightlyOff has MAE's pieces a little off on the right of the knot.
type slightlyOff struct{ losses.MAE }

func (slightlyOff) ErrorPiece(q int) (a2, a1, a0 float64) {
	if q == 0 {
		return 0, -1, 0
	}
	return 0, 1 + 1e-9, 0
}

// notSquared is MAE claiming to be a squared error.
type notSquared struct{ losses.MAE }

func (notSquared) IsSquaredError() bool { return true }

// smoothed is cross-entropy with label smoothing (0.1), still claiming
// the plain formula it embeds.
type smoothed struct{ losses.CrossEntropy }

func (s smoothed) Row(out, target []float64) float64 {
	mean := 0.0
	for c := range out {
		mean += s.CrossEntropy.Row(out, []float64{float64(c)})
	}
	return 0.9*s.CrossEntropy.Row(out, target) + 0.1*mean/float64(len(out))
}

func (s smoothed) RowGrad(grad, out, target []float64) float64 {
	s.CrossEntropy.RowGrad(grad, out, target)
	return s.Row(out, target)
}

var (
	_ nn.ErrorPieces         = wideHuber{}
	_ nn.SquaredError        = notSquared{}
	_ nn.SoftmaxCrossEntropy = smoothed{}
)

// clamping clamps the outputs in place before scoring them.
type clamping struct{ losses.MSE }

func (c clamping) Row(out, target []float64) float64 {
	for k := range out {
		out[k] = max(-10, min(10, out[k]))
	}
	return c.MSE.Row(out, target)
}

// Broken activations.

// badTanh's derivative is 1-a, not 1-a².
type badTanh struct{ nn.LayerActivation }

func (badTanh) Derivative(_, a float64) float64 { return 1 - a }

// negZeroReLU's layer method gives -0 where Apply gives +0: invisible to
// ==, but not to the bit-exact scorer.
type negZeroReLU struct{ nn.Activation }

func (r negZeroReLU) ApplyLayer(a, z []float64) {
	for j, v := range z {
		if v > 0 {
			a[j] = v
		} else {
			a[j] = 0 * v
		}
	}
}

func (r negZeroReLU) ScaleByDerivative(delta, z, _ []float64) {
	for j := range delta {
		delta[j] *= r.Derivative(z[j], 0)
	}
}

// steepLeaky's layer derivative uses slope 0.1 where Derivative says 0.01.
type steepLeaky struct{ nn.LayerActivation }

func (s steepLeaky) ScaleByDerivative(delta, z, _ []float64) {
	for j := range delta {
		if z[j] <= 0 {
			delta[j] *= 0.1
		}
	}
}

// elu is exp(z)-1 below 0, claiming to be piecewise linear with its slope
// at 0.
type elu struct{}

func (elu) Apply(z float64) float64 {
	if z > 0 {
		return z
	}
	return math.Expm1(z)
}

func (elu) Derivative(z, a float64) float64 {
	if z > 0 {
		return 1
	}
	return a + 1
}

func (elu) NegativeSlope() float64 { return 1 }

var (
	_ nn.LayerActivation = badTanh{activations.Tanh.(nn.LayerActivation)}
	_ nn.LayerActivation = negZeroReLU{activations.ReLU}
	_ nn.PiecewiseLinear = elu{}
)

// withoutPromise is elu without the PiecewiseLinear claim: a correct
// activation.
func (e elu) withoutPromise() nn.Activation {
	return struct{ nn.Activation }{e}
}
