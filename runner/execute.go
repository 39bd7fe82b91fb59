package runner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// RunJob trains one job from scratch and never panics: a method that panics
// fails its job. Everything it touches is built for the job except the
// run's data, activations and loss, which it only reads. Cancelling ctx
// stops the job between steps, and inside a step of a method that watches
// optimize.Env.Context; the job is then interrupted and keeps no history
// or metrics (see Result).
func RunJob(ctx context.Context, job Job) Result {
	return runJob(ctx, job, nil, 1)
}

// runJob is RunJob calling onStep, if not nil, after every record, and
// letting the training objective split its rows over threads goroutines.
// The objective sums fixed row blocks in a fixed order, so threads changes
// the speed of a job, never its numbers.
func runJob(ctx context.Context, job Job, onStep func(Job, Progress), threads int) (res Result) {
	x := execution{start: time.Now(), job: job, onStep: onStep, threads: threads}
	nan := math.NaN()
	res = Result{Job: job, TrainLoss: nan, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan}
	defer func() {
		if p := recover(); p != nil {
			res.Status = StatusFailed
			res.Err = fmt.Errorf("runner: %s panicked: %v", x.where(), p)
		}
		res.History = x.history
		res.Elapsed = time.Since(x.start).Seconds()
		if res.Status == StatusInterrupted {
			// Half a run is not a result: see Result.
			res.History, res.Params, res.Evaluations = nil, nil, 0
			res.TrainLoss, res.TestLoss, res.TrainAccuracy, res.TestAccuracy = nan, nan, nan, nan
		}
	}()
	res.Status, res.Err = x.execute(ctx)
	if x.train != nil && res.Status != StatusInterrupted {
		// Read the count before Accuracy, whose evaluations are bookkeeping
		// rather than training cost.
		res.Evaluations = x.train.Evaluations()
		res.Params = x.loc.X
		res.TrainLoss = x.loc.F
		res.TestLoss = x.testLoss()
		if x.train.Data.Task == nn.Classification {
			res.TrainAccuracy = x.train.Accuracy(x.loc.X)
			if x.test != nil {
				res.TestAccuracy = x.test.Accuracy(x.loc.X)
			}
		}
	}
	return res
}

// execution is the state of one job while it runs.
type execution struct {
	start  time.Time
	job    Job
	onStep func(Job, Progress) // nil when nobody watches
	// threads is how many goroutines the training objective may use.
	threads int
	train   *objective.Objective
	// test is nil without a test split; its evaluations are not the job's.
	test    *objective.Objective
	loc     optimize.Location
	history []Record
	// stage and stageName say where the job is, for error messages.
	stage     int
	stageName string
	step      int
	// stages, steps and maxSteps feed Progress.
	stages, steps, maxSteps int
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

func (x *execution) record() {
	x.history = append(x.history, Record{
		Stage:       x.stage,
		Optimizer:   x.stageName,
		Step:        x.step,
		TrainLoss:   x.loc.F,
		TestLoss:    x.testLoss(),
		Evaluations: x.train.Evaluations(),
		Elapsed:     time.Since(x.start).Seconds(),
	})
	if x.onStep != nil {
		x.onStep(x.job, Progress{
			Record:   x.history[len(x.history)-1],
			Stages:   x.stages,
			Steps:    x.steps,
			MaxSteps: x.maxSteps,
		})
	}
}

// stopped classifies an error from a method's Init or Step: once ctx is
// cancelled, any error is taken as the method giving up for it (a method
// returns the context's error, perhaps wrapped), so the job is
// interrupted, not failed, and runs again next time.
func (x *execution) stopped(ctx context.Context, err error) (string, error) {
	if ctx.Err() != nil {
		return x.interrupted(err)
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
	x.stages, x.maxSteps = len(stages), maxSteps(stages)
	ds, model := run.Dataset, run.Model
	mlp, err := nn.NewMLP(ds.Train.Inputs, model.Hidden, model.Activations, ds.Train.Outputs())
	if err != nil {
		return StatusFailed, fmt.Errorf("runner: run %q: %w", run.Name, err)
	}
	params := make([]float64, mlp.NumParams())
	mlp.Init(params, initRand(job.Seed), model.InitWeights, model.InitBiases)

	x.train = objective.New(mlp, ds.Train, run.Loss)
	if x.threads > 1 {
		x.train.SetWorkers(x.threads)
		defer x.train.Close()
	}
	if ds.Test != nil {
		x.test = objective.New(mlp, ds.Test, run.Loss)
	}
	problem := x.train.Problem()
	x.loc = optimize.Location{X: params, F: problem.Func(params)}
	env := optimize.Env{Rand: methodRand(job.Seed), Context: ctx}
	budget := run.MaxEvaluations

	var status optimize.Status
	for i, st := range stages {
		x.stage, x.stageName, x.step = i+1, st.name, 0
		x.record()
		if !finite(x.loc.F) {
			return StatusDiverged, fmt.Errorf("runner: loss is %v at %s", x.loc.F, x.where())
		}
		if err := ctx.Err(); err != nil {
			return x.interrupted(err)
		}
		if err := st.method.Init(problem, &x.loc, env); err != nil {
			return x.stopped(ctx, err)
		}
		status = optimize.Running
		for status == optimize.Running {
			if err := ctx.Err(); err != nil {
				return x.interrupted(err)
			}
			x.step++
			x.steps++
			status, err = st.method.Step(&x.loc)
			if err != nil {
				return x.stopped(ctx, err)
			}
			x.record()
			if !finite(x.loc.F) {
				return StatusDiverged, fmt.Errorf("runner: loss became %v at %s", x.loc.F, x.where())
			}
			// A job whose last step spends the budget has done all it
			// would have done, so the budget only stops one with more to do.
			more := status == optimize.Running || i < len(stages)-1
			if budget > 0 && more && x.train.Evaluations() >= budget {
				return StatusBudget, nil
			}
		}
	}
	if status == optimize.Converged {
		return StatusConverged, nil
	}
	// A status this package does not know still means the method is done.
	return StatusCompleted, nil
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

// checkRun rejects a run the loader would never produce, so that a
// hand-built experiment fails its jobs instead of crashing the program.
func checkRun(run *dsl.Run) error {
	switch {
	case run == nil:
		return errors.New("runner: job has no run")
	case run.Dataset == nil || run.Dataset.Train == nil:
		return fmt.Errorf("runner: run %q has no training data", run.Name)
	case run.Model == nil:
		return fmt.Errorf("runner: run %q has no model", run.Name)
	case run.Loss == nil:
		return fmt.Errorf("runner: run %q has no loss", run.Name)
	}
	return nil
}

// stage is one method of the flattened pipeline.
type stage struct {
	name   string
	method optimize.Method
}

// flatten builds fresh methods for a pipeline, expanding each composite
// into its parts so that every part is recorded as a stage of its own.
func flatten(p *dsl.Pipeline) ([]stage, error) {
	if p == nil || len(p.Stages) == 0 {
		return nil, errors.New("pipeline has no optimizers")
	}
	var stages []stage
	for i, s := range p.Stages {
		if s == nil || s.Config == nil {
			return nil, fmt.Errorf("pipeline %q optimizer %d has no settings", p.Name, i+1)
		}
		m := s.Config.Method()
		if m == nil {
			return nil, fmt.Errorf("pipeline %q optimizer %d (%s) built no method", p.Name, i+1, s.Optimizer)
		}
		if c, ok := m.(optimize.Composite); ok {
			if parts := c.Stages(); len(parts) > 0 {
				for _, part := range parts {
					stages = append(stages, stage{name: s.Optimizer + "." + part.Name, method: part.Method})
				}
				continue
			}
		}
		stages = append(stages, stage{name: s.Optimizer, method: m})
	}
	return stages, nil
}
