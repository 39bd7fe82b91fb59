package nn

import "github.com/nnexp/nnexp/optimize"

// Objective is the mean loss of an MLP over a data set, as an
// optimize.Problem. It counts every loss evaluation it performs (one per
// Func, Grad or BatchGrad call, one per scored candidate) so that runs report
// their cost whatever method they use. An Objective is owned by one job.
//
// The data must match the model: Data.Inputs == Model.Sizes[0] and, for
// regression, Data.TargetDim outputs.
type Objective struct {
	Model *MLP
	Data  *Data
	Loss  Loss
	evals int64
	ws    *Workspace
	// dout receives one row's dLoss/doutputs.
	dout []float64
}

// NewObjective returns the objective of model on data under loss.
func NewObjective(model *MLP, data *Data, loss Loss) *Objective {
	return &Objective{
		Model: model,
		Data:  data,
		Loss:  loss,
		ws:    model.NewWorkspace(),
		dout:  make([]float64, model.Sizes[len(model.Sizes)-1]),
	}
}

// Evaluations is the number of loss evaluations so far.
func (o *Objective) Evaluations() int64 { return o.evals }

// Dim implements optimize.Problem.
func (o *Objective) Dim() int { return o.Model.NumParams() }

// Func implements optimize.Problem. An empty data set has loss 0.
func (o *Objective) Func(x []float64) float64 {
	o.evals++
	d := o.Data
	if d.Rows == 0 {
		return 0
	}
	sum := 0.0
	for r := range d.Rows {
		in, y := d.Row(r)
		sum += o.Loss.Row(o.Model.Forward(o.ws, x, in), y)
	}
	return sum / float64(d.Rows)
}

// Grad implements optimize.Differentiable.
func (o *Objective) Grad(grad, x []float64) float64 {
	o.evals++
	clear(grad)
	d := o.Data
	if d.Rows == 0 {
		return 0
	}
	sum := 0.0
	for r := range d.Rows {
		sum += o.addRowGrad(grad, x, r)
	}
	return toMean(grad, sum, d.Rows)
}

// Rows implements optimize.Batched.
func (o *Objective) Rows() int { return o.Data.Rows }

// BatchGrad implements optimize.Batched. A row listed twice counts twice;
// no rows give loss 0 and a zero gradient.
func (o *Objective) BatchGrad(grad, x []float64, rows []int) float64 {
	o.evals++
	clear(grad)
	if len(rows) == 0 {
		return 0
	}
	sum := 0.0
	for _, r := range rows {
		sum += o.addRowGrad(grad, x, r)
	}
	return toMean(grad, sum, len(rows))
}

// addRowGrad adds row r's gradient to grad and returns its loss.
func (o *Objective) addRowGrad(grad, x []float64, r int) float64 {
	in, y := o.Data.Row(r)
	out := o.Model.Forward(o.ws, x, in)
	// A loss that is not differentiable may leave dout alone, so it must
	// not carry the previous row's gradient.
	clear(o.dout)
	loss := o.Loss.RowGrad(o.dout, out, y)
	o.Model.Backward(o.ws, x, o.dout, grad)
	return loss
}

// toMean turns the summed loss and gradient of n rows into means.
func toMean(grad []float64, sum float64, n int) float64 {
	inv := 1 / float64(n)
	for i := range grad {
		grad[i] *= inv
	}
	return sum * inv
}

// IsBias implements optimize.ParameterKinds.
func (o *Objective) IsBias(i int) bool { return o.Model.IsBias(i) }

// Accuracy is the fraction of rows whose largest output is the target class;
// it is only meaningful for classification data. Ties go to the lowest
// index. It is a report, not a loss, so it does not count as an evaluation.
func (o *Objective) Accuracy(x []float64) float64 {
	d := o.Data
	if d.Rows == 0 {
		return 0
	}
	hits := 0
	for r := range d.Rows {
		in, y := d.Row(r)
		if Argmax(o.Model.Forward(o.ws, x, in)) == int(y[0]) {
			hits++
		}
	}
	return float64(hits) / float64(d.Rows)
}

var (
	_ optimize.Batched        = (*Objective)(nil)
	_ optimize.ParameterKinds = (*Objective)(nil)
)

// Problem returns o as the optimizer should see it: with its gradient
// capabilities only when the loss is differentiable, so that a gradient
// method's type assertion fails on a loss it cannot follow.
func (o *Objective) Problem() optimize.Problem {
	if o.Loss.Differentiable() {
		return o
	}
	return valueOnly{o}
}

// valueOnly hides Grad and BatchGrad.
type valueOnly struct{ o *Objective }

func (v valueOnly) Dim() int                 { return v.o.Dim() }
func (v valueOnly) Func(x []float64) float64 { return v.o.Func(x) }
func (v valueOnly) IsBias(i int) bool        { return v.o.IsBias(i) }
