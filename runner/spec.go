package runner

import (
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// Spec is one run resolved into work: its data loaded, split and
// standardized, its model, loss and optimizers built. package plan makes
// them from an experiment file; a test or another front end may build them
// by hand. Every job of a run only reads its Spec, so runs may share data,
// models and losses.
type Spec struct {
	// Name is the run block's label; it names the run in the outputs and
	// is no part of the job hash.
	Name    string
	Dataset *Dataset
	Model   *Model
	// LossName is "mse" or the loss block's name, for messages.
	LossName string
	Loss     nn.Loss
	Pipeline *Pipeline
	// Repeats is the number of jobs; repeat r uses JobSeed(Seed, r).
	Repeats int
	Seed    uint64
	// Stops are the rules that end a job besides its optimizers' own.
	Stops
	// Settings are the run's hyperparameters (an attribute path such as
	// optimizer.adam.learning_rate and its value), the columns the
	// outputs add for a sweep. They describe what the fields above
	// already hold, so they are no part of the job hash.
	Settings []Setting
}

// Setting is one hyperparameter of a run, by name, and its value as text.
type Setting struct {
	Name, Value string
}

// Stops are a run's budgets and targets; zero values mean none.
type Stops struct {
	// MaxEvaluations is the budget of training loss evaluations per job.
	// A job whose count reaches it after a step, with steps still to
	// take, stops with status budget. It counts rather than times, so a
	// budgeted job is as reproducible as any other.
	MaxEvaluations int64
	// MaxCost is the budget of work per job in forward-pass equivalents
	// (objective.Cost), a cap like MaxEvaluations: no job's cost passes
	// it, so a job stops (status budget) before a call it cannot afford.
	// At least 1: evaluating the start point costs one pass.
	MaxCost float64
	// MaxSeconds is the budget of training time per job: the method's
	// context is cancelled when it runs out, and the job stops with
	// status budget where the method stops (between evaluations). The
	// one stop that makes results depend on the machine.
	MaxSeconds float64
	// TargetLoss ends a job with status target after the step at which
	// its training loss is at or below it; nil means none.
	TargetLoss *float64
	// TargetAccuracy ends a job with status target after the step at
	// which its test accuracy reaches it; nil means none. It needs
	// classification data with a test split.
	TargetAccuracy *float64
}

// Dataset is the data a run trains and is tested on.
type Dataset struct {
	Train *nn.Data
	// Test is nil without a test split.
	Test *nn.Data
}

// Model is the hidden part of a network; the input and output sizes come
// from the data.
type Model struct {
	Hidden []int
	// ActivationNames are the registered names of Activations, one per
	// hidden layer; the job hash uses the names.
	ActivationNames []string
	Activations     []nn.Activation
	// InitWeights and InitBiases are nil for PyTorch's default.
	InitWeights, InitBiases *nn.Range
}

// Pipeline is the optimizers applied in order to the same parameters.
type Pipeline struct {
	// Name is the pipeline block's label, for messages.
	Name   string
	Stages []*Stage
}

// Stage is one optimizer of a pipeline, by its registered name, with its
// decoded settings.
type Stage struct {
	Optimizer string
	Config    registry.OptimizerConfig
}

// JobSeed is the seed of repeat r (from 0) of a run whose seed is seed:
// repeat r uses seed+r, so runs that share a seed and a model start each
// repeat from the same parameters and comparisons are paired.
func JobSeed(seed uint64, repeat int) uint64 { return seed + uint64(repeat) }
