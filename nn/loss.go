package nn

import "math"

// Loss scores a model's outputs against a row's target. The loss of a data
// set is the mean of Row over its rows. Row and RowGrad may run on several
// goroutines at once (the objective splits rows over its workers), so a
// loss keeps no state between calls.
type Loss interface {
	// Row returns one row's loss. For regression target holds one value per
	// output; for classification it holds the class index.
	Row(out, target []float64) float64
	// RowGrad writes dRow/dout into grad (len(out)) and returns Row. A loss
	// that is not Differentiable may leave grad as it is.
	RowGrad(grad, out, target []float64) float64
	// Differentiable reports whether RowGrad is meaningful, so that gradient
	// methods can refuse a loss they cannot follow.
	Differentiable() bool
}

// Task says what a data set's target means.
type Task int

const (
	// Regression targets are real values, one per output.
	Regression Task = iota
	// Classification targets are class indices; the model has one output
	// per class.
	Classification
)

func (t Task) String() string {
	if t == Classification {
		return "classification"
	}
	return "regression"
}

// ClassIndex is the class a classification target t names among outputs
// outputs: an integer from 0 to outputs-1, ok false for anything else
// (negative, too large, fractional, NaN), which no output stands for.
func ClassIndex(t float64, outputs int) (c int, ok bool) {
	if !(t >= 0 && t < float64(outputs)) || t != math.Trunc(t) {
		return 0, false
	}
	return int(t), true
}

// TaskLoss is implemented by losses that say which targets they read. A
// loss that does not implement it is taken to be a regression loss, whose
// target has one value per output.
type TaskLoss interface {
	Loss
	Task() Task
}

// LossTask is the task a loss expects.
func LossTask(l Loss) Task {
	if t, ok := l.(TaskLoss); ok {
		return t.Task()
	}
	return Regression
}

// OneHotLoss is implemented by a regression loss that also scores
// classification data: OnClasses returns the loss of the outputs against
// the one-hot encoding of the row's class (1 for its output, 0 for the
// others), the same formula averaged over the outputs. Package plan
// substitutes it when such a loss is chosen for classification data.
type OneHotLoss interface {
	Loss
	OnClasses() Loss
}

// OneHotted is implemented by what OneHotLoss.OnClasses returns: a
// classification loss that is a regression loss on one-hot targets.
// Regression returns that regression loss, whose Row on the one-hot
// target of class c is bit for bit the classification loss's Row on c,
// so that a consumer that reads a target per output (search's exact
// scorer, whose closed-form and bulk paths need one) may use it on
// one-hot targets instead.
type OneHotted interface {
	Loss
	Regression() Loss
}

// SoftmaxCrossEntropy is implemented by a loss whose Row is cross-entropy
// on logits: logsumexp(out) - out[c] for the class c = target[0] (an
// integer from 0 to len(out)-1; any other target is the loss's own
// business). Search's scorer finds it by type assertion and scores a
// grid of candidates from a few exponentials per row, instead of one per
// output and candidate; it still calls Row for every exact evaluation.
// IsSoftmaxCrossEntropy lets a wrapper that embeds such a loss but
// changes Row (label smoothing, class weights) decline by returning
// false.
type SoftmaxCrossEntropy interface {
	Loss
	IsSoftmaxCrossEntropy() bool
}
