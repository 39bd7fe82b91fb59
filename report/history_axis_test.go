package report

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
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
	mean, lo, hi := aggregateAlong([]curve{jobCurve(a, historyAxes["evaluations"], metrics["train_loss"]), jobCurve(b, historyAxes["evaluations"], metrics["train_loss"])}, func(float64) bool { return true }, historyAxes["evaluations"], bands["minmax"])
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

// TestHistoryBySeconds: on the seconds axis the repeats' points do not
// line up, so the mean is taken wherever one of them has a point, on a
// linear axis.
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
	mean, _, _ := aggregateAlong([]curve{jobCurve(a, historyAxes["seconds"], metrics["train_loss"]), jobCurve(b, historyAxes["seconds"], metrics["train_loss"])}, func(float64) bool { return true }, historyAxes["seconds"], bands["minmax"])
	// a's losses 10, 6, 4, 4, 3 at 0..4 s; b's 20, 8, 6, 6, 5 at 0, 3, 6,
	// 9, 12 s. At each of those places each job counts with what it had
	// measured by then; a, which completed, keeps its 3 after 4 s.
	want := plotter.XYs{{X: 0, Y: 15}, {X: 1, Y: 13}, {X: 2, Y: 12}, {X: 3, Y: 6}, {X: 4, Y: 5.5}, {X: 6, Y: 4.5}, {X: 9, Y: 4.5}, {X: 12, Y: 4}}
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
	// log_x puts seconds on a log axis, and cost on a linear one; the
	// step axis has none (its 0 cannot be shown).
	yes, no := true, false
	for _, c := range []struct {
		x     string
		logX  *bool
		log   bool
		label string
	}{
		{"seconds", &yes, true, "training time (seconds on the machine that ran it, log)"},
		{"cost", &no, false, "cost (forward passes over the training data)"},
		{"cost", &yes, true, "cost (forward passes over the training data, log)"},
	} {
		p, err := HistoryPlotOf([]runner.Result{a, b}, HistoryOptions{Title: "t", X: c.x, LogX: c.logX})
		if err != nil {
			t.Fatal(err)
		}
		if _, log := p.X.Scale.(plot.LogScale); log != c.log || strings.SplitN(p.X.Label.Text, "\n", 2)[0] != c.label {
			t.Errorf("x %s, log_x %v: log scale %v, label %q; want %v, %q", c.x, *c.logX, log, p.X.Label.Text, c.log, c.label)
		}
	}
	if _, err := HistoryPlotOf([]runner.Result{a, b}, HistoryOptions{Title: "t", LogX: &yes}); err == nil {
		t.Error("a log step axis was drawn")
	}
}

// TestPointsWithinAStep: a record part-way through a step (a search
// sweep's checkpoint) is drawn on the cost axis where its cost puts it,
// and left off the step axis, which shows where steps end; a job that
// stopped on an error is not carried past its last point.
func TestPointsWithinAStep(t *testing.T) {
	_, results := fixture()
	res := results[0]
	res.Status = runner.StatusCompleted
	res.History = []runner.Record{
		{Stage: 1, Optimizer: "search", Step: 0, Progress: 1, TrainLoss: 100, Cost: 1},
		{Stage: 1, Optimizer: "search", Step: 1, Progress: 0.25, TrainLoss: 40, Cost: 2},
		{Stage: 1, Optimizer: "search", Step: 1, Progress: 0.5, TrainLoss: 20, Cost: 3},
		{Stage: 1, Optimizer: "search", Step: 1, Progress: 1, TrainLoss: 10, Cost: 5},
	}
	byCost := jobCurve(res, historyAxes["cost"], metrics["train_loss"])
	if len(byCost.at) != 4 || byCost.at[1] != 2 || byCost.losses[2] != 20 {
		t.Errorf("cost axis: places %v, losses %v; want every record", byCost.at, byCost.losses)
	}
	byStep := jobCurve(res, historyAxes["step"], metrics["train_loss"])
	if len(byStep.steps) != 2 || byStep.losses[1] != 10 {
		t.Errorf("step axis: steps %v, losses %v; want the step ends only", byStep.steps, byStep.losses)
	}
	failed := res
	failed.Status = runner.StatusFailed
	failed.History = res.History[:2]
	mean, lo, hi := aggregateAlong([]curve{byCost, jobCurve(failed, historyAxes["cost"], metrics["train_loss"])},
		func(float64) bool { return true }, historyAxes["cost"], bands["minmax"])
	want := plotter.XYs{{X: 1, Y: 100}, {X: 2, Y: 40}, {X: 3, Y: 20}, {X: 5, Y: 10}}
	if len(mean) != len(want) {
		t.Fatalf("mean %v, want %v", mean, want)
	}
	for i := range want {
		if mean[i] != want[i] || lo[i].Y != want[i].Y || hi[i].Y != want[i].Y {
			t.Errorf("point %d: %v (band %v..%v), want %v", i, mean[i], lo[i].Y, hi[i].Y, want[i])
		}
	}
}

// TestLaterCurvesAreNarrower: curves drawn later are strictly narrower, so
// one that coincides with an earlier one leaves the earlier's colour as
// its border.
func TestLaterCurvesAreNarrower(t *testing.T) {
	for _, n := range []int{2, 3, 10} {
		for i := 1; i < n; i++ {
			if lineWidth(i, n) >= lineWidth(i-1, n) {
				t.Errorf("n=%d: curve %d is %v wide, the one before %v", n, i, lineWidth(i, n), lineWidth(i-1, n))
			}
		}
		if lineWidth(n-1, n) < vg.Points(1) {
			t.Errorf("n=%d: last curve %v wide, too thin to see", n, lineWidth(n-1, n))
		}
	}
}
