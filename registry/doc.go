// Package registry resolves the names an experiment file uses (optimizers,
// losses, datasets, activations) to Go values. Components register
// themselves from init, as database/sql drivers do, so a custom binary gains
// one with a blank import; registering a name twice panics.
package registry
