package report

import (
	"slices"
	"strings"

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
	outs, err := planPlots(experiment, plots, results, storedRanks(dir))
	if err != nil {
		return nil, err
	}
	return writeAll(dir, outs)
}

// Redraw writes the PNGs of WritePlots, the milestone CSVs and then
// report.html into dir, as WriteOutputs does: it is how nnexp plot
// refreshes an output folder.
// exp.Source is the folder's copy of the experiment file, shown as it is,
// and exp.Provenance the folder's manifest, if it has one; the paired and
// rank tests come from the folder's paired.csv and ranks.csv, since
// results read back no longer say which runs pair. It returns the
// paths written; a file that cannot be written is skipped, the others are
// still written, and the error names every file that failed.
func Redraw(dir string, exp *Experiment, results []runner.Result) ([]string, error) {
	results = withRunFacts(results, exp)
	// Results read back do not say which runs are paired: the plots and
	// the page show the tests nnexp run stored.
	tests := pairedTests{ranks: storedRanks(dir)}
	plots, err := planPlots(exp.Name, exp.Plots, results, tests.ranks)
	if err != nil {
		return nil, err
	}
	if tests.paired, err = storedRows(dir, "paired.csv", readPairedCSV); err != nil {
		// Not "no runs are paired": the file that says is gone or edited.
		tests.unread = strings.TrimPrefix(err.Error(), "report: ")
	}
	// Milestones are read from the history, as plots are drawn from it.
	milestoneCSVs, milestones := milestoneOutputs(exp.Milestones, results)
	outs := append(slices.Clip(plots), milestoneCSVs...)
	outs = append(outs, pageOutput(exp, results, plots, exp.Source, tests, milestones))
	return writeAll(dir, outs)
}

// Redrawn reports whether Redraw writes the output file called name when
// the experiment asks for it (a plot, the milestone CSVs), so that one it
// no longer writes is stale.
func Redrawn(name string) bool {
	return strings.HasSuffix(name, ".png") || name == milestonesFile || name == milestoneStatsFile
}

// withRunFacts gives each result read back from the CSVs, which has no
// run spec, what exp's file says of its run (by run name): its loss, so
// that plots and tables of runs on different losses say so as nnexp run
// drew them, and its pairing key, so that a profile of runs from
// different starts is refused as nnexp run refused it.
func withRunFacts(results []runner.Result, exp *Experiment) []runner.Result {
	if len(exp.RunLosses) == 0 && len(exp.RunPairs) == 0 {
		return results
	}
	out := slices.Clone(results)
	for i, r := range out {
		if r.Run != nil {
			continue
		}
		if loss, ok := exp.RunLosses[r.RunName]; ok {
			out[i].LossName = loss
		}
		if key, ok := exp.RunPairs[r.RunName]; ok {
			out[i].PairKey = key
		}
	}
	return out
}
