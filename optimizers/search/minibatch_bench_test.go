package search_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
)

// fashionSized is Fashion-MNIST's shape with synthetic values: 60,000
// rows of 784 inputs in [0, 1], 10 classes, a 784-64-10 ReLU net under
// MSE on one-hot targets, weights from U(±1/sqrt(fan_in)).
func fashionSized() (*objective.Objective, []float64) {
	rng := rand.New(rand.NewPCG(13, 5))
	const rows, inputs, classes = 60_000, 784, 10
	d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, Task: nn.Classification,
		X: make([]float64, rows*inputs), Y: make([]float64, rows)}
	for i := range d.X {
		d.X[i] = rng.Float64()
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
	return objective.New(m, d, losses.MSE{}.OnClasses()), x
}

// BenchmarkMinibatchFashionSized reports candidates scored per second
// (cand/s) on the Fashion-MNIST-sized net, one iteration being one hidden
// unit's 784 incoming weights on a 21-point grid: on the full data (its
// cache built before the timer starts), and on a fresh minibatch per unit
// as batch_size does it (the batch's draw, copy and cache build timed),
// after a full-data loss, as in every sweep after the first.
// Full data needs -benchtime=1x: a unit takes tens of seconds.
func BenchmarkMinibatchFashionSized(b *testing.B) {
	o, x := fashionSized()
	grid := search.Grid(-0.5, 0.5, 21)
	losses := make([]float64, len(grid))
	const fanIn = 784
	for _, batch := range []int{0, 4096, 1024} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 1))
			perm := make([]int, o.Rows())
			for k := range perm {
				perm[k] = k
			}
			var p optimize.Problem = o
			f := 0.0
			if batch == 0 {
				f = o.Func(x)
				o.ScoreCoordinate(losses, x, 0, grid) // builds the cache
			} else {
				// The full-data loss, as at the end of a sweep: from the
				// second sweep on, a batch's first layer is the
				// full data's, re-summed where the last unit moved.
				o.Subset(perm[:batch])
				o.Func(x)
			}
			unit := 0
			b.ResetTimer()
			for range b.N {
				if batch > 0 {
					for k := range batch {
						j := k + rng.IntN(len(perm)-k)
						perm[k], perm[j] = perm[j], perm[k]
					}
					p = o.Subset(perm[:batch])
					f = p.Func(x)
				}
				sc := p.(optimize.CoordinateScorer)
				for i := unit * fanIn; i < (unit+1)*fanIn; i++ {
					f = search.CoordinateExact(sc, x, i, f, grid, losses)
				}
				unit = (unit + 1) % 64
			}
			b.ReportMetric(float64(b.N*fanIn*len(grid))/b.Elapsed().Seconds(), "cand/s")
		})
	}
}
