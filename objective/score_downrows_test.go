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

// An accepted value of a parameter feeding another unit of the cached
// units' layer, or an earlier layer, leaves a downstream slot valid and
// marks only the rows whose activations changed for a rebuild. Visiting
// parameters in random orders and accepting the best values, every valid
// slot's unmarked rows must still give each row's current output error at
// the unit's current activation, for one worker or several.
func TestDownstreamCacheRowsStayCurrent(t *testing.T) {
	for _, c := range []struct {
		name   string
		hidden []int
		act    nn.Activation
	}{
		{"slots", []int{5, 4}, activations.ReLU},
		{"shared", []int{12, 8}, activations.ReLU},
		{"deeper", []int{3, 5, 4}, activations.ReLU},
		{"leaky", []int{5, 4}, activations.LeakyReLU},
		{"identity", []int{4, 3}, activations.Identity},
	} {
		for _, workers := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/workers=%d", c.name, workers), func(t *testing.T) {
				rng := rand.New(rand.NewPCG(29, uint64(workers*len(c.name))))
				_, x, d := scoreCase(rng, c.act, false, c.hidden, 300+rng.IntN(300), 1)
				acts := make([]nn.Activation, len(c.hidden))
				for k := range acts {
					acts[k] = c.act
				}
				m, _ := nn.NewMLP(d.Inputs, c.hidden, acts, 1)
				o := objective.New(m, d, losses.MSE{})
				defer o.Close()
				o.SetWorkers(workers)
				nl := m.Layers()
				l := nl - 3
				in, units := m.Sizes[l], m.Sizes[l+1]
				param := func(j, k int) int {
					if k == in {
						return m.BiasOffset(l) + j
					}
					return m.WeightOffset(l) + j*in + k
				}
				for step := range 150 {
					var i int
					switch rng.IntN(8) {
					case 0, 1, 2, 3, 4: // a unit of the cached layer
						i = param(rng.IntN(units), rng.IntN(in+1))
					case 5: // a later layer
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
					// Commit the accepted value, then check the slots.
					o.ScoreCoordinate(make([]float64, 1), x, len(x)-1, []float64{x[len(x)-1]})
					if msg := objective.DownCacheStale(o); msg != "" {
						t.Fatalf("step %d: %s", step, msg)
					}
				}
			})
		}
	}
}
