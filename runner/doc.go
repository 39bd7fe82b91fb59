// Package runner executes resolved runs (Spec, which package plan makes
// from an experiment file): it expands each run into one job per repeat,
// trains a fresh model through the run's pipeline of optimizers on a pool
// of workers, and returns every job's loss history and final metrics in
// job order, identical whatever the degree of parallelism. It knows no
// experiment language.
package runner
