package objective_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// classesCase is a 10-40-20-10 ReLU net on 1,100 rows of ten classes
// under mse on classes (one-hot targets): several outputs, several row
// blocks, the shape of a Fashion-MNIST net in small.
func classesCase(path objective.ScoringPath) (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(13, 13))
	const rows, inputs, classes = 1100, 10, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows),
		Task: nn.Classification, Classes: make([]string, classes)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for r := range d.Y {
		d.Y[r] = float64(rng.IntN(classes))
	}
	m, _ := nn.NewMLP(inputs, []int{40, 20}, []nn.Activation{activations.ReLU, activations.ReLU}, classes)
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -1, Hi: 1}, &nn.Range{Lo: -1, Hi: 1})
	o := objective.New(m, d, losses.MSE{}.OnClasses())
	o.SetScoring(path)
	return o, x
}

// TestOneHotScoresKeepThePromise: under mse on classes the scorer works
// on one-hot targets, so the closed form (output layer) and the bulk pass
// (the hidden layers) apply to a net with ten outputs; their scores keep
// the exact promise against Func, which scores class indices, for 1 to 3
// workers, with accepted values committed in between. They also do less
// work than the incremental path, which is how the paths show.
func TestOneHotScoresKeepThePromise(t *testing.T) {
	grid := make([]float64, 41)
	for k := range grid {
		grid[k] = -2 + 0.1*float64(k)
	}
	var work [2]int64
	for p, path := range []objective.ScoringPath{objective.ScoreAuto, objective.ScoreIncremental} {
		for _, workers := range []int{1, 2, 3} {
			o, x := classesCase(path)
			o.SetWorkers(workers)
			params := []int{0, 7, 395, 405, 420, 1150, 1239, o.Dim() - 11, o.Dim() - 1}
			for _, i := range params {
				if msg := promiseBroken(o, x, i, grid); msg != "" {
					t.Fatalf("path %d, %d workers: %s", path, workers, msg)
				}
				// Accept the best, as search would, so that the next
				// parameter is scored after a commit.
				l := make([]float64, len(grid))
				o.ScoreCoordinate(l, x, i, grid)
				best, bestF := x[i], o.Func(x)
				for k, v := range l {
					if v < bestF {
						best, bestF = grid[k], v
					}
				}
				x[i] = best
			}
			if workers == 1 {
				work[p] = o.Work()
			}
			o.Close()
		}
	}
	if work[0] >= work[1] {
		t.Errorf("work on the automatic path %d, on the incremental %d: the one-hot view should let the faster paths apply", work[0], work[1])
	}
}
