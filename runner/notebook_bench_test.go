package runner_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// notebookSearch is experiments/compare.hcl's search run alone: the
// research notebook's configuration on the real diabetes table.
const notebookSearch = `
experiment "notebook" {}
dataset "diabetes" {
  source = "diabetes"
}
model "mlp" {
  hidden = [5, 4]
  init {
    weights = [-5, 5]
    biases  = [-5, 5]
  }
}
pipeline "search" {
  optimizer "search" {
    plain = %v
  }
}
run "search" {
  dataset  = dataset.diabetes
  model    = model.mlp
  loss     = "mse"
  pipeline = pipeline.search
}
`

// BenchmarkNotebookSearch runs the notebook's search job as `nnexp run`
// does (one thread, job set-up included) on the plain path and on the
// default fast path, and reports candidates scored per second: the ratio
// of the two is the speed-up through nnexp. Plain takes about 12 s
// per iteration; give it -benchtime 1x.
func BenchmarkNotebookSearch(b *testing.B) {
	for _, plain := range []bool{false, true} {
		name := "fast"
		if plain {
			name = "plain"
		}
		b.Run(name, func(b *testing.B) {
			exp := load(b, fmt.Sprintf(notebookSearch, plain))
			job := runner.Jobs(exp)[0]
			var evals int64
			for b.Loop() {
				res := runner.RunJob(context.Background(), job)
				if res.Err != nil {
					b.Fatal(res.Err)
				}
				evals += res.Evaluations
			}
			b.ReportMetric(float64(evals)/b.Elapsed().Seconds(), "cand/s")
		})
	}
}
