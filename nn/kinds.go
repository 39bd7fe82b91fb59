package nn

import "reflect"

// PiecewiseLinearActivation is an Activation equal to z for z > 0 and to
// NegativeSlope()*z otherwise (relu: 0, leaky_relu: 0.01, identity: 1).
// Objective scores a parameter of such a layer for every grid value in one
// pass over the rows, because each row's output is then piecewise linear in
// that parameter.
type PiecewiseLinearActivation interface {
	Activation
	NegativeSlope() float64
}

// SquaredErrorLoss is a Loss equal to the mean over outputs of
// (out - target)², PyTorch's MSELoss. Objective scores output-layer
// parameters in closed form under it, since the loss is then a quadratic in
// the parameter.
type SquaredErrorLoss interface {
	Loss
	IsMeanSquaredError() bool
}

// activationsPkg and lossesPkg are where the built-in kinds live; they
// import this package, so it recognises their types by name until they
// implement the interfaces above.
const (
	activationsPkg = "github.com/nnexp/nnexp/activations"
	lossesPkg      = "github.com/nnexp/nnexp/losses"
)

// negativeSlope reports whether act is piecewise linear as
// PiecewiseLinearActivation describes, and its slope for z <= 0.
func negativeSlope(act Activation) (float64, bool) {
	if p, ok := act.(PiecewiseLinearActivation); ok {
		return p.NegativeSlope(), true
	}
	t := reflect.TypeOf(act)
	if t == nil || t.PkgPath() != activationsPkg {
		return 0, false
	}
	switch t.Name() {
	case "relu":
		return 0, true
	case "identity":
		return 1, true
	case "leakyReLU":
		// Read the slope off the function rather than copy the constant.
		return -act.Apply(-1), true
	}
	return 0, false
}

// isSquaredError reports whether loss is the mean squared error.
func isSquaredError(loss Loss) bool {
	if s, ok := loss.(SquaredErrorLoss); ok {
		return s.IsMeanSquaredError()
	}
	t := reflect.TypeOf(loss)
	return t != nil && t.PkgPath() == lossesPkg && t.Name() == "MSE" && LossTask(loss) == Regression
}
