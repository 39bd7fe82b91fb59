package cli

import (
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
)

// writeSummary prints one line per run: how its jobs ended, and the mean
// final losses and accuracies over its repeats with the training loss's
// spread, so paired runs can be compared at a glance. Accuracy columns
// appear only when a run has them (classification). report.html shows the
// same report.SummarizeRuns.
func writeSummary(w io.Writer, results []runner.Result) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	runs, accuracy := report.SummarizeRuns(results)
	// Runs on different losses: each loss column mixes scales, so each
	// row says its loss.
	mixed := report.LossesDiffer(runs)
	header := "run\t"
	if mixed {
		header += "loss\t"
	}
	header += "repeats\tstatus\ttrain loss (mean)\tmin\tmax\ttest loss (mean)\t"
	if accuracy {
		header += "train accuracy (mean)\ttest accuracy (mean)\t"
	}
	fmt.Fprintln(tw, header+"evaluations (mean)\tcost (mean)\t")
	more := 0
	if len(runs) > maxSummaryRuns {
		runs, more = runs[:maxSummaryRuns], len(runs)-maxSummaryRuns
	}
	for _, s := range runs {
		line := s.Run + "\t"
		if mixed {
			line += s.Loss + "\t"
		}
		line += fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%s\t", s.Jobs, s.Status,
			num(s.TrainLoss.Mean), num(s.TrainLoss.Min), num(s.TrainLoss.Max), num(s.TestLoss.Mean))
		if accuracy {
			line += fmt.Sprintf("%s\t%s\t", num(s.TrainAccuracy.Mean), num(s.TestAccuracy.Mean))
		}
		evals := "-" // every job failed or was interrupted: no mean
		if !math.IsNaN(s.Evaluations.Mean) {
			evals = fmt.Sprintf("%.0f", s.Evaluations.Mean)
		}
		fmt.Fprintf(tw, "%s%s\t%s\t\n", line, evals, num(s.Cost.Mean))
	}
	tw.Flush()
	if more > 0 {
		fmt.Fprintf(w, "... and %d more runs (summary.csv has every job, summary_stats.csv every run)\n", more)
	}
}

// writeMilestones prints, for each milestone and run it measures (up to
// maxSummaryRuns runs a milestone), how many of the run's jobs reached it
// and the median cost and seconds at which they did (milestone_stats.csv),
// nothing without milestones.
func writeMilestones(w io.Writer, milestones []*report.Milestone, results []runner.Result) {
	summaries := report.MilestoneSummaries(report.Reaches(milestones, results))
	if len(summaries) == 0 {
		return
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "milestone\trun\treached\tcost (median)\tseconds (median)\t")
	// Each milestone's first maxSummaryRuns runs, as the summary above
	// lists runs, and a count of the rest.
	shown, more := map[*report.Milestone]int{}, map[*report.Milestone]int{}
	var order []*report.Milestone
	for _, s := range summaries {
		if _, seen := shown[s.Milestone]; !seen {
			order = append(order, s.Milestone)
		}
		if shown[s.Milestone] == maxSummaryRuns {
			more[s.Milestone]++
			continue
		}
		shown[s.Milestone]++
		fmt.Fprintf(tw, "%s: %s\t%s\t%d/%d\t%s\t%s\t\n", s.Milestone.Name, s.Milestone.Condition(), s.Run,
			s.Reached, s.Jobs, num(s.Cost.Median), num(s.Seconds.Median))
	}
	tw.Flush()
	for _, m := range order {
		if more[m] > 0 {
			fmt.Fprintf(w, "... and %d more runs for milestone %s (milestone_stats.csv has every one)\n", more[m], m.Name)
		}
	}
}

// maxSummaryRuns is the most runs the console table lists: a sweep of
// thousands would scroll the rest of the output away.
const maxSummaryRuns = 50

// writePairedNote prints one line naming the pairs of runs of paired.csv
// with too few non-zero paired differences for the Wilcoxon test ever to
// give p < 0.05, nothing when there are none: with three repeats a p of
// 0.25 is the best possible, which reads as "no difference" to someone
// who does not know the floor. A sweep makes many pairs, so past
// maxNamedPairs the line names the first few and counts the rest, which
// paired.csv's note column marks.
func writePairedNote(w io.Writer, results []runner.Result) {
	// Each pair with the metrics it concerns: a pair whose test loss has
	// enough differences and whose test accuracy (often tied) has not is
	// not underpowered as a whole, and the note must not say so.
	comparisons := report.PairedComparisons(results)
	if len(comparisons) == 0 {
		// report.html says so too; without a word here a reader of the
		// terminal gets no tests and no reason (one run given its own
		// seed unpairs it from the rest).
		runs := map[string]bool{}
		for _, r := range results {
			runs[r.RunName] = true
		}
		if len(runs) > 1 {
			fmt.Fprintf(w, "\npaired.csv: no two runs are paired, so there are no paired tests: %s\n", report.PairingRule)
		}
		return
	}
	var pairs []string
	metrics := map[string][]string{}
	allFew := true
	for _, c := range comparisons {
		pair := c.A + " vs " + c.B
		if !c.FewPairs {
			allFew = false
			continue
		}
		if metrics[pair] == nil {
			pairs = append(pairs, pair)
		}
		metrics[pair] = append(metrics[pair], c.Metric)
	}
	if len(pairs) == 0 {
		return
	}
	named := make([]string, len(pairs))
	for i, pair := range pairs {
		named[i] = fmt.Sprintf("%s (%s)", pair, strings.Join(metrics[pair], ", "))
	}
	which := strings.Join(named, ", ")
	switch {
	case len(pairs) > maxNamedPairs && allFew:
		which = fmt.Sprintf("every metric of every one of the %d pairs of runs", len(pairs))
	case len(pairs) > maxNamedPairs:
		which = fmt.Sprintf("%s and %d more pairs (their note in paired.csv says so)",
			strings.Join(named[:maxNamedPairs-1], ", "), len(pairs)-maxNamedPairs+1)
	}
	fmt.Fprintf(w, "\npaired.csv: fewer than %d non-zero paired differences, so no Wilcoxon p below 0.05 is attainable, for %s; more repeats lower that floor\n",
		report.MinPairs, which)
}

// maxNamedPairs is the most pairs writePairedNote names one by one.
const maxNamedPairs = 6
