package nn

// PiecewiseLinear is an Activation that opts in to Objective's bulk scoring
// of hidden-layer parameters: it promises that Apply(z) is z for z > 0 and
// NegativeSlope()*z for z <= 0 (relu: 0, leaky_relu: 0.01, identity: 1),
// up to rounding of the product. Each row's output is then piecewise linear
// in one parameter of such a layer, so every grid value of the parameter is
// scored in one pass over the rows.
//
// The bulk scores are only used to decide which values need an exact
// evaluation (the exact ones repeat Forward, with Apply), so an activation
// that rounds differently from slope*z stays exact; one that is not
// piecewise linear as promised would make the search miss its choices.
// An activation that does not implement it is scored by the incremental
// path, which works for any activation.
type PiecewiseLinear interface {
	Activation
	// NegativeSlope is the slope for z <= 0; it must be finite and
	// constant.
	NegativeSlope() float64
}

// SquaredError is a Loss that opts in to Objective's closed-form scoring:
// it promises that Row(out, target) is the mean over outputs of
// (out[k] - target[k])², PyTorch's MSELoss, up to rounding. Output-layer
// parameters are then scored as a quadratic, and hidden-layer ones of a
// PiecewiseLinear layer in bulk. IsSquaredError lets a wrapper that embeds
// such a loss decline (by returning false) when it changes Row.
type SquaredError interface {
	Loss
	IsSquaredError() bool
}

// negativeSlope reports whether act is PiecewiseLinear, and its slope for
// z <= 0.
func negativeSlope(act Activation) (float64, bool) {
	if p, ok := act.(PiecewiseLinear); ok {
		s := p.NegativeSlope()
		if s-s == 0 { // finite
			return s, true
		}
	}
	return 0, false
}

// isSquaredError reports whether loss is a SquaredError regression loss.
func isSquaredError(loss Loss) bool {
	s, ok := loss.(SquaredError)
	return ok && s.IsSquaredError() && LossTask(loss) == Regression
}
