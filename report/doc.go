// Package report turns an experiment's results into files a person reads:
// the loss history and a per-job summary as CSV, PNG plots of the training
// curves and final losses, and copies of the experiment file and its
// variables so the output folder can be re-run as it was.
package report
