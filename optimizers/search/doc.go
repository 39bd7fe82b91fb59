// Package search is the research notebook's coordinate grid search: each
// sweep visits every parameter in turn and sets it to the value on a fixed
// grid (or its current value) that gives the lowest loss, holding the others.
// It needs only the loss, so it trains models whose loss has no gradient, and
// it never makes the loss worse.
package search
