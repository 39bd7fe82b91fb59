package objective_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// blockedCase is a 300-6-3 net on 600 rows (three row blocks) whose first
// layer Forward sums in blocks (nn.Blocked), with inputs of mixed scales
// and a third of them 0, as pixels are.
func blockedCase(act nn.Activation, loss nn.Loss) (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(21, 21))
	const rows, inputs = 600, 300
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 3, X: make([]float64, rows*inputs), Y: make([]float64, rows*3)}
	for i := range d.X {
		if rng.IntN(3) > 0 {
			d.X[i] = rng.Float64() * float64(1+rng.IntN(100))
		}
	}
	for i := range d.Y {
		d.Y[i] = rng.NormFloat64()
	}
	if nn.LossTask(loss) == nn.Classification {
		d.TargetDim, d.Y, d.Task, d.Classes = 1, d.Y[:rows], nn.Classification, []string{"a", "b", "c"}
		for r := range d.Y {
			d.Y[r] = float64(rng.IntN(3))
		}
	}
	m, _ := nn.NewMLP(inputs, []int{6}, []nn.Activation{act}, 3)
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -0.1, Hi: 0.1}, &nn.Range{Lo: -1, Hi: 1})
	return objective.New(m, d, loss), x
}

// TestBlockedFirstLayerKeepsThePromise: for a first layer summed in
// blocks, the scorer's exact evaluations add the block sums as Forward
// does, so its scores keep the exact promise across a unit's weights in
// turn, each best value accepted (a commit that puts in the new block),
// across two units and back, their biases and the output layer, for 1 to 3
// workers, under mse (regression and on classes) and cross-entropy, and
// the cache stays bit for bit Forward's.
func TestBlockedFirstLayerKeepsThePromise(t *testing.T) {
	grid := make([]float64, 11)
	for k := range grid {
		grid[k] = -0.5 + 0.1*float64(k)
	}
	var params []int
	// Unit 0's weights in turn (each commit puts in a new block, which
	// the next one reads), unit 1's, then unit 0's again.
	for _, unit := range []int{0, 1, 0} {
		for i := 3 * unit; i < 300; i += 29 {
			params = append(params, 300*unit+i)
		}
	}
	params = append(params, 1800, 1801, 1806, 1807, 1820)
	for _, c := range []struct {
		name string
		act  nn.Activation
		loss nn.Loss
	}{
		{"relu/mse", activations.ReLU, losses.MSE{}},
		{"relu/mse_classes", activations.ReLU, losses.MSE{}.OnClasses()},
		{"tanh/cross_entropy", activations.Tanh, losses.CrossEntropy{}},
	} {
		for _, workers := range []int{1, 2, 3} {
			o, x := blockedCase(c.act, c.loss)
			o.SetWorkers(workers)
			l := make([]float64, len(grid))
			for _, i := range params {
				if msg := promiseBroken(o, x, i, grid); msg != "" {
					t.Fatalf("%s, %d workers: %s", c.name, workers, msg)
				}
				o.ScoreCoordinate(l, x, i, grid)
				best, bestF := x[i], o.Func(x)
				for k, v := range l {
					if v < bestF {
						best, bestF = grid[k], v
					}
				}
				x[i] = best
			}
			// One more score brings the cache to x (the last commit).
			o.ScoreCoordinate(l, x, 0, grid)
			if msg := objective.CacheMatchesForward(o, x); msg != "" {
				t.Fatalf("%s, %d workers: %s", c.name, workers, msg)
			}
			// The hidden layer is the last: its commits update the
			// output scales by one term, which must stay a sum afresh's
			// up to rounding.
			if d := objective.OutputScaleDrift(o, x); !(d < 1e-13) {
				t.Errorf("%s, %d workers: output scales drift %g from a rebuild's", c.name, workers, d)
			}
			o.Close()
		}
	}
}
