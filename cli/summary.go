package cli

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/nnexp/nnexp/runner"
)

// writeSummary prints one line per run: how its jobs ended, and the mean
// final losses and accuracies over its repeats with the training loss's
// spread, so paired runs can be compared at a glance. Accuracy columns
// appear only when a run has them (classification).
func writeSummary(w io.Writer, results []runner.Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	var order []string
	byRun := map[string][]runner.Result{}
	accuracy := false
	for _, r := range results {
		if _, seen := byRun[r.RunName]; !seen {
			order = append(order, r.RunName)
		}
		byRun[r.RunName] = append(byRun[r.RunName], r)
		accuracy = accuracy || !math.IsNaN(r.TrainAccuracy)
	}
	header := "run\trepeats\tstatus\ttrain loss (mean)\tmin\tmax\ttest loss (mean)\t"
	if accuracy {
		header += "train accuracy (mean)\ttest accuracy (mean)\t"
	}
	fmt.Fprintln(tw, header+"evaluations (mean)\t")
	for _, name := range order {
		rs := byRun[name]
		train := stats(rs, func(r runner.Result) float64 { return r.TrainLoss })
		test := stats(rs, func(r runner.Result) float64 { return r.TestLoss })
		evals := stats(rs, func(r runner.Result) float64 { return float64(r.Evaluations) })
		line := fmt.Sprintf("%s\t%d\t%s\t%s\t%s\t%s\t%s\t", name, len(rs), statusCounts(rs),
			num(train.mean), num(train.min), num(train.max), num(test.mean))
		if accuracy {
			trainAcc := stats(rs, func(r runner.Result) float64 { return r.TrainAccuracy })
			testAcc := stats(rs, func(r runner.Result) float64 { return r.TestAccuracy })
			line += fmt.Sprintf("%s\t%s\t", num(trainAcc.mean), num(testAcc.mean))
		}
		fmt.Fprintf(tw, "%s%.0f\t\n", line, evals.mean)
	}
	tw.Flush()
}

// statusCounts says how a run's jobs ended: "completed" when they all
// ended alike, else "2 completed, 1 diverged" in the order first seen.
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

type summary struct{ mean, min, max float64 }

// stats summarises the finite values of f over rs; NaN when there are none.
func stats(rs []runner.Result, f func(runner.Result) float64) summary {
	s := summary{mean: math.NaN(), min: math.Inf(1), max: math.Inf(-1)}
	sum, n := 0.0, 0
	for _, r := range rs {
		v := f(r)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		sum += v
		n++
		s.min, s.max = math.Min(s.min, v), math.Max(s.max, v)
	}
	if n == 0 {
		return summary{math.NaN(), math.NaN(), math.NaN()}
	}
	s.mean = sum / float64(n)
	return s
}
