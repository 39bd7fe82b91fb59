package objective

import (
	"fmt"
	"math"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective/internal/scorer"
	"github.com/nnexp/nnexp/optimize"
)

// outputLayer is an Objective that offers optimize.OutputLayer. Problem
// returns one when the loss is a SquaredError regression loss (the mean
// over outputs of the squared error, as the capability promises); an MLP's
// output layer is always linear.
type outputLayer struct{ *Objective }

var (
	_ optimize.OutputLayer = outputLayer{}
	_ optimize.OutputLayer = valueOnlyOutputLayer{}
)

// valueOnlyOutputLayer is valueOnly (no gradient) with OutputLayer: the
// view of a model whose activations have no gradient under MSE.
type valueOnlyOutputLayer struct{ valueOnly }

// OutputLayout implements optimize.OutputLayer.
func (v valueOnlyOutputLayer) OutputLayout() optimize.OutputLayout {
	return outputLayer{v.o}.OutputLayout()
}

// OutputInputs implements optimize.OutputLayer.
func (v valueOnlyOutputLayer) OutputInputs(h, y, x []float64) { outputLayer{v.o}.OutputInputs(h, y, x) }

// offersOutputLayer reports whether o keeps optimize.OutputLayer's promise.
func (o *Objective) offersOutputLayer() bool {
	outs := o.Model.Sizes[len(o.Model.Sizes)-1]
	return scorer.IsSquaredError(o.Loss) && o.Data.Task == nn.Regression && o.Data.TargetDim == outs
}

// OutputLayout implements optimize.OutputLayer.
func (o outputLayer) OutputLayout() optimize.OutputLayout {
	m := o.Model
	l := m.Layers() - 1
	return optimize.OutputLayout{
		Rows:    o.Data.Rows,
		Inputs:  m.Sizes[l],
		Outputs: m.Sizes[l+1],
		Weights: m.WeightOffset(l),
		Biases:  m.BiasOffset(l),
	}
}

// OutputInputs implements optimize.OutputLayer with one Forward per row, so
// the features are bit for bit those Func multiplies by the output weights.
// It counts one evaluation.
func (o outputLayer) OutputInputs(h, y, x []float64) {
	lay := o.OutputLayout()
	if len(h) != lay.Rows*lay.Inputs || len(y) != lay.Rows*lay.Outputs || len(x) != o.Dim() {
		panic(fmt.Sprintf("objective: OutputInputs with %d features, %d targets and %d parameters; want %d, %d and %d; the call was at %s",
			len(h), len(y), len(x), lay.Rows*lay.Inputs, lay.Rows*lay.Outputs, o.Dim(), callerOutside()))
	}
	if !o.admit(1, o.forwardWork) { // past the budget: refused, as Func is
		for i := range h {
			h[i] = math.NaN()
		}
		for i := range y {
			y[i] = math.NaN()
		}
		return
	}
	o.work += o.forwardWork
	last := o.Model.Layers() - 1 // the output layer's input is post[last]
	for r := range lay.Rows {
		in, target := o.Data.Row(r)
		o.Model.Forward(o.ws, x, in)
		copy(h[r*lay.Inputs:(r+1)*lay.Inputs], o.ws.Post(last))
		copy(y[r*lay.Outputs:(r+1)*lay.Outputs], target)
	}
}
