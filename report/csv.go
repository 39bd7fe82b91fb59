package report

import (
	"encoding/csv"
	"io"
	"math"
	"strconv"

	"github.com/nnexp/nnexp/runner"
)

var (
	historyHeader = []string{"run", "repeat", "seed", "stage", "optimizer", "step", "progress",
		"train_loss", "test_loss", "train_accuracy", "test_accuracy", "revivals", "evaluations", "cost", "elapsed_seconds"}
	summaryHeader = []string{"run", "repeat", "seed", "status", "train_loss", "test_loss",
		"train_accuracy", "test_accuracy", "evaluations", "cost", "elapsed_seconds", "error"}
)

// WriteHistoryCSV writes one row per recorded step of every result.
// Values that do not exist (NaN) are empty cells.
func WriteHistoryCSV(w io.Writer, results []runner.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(historyHeader); err != nil {
		return wrap(err)
	}
	row := make([]string, len(historyHeader))
	for _, res := range results {
		for _, rec := range res.History {
			row = append(row[:0],
				runName(res), strconv.Itoa(res.Repeat), formatUint(res.Seed),
				strconv.Itoa(rec.Stage), rec.Optimizer, strconv.Itoa(rec.Step), formatFloat(rec.Progress),
				formatFloat(rec.TrainLoss), formatFloat(rec.TestLoss),
				formatFloat(rec.TrainAccuracy), formatFloat(rec.TestAccuracy), strconv.Itoa(rec.Revivals),
				strconv.FormatInt(rec.Evaluations, 10), formatFloat(rec.Cost), formatSeconds(rec.Elapsed))
			if err := cw.Write(row); err != nil {
				return wrap(err)
			}
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}

// WriteSummaryCSV writes one row per result with its final metrics.
// Values that do not exist (NaN) are empty cells. After the fixed
// columns come the hyperparameter columns, one per setting any run has
// (runner.Spec.Settings), sorted by name, empty for a run without it.
func WriteSummaryCSV(w io.Writer, results []runner.Result) error {
	cw := csv.NewWriter(w)
	cols := hyperColumns(results)
	if err := cw.Write(append(append([]string{}, summaryHeader...), cols...)); err != nil {
		return wrap(err)
	}
	for _, res := range results {
		msg := res.Warning()
		if res.Err != nil {
			msg = res.Err.Error()
		}
		err := cw.Write(append([]string{
			runName(res), strconv.Itoa(res.Repeat), formatUint(res.Seed), res.Status,
			formatFloat(res.TrainLoss), formatFloat(res.TestLoss),
			formatFloat(res.TrainAccuracy), formatFloat(res.TestAccuracy),
			strconv.FormatInt(res.Evaluations, 10), formatFloat(res.Cost), formatSeconds(res.Elapsed), msg,
		}, settingValues(res, cols)...))
		if err != nil {
			return wrap(err)
		}
	}
	cw.Flush()
	return wrap(cw.Error())
}

// formatFloat writes the shortest text that reads back as v; NaN, which
// marks a value that does not apply, is an empty cell so that spreadsheet
// and pandas readers see a missing value.
func formatFloat(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// formatSeconds writes a duration in seconds to the microsecond: timings
// vary from run to run far above that, and 2.7382210049999998 only looks
// precise.
func formatSeconds(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}

func formatUint(v uint64) string { return strconv.FormatUint(v, 10) }

func runName(res runner.Result) string { return res.RunName }
