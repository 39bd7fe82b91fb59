// Package runner executes a loaded experiment: it expands each run into one
// job per repeat, trains a fresh model through the run's pipeline of
// optimizers on a pool of workers, and returns every job's loss history and
// final metrics in job order, identical whatever the degree of parallelism.
package runner
