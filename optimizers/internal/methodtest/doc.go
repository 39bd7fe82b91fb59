// Package methodtest holds what the built-in optimizers' tests share when
// they step a method by hand: test functions with known minima
// (Rosenbrock, a shifted quadratic), a problem that counts its
// evaluations, and starting and stepping a method to its end.
package methodtest
