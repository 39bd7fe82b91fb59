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
	"github.com/nnexp/nnexp/optimize"
)

// A minibatch search's batches and its full-data losses read the first
// layer from a cache over every row that follows the first layer's
// parameters unit by unit. Walked through the moves such a search makes
// (one unit's weights per batch, then every bias at once, then later
// layers), each batch's loss and scores and each full-data loss are a
// fresh objective's bits, and the work billed is what was done: the
// batch's later layers and the moved unit, re-summed over every row when
// that costs no more than the batch's own first layer, else on the
// batch's rows.
func TestFirstLayerCacheFollowsTheSearch(t *testing.T) {
	for _, c := range []struct {
		inputs  int
		hidden  []int
		outputs int
		rows    int
	}{
		// A first layer summed in blocks, the downstream bulk path; two
		// units are caught up at a time (8·64/200), or one (8·64/400).
		{300, []int{8, 5}, 1, 200},
		{300, []int{8, 5}, 1, 400},
		// One running sum, several outputs; never caught up by a batch
		// (6·64/400 = 0).
		{12, []int{6}, 3, 400},
	} {
		t.Run(fmt.Sprintf("%d-%v-%d/%d rows", c.inputs, c.hidden, c.outputs, c.rows), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(21, uint64(c.inputs)))
			rows := c.rows
			const batch = 64
			d := walkData(rng, walkCase{inputs: c.inputs, hidden: c.hidden, outputs: c.outputs, rows: rows})
			acts := make([]nn.Activation, len(c.hidden))
			for k := range acts {
				acts[k] = activations.ReLU
			}
			m, err := nn.NewMLP(c.inputs, c.hidden, acts, c.outputs)
			if err != nil {
				t.Fatal(err)
			}
			x := make([]float64, m.NumParams())
			m.Init(x, rng, &nn.Range{Lo: -0.3, Hi: 0.3}, &nn.Range{Lo: -0.3, Hi: 0.3})
			o := objective.New(m, d, losses.MSE{})
			in, units := c.inputs, c.hidden[0]
			nl1 := c.hidden[len(c.hidden)-1]
			later := int64(m.MultiplyAdds() - in*units)
			fresh := func(rowsOf []int) *objective.Objective { return freshOn(m, d, losses.MSE{}, rowsOf) }
			// stale counts the units moved since the cache last caught
			// up, catchUpAt the count at which a batch catches it up.
			stale, catchUpAt := 0, batch*units/rows
			grid := []float64{-0.4, -0.1, 0, 0.2, 0.5}
			got, want := make([]float64, len(grid)), make([]float64, len(grid))
			for step := range 3 * units {
				j := step % units // the unit this batch moves
				batchRows := rng.Perm(rows)[:batch]
				sub := o.Subset(batchRows)
				before := o.Work()
				f := sub.Func(x)
				ref := fresh(batchRows)
				if wf := ref.Func(x); math.Float64bits(f) != math.Float64bits(wf) {
					t.Fatalf("step %d: batch loss %v, a fresh objective's %v", step, f, wf)
				}
				plain := batch * (int64(m.MultiplyAdds()) + int64(nl1*c.outputs))
				cached := batch * (later + int64(nl1*c.outputs))
				var wantWork int64
				switch {
				case step == 0:
					// The first batch's loss is a plain pass over it.
					wantWork = batch * int64(m.MultiplyAdds())
				case step < units:
					// Nothing is cached until the first full-data loss:
					// the batch computes every unit on its own rows.
					wantWork = plain
				case stale == catchUpAt && stale > 0:
					// Catching the moved units up costs no more than the
					// batch's first layer: the cache does.
					wantWork = int64(stale)*int64(rows)*int64(in) + cached
					stale = 0
				default:
					// The batch re-sums the moved units on its rows.
					wantWork = int64(stale)*batch*int64(in) + cached
				}
				if w := o.Work() - before; w != wantWork {
					t.Errorf("step %d: the batch's loss did %d work, want %d", step, w, wantWork)
				}
				// Scores of one of the unit's weights, bit for bit.
				i := j*in + rng.IntN(in)
				sub.(optimize.CoordinateScorer).ScoreCoordinate(got, x, i, grid)
				ref.ScoreCoordinate(want, x, i, grid)
				for k := range grid {
					if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
						t.Fatalf("step %d: parameter %d's score at %v is %v, a fresh objective's %v", step, i, grid[k], got[k], want[k])
					}
				}
				if s := objective.CacheMatchesForward(objective.LastSubset(o), x); s != "" {
					t.Fatalf("step %d: the batch's cache differs from Forward: %s", step, s)
				}
				// The search moves unit j's weights.
				for k := range in {
					x[j*in+k] += 0.05 * rng.NormFloat64()
				}
				stale++
				if step%units == units-1 {
					// A sweep over the biases and the later layers, then
					// the full-data loss at the sweep's end.
					for k := range units {
						x[m.BiasOffset(0)+k] += 0.05 * rng.NormFloat64()
					}
					for k := m.WeightOffset(1); k < len(x); k++ {
						x[k] += 0.05 * rng.NormFloat64()
					}
					before := o.Work()
					full := o.Func(x)
					if wf := objective.New(m, d, losses.MSE{}).Func(x); math.Float64bits(full) != math.Float64bits(wf) {
						t.Fatalf("step %d: full-data loss %v, a fresh objective's %v", step, full, wf)
					}
					// Every unit's bias moved: each is re-summed over
					// every row, a pass's work.
					if w, wantW := o.Work()-before, int64(rows)*int64(m.MultiplyAdds()); w != wantW {
						t.Errorf("step %d: the full-data loss did %d work, want a pass, %d", step, w, wantW)
					}
					stale = 0
					// Again at the same x: the cache is there, so the pass
					// runs the later layers alone, and bills them.
					before = o.Work()
					if again := o.Func(x); math.Float64bits(again) != math.Float64bits(full) || o.Work()-before != int64(rows)*later {
						t.Fatalf("step %d: the full-data loss again %v with work %d (want %d), first %v", step, again, o.Work()-before, int64(rows)*later, full)
					}
				}
			}
		})
	}
}

// A first layer wider than its inputs gets no cache (it would outgrow the
// table): after a full-data loss, a batch with one unit moved still bills
// a whole rebuild, and its loss is a fresh objective's.
func TestFirstLayerWiderThanItsInputsIsNotCached(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const rows, inputs, units, batch = 200, 3, 8, 64
	d := walkData(rng, walkCase{inputs: inputs, hidden: []int{units}, outputs: 1, rows: rows})
	m, err := nn.NewMLP(inputs, []int{units}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := make([]float64, m.NumParams())
	m.Init(x, rng, nil, nil)
	o := objective.New(m, d, losses.MSE{})
	sub := o.Subset(rng.Perm(rows)[:batch])
	sub.Func(x)
	sub.(optimize.CoordinateScorer).ScoreCoordinate(make([]float64, 2), x, 0, []float64{-1, 1})
	o.Func(x)
	x[0] += 0.1
	batchRows := rng.Perm(rows)[:batch]
	sub = o.Subset(batchRows)
	before := o.Work()
	f := sub.Func(x)
	if want := freshOn(m, d, losses.MSE{}, batchRows).Func(x); math.Float64bits(f) != math.Float64bits(want) {
		t.Fatalf("batch loss %v, a fresh objective's %v", f, want)
	}
	if w, want := o.Work()-before, int64(batch)*int64(m.MultiplyAdds()+units); w != want {
		t.Errorf("the batch's loss did %d work, want a whole rebuild's %d", w, want)
	}
}
