// Package minibatch is an MLP's forward and backward passes over a whole
// minibatch at once, as matrix products on gonum's BLAS (package
// blas/gonum, which blas64 wraps), for gradients of nets whose products
// are large enough to pay for it. Its forward pass adds each unit's
// terms in nn's Forward's order but skips those of zero inputs; its
// gradient is nn's Backward summed over the rows up to rounding, the sums
// over rows taken in another order. So the exact paths that promise
// Forward's bits (Func, the search scorer) never use it; package
// objective decides when a gradient may. Its work counts are nn's: a
// forward pass, and a backward one that skips zero deltas, as its
// kernels do.
//
// Every product is a sum in a fixed order that depends only on the
// shapes, so the bits are the same whatever GOMAXPROCS or the number of
// cores: the kernels call gonum's serial code on tiles small enough that
// gonum never hands them to goroutines of its own.
package minibatch
