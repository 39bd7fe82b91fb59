package nntest

import (
	"math"
	"slices"

	"github.com/nnexp/nnexp/nn"
)

// roundingTol is how far apart a promise's formula and Row may be, relative
// to the size of the formula's terms: far above the few roundings in which
// two correct ways of computing the same value differ, far below any real
// difference in the formula.
const roundingTol = 1e-12

// pieceTargets are the targets the ErrorPieces promise is checked with,
// since Row must depend on the error alone.
var pieceTargets = []float64{0, 0.7, -3.1, 1000}

// checkPieces checks an ErrorPieces loss's knots and coefficients, then Row
// against them on every piece and around every knot.
func checkPieces(r *report, ep nn.ErrorPieces) {
	knots := slices.Clone(ep.ErrorKnots())
	if again := ep.ErrorKnots(); !slices.EqualFunc(knots, again, sameFloat) {
		r.failf("knots", "ErrorKnots returned %v, then %v; the result must not change", knots, again)
		return
	}
	for q, k := range knots {
		if math.IsNaN(k) || math.IsInf(k, 0) {
			r.failf("knots", "ErrorKnots %v: knot %d is %v, not finite", knots, q, k)
			return
		}
		if q > 0 && !(knots[q-1] < k) {
			r.failf("knots", "ErrorKnots %v are not in strictly ascending order (knot %d is %v, knot %d %v)", knots, q-1, knots[q-1], q, k)
			return
		}
	}
	pieces := make([][3]float64, len(knots)+1)
	for q := range pieces {
		a2, a1, a0 := ep.ErrorPiece(q)
		for _, a := range []float64{a2, a1, a0} {
			if math.IsNaN(a) || math.IsInf(a, 0) {
				r.failf("pieces", "ErrorPiece(%d) = (%v, %v, %v), not finite", q, a2, a1, a0)
				return
			}
		}
		if a2 < 0 {
			r.failf("pieces", "ErrorPiece(%d) has a2 = %v; it must be at least 0", q, a2)
			return
		}
		pieces[q] = [3]float64{a2, a1, a0}
	}
	for _, d := range pieceErrors(knots) {
		for _, t := range pieceTargets {
			out, target := []float64{t + d}, []float64{t}
			e := out[0] - target[0] // the error Row sees, after rounding
			row := ep.Row(out, target)
			lo, hi := pieceOf(e, knots)
			if fitsPiece(row, e, pieces[lo]) || fitsPiece(row, e, pieces[hi]) {
				continue
			}
			a := pieces[lo]
			r.failf("piece values", "Row(%v, %v) = %v, but the error %v is on piece %d, where ErrorPiece gives %v·d² + %v·d + %v = %v",
				out, target, row, e, lo, a[0], a[1], a[2], quadratic(a, e))
			return
		}
	}
}

// pieceErrors are the errors the pieces are checked at: spread over every
// piece (far out on the outer ones), next to each knot on both sides at
// several distances, and on each knot.
func pieceErrors(knots []float64) []float64 {
	scale := 1.0
	for _, k := range knots {
		scale = max(scale, math.Abs(k))
	}
	far := []float64{0.1, 1, 10, 1000}
	if len(knots) == 0 {
		d := []float64{0}
		for _, f := range far {
			d = append(d, f*scale, -f*scale)
		}
		return d
	}
	var d []float64
	for _, f := range far {
		d = append(d, knots[0]-f*scale, knots[len(knots)-1]+f*scale)
	}
	for q := 1; q < len(knots); q++ {
		lo, hi := knots[q-1], knots[q]
		for _, f := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
			d = append(d, lo+f*(hi-lo))
		}
	}
	for q, k := range knots {
		d = append(d, k)
		// Next to the knot, but not past its neighbours.
		room := math.Inf(1)
		if q > 0 {
			room = k - knots[q-1]
		}
		if q < len(knots)-1 {
			room = min(room, knots[q+1]-k)
		}
		for _, f := range []float64{1e-9, 1e-6, 1e-3} {
			if off := f * max(1, math.Abs(k)); off < room/2 {
				d = append(d, k-off, k+off)
			}
		}
	}
	return d
}

// pieceOf returns the piece e lies on as lo == hi, or the two pieces that
// meet at e when e is a knot.
func pieceOf(e float64, knots []float64) (lo, hi int) {
	q, found := slices.BinarySearch(knots, e)
	if found {
		return q, q + 1
	}
	return q, q
}

func quadratic(a [3]float64, d float64) float64 { return a[0]*d*d + a[1]*d + a[2] }

// fitsPiece reports whether row is the piece's quadratic at error d, up to
// rounding relative to the size of its terms.
func fitsPiece(row, d float64, a [3]float64) bool {
	size := math.Abs(a[0]*d*d) + math.Abs(a[1]*d) + math.Abs(a[2])
	return math.Abs(row-quadratic(a, d)) <= roundingTol*size
}

// checkSquared checks the SquaredError promise on the regression samples.
func checkSquared(r *report, l nn.Loss, samples []Sample) {
	for _, s := range samples {
		if len(s.Target) != len(s.Out) || len(s.Out) == 0 {
			continue
		}
		sum := 0.0
		for k, o := range s.Out {
			d := o - s.Target[k]
			sum += d * d
		}
		want := sum / float64(len(s.Out))
		if got := l.Row(slices.Clone(s.Out), slices.Clone(s.Target)); !(math.Abs(got-want) <= roundingTol*want) {
			r.failf("squared", "IsSquaredError reports true, but Row(%v, %v) = %v, not the mean squared error %v", s.Out, s.Target, got, want)
			return
		}
	}
}

// checkSoftmax checks that Row is logsumexp(out) - out[c] up to rounding
// (a relative 1e-12 of the larger of the two), at the classification
// samples whose target names an output.
func checkSoftmax(r *report, l nn.Loss, samples []Sample) {
	for _, s := range samples {
		if len(s.Target) != 1 || len(s.Out) == 0 {
			continue
		}
		c, ok := nn.ClassIndex(s.Target[0], len(s.Out))
		if !ok {
			continue
		}
		m := slices.Max(s.Out)
		sum := 0.0
		for _, o := range s.Out {
			sum += math.Exp(o - m)
		}
		want := m + math.Log(sum) - s.Out[c]
		scale := max(math.Abs(m)+math.Log(sum), math.Abs(s.Out[c]), 1)
		if got := l.Row(slices.Clone(s.Out), slices.Clone(s.Target)); !(math.Abs(got-want) <= roundingTol*scale) {
			r.failf("softmax", "IsSoftmaxCrossEntropy reports true, but Row(%v, %v) = %v, not logsumexp(out) - out[%v] = %v", s.Out, s.Target, got, c, want)
			return
		}
	}
}
