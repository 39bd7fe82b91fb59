// Package minibatch is an MLP's forward and backward passes over a whole
// minibatch at once, as matrix products, for gradients of nets whose
// products are large enough to pay for it. The products run on kernels in
// assembly where the CPU has AVX-512 or AVX (amd64; chosen at run time
// with x/sys/cpu) and on gonum's BLAS (package blas/gonum, which blas64
// wraps) elsewhere, with the same bits.
//
// Each product adds its terms in the order nn's per-row Forward and
// Backward add them (a unit's inputs in order; the rows of a batch one
// after another into the gradient), both kinds of kernel rounding each
// product before the sum as nn does (no fused multiply-add). So the
// outputs and the summed gradient are nn's bit for bit, but for the terms
// the kernels skip: a zero input's in the forward pass (a zero times an
// infinite weight, NaN in nn, adds nothing here, and a sum of zeros may
// keep a bias's sign of zero). The exact paths that promise Forward's
// bits whatever the values (Func, the search scorer) therefore do not use
// it; package objective decides when a gradient does. Its work counts are
// nn's: a forward pass, and a backward one that skips zero deltas, as
// nn's and its kernels do.
//
// The order depends only on the shapes, so the bits are the same whatever
// GOMAXPROCS or the number of cores: the assembly kernels run on the
// calling goroutine, and the fallback calls gonum's serial code on tiles
// small enough that gonum never hands them to goroutines of its own.
package minibatch
