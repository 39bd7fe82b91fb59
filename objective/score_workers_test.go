package objective_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// wideCase is big enough (1,100 rows, 10-40-20-1) for every phase to be
// split over the workers.
func wideCase(act nn.Activation, loss nn.Loss) (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(8, 8))
	const rows, inputs = 1100, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = rng.NormFloat64()
	}
	for i := range d.Y {
		d.Y[i] = rng.NormFloat64()
	}
	m, _ := nn.NewMLP(inputs, []int{40, 20}, []nn.Activation{act, act}, 1)
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -5, Hi: 5}, &nn.Range{Lo: -5, Hi: 5})
	return objective.New(m, d, loss), x
}

// Scores, and the cache refreshes between them, must not depend on the
// number of workers: rows go in fixed blocks summed in block order.
func TestScoresSameForAnyWorkers(t *testing.T) {
	grid := make([]float64, 50)
	for k := range grid {
		grid[k] = -5 + 10*float64(k)/49
	}
	for _, c := range []struct {
		name string
		act  nn.Activation
		path objective.ScoringPath
	}{{"relu/bulk", activations.ReLU, objective.ScoreAuto}, {"tanh/incremental", activations.Tanh, objective.ScoreAuto}} {
		var want [][]float64
		var wantWork int64
		for _, workers := range []int{1, 2, 3} {
			o, x := wideCase(c.act, losses.MSE{})
			o.SetWorkers(workers)
			o.SetScoring(c.path)
			var got [][]float64
			// Parameters of both hidden layers and the output, moving
			// each to its best value as search would.
			for _, i := range []int{0, 5, 399, 410, 500, 1200, 1240, o.Dim() - 2, o.Dim() - 1} {
				l := make([]float64, len(grid))
				o.ScoreCoordinate(l, x, i, grid)
				got = append(got, l)
				best, bestF := x[i], o.Func(x)
				for k, v := range l {
					if v < bestF {
						best, bestF = grid[k], v
					}
				}
				x[i] = best
			}
			o.Close()
			// The work tally is counted per block of rows, so it is the
			// same whoever did the blocks.
			if want == nil {
				want, wantWork = got, o.Work()
				continue
			}
			if o.Work() != wantWork {
				t.Errorf("%s workers=%d: work %d, one worker %d", c.name, workers, o.Work(), wantWork)
			}
			for p := range got {
				for k := range got[p] {
					if math.Float64bits(got[p][k]) != math.Float64bits(want[p][k]) {
						t.Fatalf("%s workers=%d: score %d of step %d is %v, one worker %v", c.name, workers, k, p, got[p][k], want[p][k])
					}
				}
			}
		}
	}
}

func TestScoreCoordinateDoesNotAllocate(t *testing.T) {
	grid := []float64{-2, -1, 0, 1, 2}
	for _, c := range []struct {
		name string
		act  nn.Activation
		loss nn.Loss
		path objective.ScoringPath
	}{
		{"bulk", activations.ReLU, losses.MSE{}, objective.ScoreAuto},
		{"incremental", activations.Tanh, losses.Huber{Delta: 1}, objective.ScoreAuto},
		{"incremental relu", activations.ReLU, losses.MSE{}, objective.ScoreIncremental},
	} {
		o, x := wideCase(c.act, c.loss)
		o.SetWorkers(2)
		o.SetScoring(c.path)
		l := make([]float64, len(grid))
		params := []int{3, 450, 1230, o.Dim() - 1}
		step := func() {
			for _, i := range params {
				o.ScoreCoordinate(l, x, i, grid)
				x[i] = grid[(i+len(l))%len(grid)]
			}
		}
		step() // grow the buffers
		if a := testing.AllocsPerRun(5, step); a != 0 {
			t.Errorf("%s: ScoreCoordinate allocates %v times per round", c.name, a)
		}
		o.Close()
	}
}
