// Package stats holds the few statistics nnexp reports over paired
// repeats: descriptive summaries (mean, sample standard deviation, numpy's
// quantiles), the exact Wilcoxon signed-rank and sign tests on paired
// differences, and Holm's adjustment for testing many pairs at once. It
// imports only the standard library, so each formula can be read and
// checked here, next to its tests.
package stats
