// Package hybrid is the research notebook's hybrid optimizer: coordinate grid
// search to find a good region, then Adam from where the search stopped. It
// is a registry.Preset, a pipeline of the search and adam optimizers spelled
// as one block, so the runner records the two stages apart ("hybrid.search",
// "hybrid.adam") and nothing here runs a method.
package hybrid
