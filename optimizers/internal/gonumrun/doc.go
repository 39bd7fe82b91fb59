// Package gonumrun drives a gonum.org/v1/gonum/optimize Method from nnexp's
// synchronous Step. gonum's Minimize owns its loop and stops runs by its
// own convergence rules; a Run instead runs the gonum method's Run in a
// goroutine of its own, serves each evaluation it asks for from an nnexp
// Problem on the caller's goroutine, and hands back every MajorIteration,
// so that an nnexp method can make one Step of each and decide convergence
// by its own settings. Shutting the goroutine down is the Run's job, on
// every path: the method's end, an error, a cancelled context, and a
// method the runner abandons between steps.
package gonumrun
