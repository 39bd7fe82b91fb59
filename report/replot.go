package report

import (
	"github.com/nnexp/nnexp/runner"
)

// WritePlots writes only the PNGs of WriteOutputs into dir: history.png,
// history_<run>.png, final_loss.png and one per plot block, with the same
// names, titles (prefixed by experiment, the experiment's name) and
// pixels. It is how an output folder's plots are redrawn from its CSVs
// (see ReadResults) after a plot block was edited or a plot deleted,
// without running the experiment again. It returns the paths written; on
// an error it stops and returns those written so far.
func WritePlots(dir, experiment string, plots []*Plot, results []runner.Result) ([]string, error) {
	outs, err := planPlots(experiment, plots, results)
	if err != nil {
		return nil, err
	}
	return writeAll(dir, outs)
}
