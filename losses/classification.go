package losses

import (
	"math"

	"github.com/nnexp/nnexp/nn"
)

// CrossEntropy is PyTorch's CrossEntropyLoss: the outputs are logits, the
// target's first value is the class index, and the row loss is
// logsumexp(out) - out[class]. A target that is not the index of an
// output (negative, too large, fractional, NaN) gives NaN.
type CrossEntropy struct{}

// Loss implements registry.LossConfig.
func (CrossEntropy) Loss() nn.Loss { return CrossEntropy{} }

// Row implements nn.Loss.
func (CrossEntropy) Row(out, target []float64) float64 {
	c, ok := class(out, target)
	if !ok {
		return math.NaN()
	}
	m, logSum := logSumExpParts(out)
	return (m - out[c]) + logSum
}

// RowGrad implements nn.Loss: the gradient is softmax(out) - onehot(class).
func (CrossEntropy) RowGrad(grad, out, target []float64) float64 {
	grad = grad[:len(out)]
	c, ok := class(out, target)
	if !ok {
		for k := range grad {
			grad[k] = math.NaN()
		}
		return math.NaN()
	}
	m, logSum := logSumExpParts(out)
	for k, o := range out {
		grad[k] = math.Exp((o - m) - logSum)
	}
	grad[c]--
	return (m - out[c]) + logSum
}

// Differentiable implements nn.Loss.
func (CrossEntropy) Differentiable() bool { return true }

// IsSoftmaxCrossEntropy implements nn.SoftmaxCrossEntropy: Row is
// logsumexp(out) - out[class].
func (CrossEntropy) IsSoftmaxCrossEntropy() bool { return true }

// logSumExpParts returns the maximum m of v and logSum =
// log(sum(exp(v-m))), so that log(sum(exp(v))) = m + logSum: large logits
// neither overflow nor lose the small terms. Callers subtract m from a
// logit before adding logSum, as PyTorch's log_softmax does, so that a
// large m does not swamp the result (logits (1000, 1000) cost exactly
// ln 2, not m + ln 2 - m rounded at m's scale). An infinite m gives logSum 0.
func logSumExpParts(v []float64) (m, logSum float64) {
	m = math.Inf(-1)
	for _, x := range v {
		m = max(m, x)
	}
	if math.IsInf(m, 0) {
		return m, 0
	}
	sum := 0.0
	for _, x := range v {
		sum += math.Exp(x - m)
	}
	return m, math.Log(sum)
}

// ZeroOne is the misclassification rate: a row scores 1 when the largest
// output (lowest index on a tie) is not the target class, else 0. It has no
// useful gradient; it exists so that search can train on a loss gradient
// methods cannot follow.
type ZeroOne struct{}

// Loss implements registry.LossConfig.
func (ZeroOne) Loss() nn.Loss { return ZeroOne{} }

// Row implements nn.Loss.
func (ZeroOne) Row(out, target []float64) float64 {
	if c, ok := class(out, target); ok && nn.Argmax(out) == c {
		return 0
	}
	return 1
}

// RowGrad implements nn.Loss. The loss is flat almost everywhere, so grad
// is set to zero.
func (z ZeroOne) RowGrad(grad, out, target []float64) float64 {
	clear(grad[:len(out)])
	return z.Row(out, target)
}

// Differentiable implements nn.Loss.
func (ZeroOne) Differentiable() bool { return false }

// class reads the class index from target and reports whether it names
// one of the outputs. A fractional target names none: truncating 1.5 to
// class 1 would score a regression target as if it were a label.
func class(out, target []float64) (int, bool) {
	return nn.ClassIndex(target[0], len(out))
}

// Task implements nn.TaskLoss: the target is a class index.
func (CrossEntropy) Task() nn.Task { return nn.Classification }

// Task implements nn.TaskLoss: the target is a class index.
func (ZeroOne) Task() nn.Task { return nn.Classification }

var (
	_ nn.TaskLoss            = CrossEntropy{}
	_ nn.SoftmaxCrossEntropy = CrossEntropy{}
	_ nn.TaskLoss            = ZeroOne{}
)
