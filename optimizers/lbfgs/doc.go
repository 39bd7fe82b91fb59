// Package lbfgs is limited-memory BFGS (Liu & Nocedal 1989, "On the limited
// memory BFGS method for large scale optimization"; the two-loop recursion
// of Nocedal & Wright, Numerical Optimization, ch. 7) as gonum's
// optimize.LBFGS implements it, with gonum's bisection line search for the
// strong Wolfe conditions. It follows the full-batch gradient, so it needs a
// differentiable loss. One Step is one of gonum's major iterations (one line
// search); convergence is decided by this package's settings, not gonum's.
//
// Every trial point of a line search costs one loss evaluation (Func), and
// a point good enough to test the Wolfe curvature condition one more
// (Grad): the loss the runner is shown is always Func's own, since the
// loss Grad returns need not match it bit for bit.
package lbfgs
