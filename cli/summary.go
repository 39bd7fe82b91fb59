package cli

import (
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/nnexp/nnexp/runner"
)

// writeSummary prints one line per run: the mean final losses over its
// repeats with their spread, so paired runs can be compared at a glance.
func writeSummary(w io.Writer, results []runner.Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "run\trepeats\ttrain loss (mean)\tmin\tmax\ttest loss (mean)\taccuracy (train)\tevaluations\t")
	var order []string
	byRun := map[string][]runner.Result{}
	for _, r := range results {
		if _, seen := byRun[r.RunName]; !seen {
			order = append(order, r.RunName)
		}
		byRun[r.RunName] = append(byRun[r.RunName], r)
	}
	for _, name := range order {
		rs := byRun[name]
		train := stats(rs, func(r runner.Result) float64 { return r.TrainLoss })
		test := stats(rs, func(r runner.Result) float64 { return r.TestLoss })
		acc := stats(rs, func(r runner.Result) float64 { return r.TrainAccuracy })
		evals := stats(rs, func(r runner.Result) float64 { return float64(r.Evaluations) })
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%.0f\t\n", name, len(rs),
			num(train.mean), num(train.min), num(train.max), num(test.mean), num(acc.mean), evals.mean)
	}
	tw.Flush()
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
