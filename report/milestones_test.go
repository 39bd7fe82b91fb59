package report

import (
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// milestoneJob is a job of run whose history has the given training
// losses and test accuracies, at cost 1, 2, 4, ... and 0.5 s a record.
func milestoneJob(run string, repeat int, status string, losses, accs []float64) runner.Result {
	r := runner.Result{Job: runner.Job{RunName: run, Repeat: repeat, Seed: uint64(100 + repeat)}, Status: status}
	for k, l := range losses {
		acc := math.NaN()
		if accs != nil {
			acc = accs[k]
		}
		r.History = append(r.History, runner.Record{Stage: 1, Optimizer: "search", Step: k, Progress: 1,
			TrainLoss: l, TestLoss: math.NaN(), TrainAccuracy: math.NaN(), TestAccuracy: acc,
			Evaluations: int64(10 * k), Cost: math.Pow(2, float64(k)), Elapsed: 0.5 * float64(k+1)})
	}
	return r
}

// Each job is seen at the first record at or past the value (a loss at or
// below it, an accuracy at or above it: both ends count); a job that never
// gets there, one that diverges after it, one whose history never
// measured the metric and one that was interrupted each read as they
// should, and the statistics take the finished jobs that measured it.
func TestMilestones(t *testing.T) {
	nan := math.NaN()
	results := []runner.Result{
		milestoneJob("a", 0, runner.StatusBudget, []float64{10, 5, 2}, nil),
		milestoneJob("a", 1, runner.StatusBudget, []float64{10, 8, 6}, nil),
		milestoneJob("a", 2, runner.StatusDiverged, []float64{10, 7, 4, nan}, nil),
		{Job: runner.Job{RunName: "a", Repeat: 3, Seed: 103}, Status: runner.StatusInterrupted},
		milestoneJob("b", 0, runner.StatusCompleted, []float64{3, 1}, []float64{0.5, 0.9}),
		milestoneJob("b", 1, runner.StatusFailed, []float64{0.5}, []float64{0.95}),
	}
	ms := []*Milestone{
		{Name: "five", Metric: "train_loss", Value: 5},
		{Name: "ninety", Metric: "test_accuracy", Value: 0.9, Runs: []string{"a", "b"}},
		{Name: "b_only", Metric: "train_loss", Value: 0.1, Runs: []string{"b"}},
	}
	reaches := Reaches(ms, results)
	var csv strings.Builder
	if err := WriteMilestonesCSV(&csv, reaches); err != nil {
		t.Fatal(err)
	}
	want := `milestone,metric,value,run,repeat,seed,status,reached,stage,optimizer,step,progress,evaluations,cost,seconds
five,train_loss,5,a,0,100,budget,true,1,search,1,1,10,2,1
five,train_loss,5,a,1,101,budget,false,,,,,,,
five,train_loss,5,a,2,102,diverged,true,1,search,2,1,20,4,1.5
five,train_loss,5,a,3,103,interrupted,,,,,,,,
five,train_loss,5,b,0,100,completed,true,1,search,0,1,0,1,0.5
five,train_loss,5,b,1,101,failed,true,1,search,0,1,0,1,0.5
ninety,test_accuracy,0.9,a,0,100,budget,,,,,,,,
ninety,test_accuracy,0.9,a,1,101,budget,,,,,,,,
ninety,test_accuracy,0.9,a,2,102,diverged,,,,,,,,
ninety,test_accuracy,0.9,a,3,103,interrupted,,,,,,,,
ninety,test_accuracy,0.9,b,0,100,completed,true,1,search,1,1,10,2,1
ninety,test_accuracy,0.9,b,1,101,failed,true,1,search,0,1,0,1,0.5
b_only,train_loss,0.1,b,0,100,completed,false,,,,,,,
b_only,train_loss,0.1,b,1,101,failed,false,,,,,,,
`
	if csv.String() != want {
		t.Errorf("milestones.csv\n got:\n%s\nwant:\n%s", csv.String(), want)
	}

	// Run a on "five": three finished jobs measured it (the interrupted
	// one is left out), two reached it, at cost 2 and 4. Run b's failed
	// job is left out, as summary_stats.csv leaves it out. No job of run
	// a measured the test accuracy: its row for "ninety" says 0 jobs.
	var stats strings.Builder
	if err := WriteMilestoneStatsCSV(&stats, MilestoneSummaries(reaches)); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(stats.String()), "\n")
	wantLines := []string{
		"milestone,metric,value,run,jobs,reached," +
			"cost_mean,cost_sd,cost_median,cost_q1,cost_q3,cost_min,cost_max," +
			"evaluations_mean,evaluations_sd,evaluations_median,evaluations_q1,evaluations_q3,evaluations_min,evaluations_max," +
			"seconds_mean,seconds_sd,seconds_median,seconds_q1,seconds_q3,seconds_min,seconds_max",
		"five,train_loss,5,a,3,2,3,1.4142135623730951,3,2.5,3.5,2,4,15,7.0710678118654755,15,12.5,17.5,10,20,1.25,0.353553,1.25,1.125,1.375,1,1.5",
		"five,train_loss,5,b,1,1,1,,1,1,1,1,1,0,,0,0,0,0,0,0.5,,0.5,0.5,0.5,0.5,0.5",
		"ninety,test_accuracy,0.9,a,0,0,,,,,,,,,,,,,,,,,,,,,",
		"ninety,test_accuracy,0.9,b,1,1,2,,2,2,2,2,2,10,,10,10,10,10,10,1,,1,1,1,1,1",
		"b_only,train_loss,0.1,b,1,0,,,,,,,,,,,,,,,,,,,,,",
	}
	if len(lines) != len(wantLines) {
		t.Fatalf("milestone_stats.csv has %d lines, want %d:\n%s", len(lines), len(wantLines), stats.String())
	}
	for i := range wantLines {
		if lines[i] != wantLines[i] {
			t.Errorf("line %d\n got: %s\nwant: %s", i, lines[i], wantLines[i])
		}
	}
}
