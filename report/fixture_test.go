package report

import (
	"errors"
	"math"

	"github.com/nnexp/nnexp/runner"
)

var nan = math.NaN()

// fixture is an experiment of two runs: "a" with two repeats of a
// two-stage pipeline (search, then adam) and no test split, "b" with one
// repeat of one stage and a test split.
func fixture() (*Experiment, []runner.Result) {
	exp := &Experiment{
		Name:     "demo",
		Filename: "/somewhere/experiments/demo.hcl",
		Source:   []byte("experiment \"demo\" {\r\n  seed = 7 # crlf, ünïcode\r\n}\r\n\tno newline at end"),
		Vars: map[string]string{
			"lr":     "0.1",
			"hidden": "[5, 4]",
			"label":  `"it's a test"`,
			"opts":   "{\n  a = 1\n  \"b c\" = \"x\"\n}",
		},
	}
	rec := func(stage int, opt string, step int, train, test float64, evals int64, elapsed float64) runner.Record {
		return runner.Record{Stage: stage, Optimizer: opt, Step: step, Progress: 1, TrainLoss: train, TestLoss: test, TrainAccuracy: nan, TestAccuracy: nan, Evaluations: evals, Cost: float64(evals) * 1.5, Elapsed: elapsed}
	}
	results := []runner.Result{
		{
			Job: runner.Job{Index: 0, RunName: "a", Repeat: 0, Seed: 7},
			History: []runner.Record{
				rec(1, "search", 0, 4, nan, 1, 0.5),
				rec(1, "search", 1, 2, nan, 3, 1),
				rec(2, "adam", 0, 2, nan, 3, 1),
				rec(2, "adam", 1, 1, nan, 4, 1.5),
			},
			TrainLoss: 1, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan,
			Evaluations: 4, Cost: 6, Elapsed: 1.5, Status: runner.StatusCompleted,
		},
		{
			Job: runner.Job{Index: 1, RunName: "a", Repeat: 1, Seed: 8},
			History: []runner.Record{
				rec(1, "search", 0, 5, nan, 1, 0.25),
				rec(1, "search", 1, 3, nan, 3, 0.5),
				rec(2, "adam", 0, 3, nan, 3, 0.5),
				rec(2, "adam", 1, 2, nan, 4, 0.75),
			},
			TrainLoss: 2, TestLoss: nan, TrainAccuracy: nan, TestAccuracy: nan,
			Evaluations: 4, Cost: 6, Elapsed: 0.75, Status: runner.StatusConverged,
		},
		{
			Job: runner.Job{Index: 2, RunName: "b", Repeat: 0, Seed: 3},
			History: []runner.Record{
				rec(1, "adam", 0, 4, 4.5, 1, 0.125),
				rec(1, "adam", 1, 0.5, 0.75, 2, 0.25),
			},
			TrainLoss: 0.5, TestLoss: 0.75, TrainAccuracy: 1, TestAccuracy: 0.5,
			Evaluations: 2, Cost: 3, Elapsed: 0.25, Status: runner.StatusDiverged,
			Err: errors.New(`runner: loss "exploded", stopping`),
		},
	}
	return exp, results
}

const wantHistoryCSV = `run,repeat,seed,stage,optimizer,step,progress,train_loss,test_loss,train_accuracy,test_accuracy,revivals,evaluations,cost,elapsed_seconds
a,0,7,1,search,0,1,4,,,,0,1,1.5,0.5
a,0,7,1,search,1,1,2,,,,0,3,4.5,1
a,0,7,2,adam,0,1,2,,,,0,3,4.5,1
a,0,7,2,adam,1,1,1,,,,0,4,6,1.5
a,1,8,1,search,0,1,5,,,,0,1,1.5,0.25
a,1,8,1,search,1,1,3,,,,0,3,4.5,0.5
a,1,8,2,adam,0,1,3,,,,0,3,4.5,0.5
a,1,8,2,adam,1,1,2,,,,0,4,6,0.75
b,0,3,1,adam,0,1,4,4.5,,,0,1,1.5,0.125
b,0,3,1,adam,1,1,0.5,0.75,,,0,2,3,0.25
`

const wantSummaryCSV = `run,repeat,seed,status,train_loss,test_loss,train_accuracy,test_accuracy,evaluations,cost,elapsed_seconds,error
a,0,7,completed,1,,,,4,6,1.5,
a,1,8,converged,2,,,,4,6,0.75,
b,0,3,diverged,0.5,0.75,1,0.5,2,3,0.25,"runner: loss ""exploded"", stopping"
`
