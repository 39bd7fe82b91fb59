package runner_test

import (
	"context"
	"math"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestHistoryRecordsAccuracies: every record of a classification job holds
// its training and test accuracy, and the last record's equal the result's;
// a regression job's are NaN.
func TestHistoryRecordsAccuracies(t *testing.T) {
	exp := load(t, `
experiment "acc" {}
dataset "iris" {
  source        = "iris"
  test_fraction = 0.3
}
dataset "diabetes" { source = "diabetes" }
model "m" { hidden = [3] }
pipeline "p" {
  optimizer "adam" {
    learning_rate = 0.05
    epochs        = 5
  }
}
run "classes" {
  dataset  = dataset.iris
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
run "values" {
  dataset  = dataset.diabetes
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.p
}
`)
	for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 2}) {
		for _, h := range r.History {
			inRange := h.TrainAccuracy >= 0 && h.TrainAccuracy <= 1 && h.TestAccuracy >= 0 && h.TestAccuracy <= 1
			if r.Run.Name == "classes" && !inRange || r.Run.Name == "values" && !(math.IsNaN(h.TrainAccuracy) && math.IsNaN(h.TestAccuracy)) {
				t.Errorf("%s step %d: accuracies %v, %v", r.Run.Name, h.Step, h.TrainAccuracy, h.TestAccuracy)
			}
		}
		last := r.History[len(r.History)-1]
		if r.Run.Name == "classes" && (last.TrainAccuracy != r.TrainAccuracy || last.TestAccuracy != r.TestAccuracy) {
			t.Errorf("last record's accuracies %v, %v; the result's %v, %v", last.TrainAccuracy, last.TestAccuracy, r.TrainAccuracy, r.TestAccuracy)
		}
	}
}

// TestDivergedJobHasNoAccuracy: parameters whose loss is not finite
// classify every row as class 0, which is no accuracy of a model.
func TestDivergedJobHasNoAccuracy(t *testing.T) {
	exp := load(t, `
experiment "div" {}
dataset "iris" {
  source        = "iris"
  test_fraction = 0.3
}
model "m" {
  hidden     = [3]
  activation = "tanh"
}
pipeline "p" {
  optimizer "sgd" {
    learning_rate = 1e307
    epochs        = 5
  }
}
run "r" {
  dataset  = dataset.iris
  model    = model.m
  loss     = "cross_entropy"
  pipeline = pipeline.p
}
`)
	r := runner.Run(context.Background(), exp, runner.Options{})[0]
	last := r.History[len(r.History)-1]
	if r.Status != runner.StatusDiverged || !math.IsNaN(r.TestAccuracy) || !math.IsNaN(r.TrainAccuracy) || !math.IsNaN(last.TestAccuracy) {
		t.Errorf("status %s, accuracies %v %v, last record %v", r.Status, r.TrainAccuracy, r.TestAccuracy, last.TestAccuracy)
	}
}

// TestHistoryCountsRevivals: search with revive_dead records, at every
// step, how many dead units the job has re-drawn so far; without it the
// count stays 0.
func TestHistoryCountsRevivals(t *testing.T) {
	exp := load(t, `
experiment "revive" { repeats = 5 }
dataset "d" { source = "diabetes" }
model "m" {
  hidden = [5, 4]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "revive" {
  optimizer "search" {
    weight_steps = 11
    bias_steps   = 11
    iterations   = 4
    revive_dead  = true
  }
}
pipeline "plain" {
  optimizer "search" {
    weight_steps = 11
    bias_steps   = 11
    iterations   = 4
  }
}
run "revive" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.revive
}
run "plain" {
  dataset  = dataset.d
  model    = model.m
  loss     = "mse"
  pipeline = pipeline.plain
}
`)
	revived := 0
	for _, r := range runner.Run(context.Background(), exp, runner.Options{Parallel: 2}) {
		prev := 0
		for _, h := range r.History {
			if h.Revivals < prev || r.Run.Name == "plain" && h.Revivals != 0 {
				t.Errorf("%s repeat %d step %d: revivals %d after %d", r.Run.Name, r.Repeat, h.Step, h.Revivals, prev)
			}
			prev = h.Revivals
		}
		if r.Run.Name == "revive" {
			revived += prev
		}
	}
	if revived == 0 {
		t.Error("no revival recorded in five starts at [-5, 5]")
	}
}
