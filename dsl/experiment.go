package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// Experiment is a loaded, checked experiment file: every reference resolved,
// every data set loaded and split, every optimizer config decoded. A runner
// needs nothing else.
type Experiment struct {
	Name        string
	Description string
	// Seed fixes the test split and, with the repeat index, each job's
	// initial parameters and random source.
	Seed    uint64
	Repeats int
	// MaxEvaluations is the default budget of every run that does not set
	// its own (max_evaluations); 0 means none.
	MaxEvaluations int64

	// Filename and Source are the file as read, kept for provenance.
	Filename string
	Source   []byte
	// Vars holds every variable's value as HCL source text, after --var.
	Vars map[string]string

	Datasets  []*Dataset
	Models    []*Model
	Pipelines []*Pipeline
	Runs      []*Run
	Plots     []*Plot
}

// Dataset is a data set block, loaded and split.
type Dataset struct {
	Name string
	// Source is the registered name or "csv".
	Source string
	Train  *nn.Data
	// Test is nil when test_fraction is 0.
	Test      *nn.Data
	DeclRange hcl.Range
}

// Model is a model block.
type Model struct {
	Name            string
	Hidden          []int
	ActivationNames []string // one per hidden layer
	Activations     []nn.Activation
	// InitWeights and InitBiases are nil for PyTorch's default.
	InitWeights, InitBiases *nn.Range
	DeclRange               hcl.Range
}

// Pipeline is an ordered list of optimizers applied to the same parameters.
type Pipeline struct {
	Name      string
	Stages    []*Stage
	DeclRange hcl.Range
}

// Stage is one optimizer block of a pipeline.
type Stage struct {
	// Optimizer is the registered name.
	Optimizer string
	Config    registry.OptimizerConfig
	DeclRange hcl.Range
}

// Run pairs a data set, a model, a loss and a pipeline.
type Run struct {
	Name     string
	Dataset  *Dataset
	Model    *Model
	LossName string // "mse", or the loss block's name
	Loss     nn.Loss
	Pipeline *Pipeline
	Repeats  int
	Seed     uint64
	// MaxEvaluations is the run's budget of training loss evaluations per
	// job (max_evaluations); 0 means none. A job whose count reaches it
	// after a step, with steps still to take, stops with status budget.
	// It counts rather than times, so a budgeted job is as reproducible
	// as any other.
	MaxEvaluations int64
	DeclRange      hcl.Range
}

// Plot is a plot block.
type Plot struct {
	Name string
	// Type is "history" or "final_loss".
	Type  string
	Runs  []string // run names, in the order written; all runs if empty
	File  string   // relative to the output folder
	Title string
	LogY  bool
	// X is the history plot's horizontal axis: "step" (the default),
	// or "evaluations", the job's cumulative loss evaluations on a log
	// scale, which compares methods by what they cost rather than by
	// how many steps they took (a search sweep costs thousands of
	// evaluations, an Adam epoch two).
	X string
}

// JobSeed is the seed of repeat r (from 0) of a run whose seed is seed:
// repeat r uses seed+r, so runs that share a seed and a model start each
// repeat from the same parameters and comparisons are paired.
func JobSeed(seed uint64, repeat int) uint64 { return seed + uint64(repeat) }
