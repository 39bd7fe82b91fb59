package dsl

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

// Experiment is a decoded, checked experiment file: every reference
// resolved, every name found in the registry, every optimizer config
// decoded. It describes the file; package plan turns it into work (loads
// the data, builds the runs).
type Experiment struct {
	Name        string
	Description string
	// Seed fixes the test split and, with the repeat index, each job's
	// initial parameters and random source.
	Seed    uint64
	Repeats int
	// Stops are the default stop rules of every run (max_evaluations and
	// the others set on the experiment block).
	Stops

	// Filename and Source are the file as read, kept for provenance.
	Filename string
	Source   []byte
	// Vars holds every variable's value as HCL source text, after --var.
	Vars map[string]string

	// Models, Pipelines and Runs hold every instance of a block with
	// for_each, named label[key], in key order.
	Datasets  []*Dataset
	Models    []*Model
	Pipelines []*Pipeline
	Runs      []*Run
	Plots     []*Plot
	// Milestones are the milestone blocks, in file order.
	Milestones []*Milestone
	// Hyperparameters are the names of the settings that differ between
	// the instances of a block (see Run.Settings), sorted.
	Hyperparameters []string
}

// Dataset is a dataset block: a declaration of data, not the data. For a
// CSV file the decoder has checked its header (the file exists, its
// columns, the target column), and for IDX files their headers (the
// files exist, their shapes, as many labels as images); the rows are read
// by package plan.
type Dataset struct {
	Name string
	// Source is the registered name, "csv" or "idx".
	Source string
	// Path is the CSV file, resolved against the experiment file's folder.
	Path string
	// Images and Labels are the IDX files, resolved like Path.
	Images, Labels string
	// Target is the CSV's target column; "" means the last.
	Target string
	// Ignore lists CSV columns that are neither features nor the target.
	Ignore []string
	// Task is the CSV's declared task, or datasets.TaskAuto.
	Task         nn.Task
	TestFraction float64
	// Test is the test block, a test set of its own files; nil when the
	// test rows, if any, are drawn by test_fraction.
	Test        *DatasetTest
	Standardize bool
	// Scale multiplies every feature, training and test; 1 when not set.
	Scale float64

	// Where the attributes are written, for diagnostics about the data;
	// nil for an attribute left out.
	SourceAt, PathAt, TargetAt, IgnoreAt, TestFractionAt *Place
	ImagesAt, LabelsAt, ScaleAt                          *Place
	DeclRange                                            hcl.Range
}

// DatasetTest is a dataset's test block: the files of its test set, in
// the form of the dataset's source (path for csv; images and labels for
// idx), resolved against the experiment file's folder. They must have the
// columns, or the image shape, of the training files.
type DatasetTest struct {
	Path, Images, Labels       string
	PathAt, ImagesAt, LabelsAt *Place
	DeclRange                  hcl.Range
}

// ReadsFiles reports whether the data set comes from the user's files
// (csv or idx) rather than from the binary.
func (ds *Dataset) ReadsFiles() bool { return ds.Source == "csv" || ds.Source == "idx" }

// HasTest reports whether the data set has test rows: a test block, or
// rows held out by test_fraction.
func (ds *Dataset) HasTest() bool { return ds.Test != nil || ds.TestFraction > 0 }

// Model is a model block.
type Model struct {
	Name            string
	Hidden          []int
	ActivationNames []string // one per hidden layer
	// Activations are nil in a detached decoding (see Loader.Detached)
	// when a name is not registered.
	Activations []nn.Activation
	// InitWeights and InitBiases are nil for PyTorch's default.
	InitWeights, InitBiases *nn.Range
	DeclRange               hcl.Range

	// family is the block's label, shared by its for_each instances;
	// settings are its attributes by path (see flattenBody).
	family   string
	settings map[string]string
	vars     map[string]bool // the variables its block uses
}

// Pipeline is an ordered list of optimizers applied to the same parameters.
type Pipeline struct {
	Name      string
	Stages    []*Stage
	DeclRange hcl.Range

	family   string
	settings map[string]string
	vars     map[string]bool
}

// Stage is one optimizer block of a pipeline.
type Stage struct {
	// Optimizer is the registered name.
	Optimizer string
	// Config is nil in a detached decoding (see Loader.Detached) when the
	// name is not registered.
	Config    registry.OptimizerConfig
	DeclRange hcl.Range
}

// Run pairs a data set, a model, a loss and a pipeline.
type Run struct {
	Name     string
	Dataset  *Dataset
	Model    *Model
	LossName string // "mse", or the loss block's name
	// Loss is nil in a detached decoding when the loss is not registered.
	Loss     nn.Loss
	Pipeline *Pipeline
	Repeats  int
	Seed     uint64
	// Stops are the run's stop rules: the experiment's, replaced by those
	// the run block sets.
	Stops
	// ModelAt, LossAt and PipelineAt are where the run names its model,
	// loss and pipeline, for diagnostics about how they fit the data.
	ModelAt, LossAt, PipelineAt *Place
	DeclRange                   hcl.Range
	// Settings are the run's values of the experiment's Hyperparameters,
	// in their order; a column the run has no value for is left out.
	Settings []Setting

	family   string
	settings map[string]string // everything it sets, by path
	vars     map[string]bool   // the variables it uses, through its model and pipeline too
}

// Milestone is a milestone block: a level of a metric, and the runs whose
// jobs are measured by when they first reach it, so that runs compare by
// the cost of getting somewhere rather than by where a budget left them.
type Milestone struct {
	Name string
	// Metric is one of PlotMetrics; a loss reaches the milestone at or
	// below Value, an accuracy at or above it. MetricAt is where.
	Metric   string
	MetricAt *Place
	Value    float64
	// Runs are the run names it measures, in the order written (a
	// dataset's runs in file order); every run when empty.
	Runs []string
}

// Plot is a plot block.
type Plot struct {
	Name string
	// Type is one of PlotTypes.
	Type  string
	Runs  []string // run names, in the order written; all runs if empty
	File  string   // relative to the output folder
	Title string
	LogY  bool
	// X is the history plot's horizontal axis: "step" (the default);
	// "cost", the job's work in forward-pass equivalents on a log scale,
	// which compares methods by what they cost rather than by how many
	// steps they took; "evaluations", its loss evaluations, log scale (a
	// search candidate is one, an Adam epoch two, though the first costs
	// a fraction of a forward pass); or "seconds".
	// A sweep plot's X is the hyperparameter column it puts on the
	// horizontal axis, on a log scale when LogX says so; nil LogX
	// leaves it to the values (log when they span two decades or more).
	// A history plot's LogX overrides its axis's own scale (seconds
	// linear, cost and evaluations log); not for "step".
	X    string
	LogX *bool
	xAt  *Place
	// countAt is where a critical_difference plot's runs are chosen
	// (runs, or type for every run), for checkRankedPlots.
	countAt *Place
	// Metric is what the plot shows of each job: "train_loss" (the
	// default), "test_loss", "train_accuracy" or "test_accuracy";
	// MetricAt is where the file sets it, nil for the default.
	Metric   string
	MetricAt *Place
	// Band is how a history plot draws repeats: "quartiles" (the median
	// and the interquartile range, the default) or "minmax".
	Band string
	// Tau is a data or performance profile's tolerance: a run solves a
	// paired start when its loss is within Tau of the way from the start
	// to the best loss any plotted run reached (default 1e-3).
	Tau float64
}
