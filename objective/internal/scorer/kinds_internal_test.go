package scorer

import (
	"math"
	"testing"
)

// pieces is an ErrorPieces loss with whatever knots and pieces a test
// gives it.
type pieces struct {
	knots []float64
	p     [][3]float64
}

func (pieces) Row(out, target []float64) float64           { return 0 }
func (pieces) RowGrad(grad, out, target []float64) float64 { return 0 }
func (pieces) Differentiable() bool                        { return false }
func (l pieces) ErrorKnots() []float64                     { return l.knots }
func (l pieces) ErrorPiece(q int) (a2, a1, a0 float64)     { return l.p[q][0], l.p[q][1], l.p[q][2] }

// A loss whose pieces break the promise's form (knots out of order or not
// finite, a concave or non-finite piece) gets no bulk path rather than
// wrong scores.
func TestErrorPiecesChecksItsClaim(t *testing.T) {
	abs := [][3]float64{{0, -1, 0}, {0, 1, 0}}
	inf := math.Inf(1)
	for _, c := range []struct {
		name string
		l    pieces
		ok   bool
	}{
		{"mae", pieces{[]float64{0}, abs}, true},
		{"no knots", pieces{nil, [][3]float64{{1, 0, 0}}}, true},
		{"unsorted", pieces{[]float64{1, -1}, [][3]float64{{0, -1, 0}, {1, 0, 0}, {0, 1, 0}}}, false},
		{"infinite knot", pieces{[]float64{inf}, abs}, false},
		{"concave", pieces{[]float64{0}, [][3]float64{{-1, 0, 0}, {0, 1, 0}}}, false},
		{"infinite piece", pieces{[]float64{0}, [][3]float64{{0, -1, inf}, {0, 1, 0}}}, false},
	} {
		knots, p := errorPieces(c.l)
		if (p != nil) != c.ok || c.ok && len(p) != len(knots)+1 {
			t.Errorf("%s: knots %v pieces %v, want accepted %v", c.name, knots, p, c.ok)
		}
	}
}
