package objective_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// The bulk path keeps, per unit of the last-but-one hidden layer of a
// one-output net, each row's output as a function of the unit's
// activation; it survives accepted values of the unit's own weights and
// bias, is brought up to date row by row after values of other units of
// its layer or earlier layers, and is dropped by values of later layers
// (TestDownstreamCacheRowsStayCurrent checks the row rule). Visiting
// parameters in random orders (the same unit again, another unit of its
// layer, a later layer, the output) and accepting the best values must
// keep the promise and leave the cache what Forward computes, with one
// slot per unit (small layers) or one shared slot (wide ones), for one
// worker or several.
func TestDownstreamCacheSurvivesAnyOrder(t *testing.T) {
	for _, c := range []struct {
		name   string
		act    nn.Activation
		hidden []int
	}{
		{"relu/slots", activations.ReLU, []int{5, 4}},
		{"relu/shared", activations.ReLU, []int{12, 8}},
		{"relu/deeper", activations.ReLU, []int{3, 5, 4}},
		{"leaky/slots", steepLeaky{}, []int{5, 4}},
	} {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.name, workers), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(11, uint64(workers*len(c.name))))
				_, x, d := scoreCase(rng, c.act, false, c.hidden, 300+rng.IntN(300), 1)
				acts := make([]nn.Activation, len(c.hidden))
				for k := range acts {
					acts[k] = c.act
				}
				m, _ := nn.NewMLP(d.Inputs, c.hidden, acts, 1)
				o := objective.New(m, d, losses.MSE{})
				defer o.Close()
				o.SetWorkers(workers)
				// The layer whose units the cache follows feeds the
				// last hidden layer: linear layer nl-3 holds their
				// weights and biases.
				nl := m.Layers()
				l := nl - 3
				in, units := m.Sizes[l], m.Sizes[l+1]
				param := func(j, k int) int { // k == in: the bias
					if k == in {
						return m.BiasOffset(l) + j
					}
					return m.WeightOffset(l) + j*in + k
				}
				j := 0
				for step := range 120 {
					var i int
					switch rng.IntN(6) {
					case 0, 1, 2: // the same unit's weights and bias
						i = param(j, rng.IntN(in+1))
					case 3: // another unit of the layer
						j = rng.IntN(units)
						i = param(j, rng.IntN(in+1))
					case 4: // a later layer
						i = m.WeightOffset(l+1) + rng.IntN(len(x)-m.WeightOffset(l+1))
					default: // anywhere
						i = rng.IntN(len(x))
					}
					n := 5 + rng.IntN(40)
					grid := make([]float64, n)
					for k := range grid {
						grid[k] = -5 + 10*float64(k)/float64(n-1)
					}
					checkPromise(t, o, x, i, grid)
					if step%10 == 9 {
						o.ScoreCoordinate(make([]float64, 1), x, 0, []float64{x[0]})
						if msg := objective.CacheMatchesForward(o, x); msg != "" {
							t.Fatalf("step %d: %s", step, msg)
						}
					}
				}
			})
		}
	}
}
