package losses

import (
	"math"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// MSE is the mean over outputs of the squared error, so that the mean over
// rows equals PyTorch's MSELoss with reduction "mean".
type MSE struct{}

// Loss implements registry.LossConfig.
func (MSE) Loss() nn.Loss { return MSE{} }

// Row implements nn.Loss.
func (MSE) Row(out, target []float64) float64 {
	target = target[:len(out)]
	sum := 0.0
	for k, o := range out {
		d := o - target[k]
		// float64(...) rounds the square before the sum: a GOAMD64=v3
		// or arm64 build would otherwise fuse the two into an FMA here
		// and not in OneHot's sum of the same terms, whose choices
		// search's scorer makes with this Row on one-hot targets.
		sum += float64(d * d)
	}
	return sum / float64(len(out))
}

// RowGrad implements nn.Loss.
func (MSE) RowGrad(grad, out, target []float64) float64 {
	target = target[:len(out)]
	grad = grad[:len(out)]
	scale := 2 / float64(len(out))
	sum := 0.0
	for k, o := range out {
		d := o - target[k]
		sum += float64(d * d) // as in Row
		grad[k] = scale * d
	}
	return sum / float64(len(out))
}

// Differentiable implements nn.Loss.
func (MSE) Differentiable() bool { return true }

// IsSquaredError implements nn.SquaredError, so that objective.Objective
// scores search candidates under MSE in closed form.
func (MSE) IsSquaredError() bool { return true }

var _ nn.SquaredError = MSE{}

// MAE is the mean over outputs of the absolute error (PyTorch's L1Loss). Its
// gradient at a zero error is the subgradient 0.
type MAE struct{}

// Loss implements registry.LossConfig.
func (MAE) Loss() nn.Loss { return MAE{} }

// Row implements nn.Loss.
func (MAE) Row(out, target []float64) float64 {
	target = target[:len(out)]
	sum := 0.0
	for k, o := range out {
		sum += math.Abs(o - target[k])
	}
	return sum / float64(len(out))
}

// RowGrad implements nn.Loss.
func (MAE) RowGrad(grad, out, target []float64) float64 {
	target = target[:len(out)]
	grad = grad[:len(out)]
	scale := 1 / float64(len(out))
	sum := 0.0
	for k, o := range out {
		d := o - target[k]
		sum += math.Abs(d)
		grad[k] = scale * sign(d)
	}
	return sum / float64(len(out))
}

// Differentiable implements nn.Loss: a subgradient is good enough for the
// gradient methods, as it is in PyTorch.
func (MAE) Differentiable() bool { return true }

// ErrorKnots implements nn.ErrorPieces: |d| changes formula at 0.
func (MAE) ErrorKnots() []float64 { return []float64{0} }

// ErrorPiece implements nn.ErrorPieces: -d below 0, d above.
func (MAE) ErrorPiece(q int) (a2, a1, a0 float64) {
	if q == 0 {
		return 0, -1, 0
	}
	return 0, 1, 0
}

var _ nn.ErrorPieces = MAE{}

// Huber is PyTorch's HuberLoss, averaged over outputs: 0.5*d² where
// |d| <= Delta and Delta*(|d| - 0.5*Delta) beyond. Delta must be positive;
// the registered config defaults it to 1, as PyTorch does.
type Huber struct {
	Delta float64 `hcl:"delta,optional"`
}

// Loss implements registry.LossConfig.
func (h Huber) Loss() nn.Loss { return h }

// Validate implements registry.Validator.
func (h Huber) Validate() error {
	if !(h.Delta > 0) || math.IsInf(h.Delta, 1) {
		return registry.Invalid("delta", "must be a positive finite number, got %v", h.Delta)
	}
	return nil
}

// Row implements nn.Loss.
func (h Huber) Row(out, target []float64) float64 {
	target = target[:len(out)]
	sum := 0.0
	for k, o := range out {
		sum += float64(h.term(o - target[k])) // rounded as MSE's
	}
	return sum / float64(len(out))
}

// RowGrad implements nn.Loss.
func (h Huber) RowGrad(grad, out, target []float64) float64 {
	target = target[:len(out)]
	grad = grad[:len(out)]
	scale := 1 / float64(len(out))
	sum := 0.0
	for k, o := range out {
		d := o - target[k]
		sum += float64(h.term(d))
		if math.Abs(d) <= h.Delta {
			grad[k] = scale * d
		} else {
			grad[k] = scale * h.Delta * sign(d)
		}
	}
	return sum / float64(len(out))
}

func (h Huber) term(d float64) float64 {
	if a := math.Abs(d); a > h.Delta {
		return h.Delta * (a - float64(0.5*h.Delta))
	}
	return 0.5 * d * d
}

// Differentiable implements nn.Loss.
func (Huber) Differentiable() bool { return true }

// ErrorKnots implements nn.ErrorPieces: the formula changes at ±Delta.
func (h Huber) ErrorKnots() []float64 { return []float64{-h.Delta, h.Delta} }

// ErrorPiece implements nn.ErrorPieces: linear beyond ±Delta, 0.5·d²
// between.
func (h Huber) ErrorPiece(q int) (a2, a1, a0 float64) {
	switch q {
	case 0:
		return 0, -h.Delta, -0.5 * h.Delta * h.Delta
	case 1:
		return 0.5, 0, 0
	}
	return 0, h.Delta, -0.5 * h.Delta * h.Delta
}

var _ nn.ErrorPieces = Huber{}

// sign is -1, 0 or 1; 0 at 0 gives the subgradient PyTorch uses. A NaN
// error keeps its NaN, as PyTorch's sign does: a slope of 0 would tell a
// gradient method that a row whose output is NaN is at a minimum.
func sign(d float64) float64 {
	switch {
	case d > 0:
		return 1
	case d < 0:
		return -1
	case d == 0:
		return 0
	}
	return d
}
