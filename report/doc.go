// Package report turns an experiment's results into files a person reads:
// the loss history and a per-job summary as CSV, with per-run statistics
// and paired tests between runs (package stats), PNG plots of the training
// curves and final losses, copies of the experiment file and its variables
// so the output folder can be re-run as it was, a provenance manifest, and
// report.html, one page holding all of it that loads nothing. A sweep's
// hyperparameter columns (runner.Spec.Settings) are added to the summary
// CSVs and the page's summary table, and read back with them, and a sweep
// plot draws a final metric against one of them.
// It also keeps the output folder's jobs/ store (JobStore), from which a
// later run reuses finished jobs, and reads the CSVs back (ReadResults) so
// that plots can be redrawn without running anything. It decodes no
// experiment file: the command line hands it an Experiment (name, source,
// variables, plot blocks) and runner's results, which name their runs.
package report
