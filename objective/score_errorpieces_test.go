package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// Under MAE and Huber, a piecewise linear net with one output is scored in
// bulk (output layer, last hidden layer, and the one before it through the
// downstream cache); the scores must keep ExactCoordinateScorer's promise
// on every parameter, with dead units, wide and narrow Huber bands, and
// for one worker or two. A row whose target is NaN makes every loss NaN
// and sends each parameter to the incremental path, which must not fail.
func TestErrorPiecesKeepThePromise(t *testing.T) {
	acts := []struct {
		name string
		act  nn.Activation
	}{{"relu", activations.ReLU}, {"leaky_relu", activations.LeakyReLU}, {"identity", activations.Identity}}
	for _, loss := range []nn.Loss{losses.MAE{}, losses.Huber{Delta: 0.3}, losses.Huber{Delta: 4}} {
		for _, a := range acts {
			for _, nanRow := range []bool{false, true} {
				if nanRow && a.name != "relu" {
					continue
				}
				for _, workers := range []int{1, 2} {
					name := fmt.Sprintf("%T%v/%s/nan=%v/workers=%d", loss, loss, a.name, nanRow, workers)
					t.Run(name, func(t *testing.T) { checkErrorPieces(t, loss, a.act, nanRow, workers) })
				}
			}
		}
	}
}

func checkErrorPieces(t *testing.T, loss nn.Loss, act nn.Activation, nanRow bool, workers int) {
	rng := rand.New(rand.NewPCG(5, uint64(workers)))
	hidden := []int{5, 4}
	_, x, d := scoreCase(rng, act, false, hidden, 300+rng.IntN(300), 1)
	if nanRow {
		d.Y[7] = math.NaN()
	}
	m, _ := nn.NewMLP(d.Inputs, hidden, []nn.Activation{act, act}, 1)
	o := objective.New(m, d, loss)
	defer o.Close()
	o.SetWorkers(workers)
	for range 2 {
		for i := range x {
			n := 5 + rng.IntN(60)
			grid := make([]float64, n)
			for k := range grid {
				grid[k] = -5 + 10*float64(k)/float64(n-1)
			}
			checkPromise(t, o, x, i, grid)
		}
	}
	if nanRow {
		scores := make([]float64, 9)
		o.ScoreCoordinate(scores, x, 0, []float64{-4, -3, -2, -1, 0, 1, 2, 3, 4})
		for k, s := range scores {
			if !math.IsNaN(s) {
				t.Fatalf("with a NaN target, value %d scores %v", k, s)
			}
		}
		return
	}
	o.ScoreCoordinate(make([]float64, 1), x, 0, []float64{x[0]})
	if msg := objective.CacheMatchesForward(o, x); msg != "" {
		t.Fatalf("cache: %s", msg)
	}
}
