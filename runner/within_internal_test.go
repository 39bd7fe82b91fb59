package runner

import (
	"math"
	"testing"
	"time"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// checkpoint tells OnWithin how far the step got at most every
// withinEvery on the job's clock (here a fake one), with the step's
// evaluations and seconds; a nil Location (a minibatch sweep) reports
// progress but records no point, a foreign one is ignored.
func TestWithinIsRateLimitedAndRecordsNothing(t *testing.T) {
	m, err := nn.NewMLP(1, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	data := &nn.Data{X: []float64{1, 2}, Y: []float64{0, 1}, Rows: 2, Inputs: 1, TargetDim: 1}
	now := time.Unix(1000, 0)
	var got []Within
	x := &execution{
		training: newTrainingClock(now),
		job:      Job{Index: 3},
		clock:    func() time.Time { return now },
		onWithin: func(j Job, w Within) { got = append(got, w) },
		train:    objective.New(m, data, losses.MSE{}),
		loc:      optimize.Location{X: make([]float64, 2)},
	}
	x.stage, x.stageName, x.step = 1, "search", 2
	x.train.Func(x.loc.X) // before the step: not the step's
	x.beginStep()
	x.train.Func(x.loc.X)
	tick := func(d time.Duration) { now = now.Add(d) }

	tick(100 * time.Millisecond)
	x.checkpoint(nil, 0.1) // too soon after the step began
	tick(150 * time.Millisecond)
	x.checkpoint(nil, 0.25)
	tick(199 * time.Millisecond)
	x.checkpoint(&x.loc, 0.3) // too soon after the last call, but a point
	x.checkpoint(&optimize.Location{}, 0.4)
	tick(time.Second)
	x.checkpoint(nil, 0.5)

	want := []Within{
		{Stage: 1, Optimizer: "search", Step: 2, Done: 0.25, Params: 2, StepEvaluations: 1, StepElapsed: 0.25},
		{Stage: 1, Optimizer: "search", Step: 2, Done: 0.5, Params: 2, StepEvaluations: 1, StepElapsed: 1.449},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("OnWithin got %+v\nwant %+v", got, want)
	}
	if len(x.history) != 1 || x.history[0].Progress != 0.3 {
		t.Errorf("history %+v; want the one point offered with a Location, at 0.3", x.history)
	}
	if x.done != 0.5 {
		t.Errorf("done = %v after progress 0.5 with no Location: a budget stop would record the wrong place", x.done)
	}
}

// A Location whose loss is not finite (a refused evaluation's NaN) is no
// point to record, however much work has passed.
func TestCheckpointSkipsANaNLoss(t *testing.T) {
	m, err := nn.NewMLP(1, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	data := &nn.Data{X: []float64{1, 2}, Y: []float64{0, 1}, Rows: 2, Inputs: 1, TargetDim: 1}
	x := &execution{
		training: newTrainingClock(time.Now()),
		clock:    time.Now,
		train:    objective.New(m, data, losses.MSE{}),
		loc:      optimize.Location{X: make([]float64, 2)},
	}
	x.train.Func(x.loc.X)
	x.loc.F = math.NaN()
	x.checkpoint(&x.loc, 0.5)
	if len(x.history) != 0 {
		t.Errorf("history %+v after a NaN point; want none", x.history)
	}
	x.loc.F = 1
	x.checkpoint(&x.loc, 0.6)
	if len(x.history) != 1 || x.history[0].Progress != 0.6 {
		t.Errorf("history %+v; want the finite point at 0.6", x.history)
	}
}
