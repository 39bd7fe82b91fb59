package runner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/nnexp/nnexp/internal/callsite"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// RunJob trains one job from scratch and never panics: a method that panics
// fails its job. Everything it touches is built for the job except the
// run's data, activations and loss, which it only reads. Cancelling ctx
// stops the job between steps, and inside a step of a method that watches
// optimize.Env.Context; the job is then interrupted and keeps no history
// or metrics (see Result).
func RunJob(ctx context.Context, job Job) Result {
	return runJob(ctx, job, hooks{}, nil)
}

// hooks are the displays' callbacks of Options, nil when unused.
type hooks struct {
	onStep   func(Job, Progress)
	onWithin func(Job, Within)
}

// runJob is RunJob calling the hooks, and letting the training objective
// split its rows over its share of cores (nil: one). The objective sums
// fixed row blocks in a fixed order, so its workers change the speed of a
// job, never its numbers.
func runJob(ctx context.Context, job Job, h hooks, c *cores) (res Result) {
	x := execution{training: newTrainingClock(time.Now()), job: job, onStep: h.onStep, onWithin: h.onWithin, clock: time.Now, threads: 1, cores: c}
	nan := math.NaN()
	res = Result{Job: job, TrainLoss: nan, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan}
	defer func() {
		if p := recover(); p != nil {
			res.Status = StatusFailed
			res.Err = panicError(x.where(), p, callsite.Panic())
			if x.train != nil {
				// What the job spent before it failed; its parameters
				// and losses are not trusted.
				res.Evaluations, res.Cost = x.train.Evaluations(), x.train.Cost()
			}
		}
		res.History = x.history
		res.Elapsed = x.training.seconds()
		if res.Status == StatusInterrupted {
			// Half a run is not a result: see Result.
			res.History, res.Params, res.Evaluations, res.Cost = nil, nil, 0, 0
			res.TrainLoss, res.TestLoss, res.TrainAccuracy, res.TestAccuracy = nan, nan, nan, nan
		}
	}()
	res.Status, res.Err = x.execute(ctx)
	res.TimeLimited = x.timeLimited
	// A job that failed before its start was evaluated (a stage's
	// ProblemChecker refused) has no parameters to measure.
	if x.train != nil && x.loc.X != nil && res.Status != StatusInterrupted {
		// Read the count before Accuracy, whose evaluations are bookkeeping
		// rather than training cost.
		res.Evaluations = x.train.Evaluations()
		res.Cost = x.train.Cost()
		res.Params = x.loc.X
		res.TrainLoss = x.loc.F
		defer x.training.watch()()
		res.TestLoss = x.testLoss()
		res.TrainAccuracy, res.TestAccuracy = x.trainAccuracy(), x.accuracy(x.test)
	}
	return res
}

// execution is the state of one job while it runs.
type execution struct {
	// training is the job's clock, the runner's own work left out.
	training *trainingClock
	job      Job
	onStep   func(Job, Progress) // nil when nobody watches
	// onWithin is nil when nobody watches; clock is time.Now but in
	// tests. stepStart and stepEvals are when the running step began and
	// the evaluations then, lastWithin the last call of onWithin.
	onWithin              func(Job, Within)
	clock                 func() time.Time
	stepStart, lastWithin time.Time
	stepEvals             int64
	// threads is how many goroutines the training objective uses now,
	// its share of cores (nil: always 1).
	threads int
	cores   *cores
	train   *objective.Objective
	// test is nil without a test split; its evaluations are not the job's.
	test *objective.Objective
	// check recomputes the training loss to verify what a method reports;
	// it is an objective of its own so that the job's count stays the
	// method's cost.
	check *objective.Objective
	// lossLeft says loc.F is a loss the method left the runner, taken
	// on check at loc.X, which no method paid for: the train accuracy
	// reads that pass's hits, and verify has nothing to check.
	lossLeft bool
	loc      optimize.Location
	history  []Record
	// stage and stageName say where the job is, for error messages.
	stage     int
	stageName string
	// reviver is the running stage's optimize.Reviver, or nil;
	// revivedBefore counts the earlier stages' revivals.
	reviver       optimize.Reviver
	revivedBefore int
	step          int
	// timeLimited says max_seconds stopped the job.
	timeLimited bool
	// methodCtx is the context the methods see: the job's, also
	// cancelled (with a budget error as its cause) when a budget runs out.
	methodCtx context.Context
	// stages, steps, maxSteps and maxSeconds feed Progress.
	stages, steps, maxSteps int
	maxSeconds              float64
	// cancelMethod cancels methodCtx with a cause.
	cancelMethod context.CancelCauseFunc
	// nextPoint is the work (objective.Work) from which checkpoint
	// records a point within a step; done is the share of the running
	// step its method last reported there, 0 if none.
	nextPoint int64
	done      float64
}

func (x *execution) where() string {
	if x.stage == 0 {
		return "setup"
	}
	return fmt.Sprintf("stage %d (%s) step %d", x.stage, x.stageName, x.step)
}

func (x *execution) testLoss() float64 {
	if x.test == nil {
		return math.NaN()
	}
	return x.test.Func(x.loc.X)
}

// pointSpacing sets how far apart checkpoint's points are: each at least
// 1/pointSpacing more work than the record before it, so they are evenly
// spaced on a log cost axis, about six per doubling of the cost. A search
// job's first sweep, which takes the loss from its start to near its end,
// gets dozens; its thirtieth, which adds a thirtieth to the cost, none.
const pointSpacing = 8

// checkpoint is optimize.Env.Checkpoint: it records loc, the running
// step's Location, as a point done of the way through the step once
// enough work has passed since the last record.
//
// A nil loc (a minibatch sweep, whose loc.F is not the loss part-way)
// records nothing; either way done goes to the progress display.
func (x *execution) checkpoint(loc *optimize.Location, done float64) {
	if (loc != nil && loc != &x.loc) || !(done > 0 && done < 1) {
		return
	}
	x.done = done
	x.adjustWorkers()
	x.within(done)
	// A point is recorded only where the method stands on a loss it was
	// given: not past a refusal (NaN), nor once a budget stopped it.
	if loc != nil && finite(loc.F) && x.pointDue() {
		x.recordAt(done)
		if x.cancelMethod != nil && x.targetReached() {
			// Reached part-way: the method stops where it stands, and
			// this point, the last record, is what reaching it cost.
			x.cancelMethod(errTargetReached)
		}
	}
}

// pointLoss is optimize.Env.PointLoss: when checkpoint, given a loc,
// would record a point now, the loss at params on the runner's own
// objective, in a spell of watching, as takeLeftLoss evaluates a loss a
// method left it after a step.
func (x *execution) pointLoss(params []float64) (float64, bool) {
	if !x.pointDue() {
		return 0, false
	}
	defer x.training.watch()()
	return x.check.Func(params), true
}

// pointDue reports whether enough work has passed since the last record
// for checkpoint to record another, with no budget spent.
func (x *execution) pointDue() bool {
	return !x.budgetSpent() && x.train.Work() >= x.nextPoint
}

// withinEvery is the least wall time between two OnWithin calls of a
// job: a display redraws a few times a second, and a sweep's parameters
// come thousands a second.
const withinEvery = 200 * time.Millisecond

// within tells the OnWithin hook, if any, that the running step is done
// of the way through, unless it did so less than withinEvery ago.
func (x *execution) within(done float64) {
	if x.onWithin == nil {
		return
	}
	now := x.clock()
	if now.Sub(x.lastWithin) < withinEvery {
		return
	}
	x.lastWithin = now
	// The display's time is the runner's; a record has a spell of its
	// own, and the rest of a checkpoint, called between parameters
	// thousands of times a second, costs too little to be worth timing.
	defer x.training.watch()()
	x.onWithin(x.job, Within{
		Stage:           x.stage,
		Optimizer:       x.stageName,
		Step:            x.step,
		Done:            done,
		Params:          len(x.loc.X),
		StepEvaluations: x.train.Evaluations() - x.stepEvals,
		StepElapsed:     now.Sub(x.stepStart).Seconds(),
	})
}

// beginStep notes when a step begins, for within.
func (x *execution) beginStep() {
	x.done = 0
	if x.onWithin != nil {
		x.stepStart = x.clock()
		x.lastWithin = x.stepStart
		x.stepEvals = x.train.Evaluations()
	}
}

func (x *execution) record() {
	x.adjustWorkers()
	x.recordAt(1)
}

// recordAt appends the job's state to its history, progress of the way
// through its step.
func (x *execution) recordAt(progress float64) {
	defer x.training.watch()()
	work := x.train.Work()
	x.nextPoint = work + max(work/pointSpacing, 1)
	x.history = append(x.history, Record{
		Stage:         x.stage,
		Optimizer:     x.stageName,
		Step:          x.step,
		Progress:      progress,
		TrainLoss:     x.loc.F,
		TestLoss:      x.testLoss(),
		TrainAccuracy: x.trainAccuracy(),
		TestAccuracy:  x.accuracy(x.test),
		Revivals:      x.revivals(),
		Evaluations:   x.train.Evaluations(),
		Cost:          x.train.Cost(),
		Elapsed:       x.training.seconds(),
	})
	if x.onStep != nil {
		x.onStep(x.job, Progress{
			Record:     x.history[len(x.history)-1],
			Stages:     x.stages,
			Steps:      x.steps,
			MaxSteps:   x.maxSteps,
			MaxSeconds: x.maxSeconds,
			Wall:       x.training.wallSeconds(),
		})
	}
}

// accuracy is o's accuracy at the job's parameters, or NaN when o is nil
// (no test split) or the task is regression. It is a report, so it does
// not count as an evaluation; it costs one forward pass over o's rows.
func (x *execution) accuracy(o *objective.Objective) float64 {
	// Parameters whose loss is not finite classify every row as class 0
	// (argmax of NaN outputs): that share is no accuracy of a model.
	if o == nil || o.Data.Task != nn.Classification || !finite(x.loc.F) {
		return math.NaN()
	}
	return o.Accuracy(x.loc.X)
}

// trainAccuracy is the accuracy on the training data at the job's
// parameters, from the pass that took their loss when the runner took it.
func (x *execution) trainAccuracy() float64 {
	if x.lossLeft {
		return x.accuracy(x.check)
	}
	return x.accuracy(x.train)
}

// revivals is the job's dead units re-drawn so far (optimize.Reviver).
func (x *execution) revivals() int {
	n := x.revivedBefore
	if x.reviver != nil {
		n += x.reviver.Revivals()
	}
	return n
}

// stopped classifies an error from a method's Init or Step: once ctx is
// cancelled, any error is taken as the method giving up for it (a method
// returns the context's error, perhaps wrapped), so the job is
// interrupted, not failed, and runs again next time.
func (x *execution) stopped(ctx context.Context, err error) (string, error) {
	if ctx.Err() != nil {
		return x.interrupted(err)
	}
	if x.methodCtx != nil && errors.Is(context.Cause(x.methodCtx), errTargetReached) && errors.Is(err, context.Canceled) {
		// The target was reached at a point within the step, recorded
		// last; the method stopped there.
		if err := x.verify(); err != nil {
			return StatusFailed, err
		}
		return StatusTarget, nil
	}
	// Only the context's own error is the method giving up for the
	// budget; another error at the same moment is a failure.
	if x.budgetSpent() && errors.Is(err, context.Canceled) {
		return x.budgetStop(true)
	}
	if x.budgetSpent() {
		// Most likely the method's own words for stopping at the budget;
		// saying so tells its author what the runner expects.
		return StatusFailed, fmt.Errorf("runner: %s: %w (the run's budget had run out: %v; a method that stops for it returns Env.Err())", x.where(), err, context.Cause(x.methodCtx))
	}
	return StatusFailed, fmt.Errorf("runner: %s: %w", x.where(), err)
}

// interrupted is the status and error of a job stopped where it stands
// because of err, the context's error or a method's error caused by it.
func (x *execution) interrupted(err error) (string, error) {
	return StatusInterrupted, fmt.Errorf("runner: interrupted at %s: %w", x.where(), err)
}

func (x *execution) execute(ctx context.Context) (string, error) {
	if err := ctx.Err(); err != nil {
		return StatusInterrupted, fmt.Errorf("%w: %w", ErrNotStarted, err)
	}
	job := x.job
	run := job.Run
	if err := checkRun(run); err != nil {
		return StatusFailed, err
	}
	stages, err := flatten(run.Pipeline)
	if err != nil {
		return StatusFailed, fmt.Errorf("runner: run %q: %w", run.Name, err)
	}
	x.stages, x.maxSteps, x.maxSeconds = len(stages), maxSteps(stages), run.MaxSeconds
	ds, model := run.Dataset, run.Model
	mlp, err := nn.NewMLP(ds.Train.Inputs, model.Hidden, model.Activations, ds.Train.Outputs())
	if err != nil {
		return StatusFailed, fmt.Errorf("runner: run %q: %w", run.Name, err)
	}
	params := make([]float64, mlp.NumParams())
	mlp.Init(params, initRand(job.Seed), model.InitWeights, model.InitBiases)

	x.train = objective.New(mlp, ds.Train, run.Loss)
	defer x.train.Close()
	x.adjustWorkers()
	if ds.Test != nil {
		x.test = objective.New(mlp, ds.Test, run.Loss)
		x.test.SetWorkers(max(x.threads, 1))
	}
	x.check = objective.New(mlp, ds.Train, run.Loss)
	x.check.SetWorkers(max(x.threads, 1))
	problem := x.train.Problem()
	for _, st := range stages {
		if st.check == nil {
			continue
		}
		if err := st.check.CheckProblem(problem); err != nil {
			return StatusFailed, fmt.Errorf("runner: run %q: stage %s cannot run: %w", run.Name, st.name, err)
		}
	}
	x.loc = optimize.Location{X: params, F: problem.Func(params)}
	// The methods see a context of their own: the job's (Ctrl-C), also
	// cancelled by a budget, whose cause tells the two apart.
	methodCtx, cancelMethod := context.WithCancelCause(ctx)
	defer cancelMethod(nil)
	x.cancelMethod = cancelMethod
	if run.MaxSeconds > 0 {
		// Training time, as the seconds column counts it: the runner's
		// watching does not use up a job's budget.
		limit := time.Duration(run.MaxSeconds * float64(time.Second))
		defer startTimeBudget(x.training, limit, func() { cancelMethod(errTimeBudget) }).cancel()
	}
	x.methodCtx = methodCtx
	env := optimize.Env{Rand: methodRand(job.Seed), Context: methodCtx, Checkpoint: x.checkpoint, PointLoss: x.pointLoss}
	budget := run.MaxEvaluations
	if budget > 0 || run.MaxCost > 0 {
		// A cap, not a mark: the objective refuses what would pass it.
		x.train.SetLimits(objective.Limits{Evaluations: budget, Cost: run.MaxCost}, func(err error) {
			if errors.Is(err, objective.ErrCostLimit) {
				cancelMethod(errCostBudget)
			} else {
				cancelMethod(errEvalBudget)
			}
		})
	}

	var status optimize.Status
	for i, st := range stages {
		if x.reviver != nil {
			x.revivedBefore += x.reviver.Revivals()
		}
		x.reviver, _ = st.method.(optimize.Reviver)
		x.stage, x.stageName, x.step, x.done = i+1, st.name, 0, 0
		x.record()
		if !finite(x.loc.F) {
			return StatusDiverged, fmt.Errorf("runner: loss is %v at %s", x.loc.F, x.where())
		}
		if x.targetReached() {
			return StatusTarget, nil
		}
		if err := ctx.Err(); err != nil {
			return x.interrupted(err)
		}
		if x.budgetSpent() {
			return x.budgetStop(false)
		}
		if x.lossLeft {
			// The loss after the last stage was the runner's report,
			// paid by no one; this stage starts from it, and pays for
			// it, as the first stage pays for the start's.
			x.loc.F, x.lossLeft = problem.Func(x.loc.X), false
			if x.evalBudgetSpent() {
				return x.budgetStop(true)
			}
		}
		if err := st.method.Init(problem, &x.loc, env); err != nil {
			return x.stopped(ctx, err)
		}
		if err := x.checkLength(len(params)); err != nil {
			return StatusFailed, err
		}
		if x.evalBudgetSpent() {
			// Init asked for evaluations past the budget.
			return x.budgetStop(true)
		}
		leaves := leavesLoss(st.method)
		status = optimize.Running
		for status == optimize.Running {
			if err := ctx.Err(); err != nil {
				return x.interrupted(err)
			}
			if x.budgetSpent() {
				return x.budgetStop(false)
			}
			x.step++
			x.steps++
			x.beginStep()
			x.lossLeft = false
			if leaves {
				x.loc.F = math.NaN()
			}
			status, err = st.method.Step(&x.loc)
			if leaves && ctx.Err() != nil {
				// Interrupted, perhaps after the method's last look at
				// the context: the step's loss is not taken, and the job
				// runs again next time.
				return x.interrupted(ctx.Err())
			}
			if err != nil {
				return x.stopped(ctx, err)
			}
			if err := x.checkLength(len(params)); err != nil {
				return StatusFailed, err
			}
			if x.evalBudgetSpent() {
				// The method finished its step on refused evaluations,
				// so its loss is not the loss of where it stands.
				return x.budgetStop(true)
			}
			if leaves {
				x.takeLeftLoss()
			}
			if !finite(x.loc.F) {
				if err := x.verifyDivergence(); err != nil {
					x.record()
					return StatusFailed, err
				}
			}
			x.record()
			if !finite(x.loc.F) {
				return StatusDiverged, fmt.Errorf("runner: loss became %v at %s", x.loc.F, x.where())
			}
			if x.targetReached() {
				if err := x.verify(); err != nil {
					return StatusFailed, err
				}
				return StatusTarget, nil
			}
			// A job whose last step spends the budget has done all it
			// would have done, so the budget only stops one with more to do.
			more := status == optimize.Running || i < len(stages)-1
			if budget > 0 && more && x.train.Evaluations() >= budget {
				if err := x.verify(); err != nil {
					return StatusFailed, err
				}
				return StatusBudget, nil
			}
		}
		if err := x.verify(); err != nil {
			return StatusFailed, err
		}
	}
	if status == optimize.Converged {
		return StatusConverged, nil
	}
	// A status this package does not know still means the method is done.
	return StatusCompleted, nil
}

// takeLeftLoss evaluates the loss a method left the runner after a step,
// outside the job's cost and training time.
func (x *execution) takeLeftLoss() {
	defer x.training.watch()()
	x.loc.F = x.check.Func(x.loc.X)
	x.lossLeft = true
}

// leavesLoss reports whether m, initialised, leaves the loss after each
// Step to the runner (optimize.LeavesLoss): the runner then evaluates it
// on check, so that it is not the method's cost, and hides it from the
// method until the step is done.
func leavesLoss(m optimize.Method) bool {
	l, ok := m.(optimize.LeavesLoss)
	return ok && l.LeavesLoss()
}

// verify recomputes the training loss at the method's parameters and
// fails the job unless it is, bit for bit, the loss the method reported.
// Every number the job writes (history, summary, the next stage's start)
// is the method's word; this check is what makes it more than that. It
// catches a method that forgot to restore a rejected value and a
// capability that broke its promise (a fast scorer, a loss's
// nn.ErrorPieces), which no other check would. On a mismatch the job
// keeps the recomputed loss, so the summary shows the truth.
func (x *execution) verify() error {
	if x.lossLeft {
		// The runner took this loss itself, on check, at loc.X.
		return nil
	}
	defer x.training.watch()()
	reported := x.loc.F
	actual := x.check.Func(x.loc.X)
	if math.Float64bits(actual) == math.Float64bits(reported) {
		return nil
	}
	return x.brokenPromise(reported, actual)
}

// brokenPromise keeps the recomputed loss actual in place of the reported
// one and says, for verify and verifyDivergence, that they differ.
func (x *execution) brokenPromise(reported, actual float64) error {
	x.loc.F = actual
	return fmt.Errorf("runner: %s: optimizer %q reported training loss %v, but its parameters give %v under loss %q; "+
		"the optimizer, or a fast-path capability of the loss or an activation, broke the promise that Location.F is Func(Location.X)",
		x.where(), x.stageName, reported, actual, x.job.Run.LossName)
}

// verifyDivergence checks a loss that the method reports not finite
// against the parameters' (verify's check, for a job about to be marked
// diverged): a method that reports NaN or Inf where its parameters have a
// finite loss has broken Location's promise, and the job fails with the
// true loss rather than passing as diverged with none. Both not finite
// (whatever NaN's bits) is a divergence.
func (x *execution) verifyDivergence() error {
	if x.lossLeft {
		return nil // not finite on check itself, as verify trusts it
	}
	defer x.training.watch()()
	reported := x.loc.F
	actual := x.check.Func(x.loc.X)
	if !finite(actual) {
		return nil
	}
	return x.brokenPromise(reported, actual)
}

// checkLength fails the job when the method changed the number of
// parameters: every later evaluation, record and stage would read the
// model's parameters out of a vector of another length.
func (x *execution) checkLength(dim int) error {
	if n := len(x.loc.X); n != dim {
		return fmt.Errorf("runner: %s: optimizer %q left %d parameters where the model has %d; a method must keep Location.X's length",
			x.where(), x.stageName, n, dim)
	}
	return nil
}

// The causes with which a budget cancels a job's methods.
var (
	errTimeBudget = errors.New("runner: max_seconds reached")
	// Refusals: methods tell them from other stops (optimize.Env.Refused).
	errEvalBudget = fmt.Errorf("runner: max_evaluations reached: %w", optimize.ErrRefused)
	errCostBudget = fmt.Errorf("runner: max_cost reached: %w", optimize.ErrRefused)
	// errTargetReached stops a method part-way through a step whose
	// checkpoint reached the run's target.
	errTargetReached = errors.New("runner: target reached")
)

// budgetSpent reports whether a budget cancelled the methods' context.
func (x *execution) budgetSpent() bool {
	return x.evalBudgetSpent() || x.methodCtx != nil && errors.Is(context.Cause(x.methodCtx), errTimeBudget)
}

// evalBudgetSpent reports whether the objective refused an evaluation for
// max_evaluations or max_cost: a method that goes on after that computes
// with NaN.
func (x *execution) evalBudgetSpent() bool {
	if x.methodCtx == nil {
		return false
	}
	cause := context.Cause(x.methodCtx)
	return errors.Is(cause, errEvalBudget) || errors.Is(cause, errCostBudget)
}

// budgetStop ends a job whose budget ran out. midStep says a method
// stopped inside a step or its Init: its parameters are where it stood,
// but its loss may not be theirs (an epoch cut between minibatches has
// not evaluated them), so the runner evaluates them itself, uncounted,
// and records them unless the last record already says as much. A job
// cut by max_seconds depends on the machine, so it is not stored for
// reuse (see Result.TimeLimited).
func (x *execution) budgetStop(midStep bool) (string, error) {
	x.timeLimited = errors.Is(context.Cause(x.methodCtx), errTimeBudget)
	if midStep {
		end := x.training.watch()
		x.loc.F = x.check.Func(x.loc.X)
		end()
		// A stop before any work of the step (its first evaluation
		// refused) leaves the last record's loss, evaluations and cost:
		// a record of them at this step would show a step that did
		// nothing.
		last := x.history[len(x.history)-1]
		if math.Float64bits(last.TrainLoss) != math.Float64bits(x.loc.F) ||
			last.Evaluations != x.train.Evaluations() || last.Cost != x.train.Cost() {
			// As far as the method said it got; a method that does not
			// say (an epoch cut between minibatches) has its step's place.
			progress := 1.0
			if x.done > 0 {
				progress = x.done
			}
			x.recordAt(progress)
		}
		if !finite(x.loc.F) {
			return StatusDiverged, fmt.Errorf("runner: loss is %v where the budget stopped %s", x.loc.F, x.where())
		}
		return StatusBudget, nil
	}
	if err := x.verify(); err != nil {
		return StatusFailed, err
	}
	return StatusBudget, nil
}

// targetReached reports whether the job has reached its run's target
// loss (on the training data) or target accuracy (on the test split).
func (x *execution) targetReached() bool {
	run := x.job.Run
	if run.TargetLoss != nil && x.loc.F <= *run.TargetLoss {
		return true
	}
	// The last record holds the test accuracy at the current parameters.
	return run.TargetAccuracy != nil && x.history[len(x.history)-1].TestAccuracy >= *run.TargetAccuracy
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// maxSteps is the most steps the stages may take, 0 unless every stage's
// method says (optimize.StepLimit).
func maxSteps(stages []stage) int {
	total := 0
	for _, st := range stages {
		l, ok := st.method.(optimize.StepLimit)
		if !ok || l.MaxSteps() <= 0 {
			return 0
		}
		total += l.MaxSteps()
	}
	return total
}

// checkRun rejects a run package plan would never produce, so that a
// hand-built experiment fails its jobs instead of crashing the program.
func checkRun(run *Spec) error {
	switch {
	case run == nil:
		return errors.New("runner: job has no run")
	case run.Dataset == nil || run.Dataset.Train == nil:
		return fmt.Errorf("runner: run %q has no training data", run.Name)
	case run.Model == nil:
		return fmt.Errorf("runner: run %q has no model", run.Name)
	case run.Loss == nil:
		return fmt.Errorf("runner: run %q has no loss", run.Name)
	case !(run.MaxSeconds >= 0 && run.MaxSeconds <= 1e7):
		return fmt.Errorf("runner: run %q has MaxSeconds %v; want 0 (none) up to 1e7", run.Name, run.MaxSeconds)
	case run.MaxCost != 0 && !(run.MaxCost >= 1):
		// The start point's evaluation, before any step, costs a pass.
		return fmt.Errorf("runner: run %q has MaxCost %v; want 0 (none) or at least 1, the cost of evaluating the start point", run.Name, run.MaxCost)
	}
	return nil
}

// stage is one method of the flattened pipeline.
type stage struct {
	name   string
	method optimize.Method
	// check is the config's registry.ProblemChecker, or nil.
	check registry.ProblemChecker
}

// flatten builds fresh methods for a pipeline, expanding each preset
// (registry.Preset) into its stages so that every one is recorded as a
// stage of its own, named "<optimizer>.<stage>".
func flatten(p *Pipeline) ([]stage, error) {
	if p == nil || len(p.Stages) == 0 {
		return nil, errors.New("pipeline has no optimizers")
	}
	var stages []stage
	for i, s := range p.Stages {
		if s == nil || s.Config == nil {
			return nil, fmt.Errorf("pipeline %q optimizer %d has no settings", p.Name, i+1)
		}
		var err error
		if stages, err = appendStages(stages, s.Optimizer, s.Config); err != nil {
			return nil, fmt.Errorf("pipeline %q optimizer %d: %w", p.Name, i+1, err)
		}
	}
	return stages, nil
}

// appendStages appends the stages of the optimizer config cfg, named name,
// a preset expanded by registry.Expand.
func appendStages(stages []stage, name string, cfg registry.OptimizerConfig) ([]stage, error) {
	leaves, err := registry.Expand(name, cfg)
	if err != nil {
		return nil, err
	}
	for _, leaf := range leaves {
		mc, ok := leaf.Config.(registry.MethodConfig)
		if !ok {
			return nil, fmt.Errorf("%s: config %T is neither a registry.MethodConfig nor a registry.Preset", leaf.Name, leaf.Config)
		}
		m := mc.Method()
		if m == nil {
			return nil, fmt.Errorf("%s built no method", leaf.Name)
		}
		check, _ := leaf.Config.(registry.ProblemChecker)
		stages = append(stages, stage{name: leaf.Name, method: m, check: check})
	}
	return stages, nil
}
