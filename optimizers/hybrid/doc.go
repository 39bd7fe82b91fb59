// Package hybrid is the research notebook's hybrid optimizer: coordinate grid
// search to find a good region, then Adam from where the search stopped. It
// is an optimize.Composite, so a runner can record the two stages apart.
package hybrid
