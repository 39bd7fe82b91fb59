package losses

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/nn"
)

// elementwise is a regression loss that is the mean over outputs of a
// function of each output's error d = out - target: term(d), whose
// derivative is gradScale * slope(d). The split of the derivative follows
// each loss's own RowGrad, so that OneHot's numbers are the loss's own,
// bit for bit, on a one-hot target.
type elementwise interface {
	nn.Loss
	term(d float64) float64
	slope(d float64) float64
	gradScale() float64
}

// OneHot is a regression loss (mse, mae, huber) on classification data:
// Row(out, target) is Of's loss of out against the one-hot encoding of
// the class index target[0]. A target that is not the index of an output
// gives NaN, as CrossEntropy's does. It is what a run with loss "mse" on
// a classification dataset trains on (package plan, through
// nn.OneHotLoss).
//
// It is a classification loss (nn.TaskLoss). Search's exact scorer, whose
// closed-form and bulk paths read a target per output, scores it as Of on
// one-hot targets it builds (nn.OneHotted), since their losses are the
// same bits.
type OneHot struct {
	Of elementwise
}

// Row implements nn.Loss.
func (l OneHot) Row(out, target []float64) float64 {
	c, ok := class(out, target)
	if !ok {
		return math.NaN()
	}
	sum := 0.0
	for k, o := range out {
		sum += float64(l.Of.term(o - oneHot(k, c)))
	}
	return sum / float64(len(out))
}

// RowGrad implements nn.Loss.
func (l OneHot) RowGrad(grad, out, target []float64) float64 {
	grad = grad[:len(out)]
	c, ok := class(out, target)
	if !ok {
		for k := range grad {
			grad[k] = math.NaN()
		}
		return math.NaN()
	}
	scale := l.Of.gradScale() / float64(len(out))
	sum := 0.0
	for k, o := range out {
		d := o - oneHot(k, c)
		sum += float64(l.Of.term(d))
		grad[k] = scale * l.Of.slope(d)
	}
	return sum / float64(len(out))
}

func oneHot(k, c int) float64 {
	if k == c {
		return 1
	}
	return 0
}

// String names the loss it wraps, with its settings: the runner keys
// stored results by the loss's %+v, which of the interface field alone
// would print {} for both mse and mae.
func (l OneHot) String() string { return fmt.Sprintf("OneHot{%T%+v}", l.Of, l.Of) }

// Differentiable implements nn.Loss.
func (l OneHot) Differentiable() bool { return l.Of.Differentiable() }

// Task implements nn.TaskLoss: the target is a class index.
func (OneHot) Task() nn.Task { return nn.Classification }

// Regression implements nn.OneHotted.
func (l OneHot) Regression() nn.Loss { return l.Of }

// OnClasses implements nn.OneHotLoss.
func (MSE) OnClasses() nn.Loss { return OneHot{Of: MSE{}} }

// OnClasses implements nn.OneHotLoss.
func (MAE) OnClasses() nn.Loss { return OneHot{Of: MAE{}} }

// OnClasses implements nn.OneHotLoss.
func (h Huber) OnClasses() nn.Loss { return OneHot{Of: h} }

func (MSE) term(d float64) float64  { return d * d }
func (MSE) slope(d float64) float64 { return d }
func (MSE) gradScale() float64      { return 2 }
func (MAE) term(d float64) float64  { return math.Abs(d) }
func (MAE) slope(d float64) float64 { return sign(d) }
func (MAE) gradScale() float64      { return 1 }
func (h Huber) slope(d float64) float64 {
	if math.Abs(d) <= h.Delta {
		return d
	}
	return h.Delta * sign(d)
}
func (Huber) gradScale() float64 { return 1 }

var (
	_ nn.TaskLoss   = OneHot{}
	_ nn.OneHotLoss = MSE{}
	_ nn.OneHotted  = OneHot{}
	_ nn.OneHotLoss = MAE{}
	_ nn.OneHotLoss = Huber{}
)
