package objective_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// Exact evaluations reuse partial sums of the next layer over the inputs
// before the changed unit. Visiting parameters out of sweep order (back to
// an earlier unit, to an earlier layer, to a later one) and accepting values
// must leave the cache bit for bit what Forward computes, and keep the
// promise, for one worker or several.
func TestPrefixSumsSurviveAnyOrder(t *testing.T) {
	for _, workers := range []int{1, 2} {
		for _, c := range []struct {
			name string
			act  nn.Activation
		}{{"relu", activations.ReLU}, {"tanh", activations.Tanh}} {
			o, x := wideCase(c.act, losses.MSE{})
			o.SetWorkers(workers)
			rng := rand.New(rand.NewPCG(3, uint64(workers)))
			m := o.Model
			for step := range 40 {
				var i int
				switch rng.IntN(4) {
				case 0: // anywhere
					i = rng.IntN(len(x))
				case 1: // a weight of the first layer
					i = rng.IntN(m.BiasOffset(0))
				case 2: // a weight of the second layer
					i = m.WeightOffset(1) + rng.IntN(m.BiasOffset(1)-m.WeightOffset(1))
				default: // the next parameter, as a sweep would
					i = (step * 7) % len(x)
				}
				checkPromise(t, o, x, i, candidates(rng, x[i]))
				if step%5 == 4 {
					o.ScoreCoordinate(make([]float64, 1), x, 0, []float64{x[0]})
					if msg := objective.CacheMatchesForward(o, x); msg != "" {
						t.Fatalf("%s workers=%d step %d: %s", c.name, workers, step, msg)
					}
				}
			}
			o.Close()
		}
	}
}
