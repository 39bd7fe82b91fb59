// Package runnertest runs experiment files through the real decoder,
// planner and runner for the built-in optimizers' tests, so that each
// optimizer is also tested where users meet it: behind the runner's
// bit-for-bit check of the loss it reports. Callers register the
// optimizers (a blank import of builtin); this package does not, so that
// no optimizer package depends on another.
package runnertest
