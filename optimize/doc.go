// Package optimize is the contract between an objective (a model's loss on
// training data) and the methods that minimize it: search, Adam, or one written
// outside this module. A Method advances in synchronous steps and needs nothing
// but Problem.Func; gradients and fast paths are optional capabilities it finds
// by type assertion, so a black-box method works on every model.
package optimize
