package optimize

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
)

// Location is where a method stands: the parameters and the loss there.
type Location struct {
	X []float64
	F float64
}

// Env is what a run gives a method besides the problem. New fields may be
// added; a method ignores those it does not need.
type Env struct {
	// Rand is the job's random source, seeded from the experiment seed and
	// the repeat, so a method that shuffles or samples is reproducible.
	Rand *rand.Rand
	// Context is cancelled when the run is interrupted (Ctrl-C, SIGTERM); nil
	// means never cancelled. The runner checks it between steps, so only a
	// method whose one Step can take long (a sweep or an epoch over big
	// data) needs to look at it, through Err, at points where stopping is
	// cheap (between parameters, between minibatches). A method that stops
	// early for it returns Err's error from Step or Init; the runner then
	// marks the job interrupted and discards its partial result, so loc
	// need not be consistent.
	Context context.Context
	// Checkpoint is nil or a place to report progress within a long Step
	// (a search sweep over thousands of parameters): a method may call it
	// between evaluations with the Location that Step was given, at a
	// point where loc.F is the loss at loc.X, and done, the share of the
	// step done so far (0 < done < 1). The runner then records a history
	// point when enough work has passed since its last one, so that a
	// curve by cost is drawn through points measured, not a straight line
	// across a whole sweep; it returns at once otherwise. The runner
	// checks the loss at the end of the stage, as for every step. The
	// time a call takes is the runner's, left out of the job's training
	// time (the seconds a result reports and max_seconds counts), so a
	// method does no work on other goroutines while it waits in one.
	//
	// A method whose loc.F is not the loss at loc.X part-way through a
	// step (one that chooses on minibatches and evaluates the full data
	// at the step's end) passes a nil loc: it reports only how far it
	// got, for a progress display, and no point is recorded.
	Checkpoint func(loc *Location, done float64)
	// PointLoss is nil or, when Checkpoint would record a point now, the
	// loss at x computed by the runner on an objective of its own,
	// uncounted and outside the job's training time, and true; (0, false)
	// when no point is due. A method whose loss part-way is unknown to it
	// (a coordinate search that deferred its refresh, see
	// CoordinateChooser) puts it in loc.F and calls Checkpoint with loc,
	// rather than pay to learn a loss only the history needs; when none is
	// due it passes a nil loc.
	PointLoss func(x []float64) (float64, bool)
}

// Progress calls Checkpoint, when set, after done of the step's total
// units of work (a sweep's parameters), but not after the last, whose
// point the step's end records: with loc where its loss is known (loc.F is
// the loss at loc.X), with nil where only the progress is (a sweep on
// minibatches, whose full-data loss is known at its end alone, and would
// cost more than the batches to learn part-way).
func (e Env) Progress(loc *Location, done, total int, lossKnown bool) {
	if e.Checkpoint == nil || done >= total {
		return
	}
	if !lossKnown {
		loc = nil
	}
	e.Checkpoint(loc, float64(done)/float64(total))
}

// ErrRefused is the cause (context.Cause) of a run's Context cancelled
// because the problem refused an evaluation, answering NaN: a budget on
// evaluations or cost ran out. The runner's budget errors wrap it.
var ErrRefused = errors.New("optimize: an evaluation was refused, its budget spent")

// Refused reports whether the run's Context was cancelled because the
// problem refused an evaluation (ErrRefused). A method that compares
// candidates one evaluation at a time checks it after a comparison: with
// some candidates refused (NaN), the choice among the others need not be
// the method's, so it keeps what it had. A stop for another cause (Ctrl-C,
// a time budget) refuses nothing, and the comparison is whole.
func (e Env) Refused() bool {
	return e.Context != nil && errors.Is(context.Cause(e.Context), ErrRefused)
}

// Err is the error of the run's context once it is cancelled, and nil
// before that or when Context is nil.
func (e Env) Err() error {
	if e.Context == nil {
		return nil
	}
	return e.Context.Err()
}

// Method minimizes a Problem in synchronous steps: one Init, then Step until
// it returns a Status other than Running. A method is used by one job at a
// time; the runner makes a fresh one per job.
type Method interface {
	// Init prepares a run starting at loc, whose F is already Func(loc.X).
	Init(p Problem, loc *Location, env Env) error
	// Step performs one iteration (a search sweep, an epoch), updating loc
	// in place so that loc.F is the loss at loc.X (unless the method
	// LeavesLoss), and says whether to go on.
	Step(loc *Location) (Status, error)
}

// LeavesLoss is an optional interface of a Method whose steps do not
// read the loss where they end (Adam or SGD without a plateau schedule,
// ES): for it, that loss is only a report of progress, for the history,
// the stop rules and the next stage's start. When LeavesLoss reports true
// after Init, the driver sets loc.F to NaN before every Step, so that
// nothing the method does can depend on it, and to Func(loc.X) after,
// from an evaluation of its own that is not the method's work, as the
// test split's are not. So on a cost axis a method pays for the losses
// it uses (a plateau schedule's, search's tolerance), and no method pays
// for being watched: a bare training loop does not evaluate the full
// data every epoch. A later stage of the pipeline, which starts from that
// loss, pays for it before its Init.
type LeavesLoss interface {
	// LeavesLoss reports whether Step leaves loc.F to the driver.
	LeavesLoss() bool
}

// StepLimit is an optional interface of a Method: the most Steps it will
// take (its iterations or epochs, after defaults), so that a progress
// display can estimate the time left. A method may stop sooner (it
// converged); one that cannot say does not implement it.
type StepLimit interface {
	MaxSteps() int
}

// Status says why a method stopped, or that it has not.
type Status int

const (
	// Running means Step should be called again.
	Running Status = iota
	// IterationLimit means the configured iterations or epochs are done.
	IterationLimit
	// Converged means an iteration improved the loss by less than the
	// method's tolerance.
	Converged
)

func (s Status) String() string {
	switch s {
	case Running:
		return "running"
	case IterationLimit:
		return "completed"
	case Converged:
		return "converged"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Reviver is implemented by methods that re-draw dead units (search's
// revive_dead), so that the runner can record in the history how many
// they have re-drawn: a revival can raise the loss, and the curve should
// say why.
type Reviver interface {
	// Revivals is the number of units re-drawn since Init.
	Revivals() int
}
