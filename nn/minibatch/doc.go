// Package minibatch is an MLP's forward and backward passes over a whole
// minibatch at once, as matrix products on gonum's BLAS (blas64), for
// gradients of nets whose products are large enough to pay for it. Its
// results equal package nn's per-row Forward and Backward summed over the
// rows up to rounding, not bit for bit: the products sum in another order.
// So the exact paths that promise Forward's bits (Func, the search
// scorer) never use it; package objective decides when a gradient may.
//
// Every product is a sum in a fixed order that depends only on the
// shapes, so the bits are the same whatever GOMAXPROCS or the number of
// cores: gemmNT calls gonum's serial kernel on tiles small enough that
// gonum never hands them to goroutines of its own.
package minibatch
