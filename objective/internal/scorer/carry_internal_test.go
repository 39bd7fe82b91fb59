package scorer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// A carried cache stays within its drift of Forward's: sweeping the
// last-but-one hidden layer's weights with Choose (ReLU and leaky ReLU, on
// data whose terms cancel: inputs near ±1e3), each time a carry leaves
// the cache at x, its layer is Forward's bit for bit, the next layer's
// pre-activations are within their drifts, the outputs within outDrift
// and the column maxima at least the true ones; the carries do move the
// cache off Forward's bits; and every choice is the plain rule's.
func TestCarryStaysWithinItsDrift(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  nn.Activation
	}{{"ReLU", activations.ReLU}, {"leaky ReLU", activations.LeakyReLU}} {
		name, act := tc.name, tc.act
		rng := rand.New(rand.NewPCG(5, 6))
		const inputs = 6
		model, d, x := testNet(t, rng, inputs, 300, []int{7, 5}, act, func() float64 {
			return math.Copysign(1e3, rng.NormFloat64()) + rng.NormFloat64()
		}, 1e3)
		fast, plain := New(model, d, losses.MSE{}), New(model, d, losses.MSE{})
		fast.CarryAlways() // a net this small would flush
		grid := make([]float64, 41)
		for k := range grid {
			grid[k] = -2 + 0.1*float64(k) + 1e-3*rng.NormFloat64()
		}
		scratch := make([]float64, len(grid))
		carried, moved := 0, false
		f, _ := plain.Loss(x)
		for sweep := range 3 {
			for i := range inputs * 7 { // the first layer's weights
				want, wantF := plainRule(plain, x, i, f, grid)
				got, _, _, ok := fast.Choose(scratch, x, i, grid)
				if !ok || got != want {
					t.Fatalf("%s, sweep %d, parameter %d: chose %d, the plain rule %d", name, sweep, i, got, want)
				}
				if want >= 0 {
					x[i], f = grid[want], wantF
				}
				if !fast.carry.on || fast.def.on {
					continue
				}
				carried++
				if msg, dev := carryOff(fast, model, d); msg != "" {
					t.Fatalf("%s, sweep %d, parameter %d: %s", name, sweep, i, msg)
				} else if dev {
					moved = true
				}
			}
		}
		if carried == 0 || !moved {
			t.Errorf("%s: %d carries; the cache left Forward's bits: %v", name, carried, moved)
		}
	}
}

// carryOff compares c's carried cache with a rebuild at its x, and
// reports the first value outside its drift, and whether any differed.
func carryOff(c *Scorer, model *nn.MLP, d *nn.Data) (string, bool) {
	ref := New(model, d, losses.MSE{})
	ref.rebuild(c.x)
	rows, m := c.rows, c.down.m
	q, nl := m+1, c.layers
	for k := range c.act[m] {
		if math.Float64bits(c.act[m][k]) != math.Float64bits(ref.act[m][k]) {
			return "layer m is not Forward's", false
		}
	}
	moved := false
	for k := range c.sizes[q] {
		for r := range rows {
			got, want := c.pre[q][k*rows+r], ref.pre[q][k*rows+r]
			if dev := math.Abs(got - want); dev > c.carry.drift[k] {
				return "a pre-activation beyond its drift", false
			} else if dev > 0 {
				moved = true
			}
			if math.Abs(ref.act[q][k*rows+r]) > c.colMax[q][k] {
				return "a column maximum below an activation", false
			}
		}
	}
	for r := range rows {
		if math.Abs(c.pre[nl][r]-ref.pre[nl][r]) > c.carry.outDrift {
			return "an output beyond outDrift", false
		}
	}
	return "", moved
}

// Carrying is used where a layer of flushes costs more than four passes:
// the wide net (64·32·65/2 = 66,560 terms a row against 4·2,817) and not
// the notebook's 10-5-4-1 (5·4·6/2 = 60 against 4·79), unless asked to.
func TestCarryPaysWhereFlushesCostMore(t *testing.T) {
	for _, tc := range []struct {
		hidden []int
		pays   bool
	}{{[]int{64, 32}, true}, {[]int{5, 4}, false}, {[]int{16, 6}, false}, {[]int{24, 6}, true}} {
		model, err := nn.NewMLP(10, tc.hidden, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
		if err != nil {
			t.Fatal(err)
		}
		d := &nn.Data{Rows: 1, Inputs: 10, TargetDim: 1, X: make([]float64, 10), Y: make([]float64, 1)}
		c := New(model, d, losses.MSE{})
		if got := c.carryPays(); got != tc.pays {
			t.Errorf("%v: carryPays %v, want %v", tc.hidden, got, tc.pays)
		}
		c.CarryAlways()
		if !c.carryPays() {
			t.Errorf("%v: CarryAlways did not make it pay", tc.hidden)
		}
	}
}

// outputFloor keeps the first layer's terms between calls: after a
// first-layer weight or bias is committed, deferred or rebuilt in, every
// unit's kept terms are those of the cache's x, formed afresh.
func TestOutputFloorFollowsTheFirstLayer(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const inputs = 5
	model, d, x := testNet(t, rng, inputs, 50, []int{4, 3}, activations.ReLU, func() float64 { return 10 * rng.NormFloat64() }, 1)
	c := New(model, d, losses.MSE{})
	c.Loss(x)
	st := &scoreState{m: 2, j: 0, in: 0}
	off := model.WeightOffset(0)
	for step := range 60 {
		c.outputFloor(st)           // keeps the terms
		i := rng.IntN(inputs*4 + 4) // a first-layer weight or bias
		x[i] = 4 * rng.NormFloat64()
		switch step % 3 {
		case 0:
			c.Loss(x) // one change: an exact evaluation and a commit
		case 1:
			c.deferAccept(i, x[i]) // deferred (or flushed)
		default:
			x[rng.IntN(len(x))] += 1
			c.Loss(x) // two changes: a rebuild
		}
		c.outputFloor(st)
		for k := range 4 {
			want := math.Abs(c.x[off+inputs*4+k])
			for s := range inputs {
				want += math.Abs(c.x[off+k*inputs+s]) * c.colMax[0][s]
			}
			if got := c.floorFirst[k]; !c.floorFirstOK[k] || got != want {
				t.Fatalf("step %d, unit %d: kept terms %v (ok %v), afresh %v", step, k, got, c.floorFirstOK[k], want)
			}
		}
	}
}
