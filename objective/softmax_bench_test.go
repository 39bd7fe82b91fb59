package objective_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimizers/search"
)

// softmaxBenchCase is a Fashion-MNIST-shaped minibatch with synthetic
// values: 4,096 rows of 784 inputs, half of them 0 (as an image's
// background) and the rest from U[0, 1], 10 classes, a 784-64-10 ReLU net
// under cross-entropy, parameters from U(±1/28).
func softmaxBenchCase() (*nn.MLP, *nn.Data, []float64) {
	rng := rand.New(rand.NewPCG(7, 3))
	const rows, inputs, classes = 4096, 784, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		if rng.IntN(2) == 0 {
			d.X[i] = rng.Float64()
		}
	}
	for r := range d.Y {
		d.Y[r] = float64(rng.IntN(classes))
	}
	for k := range classes {
		d.Classes = append(d.Classes, fmt.Sprint(k))
	}
	m, err := nn.NewMLP(inputs, []int{64}, []nn.Activation{activations.ReLU}, classes)
	if err != nil {
		panic(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, &nn.Range{Lo: -1.0 / 28, Hi: 1.0 / 28}, &nn.Range{Lo: -1.0 / 28, Hi: 1.0 / 28})
	return m, d, x
}

// BenchmarkScoreCrossEntropy reports candidates scored per second (cand/s)
// under cross-entropy on softmaxBenchCase, by path (auto, the default,
// which steps cross-entropy's grid; incremental, which propagates every
// candidate and calls the loss), beside mse on the same classes (auto:
// the exact bulk path), and by the parameters one iteration scores, each
// best value accepted as search does: "hidden", the 784 weights into one
// hidden unit, and "output", the 650 parameters of the output layer; on a
// 40-point grid as experiments/fashion_mnist.hcl's weights.
func BenchmarkScoreCrossEntropy(b *testing.B) {
	m, d, x0 := softmaxBenchCase()
	grid := search.Grid(-0.4, 0.4, 40)
	for _, scope := range []string{"hidden", "output"} {
		lo, hi := 0, 784
		if scope == "output" {
			lo, hi = m.WeightOffset(1), m.NumParams()
		}
		for _, run := range []struct {
			name string
			loss nn.Loss
			path objective.ScoringPath
		}{
			{"cross_entropy/auto", losses.CrossEntropy{}, objective.ScoreAuto},
			{"cross_entropy/incremental", losses.CrossEntropy{}, objective.ScoreIncremental},
			{"mse/auto", losses.MSE{}.OnClasses(), objective.ScoreAuto},
		} {
			b.Run(scope+"/"+run.name, func(b *testing.B) {
				o := objective.New(m, d, run.loss)
				defer o.Close()
				o.SetScoring(run.path)
				x := append([]float64(nil), x0...)
				losses := make([]float64, len(grid))
				f := o.Func(x)
				o.ScoreCoordinate(losses, x, lo, grid) // builds the cache
				b.ResetTimer()
				for range b.N {
					for i := lo; i < hi; i++ {
						f = search.CoordinateExact(o, x, i, f, grid, losses)
					}
				}
				b.ReportMetric(float64(b.N*(hi-lo)*len(grid))/b.Elapsed().Seconds(), "cand/s")
			})
		}
	}
}
