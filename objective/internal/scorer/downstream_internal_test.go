package scorer

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// buildDown fills a slot exactly as buildDownRef, the row-at-a-time loop
// it was written from: the same kink counts, kinks, units, lines, open
// flags and term bounds, bit for bit, and the same work, for ReLU, leaky
// ReLU and identity layers, windows on and off, some rows dirty, weights
// of 0 to and from the next layer, a next layer wider than maxDownInv
// (divided kinks), and rows with infinite and NaN values.
func TestBuildDownIsTheRowLoop(t *testing.T) {
	acts := map[string]nn.Activation{"relu": activations.ReLU, "leaky": activations.LeakyReLU, "identity": activations.Identity}
	cases := []struct {
		unit, next string
		nextWidth  int
	}{
		{"relu", "relu", 9}, {"relu", "leaky", 12}, {"leaky", "relu", 7},
		{"leaky", "leaky", 5}, {"relu", "identity", 6}, {"identity", "relu", 8},
		{"relu", "relu", maxDownInv + 6},
	}
	for ci, tc := range cases {
		for _, window := range []bool{false, true} {
			name := fmt.Sprintf("%s-%s-%d/window=%v", tc.unit, tc.next, tc.nextWidth, window)
			t.Run(name, func(t *testing.T) {
				rng := rand.New(rand.NewPCG(uint64(ci), 7))
				const rows, inputs, units = 600, 3, 4
				model, err := nn.NewMLP(inputs, []int{units, tc.nextWidth}, []nn.Activation{acts[tc.unit], acts[tc.next]}, 1)
				if err != nil {
					t.Fatal(err)
				}
				d := &nn.Data{Rows: rows, Inputs: inputs, TargetDim: 1, X: make([]float64, rows*inputs), Y: make([]float64, rows)}
				for i := range d.X {
					d.X[i] = rng.NormFloat64()
				}
				for r := range d.Y {
					d.Y[r] = rng.NormFloat64()
				}
				d.X[5*inputs], d.X[9*inputs+1], d.Y[13] = math.Inf(1), math.NaN(), math.Inf(-1)
				x := make([]float64, model.NumParams())
				model.Init(x, rng, &nn.Range{Lo: -2, Hi: 2}, &nn.Range{Lo: -2, Hi: 2})
				// Zero weights from unit j to the next layer and from the
				// next layer to the output.
				x[model.WeightOffset(1)+2*units+1] = 0
				x[model.WeightOffset(2)+3] = 0
				// Next unit 1 hears unit 0 alone, with no bias: where a ReLU
				// unit 0 is off, its kink is exactly at a = 0.
				for m := 1; m < units; m++ {
					x[model.WeightOffset(1)+units+m] = 0
				}
				x[model.WeightOffset(1)+units*tc.nextWidth+1] = 0
				for j := range units {
					ref, got := downScorer(model, d, x), downScorer(model, d, x)
					dirty := make([]bool, rows)
					for r := range dirty {
						dirty[r] = rng.IntN(3) == 0
					}
					w := downWindow{}
					if window {
						w = downWindow{on: true, u0: -1.5, uN: 2.5, margin: 1e-9}
					}
					for pass, onlyDirty := range []bool{false, true} {
						for _, c := range []*Scorer{ref, got} {
							copy(c.down.dirty, dirty)
						}
						buildDownOf(ref, j, onlyDirty, w, nil)
						buildDownOf(got, j, onlyDirty, w, new(downScratch))
						if msg := sameSlot(ref, got); msg != "" {
							t.Fatalf("unit %d, pass %d: %s", j, pass, msg)
						}
					}
				}
			})
		}
	}
}

// downScorer is a scorer at x with its downstream cache's columns built.
func downScorer(model *nn.MLP, d *nn.Data, x []float64) *Scorer {
	c := New(model, d, losses.MSE{})
	c.rebuild(x)
	return c
}

// buildDownOf builds unit j's slot of c's layer 1 as the bulk blocks do,
// block by block, by buildDownRef when s is nil.
func buildDownOf(c *Scorer, j int, onlyDirty bool, window downWindow, s *downScratch) {
	const m = 1
	nl := c.layers
	nq, nm := c.sizes[m+1], c.sizes[m]
	off, ooff := c.model.WeightOffset(m), c.model.WeightOffset(nl-1)
	reaches := make([]bool, nq)
	for k := range nq {
		reaches[k] = c.x[ooff+k] != 0
	}
	next := nextLayer{
		fromUnit: c.x[off : off+nm*nq], toOutput: c.x[ooff : ooff+nq],
		pre: c.pre[m+1], act: c.act[m+1],
		rows: c.rows, stride: nm, width: nq, unit: j,
		negSlope: c.negSlope[m], reachesOutput: reaches,
	}
	if s != nil {
		*s = newDownScratch()
	}
	clear(c.blockWork)
	for lo := 0; lo < c.rows; lo += blockRows {
		b := bulkRows{lo: lo, hi: min(c.rows, lo+blockRows), z: c.pre[m][j*c.rows : (j+1)*c.rows], a: c.act[m][j*c.rows : (j+1)*c.rows]}
		if s == nil {
			c.buildDownRef(&next, &b, onlyDirty, window)
		} else {
			c.buildDown(&next, &b, onlyDirty, window, s)
		}
	}
}

// sameSlot reports the first way got's slot 0 differs from ref's, or "".
func sameSlot(ref, got *Scorer) string {
	a, b := &ref.down, &got.down
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	for blk, w := range ref.blockWork {
		if got.blockWork[blk] != w {
			return fmt.Sprintf("block %d: work %d, the row loop's %d", blk, got.blockWork[blk], w)
		}
	}
	built := 0
	for r := range ref.rows {
		if a.dirty[r] != b.dirty[r] {
			return fmt.Sprintf("row %d: dirty %v, the row loop's %v", r, b.dirty[r], a.dirty[r])
		}
		if a.kinkCount[r] != b.kinkCount[r] {
			return fmt.Sprintf("row %d: %d kinks, the row loop's %d", r, b.kinkCount[r], a.kinkCount[r])
		}
		nk := int(a.kinkCount[r])
		if nk < 0 {
			continue
		}
		built++
		if !same(a.termMag[r], b.termMag[r]) {
			return fmt.Sprintf("row %d: termMag %v, the row loop's %v", r, b.termMag[r], a.termMag[r])
		}
		for t := range nk {
			at := r*a.kinkStride + t
			if !same(a.kinks[at], b.kinks[at]) || a.kinkUnits[at] != b.kinkUnits[at] {
				return fmt.Sprintf("row %d, kink %d: %v (unit %d), the row loop's %v (unit %d)", r, t, b.kinks[at], b.kinkUnits[at], a.kinks[at], a.kinkUnits[at])
			}
		}
		for t := range nk + 1 {
			at := r*a.segStride + t
			if !same(a.intercepts[at], b.intercepts[at]) || !same(a.slopes[at], b.slopes[at]) || a.open[at] != b.open[at] {
				return fmt.Sprintf("row %d, segment %d: %v + %v·t open %v, the row loop's %v + %v·t open %v", r, t,
					b.intercepts[at], b.slopes[at], b.open[at], a.intercepts[at], a.slopes[at], a.open[at])
			}
		}
	}
	if built == 0 {
		return "no row was built"
	}
	return ""
}
