// Package optimizetest checks that an optimize.Method keeps the contract the
// runner relies on, in the spirit of testing/fstest: an optimizer's author
// calls TestMethod from their own test and gets back an error that says what
// broke, or nil. Its default Problem has every capability of optimize, so
// black-box, gradient, minibatch and coordinate methods all run on it.
package optimizetest
