// Package scorer is Objective's exact fast scorer of search candidates: it
// caches every row's activations and scores a parameter's whole grid from
// what a candidate changes (closed form, bulk difference arrays,
// cross-entropy's geometric grid or incremental propagation), settling
// near-ties by exact evaluations that repeat nn's Forward term by term, so
// its choices are the plain path's.
package scorer
