// Package oneplusone adds the "one_plus_one" optimizer to nnexp: a (1+1)
// evolution strategy that tries Gaussian steps around the current parameters,
// keeps a step only if it lowers the loss, and adapts the step size by the
// 1/5th success rule. Like the built-in search it needs only the loss, so it
// trains any model, and the loss never increases.
//
// It is also the template for your own optimizer: it is written only against
// the public packages optimize and registry, registers itself in init, and is
// compiled into a custom nnexp binary by one blank import (see cmd/nnexp and
// ../README.md).
package oneplusone
