package cli

import (
	"fmt"
	"io"
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
	header := "run\trepeats\tstatus\ttrain loss (mean)\tmin\tmax\ttest loss (mean)\t"
	if accuracy {
		header += "train accuracy (mean)\ttest accuracy (mean)\t"
	}
	fmt.Fprintln(tw, header+"evaluations (mean)\t")
	for _, s := range runs {
		line := fmt.Sprintf("%s\t%d\t%s\t%s\t%s\t%s\t%s\t", s.Run, s.Jobs, s.Status,
			num(s.TrainLoss.Mean), num(s.TrainLoss.Min), num(s.TrainLoss.Max), num(s.TestLoss.Mean))
		if accuracy {
			line += fmt.Sprintf("%s\t%s\t", num(s.TrainAccuracy.Mean), num(s.TestAccuracy.Mean))
		}
		fmt.Fprintf(tw, "%s%.0f\t\n", line, s.Evaluations.Mean)
	}
	tw.Flush()
}
