package optimizetest

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
)

// Problem offers optimize.OutputLayer: its output layer is w2·h + b3 with
// h = tanh(w0·t + b1), one input and one output, under the mean squared
// error.
var _ optimize.OutputLayer = Problem{}

// OutputLayout implements optimize.OutputLayer.
func (Problem) OutputLayout() optimize.OutputLayout {
	return optimize.OutputLayout{Rows: len(rowsT), Inputs: 1, Outputs: 1, Weights: 2, Biases: 3}
}

// OutputInputs implements optimize.OutputLayer, with the hidden unit
// computed as loss computes it.
func (Problem) OutputInputs(h, y, x []float64) {
	for r := range rowsT {
		h[r] = math.Tanh(x[0]*rowsT[r] + x[1])
		y[r] = rowsY[r]
	}
}

// withOutput passes optimize.OutputLayer through the probe, counting one
// evaluation per call.
type withOutput struct{ pr *probe }

func (w withOutput) OutputLayout() optimize.OutputLayout { return w.pr.output.OutputLayout() }

func (w withOutput) OutputInputs(h, y, x []float64) {
	defer w.pr.enter().Unlock()
	w.pr.checkX("OutputInputs", x)
	l := w.pr.output.OutputLayout()
	if len(h) != l.Rows*l.Inputs || len(y) != l.Rows*l.Outputs {
		panic(violation{fmt.Sprintf("OutputInputs called with %d features and %d targets, want %d and %d (Rows*Inputs, Rows*Outputs)",
			len(h), len(y), l.Rows*l.Inputs, l.Rows*l.Outputs)})
	}
	w.pr.count(1, "OutputInputs")
	w.pr.output.OutputInputs(h, y, x)
}

// wrapOutput is wrap for a problem with optimize.OutputLayer. It keeps
// the capability only alongside optimize.Batched, as a model's objective
// under the mean squared error offers both; a problem with an output
// layer but no Batched is wrapped without it.
func (pr *probe) wrapOutput() (optimize.Problem, bool) {
	if pr.output == nil || pr.batched == nil {
		return nil, false
	}
	b, g, bt, o := base{pr}, withGrad{pr}, withBatch{pr}, withOutput{pr}
	s, e, k := withScore{pr}, withExact{pr}, withKinds{pr}
	switch {
	case pr.exact != nil && pr.kinds != nil:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withExact
			withKinds
			withOutput
		}{b, g, bt, s, e, k, o}, true
	case pr.exact != nil:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withExact
			withOutput
		}{b, g, bt, s, e, o}, true
	case pr.scorer != nil && pr.kinds != nil:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withKinds
			withOutput
		}{b, g, bt, s, k, o}, true
	case pr.scorer != nil:
		return struct {
			base
			withGrad
			withBatch
			withScore
			withOutput
		}{b, g, bt, s, o}, true
	case pr.kinds != nil:
		return struct {
			base
			withGrad
			withBatch
			withKinds
			withOutput
		}{b, g, bt, k, o}, true
	}
	return struct {
		base
		withGrad
		withBatch
		withOutput
	}{b, g, bt, o}, true
}
