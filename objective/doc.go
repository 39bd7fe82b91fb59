// Package objective turns a model, data and loss into the optimize.Problem
// a method optimizes: Objective counts every loss evaluation and, for
// coordinate search, scores a parameter's whole grid of candidates at once,
// bit for bit as its Func would choose (the scorer in internal/scorer).
package objective
