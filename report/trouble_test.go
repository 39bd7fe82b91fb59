package report

import (
	"io"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
	"gonum.org/v1/plot"
)

// withHistory gives each result the curve values, one record per step.
func withHistory(results []runner.Result, values ...float64) []runner.Result {
	for i := range results {
		for step, v := range values {
			results[i].History = append(results[i].History, runner.Record{Stage: 1, Optimizer: "search", Step: step, TrainLoss: v, TestLoss: nan})
		}
	}
	return results
}

// TestPlotsAfterAnInterrupt: runs whose jobs were all interrupted say so,
// in the final loss bars and in the history, whose empty axes also say
// how to finish.
func TestPlotsAfterAnInterrupt(t *testing.T) {
	results := losses("a", nan, nan)
	for i := range results {
		results[i].Status = runner.StatusInterrupted
	}
	bars, _, err := newFinalBars(results, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := bars.bars[0].label; got != "interrupted" {
		t.Errorf("final loss note %q, want interrupted", got)
	}
	p, err := HistoryPlot(results, nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Title.Text, "every job was interrupted; run the same command again to finish") {
		t.Errorf("empty history plot titled %q", p.Title.Text)
	}

	// A log axis (cost) and the profiles of paired runs, over nothing:
	// each draws, empty, and says why (the log axis used to fail in
	// gonum/plot, and a profile with no start finished by every run
	// failed the plot).
	results = append(results, losses("b", nan, nan)...)
	for i := range results {
		results[i].Status = runner.StatusInterrupted
	}
	charts := map[string]func() (*plot.Plot, error){
		"cost": func() (*plot.Plot, error) {
			return HistoryPlotOf(results, HistoryOptions{Title: "t", X: "cost"})
		},
		"data_profile": func() (*plot.Plot, error) {
			return ProfilePlot(results, nil, "t", "data_profile", 1e-3)
		},
		"performance_profile": func() (*plot.Plot, error) {
			return ProfilePlot(results, nil, "t", "performance_profile", 1e-3)
		},
	}
	for name, chart := range charts {
		p, err := chart()
		if err != nil {
			t.Errorf("%s after an interrupt: %v", name, err)
			continue
		}
		if !strings.Contains(p.Title.Text, "nothing to") {
			t.Errorf("%s titled %q", name, p.Title.Text)
		}
		if err := writePNG(io.Discard, p, historyWidth, historyHeight); err != nil {
			t.Errorf("%s after an interrupt does not draw: %v", name, err)
		}
	}
}

// TestZeroLossOnALogAxis: losses of 0 cannot stand on a log axis; what can
// be drawn is, and the plot says what was left out, or falls back to a
// linear axis when nothing could be drawn.
func TestZeroLossOnALogAxis(t *testing.T) {
	some := withHistory(losses("search", 0, 0), 0.6, 0.3, 0.1, 0)
	p, err := HistoryPlot(some, nil, "t", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, log := p.Y.Scale.(plot.LogScale); !log || !strings.Contains(p.Y.Label.Text, "2 values <= 0 not drawn") {
		t.Errorf("log history with zeros: scale %T, label %q", p.Y.Scale, p.Y.Label.Text)
	}

	all := withHistory(losses("search", 0), 0, 0)
	p, err = HistoryPlot(all, nil, "t", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, log := p.Y.Scale.(plot.LogScale); log || !strings.Contains(p.Title.Text, "no loss > 0 for a log axis: linear") {
		t.Errorf("history of zeros: scale %T, title %q; want a linear axis that says why", p.Y.Scale, p.Title.Text)
	}
	q, _, err := FinalLossPlot(all, nil, "t", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, log := q.Y.Scale.(plot.LogScale); log || !strings.Contains(q.Title.Text, "no loss > 0 for a log axis: linear") {
		t.Errorf("final loss of zeros: scale %T, title %q; want a linear axis that says why", q.Y.Scale, q.Title.Text)
	}
}

// TestDifferentLossesAreLabelled: an MSE and an MAE on one axis are not
// one scale; the axis and every run's entry say so.
func TestDifferentLossesAreLabelled(t *testing.T) {
	mse := withHistory(losses("squared", 2600), 3000, 2600)
	mae := withHistory(losses("absolute", 40), 50, 40)
	for i := range mae {
		mae[i].Run = &runner.Spec{Name: "absolute", LossName: "mae"}
	}
	for i := range mse {
		mse[i].Run = &runner.Spec{Name: "squared", LossName: "mse"}
	}
	results := append(mse, mae...)
	p, err := HistoryPlot(results, nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.Y.Label.Text, "runs differ in loss") {
		t.Errorf("history loss axis %q does not say the losses differ", p.Y.Label.Text)
	}
	q, _, err := FinalLossPlot(results, nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	_, names, _ := newFinalBars(results, nil, false)
	if !strings.Contains(q.Y.Label.Text, "runs differ in loss") || names[0] != "squared [mse]" || names[1] != "absolute [mae]" {
		t.Errorf("final loss axis %q, bars %q: want the losses named", q.Y.Label.Text, names)
	}
	same := withHistory(losses("other", 2500), 2700, 2500)
	for i := range same {
		same[i].Run = &runner.Spec{Name: "other", LossName: "mse"}
	}
	_, names, _ = newFinalBars(append(mse, same...), nil, false)
	if names[0] != "squared" {
		t.Errorf("runs on one loss labelled %q", names)
	}
}

// TestMetricPlotsAndUnfinishedBars: a plot of another metric shows that
// metric, and a bar of jobs that did not all complete says how they ended.
func TestMetricPlotsAndUnfinishedBars(t *testing.T) {
	results := withHistory(losses("a", 2, 3), 5, 3)
	for i := range results {
		for j := range results[i].History {
			results[i].History[j].TestAccuracy = 0.5 + 0.1*float64(j)
		}
		results[i].TestAccuracy = 0.6
	}
	results[1].Status = runner.StatusBudget
	p, err := HistoryPlotOf(results, HistoryOptions{Title: "t", Metric: "test_accuracy"})
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Label.Text != "test accuracy" || p.Y.Max < 0.6 || p.Y.Max > 1 {
		t.Errorf("test accuracy plot: label %q, y max %v", p.Y.Label.Text, p.Y.Max)
	}
	if _, err := HistoryPlotOf(results, HistoryOptions{Title: "t", Metric: "speed"}); err == nil {
		t.Error("unknown metric accepted")
	}
	bars, _, err := newFinalBars(results, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := bars.bars[0].label; got != "2.5 (n=2) [1 budget]" {
		t.Errorf("bar label %q, want the budget stop said", got)
	}
}

// TestQuartileBandsIgnoreOneBadStart: with repeats, a history line is the
// median and its band the quartiles by default, so one start that went
// wrong does not drag the line; minmax keeps the mean and whole range.
func TestQuartileBandsIgnoreOneBadStart(t *testing.T) {
	curves := []curve{
		{steps: []int{0}, losses: []float64{1}, carry: true},
		{steps: []int{0}, losses: []float64{2}, carry: true},
		{steps: []int{0}, losses: []float64{3}, carry: true},
		{steps: []int{0}, losses: []float64{100}, carry: true},
	}
	all := func(float64) bool { return true }
	mid, lo, hi := aggregate(curves, all, historyAxes["step"], bands["quartiles"])
	if mid[0].Y != 2.5 || lo[0].Y != 1.75 || hi[0].Y != 27.25 {
		t.Errorf("quartiles: %v %v %v, want median 2.5, quartiles 1.75 and 27.25", mid, lo, hi)
	}
	mean, lo, hi := aggregate(curves, all, historyAxes["step"], bands["minmax"])
	if mean[0].Y != 26.5 || lo[0].Y != 1 || hi[0].Y != 100 {
		t.Errorf("minmax: %v %v %v, want mean 26.5, range 1 to 100", mean, lo, hi)
	}
}
