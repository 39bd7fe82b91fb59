package nntest

import (
	"math"
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// ActivationOptions says where TestActivation checks an activation. The
// zero value uses the defaults below.
type ActivationOptions struct {
	// Points are the pre-activations at which Derivative is compared with
	// finite differences of Apply; nil means ±0.013, ±0.31, ±0.9, ±1.7,
	// ±4.2 and ±23.
	Points []float64
	// Kinks are where Apply may bend; points within a finite-difference
	// step of one are skipped. nil means 0, where the piecewise-linear
	// activations bend.
	Kinks []float64
	// Tolerance is the largest difference allowed between Derivative and
	// the central difference, relative to the larger of 1 and their
	// magnitudes; 0 means 1e-6.
	Tolerance float64
}

// awkward are the values where a layer method or a piecewise-linear
// shortcut could part from Apply: zeros of both signs, NaN, infinities,
// subnormal, tiny, ordinary, huge and the largest values of both signs.
var awkward = []float64{0, math.Copysign(0, -1), math.NaN(), math.Inf(1), math.Inf(-1),
	5e-324, -5e-324, 1e-310, -1e-310, 1e-300, -1e-300, 1e-8, -1e-8,
	0.3, -0.3, 1, -1, 2.5, -2.5, 40, -40, 1e300, -1e300, math.MaxFloat64, -math.MaxFloat64}

// TestActivation checks a's promises and returns an error naming each one
// broken (the first failure of each kind), or nil:
//
//   - Derivative(z, Apply(z)) agrees with central finite differences of
//     Apply at the points, away from the kinks;
//   - when a is an nn.LayerActivation, at the points and at awkward values
//     (±0, NaN, ±Inf, subnormal, tiny, huge, ±MaxFloat64), ApplyLayer
//     gives Apply's result bit for bit and ScaleByDerivative gives
//     delta·Derivative bit for bit for a positive delta, and as a number
//     for a negative one (a layer method that masks gives +0 where the
//     product is -0; the sign of a zero gradient term moves no
//     parameter), and neither modifies its inputs;
//   - when a is an nn.PiecewiseLinear, NegativeSlope is finite and the same
//     at every call, and at the same awkward values Apply(z) is z bit for
//     bit for z > 0 and NegativeSlope()·z up to the rounding of the
//     product for z <= 0 (4 ulps, or twice the smallest float64 among
//     subnormals); NaN and -Inf, which have no such value, are skipped.
func TestActivation(a nn.Activation, opt ActivationOptions) error {
	var r report
	if a == nil {
		r.failf("nil", "the activation is nil")
		return r.err()
	}
	points, kinks, tol := opt.Points, opt.Kinks, opt.Tolerance
	if points == nil {
		for _, z := range []float64{0.013, 0.31, 0.9, 1.7, 4.2, 23} {
			points = append(points, z, -z)
		}
	}
	if kinks == nil {
		kinks = []float64{0}
	}
	if tol == 0 {
		tol = 1e-6
	}
	for _, z := range points {
		if nearAny(z, kinks) {
			continue
		}
		d := a.Derivative(z, a.Apply(z))
		if fd := centralDiff(a.Apply, z); !nearlyEqual(d, fd, tol) {
			r.failf("derivative", "Derivative(%v, Apply(%v)) = %v, but the central difference of Apply is %v", z, z, d, fd)
		}
	}
	if la, ok := a.(nn.LayerActivation); ok {
		checkLayer(&r, la, append(slices.Clone(awkward), points...))
	}
	if pl, ok := a.(nn.PiecewiseLinear); ok {
		checkPiecewiseLinear(&r, pl)
	}
	return r.err()
}

// checkLayer compares the layer methods with Apply and Derivative, value by
// value.
func checkLayer(r *report, la nn.LayerActivation, z []float64) {
	zIn := slices.Clone(z)
	act := make([]float64, len(z))
	for j := range act {
		act[j] = -123.5 // ApplyLayer must overwrite, not read, its output
	}
	la.ApplyLayer(act, z)
	if !slices.EqualFunc(z, zIn, sameFloat) {
		r.failf("layer inputs", "ApplyLayer modified z")
		return
	}
	for j, v := range z {
		if want := la.Apply(v); !sameFloat(act[j], want) {
			r.failf("apply layer", "ApplyLayer gives %v at z = %v, Apply %v; they must be equal bit for bit", act[j], v, want)
		}
	}
	for _, sign := range []float64{1.5, -0.75} {
		delta := make([]float64, len(z))
		for j := range delta {
			delta[j] = sign
		}
		aIn := slices.Clone(act)
		la.ScaleByDerivative(delta, z, act)
		if !slices.EqualFunc(z, zIn, sameFloat) || !slices.EqualFunc(act, aIn, sameFloat) {
			r.failf("layer inputs", "ScaleByDerivative modified z or a")
			return
		}
		for j, v := range z {
			want := sign * la.Derivative(v, act[j])
			if !sameFloat(delta[j], want) && !(sign < 0 && delta[j] == want) {
				r.failf("scale layer", "ScaleByDerivative gives %v at z = %v with delta %v, but delta·Derivative is %v", delta[j], v, sign, want)
			}
		}
	}
}

// checkPiecewiseLinear checks NegativeSlope and Apply against the promise.
func checkPiecewiseLinear(r *report, pl nn.PiecewiseLinear) {
	s := pl.NegativeSlope()
	if math.IsNaN(s) || math.IsInf(s, 0) {
		r.failf("slope", "NegativeSlope() = %v, not finite", s)
		return
	}
	if again := pl.NegativeSlope(); !sameFloat(s, again) {
		r.failf("slope", "NegativeSlope() returned %v, then %v; it must be constant", s, again)
		return
	}
	for _, z := range awkward {
		got := pl.Apply(z)
		switch {
		case math.IsNaN(z) || math.IsInf(z, -1):
			// NaN has no side, and the promise's s·(-Inf) is NaN for s = 0.
		case z > 0:
			if !sameFloat(got, z) {
				r.failf("piecewise linear", "Apply(%v) = %v, but PiecewiseLinear promises z for z > 0", z, got)
			}
		default:
			// One rounding of the product, and an apply that divides
			// where it might multiply, differ by an ulp or two; in the
			// subnormal range an ulp is the smallest float64.
			want := s * z
			if !(math.Abs(got-want) <= 4*0x1p-52*math.Abs(want)+2*math.SmallestNonzeroFloat64) {
				r.failf("piecewise linear", "Apply(%v) = %v, but PiecewiseLinear promises NegativeSlope()·z = %v·%v = %v for z <= 0", z, got, s, z, want)
			}
		}
	}
}
