package nn

// PiecewiseLinear is an Activation that opts in to package objective's bulk scoring
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
	// constant. A negative one (the activation turns down below 0) gets
	// the incremental path.
	NegativeSlope() float64
}

// SquaredError is a Loss that opts in to package objective's closed-form scoring:
// it promises that Row(out, target) is the mean over outputs of
// (out[k] - target[k])², PyTorch's MSELoss, up to rounding. Output-layer
// parameters are then scored as a quadratic, and hidden-layer ones of a
// PiecewiseLinear layer in bulk. IsSquaredError lets a wrapper that embeds
// such a loss decline (by returning false) when it changes Row.
type SquaredError interface {
	Loss
	IsSquaredError() bool
}

// ErrorPieces is a regression Loss that opts in to package objective's bulk scoring
// of nets with one output, as SquaredError does: it promises that, with
// one output, Row is a function of the error d = out - target alone that
// is a quadratic a2·d² + a1·d + a0 between fixed knots (MAE: |d|, one knot
// at 0; Huber: three pieces), up to rounding. Each row's loss is then
// piecewise quadratic in one parameter of the output layer or of a
// PiecewiseLinear layer among the last two hidden ones, so every grid
// value is scored in one pass over the rows. Like a PiecewiseLinear
// activation, a loss that breaks the promise makes the search miss its
// choices; exact evaluations still use Row.
type ErrorPieces interface {
	Loss
	// ErrorKnots returns the errors at which the formula changes, in
	// ascending order; the result must not change.
	ErrorKnots() []float64
	// ErrorPiece returns the coefficients on piece q, which lies between
	// knots q-1 and q (the first below the first knot, the last above the
	// last). a2 must be at least 0.
	ErrorPiece(q int) (a2, a1, a0 float64)
}
