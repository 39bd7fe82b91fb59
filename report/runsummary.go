package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/nnexp/nnexp/runner"
)

// RunSummary is one run's line of the console summary and of report.html:
// how its jobs ended and the spread of their final metrics, so that paired
// runs can be compared at a glance. Both show the same numbers because
// both are made here.
type RunSummary struct {
	Run string
	// Loss is the loss the run trains on, "" when its results do not say.
	Loss string
	// Jobs counts the run's jobs, Status how they ended: "completed" when
	// they all ended alike, else "2 completed, 1 diverged" in the order
	// first seen.
	Jobs   int
	Status string
	// The metrics are over the jobs that were neither interrupted (they
	// have none, and would pull the mean evaluations towards zero) nor
	// failed (theirs may be wrong), of their finite values, as
	// summary_stats.csv's; NaN when there is none.
	TrainLoss, TestLoss         Stats
	TrainAccuracy, TestAccuracy Stats
	Evaluations, Cost           Stats
}

// Stats are the mean, min and max of some values.
type Stats struct{ Mean, Min, Max float64 }

// SummarizeRuns gives one RunSummary per run, in the order the runs first
// appear in results. accuracy is true when any job has an accuracy
// (classification), so that a table can leave the columns out otherwise.
func SummarizeRuns(results []runner.Result) (runs []RunSummary, accuracy bool) {
	var order []string
	byRun := map[string][]runner.Result{}
	for _, r := range results {
		if _, seen := byRun[r.RunName]; !seen {
			order = append(order, r.RunName)
		}
		byRun[r.RunName] = append(byRun[r.RunName], r)
		accuracy = accuracy || !math.IsNaN(r.TrainAccuracy)
	}
	for _, name := range order {
		rs := byRun[name]
		// The jobs summary_stats.csv and paired.csv take (finishedJob):
		// not interrupted ones, run again next time, nor failed ones,
		// whose metrics may be wrong.
		var finished []runner.Result
		for _, r := range rs {
			if finishedJob(r) {
				finished = append(finished, r)
			}
		}
		runs = append(runs, RunSummary{
			Run:           name,
			Loss:          runner.LossNameOf(rs[0]),
			Jobs:          len(rs),
			Status:        statusCounts(rs),
			TrainLoss:     stats(finished, func(r runner.Result) float64 { return undiverged(r, r.TrainLoss) }),
			TestLoss:      stats(finished, func(r runner.Result) float64 { return undiverged(r, r.TestLoss) }),
			TrainAccuracy: stats(finished, func(r runner.Result) float64 { return undiverged(r, r.TrainAccuracy) }),
			TestAccuracy:  stats(finished, func(r runner.Result) float64 { return undiverged(r, r.TestAccuracy) }),
			Evaluations:   stats(finished, func(r runner.Result) float64 { return float64(r.Evaluations) }),
			Cost:          stats(finished, func(r runner.Result) float64 { return r.Cost }),
		})
	}
	return runs, accuracy
}

// statusCounts says how jobs ended; see RunSummary.Status.
func statusCounts(rs []runner.Result) string {
	var order []string
	count := map[string]int{}
	for _, r := range rs {
		if count[r.Status] == 0 {
			order = append(order, r.Status)
		}
		count[r.Status]++
	}
	if len(order) == 1 {
		return order[0]
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = fmt.Sprintf("%d %s", count[st], st)
	}
	return strings.Join(parts, ", ")
}

// stats summarises the finite values of f over rs; NaN when there are none.
func stats(rs []runner.Result, f func(runner.Result) float64) Stats {
	s := Stats{Min: math.Inf(1), Max: math.Inf(-1)}
	sum, n := 0.0, 0
	for _, r := range rs {
		v := f(r)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		sum += v
		n++
		s.Min, s.Max = math.Min(s.Min, v), math.Max(s.Max, v)
	}
	if n == 0 {
		return Stats{math.NaN(), math.NaN(), math.NaN()}
	}
	s.Mean = sum / float64(n)
	return s
}

// LossesDiffer reports whether runs train on different losses: their loss
// columns then hold numbers of different scales, which a table must say
// by naming each run's loss.
func LossesDiffer(runs []RunSummary) bool {
	names := make([]string, len(runs))
	for i, r := range runs {
		names[i] = r.Loss
	}
	return lossNamesDiffer(names)
}
