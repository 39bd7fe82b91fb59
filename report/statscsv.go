package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/nnexp/nnexp/runner"
	// Named apart: "stats" is a natural name for a helper of this
	// package (the console summary's is called that) and would clash.
	nnstats "github.com/nnexp/nnexp/stats"
)

// statsStatuses are the columns of summary_stats.csv that count jobs, in the
// order the README lists them.
var statsStatuses = []string{
	runner.StatusCompleted, runner.StatusConverged, runner.StatusBudget, runner.StatusTarget,
	runner.StatusDiverged, runner.StatusInterrupted, runner.StatusFailed,
}

// statsMetric is a final value of a job that summary_stats.csv summarises.
type statsMetric struct {
	name   string
	value  func(runner.Result) float64
	format func(float64) string
}

var statsMetrics = []statsMetric{
	{"train_loss", func(r runner.Result) float64 { return undiverged(r, r.TrainLoss) }, formatFloat},
	{"test_loss", func(r runner.Result) float64 { return undiverged(r, r.TestLoss) }, formatFloat},
	{"train_accuracy", func(r runner.Result) float64 { return undiverged(r, r.TrainAccuracy) }, formatFloat},
	{"test_accuracy", func(r runner.Result) float64 { return undiverged(r, r.TestAccuracy) }, formatFloat},
	{"evaluations", func(r runner.Result) float64 { return float64(r.Evaluations) }, formatFloat},
	{"cost", func(r runner.Result) float64 { return r.Cost }, formatFloat},
	// As summary.csv writes them: to the microsecond.
	{"elapsed_seconds", func(r runner.Result) float64 { return r.Elapsed }, formatSeconds},
}

var statsNames = []string{"mean", "sd", "median", "q1", "q3", "min", "max"}

func summaryStatsHeader() []string {
	h := append([]string{"run", "jobs"}, statsStatuses...)
	for _, m := range statsMetrics {
		for _, s := range statsNames {
			h = append(h, m.name+"_"+s)
		}
	}
	return h
}

// WriteSummaryStatsCSV writes one row per run, in the order the runs
// first appear in results: its number of jobs, how many ended with each
// status, and for each final metric the mean, sample sd, median,
// quartiles (numpy's linear interpolation), min and max over its
// finished jobs (see finished) whose value is finite. A statistic with no
// value (no such job; the sd of one) is an empty cell, as in summary.csv.
// The hyperparameter columns of summary.csv come last.
func WriteSummaryStatsCSV(w io.Writer, results []runner.Result) error {
	cw := csv.NewWriter(w)
	cols := hyperColumns(results)
	if err := cw.Write(append(summaryStatsHeader(), cols...)); err != nil {
		return wrap(err)
	}
	for _, run := range runsInOrder(results) {
		row := []string{run.name, strconv.Itoa(len(run.jobs))}
		for _, st := range statsStatuses {
			n := 0
			for _, r := range run.jobs {
				if r.Status == st {
					n++
				}
			}
			row = append(row, strconv.Itoa(n))
		}
		for _, m := range statsMetrics {
			var x []float64
			for _, r := range run.jobs {
				if v := m.value(r); finishedJob(r) && finiteValue(v) {
					x = append(x, v)
				}
			}
			s := nnstats.Describe(x)
			for _, v := range []float64{s.Mean, s.SD, s.Median, s.Q1, s.Q3, s.Min, s.Max} {
				row = append(row, m.format(v))
			}
		}
		row = append(row, settingValues(run.jobs[0], cols)...)
		if err := cw.Write(row); err != nil {
			return wrap(err)
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}

// finishedJob says whether a job's metrics are a result: it ended by its
// own course (completed, converged, budget, target) or diverged, whose
// losses are then not finite and so left out anyway. An interrupted job
// has no metrics, and a failed one's may be wrong.
func finishedJob(r runner.Result) bool {
	return runner.Reusable(r.Status)
}

// undiverged is a job's final loss or accuracy v as the statistics take it:
// none for a diverged job, whose outcome is its divergence, counted in
// the diverged column. Its test loss can still be finite (2e306 where the
// training loss overflowed), and averaging that would be averaging noise.
func undiverged(r runner.Result, v float64) float64 {
	if r.Status == runner.StatusDiverged {
		return math.NaN()
	}
	return v
}

func finiteValue(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// runJobs is a run's results, in results' order.
type runJobs struct {
	name string
	jobs []runner.Result
}

// runsInOrder groups results by run name in the order runs first appear,
// which is the file's order: never a map's.
func runsInOrder(results []runner.Result) []runJobs {
	var runs []runJobs
	index := map[string]int{}
	for _, r := range results {
		i, ok := index[r.RunName]
		if !ok {
			i = len(runs)
			index[r.RunName] = i
			runs = append(runs, runJobs{name: r.RunName})
		}
		runs[i].jobs = append(runs[i].jobs, r)
	}
	return runs
}
