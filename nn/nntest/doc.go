// Package nntest checks that an nn.Loss or nn.Activation keeps the
// promises the trainer relies on, in the spirit of testing/fstest: the
// author of a loss or activation calls TestLoss or TestActivation from
// their own test and gets back an error that says what broke, or nil. It
// covers the optional promises too (nn.ErrorPieces, nn.SquaredError,
// nn.LayerActivation, nn.PiecewiseLinear), which, broken, make the fast
// scorer miss choices rather than fail.
package nntest
