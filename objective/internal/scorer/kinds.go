package scorer

import "github.com/nnexp/nnexp/nn"

// NegativeSlope reports whether act is an nn.PiecewiseLinear that keeps the
// promise's form (a finite slope of at least 0), and its slope for z <= 0.
func NegativeSlope(act nn.Activation) (float64, bool) {
	if p, ok := act.(nn.PiecewiseLinear); ok {
		s := p.NegativeSlope()
		if s-s == 0 && s >= 0 { // finite, and a increases with z
			return s, true
		}
	}
	return 0, false
}

// IsSquaredError reports whether loss is an nn.SquaredError regression loss.
func IsSquaredError(loss nn.Loss) bool {
	s, ok := loss.(nn.SquaredError)
	return ok && s.IsSquaredError() && nn.LossTask(loss) == nn.Regression
}

// errorPieces returns loss's knots and pieces when it is an
// nn.ErrorPieces regression loss with valid ones, else nil.
func errorPieces(loss nn.Loss) (knots []float64, pieces [][3]float64) {
	ep, ok := loss.(nn.ErrorPieces)
	if !ok || nn.LossTask(loss) != nn.Regression {
		return nil, nil
	}
	knots = append([]float64(nil), ep.ErrorKnots()...)
	for q, k := range knots {
		if k-k != 0 || q > 0 && !(knots[q-1] < k) {
			return nil, nil
		}
	}
	for q := range len(knots) + 1 {
		a2, a1, a0 := ep.ErrorPiece(q)
		if !(a2 >= 0) || a2-a2 != 0 || a1-a1 != 0 || a0-a0 != 0 {
			return nil, nil
		}
		pieces = append(pieces, [3]float64{a2, a1, a0})
	}
	return knots, pieces
}
