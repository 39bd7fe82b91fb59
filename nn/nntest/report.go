package nntest

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// report gathers what a check found, keeping only the first failure of each
// kind so that one broken formula does not bury the others under a hundred
// lines.
type report struct {
	errs []error
	seen map[string]bool
}

func (r *report) failf(kind, format string, args ...any) {
	if r.seen[kind] {
		return
	}
	if r.seen == nil {
		r.seen = map[string]bool{}
	}
	r.seen[kind] = true
	r.errs = append(r.errs, fmt.Errorf("nntest: "+format, args...))
}

func (r *report) err() error { return errors.Join(r.errs...) }

// sameFloat reports whether a and b are the same float64 bit for bit, any
// NaN being the same as any other.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

// nearlyEqual reports whether got is within tol of want relative to the larger
// of 1 and their magnitudes: relative for large values, absolute for small
// ones, where finite differences have only absolute accuracy.
func nearlyEqual(got, want, tol float64) bool {
	return math.Abs(got-want) <= tol*max(1, math.Abs(got), math.Abs(want))
}

// step is the finite-difference step at v, about the cube root of the
// float64 epsilon at v's scale, which balances the central difference's
// truncation error against rounding. It is returned as the exact distance
// between the two points, so that rounding of v±h does not skew the slope.
func step(v float64) (lo, hi, h2 float64) {
	h := 6e-6 * max(1, math.Abs(v))
	lo, hi = v-h, v+h
	return lo, hi, hi - lo
}

// centralDiff is the central difference of f at v.
func centralDiff(f func(float64) float64, v float64) float64 {
	lo, hi, h2 := step(v)
	return (f(hi) - f(lo)) / h2
}

// nearAny reports whether v is within a finite-difference step of any of
// points, where a central difference would straddle a kink.
func nearAny(v float64, points []float64) bool {
	_, _, h2 := step(v)
	return slices.ContainsFunc(points, func(k float64) bool { return math.Abs(v-k) <= h2 })
}
