package objective

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/internal/callsite"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/nn/minibatch"
	"github.com/nnexp/nnexp/objective/internal/scorer"
	"github.com/nnexp/nnexp/optimize"
)

// Objective is the mean loss of an MLP over a data set, as an
// optimize.Problem. It counts every loss evaluation it performs (one per
// Func, Grad or BatchGrad call, one per scored candidate) and the work it
// does (Cost), so that runs report their cost whatever method they use.
// An Objective is owned by one job.
//
// The data must match the model: Data.Inputs == Model.Sizes[0] and, for
// regression, Data.TargetDim outputs.
type Objective struct {
	Model *nn.MLP
	Data  *nn.Data
	Loss  nn.Loss
	// counts are shared with the objectives Subset makes, so that work
	// done on a minibatch is the job's work and meets the job's caps.
	*counts
	// forwardWork is the multiply-adds of one forward pass over Data.
	forwardWork int64
	// coordWork is the scorer's Work when work last took it in.
	coordWork int64
	ws        *nn.Workspace
	// dout receives one row's dLoss/doutputs.
	dout []float64
	// coord is the coordinate scorer's cache, built on first use, from
	// recycled's buffers when a retired subset left it some.
	coord    *scorer.Scorer
	recycled *scorer.Scorer
	// funcByScorer: Func brings coord to x and reads the loss there (see
	// funcFromScorer), while the scoring path is ScoreAuto (the others are
	// kept for comparison, and so is their Func).
	funcByScorer bool
	workers      int
	scoring      ScoringPath
	// rowWS are the other workers' workspaces for Func and Accuracy,
	// rowLosses and rowHits their per-row results (rows.go).
	rowWS     []*nn.Workspace
	rowLosses []float64
	rowHits   []bool
	rowPass   forwardPass
	memo      passMemo
	// first is the full data's first-layer cache, made by the first
	// Subset call; firstRows a subset's view of its parent's, which its
	// scorer rebuilds from (first_layer.go).
	first     *firstLayer
	firstRows *subsetFirstLayer
	// sub is the objective Subset made last, retired by the next call.
	sub *Objective
	// pass is the batched gradient path's scratch space, made on first
	// use; batched forces the path for tests (see useBatched).
	pass    *minibatch.Pass
	batched batchedPath
}

// counts are an objective's evaluations and work and their caps.
type counts struct {
	evals int64
	// work is the multiply-adds done so far (Work); unit those of one
	// forward pass over the full data, Cost's unit.
	work, unit int64
	// limits cap evals and work; reached is called at each refusal. See
	// SetLimits.
	limits    Limits
	workLimit int64
	reached   func(error)
	// refused counts the calls refused for the limit: a method that
	// ignores the stop would otherwise loop on NaN for ever.
	refused int
}

// New returns the objective of model on data under loss.
func New(model *nn.MLP, data *nn.Data, loss nn.Loss) *Objective {
	fw := int64(data.Rows) * int64(model.MultiplyAdds())
	return &Objective{
		Model:       model,
		Data:        data,
		Loss:        loss,
		counts:      &counts{unit: fw},
		ws:          model.NewWorkspace(),
		dout:        make([]float64, model.Sizes[len(model.Sizes)-1]),
		forwardWork: fw,
	}
}

// Evaluations is the number of loss evaluations so far.
func (o *Objective) Evaluations() int64 { return o.evals }

// Work is the work done so far, in multiply-adds: a Func call's forward
// pass over every row (after a Subset call, with the first layer's
// units that moved since the last pass re-summed instead of the whole
// layer; see firstLayer), a gradient's forward and backward passes over
// its rows as nn.Backward reports them (a zero delta costs nothing), and
// ScoreCoordinate's as its scorer tallies it (package scorer's Work: one
// step per comparison, copy or piece, besides its multiply-adds).
// Accuracy, a report, is not work.
func (o *Objective) Work() int64 { return o.work }

// Cost is Work in forward-pass equivalents: Work divided by the
// multiply-adds of one forward pass over every row (of the full data, for
// an objective Subset made, which shares its parent's counts). It is the one unit
// in which a search candidate (a small fraction of a pass, since the
// scorer recomputes only what it changes) and an epoch of gradients
// (about three passes) compare. No rows or no weights: 0.
func (o *Objective) Cost() float64 { return o.costOf(o.work) }

func (o *Objective) costOf(work int64) float64 {
	if o.unit == 0 {
		return 0
	}
	return float64(work) / float64(o.unit)
}

// Limits are hard caps on an Objective's counts; a zero field is no cap.
type Limits struct {
	Evaluations int64
	// Cost is in forward-pass equivalents (Objective.Cost).
	Cost float64
}

// The errors SetLimits' reached is called with.
var (
	ErrEvaluationLimit = errors.New("objective: evaluation limit reached")
	ErrCostLimit       = errors.New("objective: cost limit reached")
)

// SetLimits makes l hard caps on Evaluations and Cost. A call that could
// take a count past its cap is refused and not counted: Func, Grad and
// BatchGrad return NaN (and a zero gradient), ScoreCoordinate scores every
// value NaN, which no method takes for an improvement; and reached is
// called with the cap's error, which is how the runner stops the job's
// methods. So a budget is a cap, not a point after which the current step
// finishes: search stops between parameters, minibatch methods between
// batches. Whether a call fits the cost cap is judged by the most work it
// may do (a gradient: three passes over its rows), since its actual work
// is known only once done; a coordinate's scorer judges each of its
// phases so (scorer.SetWorkLimit), and a call refused part-way counts the
// phases it did as cost but not its values as evaluations.
func (o *Objective) SetLimits(l Limits, reached func(error)) {
	o.limits, o.reached = l, reached
	o.workLimit = 0
	if l.Cost > 0 {
		// The largest work whose cost is within l.Cost; at least 1, so
		// that a positive cap is a cap; past int64, no cap at all.
		if w := l.Cost * float64(o.unit); w >= math.MaxInt64 {
			o.workLimit = math.MaxInt64
		} else {
			o.workLimit = max(int64(math.Floor(w)), 1)
		}
	}
}

// maxRefused is how many refused calls a method may make before the
// objective gives up on it: enough for any method that checks its context
// between evaluations, few enough that one that does not fails at once.
const maxRefused = 10_000

// admit counts n evaluations of at most maxWork multiply-adds, unless
// they could pass a limit; the caller adds the work they did.
func (o *Objective) admit(n, maxWork int64) bool {
	switch {
	case o.limits.Evaluations > 0 && o.evals+n > o.limits.Evaluations:
		o.refuse(ErrEvaluationLimit)
		return false
	case o.workLimit > 0 && o.work+maxWork > o.workLimit:
		o.refuse(ErrCostLimit)
		return false
	}
	o.evals += n
	return true
}

// refuse tells the owner that a call was refused for the limit err.
func (o *Objective) refuse(err error) {
	if o.reached != nil {
		o.reached(err)
	}
	if o.refused++; o.refused > maxRefused {
		panic(fmt.Sprintf("objective: the method asked for %d evaluations after its budget ran out; a method must stop when its Env.Err() is set", o.refused))
	}
}

// gradWork is the most work a gradient over n rows may do: a forward
// pass, and a backward one of at most twice its multiply-adds.
func (o *Objective) gradWork(n int) int64 {
	return 3 * int64(n) * int64(o.Model.MultiplyAdds())
}

// Dim implements optimize.Problem.
func (o *Objective) Dim() int { return o.Model.NumParams() }

// checkLen panics unless v, the argument called what, holds one value
// per parameter: a method that passes a shorter or longer vector would
// otherwise get a loss read past its end or from part of it. A panic, as
// for any misuse of an API; the runner fails the job with its message.
func (o *Objective) checkLen(what string, v []float64) {
	if n := o.Model.NumParams(); len(v) != n {
		panic(fmt.Sprintf("objective: %s has %d values where the model has %d parameters; the call was at %s", what, len(v), n, callerOutside()))
	}
}

// Func implements optimize.Problem. An empty data set has loss 0.
func (o *Objective) Func(x []float64) float64 {
	o.checkLen("Func's x", x)
	if o.funcByScorer && o.scoring == ScoreAuto {
		return o.funcFromScorer(x)
	}
	if !o.admit(1, o.forwardWork) {
		return math.NaN()
	}
	d := o.Data
	if d.Rows == 0 {
		return 0
	}
	sum, work := o.runPass(x, true)
	o.work += work
	return sum / float64(d.Rows)
}

// Grad implements optimize.Differentiable. A large gradient takes the
// batched path (see batchedMinWeights for the rule).
func (o *Objective) Grad(grad, x []float64) float64 {
	o.checkLen("Grad's x", x)
	o.checkLen("Grad's grad", grad)
	clear(grad)
	if !o.admit(1, o.gradWork(o.Data.Rows)) {
		return math.NaN()
	}
	d := o.Data
	if d.Rows == 0 {
		return 0
	}
	if o.useBatched(d.Rows) {
		return toMean(grad, o.addBatchedGrad(grad, x, nil, d.Rows), d.Rows)
	}
	sum := 0.0
	for r := range d.Rows {
		sum += o.addRowGrad(grad, x, r)
	}
	return toMean(grad, sum, d.Rows)
}

// Rows implements optimize.Batched.
func (o *Objective) Rows() int { return o.Data.Rows }

// BatchGrad implements optimize.Batched; a large minibatch takes the
// batched path (see batchedMinWeights for the rule). A row listed twice counts twice;
// no rows give loss 0 and a zero gradient.
func (o *Objective) BatchGrad(grad, x []float64, rows []int) float64 {
	o.checkLen("BatchGrad's x", x)
	o.checkLen("BatchGrad's grad", grad)
	clear(grad)
	if !o.admit(1, o.gradWork(len(rows))) {
		return math.NaN()
	}
	if len(rows) == 0 {
		return 0
	}
	if o.useBatched(len(rows)) {
		return toMean(grad, o.addBatchedGrad(grad, x, rows, len(rows)), len(rows))
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
	o.work += int64(o.Model.MultiplyAdds() + o.Model.Backward(o.ws, x, o.dout, grad))
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
	return float64(o.rowHitCount(x)) / float64(d.Rows)
}

// ScoreCoordinate implements optimize.CoordinateScorer and keeps the
// promise of optimize.ExactCoordinateScorer: it writes into losses[k] the
// loss with x[i] = values[k], exact (bit for bit Func's) for every value
// that could be the lowest or tie the loss at x, and counts len(values)
// evaluations, one per value as the plain loop's Func calls would. The near
// ties it settles by exact evaluations of its own are not counted.
//
// It keeps caches of every row's activations at the x it last saw; see
// package scorer for when they are refreshed or rebuilt. x is not modified.
func (o *Objective) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	o.checkLen("ScoreCoordinate's x", x)
	if i < 0 || i >= len(x) || len(losses) < len(values) {
		panic(fmt.Sprintf("objective: ScoreCoordinate of parameter %d (of %d) with %d losses for %d values; the call was at %s", i, len(x), len(losses), len(values), callerOutside()))
	}
	o.ensureScorer()
	refuse := func() {
		for k := range values {
			losses[k] = math.NaN()
		}
	}
	// Its work is known only once done, so the scorer checks the cost cap
	// phase by phase, before each, against what the phase may cost.
	if !o.admit(int64(len(values)), 0) {
		refuse()
		return
	}
	o.capScorer()
	ok := o.coord.ScoreCoordinate(losses, x, i, values, o.scoring.scorerPath())
	o.takeScorerWork()
	if o.workLimit > 0 && o.work > o.workLimit {
		// The cap trusts the scorer's phase bounds; passing it is a bug.
		panic(fmt.Sprintf("objective: scoring %d values of parameter %d took the work to %d, past the cap of %d", len(values), i, o.work, o.workLimit))
	}
	if !ok {
		// The phases done are work done, but no scores: not evaluations.
		o.evals -= int64(len(values))
		o.refuse(ErrCostLimit)
		refuse()
	}
}

// ensureScorer makes the coordinate scorer if there is none yet.
func (o *Objective) ensureScorer() {
	if o.coord == nil {
		o.coord = scorer.NewReusing(o.Model, o.Data, o.Loss, o.recycled)
		o.recycled = nil
		o.coord.SetWorkers(o.workers)
		if o.firstRows != nil {
			o.coord.SetFirstLayer(o.firstRows)
		}
	}
}

// funcFromScorer is Func by the coordinate scorer: bringing its cache to
// x runs Forward on every row and sums the row losses in row order, as
// Func does, so the loss has Func's bits, and the ScoreCoordinate calls
// that follow at x find the cache there instead of running the same pass
// again. Its work is the scorer's, capped like ScoreCoordinate's.
func (o *Objective) funcFromScorer(x []float64) float64 {
	o.ensureScorer()
	if !o.admit(1, 0) {
		return math.NaN()
	}
	o.capScorer()
	f, ok := o.coord.Loss(x)
	o.takeScorerWork()
	if !ok {
		// Refused: the work done is counted, the evaluation is not.
		o.evals--
		o.refuse(ErrCostLimit)
		return math.NaN()
	}
	return f
}

// capScorer gives the scorer what is left of the cost cap, in its own
// count of work (none without a cap).
func (o *Objective) capScorer() {
	limit := int64(-1)
	if o.workLimit > 0 {
		limit = o.coordWork + o.workLimit - o.work
	}
	o.coord.SetWorkLimit(limit)
}

// takeScorerWork adds to the objective's work what its scorer did since
// it last looked.
func (o *Objective) takeScorerWork() {
	total := o.coord.Work()
	o.work += total - o.coordWork
	o.coordWork = total
}

// ScoresExactMinimum implements optimize.ExactCoordinateScorer.
func (o *Objective) ScoresExactMinimum() bool { return true }

// SetWorkers lets ScoreCoordinate split a parameter's rows over n
// goroutines (n < 1 means 1), started now and kept until Close. Rows go in
// fixed blocks whose sums are added in block order, so the scores, and the
// choices made from them, are the same for every n. Small problems are not
// split, since a hand-off would cost more than it saves.
func (o *Objective) SetWorkers(n int) {
	o.workers = max(n, 1)
	if o.first != nil {
		o.first.workers = o.workers
	}
	if o.coord != nil {
		o.coord.SetWorkers(o.workers)
	}
	if o.sub != nil {
		o.sub.SetWorkers(n)
	}
}

// Close stops the goroutines SetWorkers started. The objective stays
// usable, with one worker.
func (o *Objective) Close() {
	o.workers = 1
	if o.first != nil {
		o.first.workers = 1
	}
	if o.coord != nil {
		o.coord.SetWorkers(1)
	}
	if o.sub != nil {
		o.sub.Close()
	}
}

// SetScoring chooses the scoring path, for benchmarks and tests; the
// default ScoreAuto is the fastest. Every path makes the same promise.
func (o *Objective) SetScoring(p ScoringPath) {
	o.scoring = p
	if o.sub != nil {
		o.sub.SetScoring(p)
	}
}

var (
	_ optimize.Batched               = (*Objective)(nil)
	_ optimize.ParameterKinds        = (*Objective)(nil)
	_ optimize.ExactCoordinateScorer = (*Objective)(nil)
	_ optimize.ExactCoordinateScorer = valueOnly{}
)

// ScoringPath chooses how ScoreCoordinate scores candidates. All paths
// give the same promise (optimize.ExactCoordinateScorer); they differ in
// speed.
type ScoringPath int

const (
	// ScoreAuto uses the fastest exact path the model and loss allow: the
	// closed-form quadratic for output-layer parameters under MSE, the bulk
	// pass for the last two hidden layers when piecewise linear under MSE
	// (and, with one output, under an ErrorPieces loss such as MAE or
	// Huber: its output layer too), else the incremental path.
	ScoreAuto ScoringPath = iota
	// ScoreIncremental scores every candidate by propagating the changed
	// rows of the parameter's unit, for comparison and testing.
	ScoreIncremental
)

// scorerPath is p as the scorer names it.
func (p ScoringPath) scorerPath() scorer.Path {
	if p == ScoreIncremental {
		return scorer.Incremental
	}
	return scorer.Auto
}

// Problem returns o as the optimizer should see it: with its gradient
// capabilities only when the loss and every activation are
// differentiable, so that a gradient method's type assertion fails on a
// model it cannot follow (a step network's gradient is zero wherever it
// exists), and with optimize.OutputLayer only under a squared-error
// regression loss.
func (o *Objective) Problem() optimize.Problem {
	if o.Loss.Differentiable() && nn.Differentiable(o.Model.Activations) {
		if o.offersOutputLayer() {
			return outputLayer{o}
		}
		return o
	}
	if o.offersOutputLayer() {
		// A model without a gradient (step units) still has a linear
		// output layer that least squares can fit.
		return valueOnlyOutputLayer{valueOnly{o}}
	}
	return valueOnly{o}
}

// valueOnly hides Grad and BatchGrad.
type valueOnly struct{ o *Objective }

func (v valueOnly) Dim() int                 { return v.o.Dim() }
func (v valueOnly) Func(x []float64) float64 { return v.o.Func(x) }
func (v valueOnly) IsBias(i int) bool        { return v.o.IsBias(i) }

func (v valueOnly) ScoreCoordinate(losses, x []float64, i int, values []float64) {
	v.o.ScoreCoordinate(losses, x, i, values)
}

func (v valueOnly) ScoresExactMinimum() bool { return true }

// callerOutside is where the method that misused an Objective called it:
// the first frame outside this package.
func callerOutside() string { return callsite.Outside("github.com/nnexp/nnexp/objective") }
