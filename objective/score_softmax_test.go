package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimizers/search"
)

// softmaxCase is a classification net under cross-entropy: inputs from
// N(0, 1) with a fifth of them exactly 0, parameters from U[-scale,
// scale] (large scales push logits past the grid's exponent limit, so
// rows fall back to propagation).
func softmaxCase(rng *rand.Rand, act nn.Activation, hidden []int, classes, rows int, scale float64) (*objective.Objective, []float64) {
	const inputs = 5
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		if rng.IntN(5) > 0 {
			d.X[i] = rng.NormFloat64()
		}
	}
	for r := range d.Y {
		d.Y[r] = float64(rng.IntN(classes))
	}
	for k := range classes {
		d.Classes = append(d.Classes, fmt.Sprint(k))
	}
	acts := make([]nn.Activation, len(hidden))
	for k := range acts {
		acts[k] = act
	}
	m, err := nn.NewMLP(inputs, hidden, acts, classes)
	if err != nil {
		panic(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -scale, Hi: scale}, &nn.Range{Lo: -scale, Hi: scale})
	return objective.New(m, d, losses.CrossEntropy{}), x
}

// TestSoftmaxGridKeepsThePromise runs two sweeps of search's grids over
// every parameter of cross-entropy nets, checking each parameter's
// scores against Func (checkPromise): the grid scores the last hidden
// layer's and the outputs' parameters, on ReLU and leaky ReLU, on 2 and
// 10 classes, and with parameters large enough that some rows fall back.
func TestSoftmaxGridKeepsThePromise(t *testing.T) {
	for _, a := range []struct {
		name string
		act  nn.Activation
	}{{"relu", activations.ReLU}, {"leaky_relu", activations.LeakyReLU}} {
		for _, classes := range []int{2, 10} {
			for _, scale := range []float64{1, 40} {
				t.Run(fmt.Sprintf("%s/classes=%d/scale=%g", a.name, classes, scale), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(classes), uint64(scale)))
					for _, hidden := range [][]int{{6}, {4, 5}} {
						o, x := softmaxCase(rng, a.act, hidden, classes, 200+rng.IntN(200), scale)
						for sweep := range 2 {
							for i := range x {
								grid := search.Grid(x[i]-2*scale, x[i]+2*scale, 20+rng.IntN(30))
								checkPromise(t, o, x, i, grid)
							}
							o.ScoreCoordinate(make([]float64, 1), x, 0, []float64{x[0]})
							if msg := objective.CacheMatchesForward(o, x); msg != "" {
								t.Fatalf("sweep %d: cache: %s", sweep, msg)
							}
						}
						o.Close()
					}
				})
			}
		}
	}
}

// softmaxNet is a 5-8-10 net on 1,500 rows under cross-entropy, scored
// by path with the given workers; the caller closes it.
func softmaxNet(path objective.ScoringPath, workers int) (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(5, 8))
	o, x := softmaxCase(rng, activations.ReLU, []int{8}, 10, 1500, 1)
	o.SetScoring(path)
	o.SetWorkers(workers)
	o.Func(x)
	return o, x
}

// softmaxScores scores parameter i on grid by path, from a fresh
// softmaxNet with the given workers, and returns the scores and the work.
func softmaxScores(t *testing.T, path objective.ScoringPath, workers, i int, grid []float64) ([]float64, int64) {
	t.Helper()
	o, x := softmaxNet(path, workers)
	defer o.Close()
	scores := make([]float64, len(grid))
	o.ScoreCoordinate(scores, x, 0, []float64{x[0]}) // builds the cache
	before := o.Work()
	o.ScoreCoordinate(scores, x, i, grid)
	return scores, o.Work() - before
}

// TestSoftmaxGridIsUsed checks that the grid scores a hidden weight's and
// an output weight's 40 candidates for less work than the incremental
// path, with the same lowest score bit for bit and the others close, the
// same for any number of workers; and that an uneven grid, which it
// cannot step, costs the incremental path's work exactly.
func TestSoftmaxGridIsUsed(t *testing.T) {
	hiddenWeight, outputWeight := 3, 5*8+8+7 // model 5-8-10
	for _, i := range []int{hiddenWeight, outputWeight} {
		grid := search.Grid(-3, 3, 40)
		fast, fastWork := softmaxScores(t, objective.ScoreAuto, 1, i, grid)
		slow, slowWork := softmaxScores(t, objective.ScoreIncremental, 1, i, grid)
		if !(float64(fastWork) < 0.9*float64(slowWork)) {
			t.Errorf("parameter %d: grid work %d, incremental %d: the grid was not used", i, fastWork, slowWork)
		}
		lowest := func(s []float64) float64 { return slices.Min(s) }
		if math.Float64bits(lowest(fast)) != math.Float64bits(lowest(slow)) {
			t.Errorf("parameter %d: lowest score %v, incremental %v", i, lowest(fast), lowest(slow))
		}
		for k := range fast {
			if math.Abs(fast[k]-slow[k]) > 1e-12*math.Abs(slow[k]) {
				t.Errorf("parameter %d, candidate %v: grid %v, incremental %v", i, grid[k], fast[k], slow[k])
			}
		}
		for _, w := range []int{2, 3} {
			again, work := softmaxScores(t, objective.ScoreAuto, w, i, grid)
			if !slices.Equal(again, fast) || work != fastWork {
				t.Errorf("parameter %d: %d workers give other scores or work (%d, not %d)", i, w, work, fastWork)
			}
		}
		uneven := slices.Clone(grid)
		uneven[7] += 0.01
		_, fastWork = softmaxScores(t, objective.ScoreAuto, 1, i, uneven)
		_, slowWork = softmaxScores(t, objective.ScoreIncremental, 1, i, uneven)
		if fastWork != slowWork+int64(len(uneven)) {
			t.Errorf("parameter %d, uneven grid: work %d, want the incremental path's %d and the plan's check of %d values",
				i, fastWork, slowWork, len(uneven))
		}
	}
}

// TestSoftmaxGridAfterAnotherParameter scores one output weight, then
// another whose grid holds its current value in the middle (as search's
// fixed grid does after a sweep), on one objective: the second call must
// cost less than the incremental path's and the same work and scores for
// 1, 2 and 3 workers. Per-worker scratch left by the first call once
// made the current value count as a candidate there, with a stale value,
// which inflated the bounds, so every candidate was evaluated exactly.
func TestSoftmaxGridAfterAnotherParameter(t *testing.T) {
	second := func(path objective.ScoringPath, workers int) ([]float64, int64) {
		o, x := softmaxNet(path, workers)
		defer o.Close()
		first := search.Grid(-3, 3, 41)
		o.ScoreCoordinate(make([]float64, len(first)), x, 49, first)
		grid := make([]float64, 41)
		for k := range grid {
			grid[k] = x[50] + float64(k-20)*0.125
		}
		scores := make([]float64, len(grid))
		before := o.Work()
		o.ScoreCoordinate(scores, x, 50, grid)
		return scores, o.Work() - before
	}
	_, slowWork := second(objective.ScoreIncremental, 1)
	fast, fastWork := second(objective.ScoreAuto, 1)
	if !(fastWork < slowWork) {
		t.Errorf("the second parameter costs %d on the grid, %d on the incremental path", fastWork, slowWork)
	}
	for _, w := range []int{2, 3} {
		again, work := second(objective.ScoreAuto, w)
		if !slices.Equal(again, fast) || work != fastWork {
			t.Errorf("%d workers: work %d (1 worker: %d), same scores %v", w, work, fastWork, slices.Equal(again, fast))
		}
	}
}
