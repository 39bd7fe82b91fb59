package report

import (
	"testing"

	"github.com/nnexp/nnexp/runner"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// twoStageJob is a job whose first stage takes 2 steps of 100 evaluations
// and whose second takes 1 step of 2, starting from 1 evaluation.
func twoStageJob(run *runner.Result, losses ...float64) runner.Result {
	res := *run
	res.Status = runner.StatusCompleted
	res.History = []runner.Record{
		{Stage: 1, Optimizer: "search", Step: 0, TrainLoss: losses[0], Evaluations: 1},
		{Stage: 1, Optimizer: "search", Step: 1, TrainLoss: losses[1], Evaluations: 101},
		{Stage: 1, Optimizer: "search", Step: 2, TrainLoss: losses[2], Evaluations: 201},
		{Stage: 2, Optimizer: "adam", Step: 0, TrainLoss: losses[2], Evaluations: 201},
		{Stage: 2, Optimizer: "adam", Step: 1, TrainLoss: losses[3], Evaluations: 203},
	}
	return res
}

func TestHistoryByEvaluationsPlacesPointsAtTheirCost(t *testing.T) {
	exp, results := fixture()
	base := results[0]
	base.Repeat = 0
	a := twoStageJob(&base, 10, 6, 4, 3)
	b := twoStageJob(&base, 20, 8, 6, 5)
	b.Repeat = 1
	// The stages are laid end to end by step (0, 1, 2, then the second
	// stage's step 1 at 3), and each point sits at its evaluations.
	mean, lo, hi := aggregate([]curve{jobCurve(a, historyAxes["evaluations"], metrics["train_loss"]), jobCurve(b, historyAxes["evaluations"], metrics["train_loss"])}, func(float64) bool { return true }, historyAxes["evaluations"], bands["minmax"])
	want := plotter.XYs{{X: 1, Y: 15}, {X: 101, Y: 7}, {X: 201, Y: 5}, {X: 203, Y: 4}}
	if len(mean) != len(want) {
		t.Fatalf("mean %v, want %v", mean, want)
	}
	for i := range want {
		if mean[i] != want[i] {
			t.Errorf("point %d: %v, want %v", i, mean[i], want[i])
		}
	}
	if lo[1].Y != 6 || hi[1].Y != 8 || lo[1].X != 101 {
		t.Errorf("band at step 1: lo %v hi %v", lo[1], hi[1])
	}
	if c := jobCurve(a, historyAxes["evaluations"], metrics["train_loss"]); len(c.boundaries) != 1 || c.boundaries[0].step != 201 {
		t.Errorf("stage boundary at %v, want at 201 evaluations", c.boundaries)
	}
	if c := jobCurve(a, historyAxes["step"], metrics["train_loss"]); c.boundaries[0].step != 2 {
		t.Errorf("by step, the boundary is at %v, want step 2", c.boundaries[0].step)
	}

	p, err := HistoryPlotAxis([]runner.Result{a, b}, nil, exp.Name, false, "evaluations")
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := p.X.Scale.(plot.LogScale); !ok {
		t.Errorf("evaluations axis is not logarithmic")
	}
	if p.X.Min != 1 || p.X.Max != 203 {
		t.Errorf("x range [%v, %v], want [1, 203]", p.X.Min, p.X.Max)
	}
	if _, err := HistoryPlotAxis(results, nil, "t", false, "wallclock"); err == nil {
		t.Errorf("unknown axis accepted")
	}
}

// TestHistoryBySeconds: on the seconds axis each point sits at the mean
// training time of the repeats at that step, on a linear axis.
func TestHistoryBySeconds(t *testing.T) {
	_, results := fixture()
	base := results[0]
	a := twoStageJob(&base, 10, 6, 4, 3)
	b := twoStageJob(&base, 20, 8, 6, 5)
	b.Repeat = 1
	for i := range a.History {
		a.History[i].Elapsed = float64(i)
		b.History[i].Elapsed = float64(3 * i)
	}
	mean, _, _ := aggregate([]curve{jobCurve(a, historyAxes["seconds"], metrics["train_loss"]), jobCurve(b, historyAxes["seconds"], metrics["train_loss"])}, func(float64) bool { return true }, historyAxes["seconds"], bands["minmax"])
	// Step 0 at 0 s in both; step 1 at 1 and 3 s; step 2 at 2 and 6 (its
	// second record, the next stage's step 0, at 3 and 9 overwrites it);
	// step 3 at 4 and 12.
	want := plotter.XYs{{X: 0, Y: 15}, {X: 2, Y: 7}, {X: 6, Y: 5}, {X: 8, Y: 4}}
	if len(mean) != len(want) {
		t.Fatalf("mean %v, want %v", mean, want)
	}
	for i := range want {
		if mean[i] != want[i] {
			t.Errorf("point %d: %v, want %v", i, mean[i], want[i])
		}
	}
	p, err := HistoryPlotAxis([]runner.Result{a, b}, nil, "t", false, "seconds")
	if err != nil {
		t.Fatal(err)
	}
	if _, log := p.X.Scale.(plot.LogScale); log {
		t.Errorf("seconds axis is logarithmic")
	}
}
