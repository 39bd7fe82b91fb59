// Package neldermead is the Nelder-Mead simplex method (Nelder & Mead 1965,
// "A simplex method for function minimization"), as gonum's
// optimize.NelderMead implements it with the dimension-adapted
// coefficients of Gao & Han 2012. It needs only the loss, so it is a
// derivative-free baseline; it suits small nets, since its first step
// spends one evaluation per parameter building the simplex. One Step is one
// of gonum's major iterations (a reflection, expansion, contraction or
// shrink); convergence is decided by this package's settings, not gonum's.
package neldermead
