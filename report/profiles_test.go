package report

import (
	"bytes"
	"math"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/runner"
	"gonum.org/v1/plot/plotter"
)

// profileJob is a repeat of a run whose loss after e evaluations is
// losses[e] (one record per evaluation), with 3 parameters.
func profileJob(run string, repeat int, losses ...float64) runner.Result {
	res := runner.Result{Job: runner.Job{RunName: run, Repeat: repeat}, Status: runner.StatusCompleted, Params: make([]float64, 3)}
	for e, l := range losses {
		res.History = append(res.History, runner.Record{Stage: 1, Step: e, TrainLoss: l, Evaluations: int64(e)})
	}
	res.TrainLoss = losses[len(losses)-1]
	return res
}

// TestProfilesByHand: two runs on two paired starts. Start 0 runs from 10
// to a best of 0 (run b); with tau = 0.1 the target is 0 + 0.1*10 = 1: a
// reaches it at 4 evaluations, b at 2. Start 1 runs from 10 to a best of 2
// (run a), target 2.8: a reaches it at 1, b never.
func TestProfilesByHand(t *testing.T) {
	results := []runner.Result{
		profileJob("a", 0, 10, 8, 6, 3, 1),
		profileJob("a", 1, 10, 2, 2),
		profileJob("b", 0, 10, 5, 0),
		profileJob("b", 1, 10, 9, 9, 9),
	}
	groups, _ := groupByRun(results, nil)
	costs := solveCosts(profileProblems(groups), 0.1, false)
	want := [][]float64{{4, 2}, {1, math.Inf(1)}}
	for p := range want {
		if !slices.Equal(costs[p], want[p]) {
			t.Errorf("problem %d: costs %v, want %v", p, costs[p], want[p])
		}
	}
	// Data profile, in units of n+1 = 4 evaluations: a solves at 1/4 and
	// 4/4, b at 2/4 only. Performance profile: a's ratios 4/2 and 1/1, b's
	// 2/2.
	for _, c := range []struct {
		kind string
		want map[string]plotter.XYs
	}{
		{"data_profile", map[string]plotter.XYs{"a": {{X: 0.25, Y: 0.5}, {X: 1, Y: 1}}, "b": {{X: 0.5, Y: 0.5}}}},
		{"performance_profile", map[string]plotter.XYs{"a": {{X: 1, Y: 0.5}, {X: 2, Y: 1}}, "b": {{X: 1, Y: 0.5}}}},
	} {
		curves, problems, unit, err := profiles(results, nil, c.kind, 0.1)
		if unit != perGradient {
			t.Errorf("%s: unit %v, want simplex gradients (no cost recorded)", c.kind, unit)
		}
		if err != nil || problems != 2 || len(curves) != 2 {
			t.Fatalf("%s: %d curves of %d problems, %v", c.kind, len(curves), problems, err)
		}
		for _, cv := range curves {
			if !slices.Equal(cv.pts, c.want[cv.group.name]) {
				t.Errorf("%s of %s: %v, want %v", c.kind, cv.group.name, cv.pts, c.want[cv.group.name])
			}
		}
		if _, err := ProfilePlot(results, nil, "t", c.kind, 0.1); err != nil {
			t.Errorf("%s: %v", c.kind, err)
		}
		// As nnexp plot gives them: read back, with their losses from
		// the experiment file (found by review: a stand-in spec once
		// made every profile fail to redraw).
		paired := &Experiment{RunLosses: map[string]string{"a": "mse", "b": "mse"}, RunPairs: map[string]string{"a": "k", "b": "k"}}
		if _, err := ProfilePlot(withRunFacts(results, paired), nil, "t", c.kind, 0.1); err != nil {
			t.Errorf("%s of results with their losses: %v", c.kind, err)
		}
		// Read back, runs whose experiment file says they start apart
		// are refused as nnexp run refuses them (found by review).
		apart := &Experiment{RunLosses: paired.RunLosses, RunPairs: map[string]string{"a": "k", "b": "other"}}
		if _, err := ProfilePlot(withRunFacts(results, apart), nil, "t", c.kind, 0.1); err == nil {
			t.Errorf("%s of runs read back from different starts drew", c.kind)
		}
	}
	if _, err := ProfilePlot(results, nil, "t", "data_profile", 1); err == nil {
		t.Error("tau 1 accepted")
	}
}

// TestProfilesSkipWhatCannotCount: a diverged job's NaN does not hide the
// best loss of a problem, and a repeat one run lacks is skipped, not the
// end of the problems.
func TestProfilesSkipWhatCannotCount(t *testing.T) {
	results := []runner.Result{
		profileJob("a", 0, 1, 0.1),
		profileJob("a", 1, 1, 0.5),
		profileJob("a", 2, 1, 0.2),
		profileJob("b", 0, 1, 2, math.NaN()),
		profileJob("b", 2, 1, 1),
	}
	groups, _ := groupByRun(results, nil)
	problems := profileProblems(groups)
	if len(problems) != 2 || problems[1][0].Repeat != 2 {
		t.Fatalf("%d problems, want repeats 0 and 2", len(problems))
	}
	costs := solveCosts(problems, 0.1, false)
	if costs[0][0] != 1 || !math.IsInf(costs[0][1], 1) {
		t.Errorf("repeat 0 costs %v, want a at 1 and b never", costs[0])
	}
}

// TestProfilesByCost: with a cost in every record the budget is the cost.
// The problems of TestProfilesByHand, with record e at cost e + 0.5: a
// solves problem 0 at 4.5 and problem 1 at 1.5, b problem 0 at 2.5.
func TestProfilesByCost(t *testing.T) {
	results := []runner.Result{
		profileJob("a", 0, 10, 8, 6, 3, 1),
		profileJob("a", 1, 10, 2, 2),
		profileJob("b", 0, 10, 5, 0),
		profileJob("b", 1, 10, 9, 9, 9),
	}
	for i := range results {
		for e := range results[i].History {
			results[i].History[e].Cost = float64(e) + 0.5
		}
	}
	for _, c := range []struct {
		kind string
		want map[string]plotter.XYs
	}{
		{"data_profile", map[string]plotter.XYs{"a": {{X: 1.5, Y: 0.5}, {X: 4.5, Y: 1}}, "b": {{X: 2.5, Y: 0.5}}}},
		{"performance_profile", map[string]plotter.XYs{"a": {{X: 1, Y: 0.5}, {X: 1.8, Y: 1}}, "b": {{X: 1, Y: 0.5}}}},
	} {
		curves, _, unit, err := profiles(results, nil, c.kind, 0.1)
		if err != nil || unit != byCost {
			t.Fatalf("%s: unit %v, %v", c.kind, unit, err)
		}
		for _, cv := range curves {
			if !slices.Equal(cv.pts, c.want[cv.group.name]) {
				t.Errorf("%s of %s: %v, want %v", c.kind, cv.group.name, cv.pts, c.want[cv.group.name])
			}
		}
	}
}

// TestProfileOfOneRatioDraws: when every solved problem sits at one x
// (here the one problem, solved only by b, at ratio 1), gonum/plot would
// widen the empty range to [0, 2], which a log axis cannot draw; the plot
// spans a decade from that x instead.
func TestProfileOfOneRatioDraws(t *testing.T) {
	results := []runner.Result{
		profileJob("a", 0, 10, 8),
		profileJob("b", 0, 10, 0),
	}
	for _, kind := range []string{"performance_profile", "data_profile"} {
		p, err := ProfilePlot(results, nil, "t", kind, 0.1)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if !(p.X.Min > 0 && p.X.Max >= 10*p.X.Min) {
			t.Errorf("%s: x range [%g, %g], want a decade above a positive minimum", kind, p.X.Min, p.X.Max)
		}
		var buf bytes.Buffer
		if err := writePNG(&buf, p, historyWidth, historyHeight); err != nil {
			t.Errorf("%s: %v", kind, err)
		}
	}
}
