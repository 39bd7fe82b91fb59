package report

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/nnexp/nnexp/internal/runfile"
	"github.com/nnexp/nnexp/runner"
)

// WriteOutputs writes everything a person needs to read and repeat an
// experiment into dir, creating it:
//
//   - history.csv and summary.csv (WriteHistoryCSV, WriteSummaryCSV), and
//     their statistics: summary_stats.csv per run and paired.csv per
//     pair of paired runs (WriteSummaryStatsCSV, WritePairedCSV);
//   - with milestone blocks, milestones.csv and milestone_stats.csv: when
//     each job first reached each milestone, and per run how many did and
//     at what cost (WriteMilestonesCSV, WriteMilestoneStatsCSV);
//   - history.png, every run's training loss, and history_<run>.png for
//     each run alone (<run> as runfile.Part spells it: grid[fast-w3]
//     writes history_grid-fast-w3.png);
//   - final_loss.png, one bar per run (FinalLossPlot);
//   - one PNG per plot block, at its File. A block whose File is one of
//     the names above replaces that plot, so that a user can retitle or
//     re-scale a default plot without getting two versions of it;
//   - a copy of the experiment file under its own base name, its relative
//     CSV paths rebased onto dir (rebaseDataPaths), and vars.hcl:
//     the variables' values as HCL attributes sorted by name, under a
//     comment giving the nnexp run command that repeats the run with them
//     (written, with the comment only, when there are no variables), so
//     the folder can be run again as it is;
//   - report.html (PageFile): all of the above that a person reads, on
//     one page that loads nothing, with the plots drawn again as SVG and
//     exp.Provenance.
//
// Two outputs with the same name (two plot blocks with one File, or an
// experiment file called vars.hcl) are an error before anything is
// written, rather than one silently overwriting the other.
//
// Each file is replaced atomically, so that a viewer open on the folder
// never shows a half-written file. Plots are 150 dpi PNGs. It returns the
// paths written, in the order above with plot blocks after the default
// plots; a file that cannot be written is skipped, the others are still
// written, and the error names every file that failed.
func WriteOutputs(dir string, exp *Experiment, results []runner.Result) ([]string, error) {
	if exp == nil {
		return nil, errors.New("report: no experiment")
	}
	outs, err := planOutputs(exp, results, dir)
	if err != nil {
		return nil, err
	}
	return writeAll(dir, outs)
}

// CheckOutputDir creates the output folder dir and checks that files can
// be created in it. A run calls it before any job starts: a folder that
// cannot be written (a file in its place, no permission) would otherwise
// be found out only when the outputs are written, after every job had
// trained, and the jobs would be lost with them, since their job files
// cannot be stored there either.
func CheckOutputDir(dir string) error {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("report: output folder: %w", err)
	}
	f, err := os.CreateTemp(dir, ".nnexp-check.*.tmp")
	if err != nil {
		return fmt.Errorf("report: output folder: %w", err)
	}
	f.Close()
	return wrap(os.Remove(f.Name()))
}

// writeAll writes outs into dir, creating it, in order; see WriteOutputs.
func writeAll(dir string, outs []output) ([]string, error) {
	if dir == "" {
		dir = "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, wrap(err)
	}
	// One file that cannot be written (a plot gonum/plot cannot draw)
	// must not cost the others: the CSVs are the result and the copy of
	// the experiment is what makes it repeatable.
	written := make([]string, 0, len(outs))
	var errs []error
	for _, o := range outs {
		path := filepath.Join(dir, o.name)
		if err := writeFileAtomic(path, o.write); err != nil {
			errs = append(errs, fmt.Errorf("report: writing %s: %w", o.name, withoutPrefix(err)))
			continue
		}
		written = append(written, path)
	}
	return written, errors.Join(errs...)
}

// output is one file of the output folder, by its name in the folder.
type output struct {
	name  string
	write func(io.Writer) error
	// chart builds the plot of a PNG output, nil for other files; it is
	// kept apart from write so that tests can read what a plot shows.
	chart func() (*plot.Plot, vg.Length, vg.Length, error)
}

// planOutputs lists the files in the order they are written. Two outputs
// with the same name would silently leave only the later one, so that is
// an error before anything is written.
func planOutputs(exp *Experiment, results []runner.Result, dir string) ([]output, error) {
	// The CSVs and the page show the same tests, computed once.
	tests := pairedTests{paired: PairedComparisons(results), ranks: RankTests(results)}
	outs := []output{
		{name: "history.csv", write: func(w io.Writer) error { return WriteHistoryCSV(w, results) }},
		{name: "summary.csv", write: func(w io.Writer) error { return WriteSummaryCSV(w, results) }},
		{name: "summary_stats.csv", write: func(w io.Writer) error { return WriteSummaryStatsCSV(w, results) }},
		{name: "paired.csv", write: func(w io.Writer) error { return writePairedCSV(w, tests.paired) }},
		{name: "ranks.csv", write: func(w io.Writer) error { return writeRanksCSV(w, tests.ranks) }},
	}
	milestoneCSVs, milestones := milestoneOutputs(exp.Milestones, results)
	outs = append(outs, milestoneCSVs...)
	plots, err := planPlots(exp.Name, exp.Plots, results, nil)
	if err != nil {
		return nil, err
	}
	outs = append(outs, plots...)

	src := exp.Source
	if exp.Filename != "" {
		if dir == "" {
			dir = "."
		}
		src = rebaseDataPaths(exp.Source, filepath.Dir(exp.Filename), dir)
		outs = append(outs, output{name: filepath.Base(exp.Filename), write: func(w io.Writer) error {
			_, err := w.Write(src)
			return err
		}})
	}
	outs = append(outs, output{name: "vars.hcl", write: func(w io.Writer) error {
		return writeVarsHCL(w, baseName(exp.Filename), exp.Vars)
	}})
	// Last, so that a page that cannot be written costs nothing else; it
	// shows the copy of the experiment as the folder holds it.
	outs = append(outs, pageOutput(exp, results, plots, src, tests, milestones))

	seen := map[string]bool{}
	for _, o := range outs {
		if seen[o.name] {
			return nil, fmt.Errorf("report: two outputs named %s; rename the experiment file or the plot", o.name)
		}
		seen[o.name] = true
	}
	return outs, nil
}

// MaxRunPlots is the most runs an experiment can have for each to get its
// own history_<run>.png: a sweep of thousands of instances would spend
// minutes drawing plots no one reads one by one.
const MaxRunPlots = 50

// planPlots lists the PNGs of WriteOutputs in the order they are written:
// the default plots, then the plot blocks, a block whose File is a default
// plot's taking its place. stored is the rank tests of ranks.csv when
// results were read back from an output folder, else nil.
func planPlots(name string, plots []*Plot, results []runner.Result, stored []RankTest) ([]output, error) {
	outs := []output{
		chartOutput("history.png", func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := HistoryPlot(results, nil, titled(name, "training loss"), false)
			return p, historyWidth, historyHeight, err
		}),
	}
	groups, _ := groupByRun(results, nil)
	if len(groups) > MaxRunPlots {
		// A large sweep: history.csv has every run's records, and a
		// plot block can draw any of them.
		groups = nil
	}
	for _, g := range groups {
		runs := []string{g.name}
		outs = append(outs, chartOutput("history_"+runfile.Part(g.name)+".png", func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := HistoryPlot(results, runs, titled(name, "training loss of run "+g.name), false)
			return p, historyWidth, historyHeight, err
		}))
	}
	if anyRecorded(results, metrics["test_loss"]) {
		// Overfitting shows only on held-out rows: a run whose training
		// loss beats another's may lose on the test rows. Not named
		// history_*: a run's own plot is history_<run>.png, and a run
		// may be called test.
		outs = append(outs, chartOutput("test_loss.png", func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := HistoryPlotOf(results, HistoryOptions{Title: titled(name, "test loss"), Metric: "test_loss"})
			return p, historyWidth, historyHeight, err
		}))
	}
	if anyRecorded(results, metrics["test_accuracy"]) {
		// Classifiers are compared on what they are for, and on one
		// scale even when they train on different losses (mse search
		// beside cross-entropy Adam), which their losses are not.
		outs = append(outs, chartOutput("test_accuracy.png", func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := HistoryPlotOf(results, HistoryOptions{Title: titled(name, "test accuracy"), Metric: "test_accuracy"})
			return p, historyWidth, historyHeight, err
		}))
	}
	outs = append(outs, chartOutput("final_loss.png", func() (*plot.Plot, vg.Length, vg.Length, error) {
		return finalLossChart(results, nil, titled(name, "final training loss"), false)
	}))

	defaults := map[string]int{}
	for i, o := range outs {
		defaults[o.name] = i
	}
	claimed := map[string]string{} // file -> plot block that writes it
	for _, pb := range plots {
		if other, dup := claimed[pb.File]; dup {
			return nil, fmt.Errorf("report: plot blocks %q and %q both write %s", other, pb.Name, pb.File)
		}
		claimed[pb.File] = pb.Name
		o, err := plotBlockOutput(name, pb, results, stored)
		if err != nil {
			return nil, err
		}
		if i, ok := defaults[pb.File]; ok {
			outs[i] = o
		} else {
			outs = append(outs, o)
		}
	}
	return outs, nil
}

// plotBlockOutput is the PNG of a plot block. A title left out says what
// the plot shows and, when it picks runs, which.
func plotBlockOutput(name string, pb *Plot, results []runner.Result, stored []RankTest) (output, error) {
	title := pb.Title
	m, err := metricNamed(pb.Metric)
	if err != nil {
		return output{}, err
	}
	what := m.title
	if pb.Type == "final_loss" || pb.Type == "sweep" {
		what = "final " + m.title
	}
	if title == "" {
		title = what
		if len(pb.Runs) > 0 {
			title += " (" + strings.Join(pb.Runs, ", ") + ")"
		}
		title = titled(name, title)
	}
	runs := pb.Runs
	switch pb.Type {
	case "history":
		return chartOutput(pb.File, func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := HistoryPlotOf(results, HistoryOptions{Runs: runs, Title: title, LogY: pb.LogY, X: pb.X, LogX: pb.LogX, Metric: pb.Metric, Band: pb.Band})
			return p, historyWidth, historyHeight, err
		}), nil
	case "final_loss":
		return chartOutput(pb.File, func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, w, err := FinalPlotOf(results, runs, title, pb.LogY, pb.Metric)
			return p, w, historyHeight, err
		}), nil
	case "critical_difference":
		if pb.Title == "" {
			title = titled(name, "critical difference")
		}
		return chartOutput(pb.File, func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := cdPlot(results, runs, stored, title, pb.Metric)
			return p, historyWidth, historyHeight, err
		}), nil
	case "sweep":
		if pb.Title == "" {
			title = titled(name, what+" by "+pb.X)
		}
		return chartOutput(pb.File, func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := SweepPlot(results, SweepOptions{Runs: runs, Title: title, X: pb.X, Metric: pb.Metric, LogX: pb.LogX, LogY: pb.LogY})
			return p, historyWidth, historyHeight, err
		}), nil
	case "data_profile", "performance_profile":
		if pb.Title == "" {
			title = titled(name, strings.ReplaceAll(pb.Type, "_", " "))
		}
		return chartOutput(pb.File, func() (*plot.Plot, vg.Length, vg.Length, error) {
			p, err := ProfilePlot(results, runs, title, pb.Type, pb.Tau)
			return p, historyWidth, historyHeight, err
		}), nil
	}
	return output{}, fmt.Errorf("report: plot %q has unknown type %q", pb.Name, pb.Type)
}

func finalLossChart(results []runner.Result, runs []string, title string, logY bool) (*plot.Plot, vg.Length, vg.Length, error) {
	p, w, err := FinalLossPlot(results, runs, title, logY)
	return p, w, historyHeight, err
}

// chartOutput is the PNG of chart. The chart is built once and kept, since
// report.html draws it again as SVG: building it aggregates every history
// record.
func chartOutput(name string, chart func() (*plot.Plot, vg.Length, vg.Length, error)) output {
	type built struct {
		plot          *plot.Plot
		width, height vg.Length
	}
	build := sync.OnceValues(func() (built, error) {
		p, width, height, err := chart()
		return built{p, width, height}, err
	})
	cached := func() (*plot.Plot, vg.Length, vg.Length, error) {
		b, err := build()
		return b.plot, b.width, b.height, err
	}
	return output{name: name, chart: cached, write: func(w io.Writer) error {
		p, width, height, err := cached()
		if err != nil {
			return err
		}
		return writePNG(w, p, width, height)
	}}
}

// titled prefixes the experiment's name, which tells plots of different
// experiments apart once they are copied out of their folders.
func titled(name, what string) string {
	if name == "" {
		return what
	}
	return name + ": " + what
}

func baseName(filename string) string {
	if filename == "" {
		return ""
	}
	return filepath.Base(filename)
}

// withoutPrefix drops the "report: " of err's text, for an error about to
// be wrapped with more context, so that the prefix is not repeated.
func withoutPrefix(err error) error {
	if msg, ok := strings.CutPrefix(err.Error(), "report: "); ok {
		return prefixless{msg: msg, err: err}
	}
	return err
}

// prefixless is err with the text msg, still matching errors.Is/As on err.
type prefixless struct {
	msg string
	err error
}

func (e prefixless) Error() string { return e.msg }
func (e prefixless) Unwrap() error { return e.err }

// anyRecorded reports whether any job recorded a value of metric m (a
// test loss: a test split; a test accuracy: a classifier with one).
func anyRecorded(results []runner.Result, m metric) bool {
	for _, r := range results {
		for _, h := range r.History {
			if !math.IsNaN(m.of(h)) {
				return true
			}
		}
	}
	return false
}
