// Package plan turns a decoded experiment (package dsl) into the work
// package runner does: it loads each data set once, takes its test set
// from a test block's files or splits it, scales and standardizes it, and checks what only the data can tell (the loss
// against the data's task, the model's size on its rows). Its problems are
// hcl.Diagnostics at the place in the file they concern, all at once, like
// the decoder's.
package plan
