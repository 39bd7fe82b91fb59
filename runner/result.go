package runner

import (
	"errors"
	"fmt"
)

// ErrNotStarted is in the error of an interrupted job that never began:
// the run was cancelled before a worker took it, so it has nothing to show
// but its place in the queue.
var ErrNotStarted = errors.New("runner: interrupted before the job started")

// The values of Result.Status. Completed and converged come from the last
// stage's optimize.Status; the others end a job early.
const (
	StatusCompleted = "completed"
	StatusConverged = "converged"
	// StatusBudget: a budget (MaxEvaluations, MaxCost, MaxSeconds) ended
	// the job while it still had work to do.
	StatusBudget = "budget"
	// StatusTarget: the job reached its run's target_loss or
	// target_accuracy; its evaluations are the cost of reaching it.
	StatusTarget      = "target"
	StatusDiverged    = "diverged"
	StatusInterrupted = "interrupted"
	StatusFailed      = "failed"
	// StatusNotRun: Options.Select left the job to another shard, and no
	// stored result stood in for it.
	StatusNotRun = "not run"
)

// Reusable reports whether a job that ended with status is worth keeping
// for a later run of the same job: its result depends on nothing but the
// job's inputs (completed, converged, budget, and diverged, since a loss
// that overflows does so again). A failed job may have failed for a reason
// outside them (a bug since fixed, a full disk) and an interrupted one did
// not finish, so both run again.
func Reusable(status string) bool {
	switch status {
	case StatusCompleted, StatusConverged, StatusBudget, StatusTarget, StatusDiverged:
		return true
	}
	return false
}

// Record is the state of a job after one step of one stage.
type Record struct {
	// Stage counts from 1 over the flattened pipeline, in which a composite
	// optimizer contributes one stage per part.
	Stage int
	// Optimizer names the stage: the optimizer's registered name, or
	// "<optimizer>.<part>" for a part of a composite ("hybrid.adam").
	Optimizer string
	// Step is 0 for the state before the stage's first step.
	Step int
	// Progress is the share of Step done at this record: 1 at a step's
	// end (and for step 0), below 1 for a point recorded within a long
	// step (optimize.Env.Checkpoint: a search sweep part-way). On a step
	// axis the record sits at Step - 1 + Progress.
	Progress  float64
	TrainLoss float64
	// TestLoss is NaN when the data set has no test split.
	TestLoss float64
	// TrainAccuracy and TestAccuracy are the fractions of rows classified
	// right; NaN for regression, and TestAccuracy without a test split.
	TrainAccuracy, TestAccuracy float64
	// Revivals counts the dead units the job's methods have re-drawn so
	// far (optimize.Reviver: search's revive_dead).
	Revivals int
	// Evaluations counts the training loss evaluations of the job so far;
	// those spent on the test split are not counted.
	Evaluations int64
	// Cost is the job's work so far on the training data in forward-pass
	// equivalents (objective.Cost): the axis on which a search candidate
	// and a gradient compare. The test split's and the runner's own
	// checks are not counted.
	Cost float64
	// Elapsed is the job's training time so far in seconds: the wall
	// time since it started less the runner's watching (trainingClock).
	Elapsed float64
}

// Result is what one job produced. Metrics that do not apply (no test split,
// accuracy on regression data) or could not be computed are NaN.
//
// An interrupted job keeps only its status, its error (which says where it
// stopped) and its elapsed time: no history, parameters or metrics, since
// half a training curve next to whole ones reads as a result. It runs again
// on the next run into the same folder.
type Result struct {
	Job
	// Settings are the run's hyperparameters as read back from
	// summary.csv, where a result has no Run; see SettingsOf.
	Settings []Setting
	// LossName is the run's loss where a result has no Run (read back
	// from an output folder, the loss taken from its experiment file);
	// see LossNameOf.
	LossName string
	// PairKey is what pairs the run's jobs with another run's where a
	// result has no Run (read back, taken from its experiment file):
	// runs are paired when their keys are equal; "" pairs with none.
	PairKey string
	History []Record
	// Params are the final parameters, nil if the model could not be built.
	Params                      []float64
	TrainLoss, TestLoss         float64
	TrainAccuracy, TestAccuracy float64
	Evaluations                 int64
	Cost                        float64
	Elapsed                     float64
	// Status is one of the Status constants.
	Status string
	// Err says what went wrong for diverged, interrupted and failed jobs.
	Err error
	// TimeLimited says max_seconds stopped the job (status budget): its
	// result depends on the machine and its load at the time, so a run
	// into the same folder runs it again, and only a merge of shards
	// takes its stored result (Options.ReuseTimeLimited).
	TimeLimited bool
	// Build is Options.Build of the run that computed the result.
	Build string
	// Reused is true when the result was not computed by this run but
	// loaded from Options.Store, timings included.
	Reused bool
	// SaveErr is why a finished job could not be written to
	// Options.Store; the result itself is sound, but the next run will
	// compute it again.
	SaveErr error
}

// Warning says why a job that ended well by its status deserves a second
// look: its training loss ended above where the job started. No method
// worth running does that on purpose; a gradient method does it when its
// step is too large (learning_rate = 1e10 "completed" at a loss of 2e21).
// A search can do it by design (a value set without the start's values
// moves every parameter onto the set; minibatch choices need not lower
// the full-data loss), which the message says, since the runner does not
// know its methods.
// It is "" when there is nothing to say. It is derived from the result, so
// a result reused from a Store carries the same warning.
func (r Result) Warning() string {
	switch r.Status {
	case StatusCompleted, StatusConverged, StatusBudget, StatusTarget:
	default:
		return ""
	}
	if len(r.History) == 0 {
		return ""
	}
	start := r.History[0].TrainLoss
	if !(r.TrainLoss > start) {
		return ""
	}
	return fmt.Sprintf("runner: warning: the training loss ended at %.6g, above its start %.6g; a step size may be too large (a search over a value set or on minibatches can end above its start by design)", r.TrainLoss, start)
}

// LossNameOf is the name of the loss r's run trains on: its Spec's when
// it has one, else the one read back with it ("" if none was).
func LossNameOf(r Result) string {
	if r.Run != nil {
		return r.Run.LossName
	}
	return r.LossName
}

// SettingsOf is the hyperparameters of r's run: its Spec's when it has
// one, else those read back with it.
func SettingsOf(r Result) []Setting {
	if r.Run != nil {
		return r.Run.Settings
	}
	return r.Settings
}
