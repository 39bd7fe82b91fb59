package runner_test

import (
	"context"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestSearchRecordsPointsWithinItsFirstSweep: one sweep of search over the
// notebook's network is one step, yet its history has points part-way,
// spaced by cost, each no higher than the one before (search never raises
// the loss), so that a cost plot is drawn through measured points.
func TestSearchRecordsPointsWithinItsFirstSweep(t *testing.T) {
	exp := load(t, `
experiment "points" { seed = 1 }
dataset "d" { source = "diabetes" }
model "m" {
  hidden = [5, 4]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "p" {
  optimizer "search" {
    iterations = 2
    tolerance  = 0
  }
}
run "r" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	res := runner.Run(context.Background(), exp, runner.Options{})[0]
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	within := 0
	for i, rec := range res.History {
		if i > 0 {
			prev := res.History[i-1]
			if rec.Cost <= prev.Cost || rec.TrainLoss > prev.TrainLoss {
				t.Errorf("record %d: cost %v after %v, loss %v after %v", i, rec.Cost, prev.Cost, rec.TrainLoss, prev.TrainLoss)
			}
		}
		if rec.Step == 0 && rec.Progress != 1 || !(rec.Progress > 0 && rec.Progress <= 1) {
			t.Errorf("record %d of step %d: progress %v", i, rec.Step, rec.Progress)
		}
		if rec.Step == 1 && rec.Progress < 1 {
			within++
		}
	}
	if within < 10 {
		t.Errorf("%d points within the first sweep, want at least 10; history %+v", within, res.History)
	}
	last := res.History[len(res.History)-1]
	if last.Step != 2 || last.Progress != 1 || last.Cost != res.Cost {
		t.Errorf("last record %+v; want the end of step 2 at the job's cost %v", last, res.Cost)
	}
	// A candidate costs a small fraction of a pass: two sweeps of 8,400
	// candidates cost far less than 16,800 passes.
	if res.Cost > float64(res.Evaluations)/20 {
		t.Errorf("cost %v for %d evaluations", res.Cost, res.Evaluations)
	}
	t.Logf("%d records, %d within the first sweep; cost %.1f for %d evaluations", len(res.History), within, res.Cost, res.Evaluations)
}

// stepEnds counts the records of h at a step's end (or a stage's start),
// leaving out the points within a step.
func stepEnds(h []runner.Record) int {
	n := 0
	for _, rec := range h {
		if rec.Progress == 1 {
			n++
		}
	}
	return n
}
