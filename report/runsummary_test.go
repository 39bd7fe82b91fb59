package report

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// SummarizeRuns counts every job's status but leaves interrupted jobs,
// which have no metrics, out of the means, and diverged jobs out of the
// losses' and accuracies' (whatever finite values they carry).
func TestSummarizeRuns(t *testing.T) {
	_, results := fixture()
	results = append(results, runner.Result{
		Job: runner.Job{Index: 3, RunName: "b", Repeat: 1, Seed: 4}, Status: runner.StatusInterrupted,
		TrainLoss: nan, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan,
	})
	runs, accuracy := SummarizeRuns(results)
	if !accuracy || len(runs) != 2 {
		t.Fatalf("got %d runs, accuracy %v", len(runs), accuracy)
	}
	a, b := runs[0], runs[1]
	if a.Run != "a" || a.Jobs != 2 || a.Status != "1 completed, 1 converged" || a.TrainLoss != (Stats{1.5, 1, 2}) || a.Evaluations.Mean != 4 {
		t.Errorf("run a: %+v", a)
	}
	if !math.IsNaN(a.TestLoss.Mean) || !math.IsNaN(a.TrainAccuracy.Max) {
		t.Errorf("run a has no test loss nor accuracy: %+v", a)
	}
	if b.Jobs != 2 || b.Status != "1 diverged, 1 interrupted" || b.Evaluations.Mean != 2 || !math.IsNaN(b.TestAccuracy.Mean) || !math.IsNaN(b.TestLoss.Max) {
		t.Errorf("run b: %+v", b)
	}
}
