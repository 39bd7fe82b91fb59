// Package search is the research notebook's coordinate grid search: each
// sweep visits every parameter in turn and sets it to the value on a fixed
// grid (or its current value) that gives the lowest loss, holding the others.
// It needs only the loss, so it trains models whose loss has no gradient, and
// on grids it never makes the loss worse. Two settings may: an explicit
// candidate set (weight_values, bias_values) moves a parameter that is not on
// it onto it in the first sweep, and revive_dead re-draws dead ReLU units
// before a sweep; loc.F stays the exact loss at loc.X either way.
package search
