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
				const rows, inputs, units = downRows, downInputs, downUnits
				model, d, x := downNet(t, rng, acts[tc.unit], acts[tc.next], tc.nextWidth)
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
					sl := ref.down.slot(j)
					for pass, onlyDirty := range []bool{false, true} {
						for _, c := range []*Scorer{ref, got} {
							copy(c.down.dirty[sl*rows:], dirty)
						}
						buildDownZ(ref, j, onlyDirty, w, nil, nil)
						s := newDownScratch()
						buildDownZ(got, j, onlyDirty, w, &s, nil)
						msg, built := sameSlotAt(ref, got, sl)
						if msg == "" && built == 0 {
							msg = "no row was built"
						}
						if msg != "" {
							t.Fatalf("unit %d, pass %d: %s", j, pass, msg)
						}
					}
				}
			})
		}
	}
}

// The nets of the buildDown tests: inputs-units-nextWidth-1 on rows rows.
const downRows, downInputs, downUnits = 600, 3, 4

// downNet is a net of unit and next activations on rows of normal data,
// with an infinite and a NaN input and an infinite target, and its
// parameters drawn from U[-2, 2].
func downNet(t *testing.T, rng *rand.Rand, unit, next nn.Activation, nextWidth int) (*nn.MLP, *nn.Data, []float64) {
	t.Helper()
	const rows, inputs = downRows, downInputs
	model, err := nn.NewMLP(inputs, []int{downUnits, nextWidth}, []nn.Activation{unit, next}, 1)
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
	return model, d, x
}

// downScorer is a scorer at x with its downstream cache's columns built.
func downScorer(model *nn.MLP, d *nn.Data, x []float64) *Scorer {
	c := New(model, d, losses.MSE{})
	c.rebuild(x)
	return c
}

// sameSlotAt reports the first way got's slot s differs from ref's, or
// "", and how many of its rows were built (a kink count of -1 is not).
func sameSlotAt(ref, got *Scorer, s int) (string, int) {
	a, b := &ref.down, &got.down
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	for blk, w := range ref.blockWork {
		if got.blockWork[blk] != w {
			return fmt.Sprintf("block %d: work %d, the row loop's %d", blk, got.blockWork[blk], w), 0
		}
	}
	built := 0
	for r := range ref.rows {
		R := s*ref.rows + r
		if a.dirty[R] != b.dirty[R] {
			return fmt.Sprintf("row %d: dirty %v vs %v", r, b.dirty[R], a.dirty[R]), 0
		}
		if a.kinkCount[R] != b.kinkCount[R] {
			return fmt.Sprintf("row %d: %d kinks, the row loop's %d", r, b.kinkCount[R], a.kinkCount[R]), 0
		}
		nk := int(a.kinkCount[R])
		if nk < 0 {
			continue
		}
		built++
		if !same(a.termMag[R], b.termMag[R]) {
			return fmt.Sprintf("row %d: termMag %v vs %v", r, b.termMag[R], a.termMag[R]), 0
		}
		for t := range nk {
			at := R*a.kinkStride + t
			if !same(a.kinks[at], b.kinks[at]) || a.kinkUnits[at] != b.kinkUnits[at] {
				return fmt.Sprintf("row %d, kink %d: %v (unit %d) vs %v (unit %d)", r, t, b.kinks[at], b.kinkUnits[at], a.kinks[at], a.kinkUnits[at]), 0
			}
		}
		for t := range nk + 1 {
			at := R*a.segStride + t
			if !same(a.intercepts[at], b.intercepts[at]) || !same(a.slopes[at], b.slopes[at]) || a.open[at] != b.open[at] {
				return fmt.Sprintf("row %d, segment %d: %v + %v·t open %v vs %v + %v·t open %v", r, t,
					b.intercepts[at], b.slopes[at], b.open[at], a.intercepts[at], a.slopes[at], a.open[at]), 0
			}
		}
	}
	return "", built
}

// buildDownZ builds unit j's slot of c's layer 1 as the bulk blocks do,
// block by block, with s, or by buildDownRef when s is nil; z replaces
// unit j's pre-activations (read only by the window) when not nil.
func buildDownZ(c *Scorer, j int, onlyDirty bool, window downWindow, s *downScratch, z []float64) {
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
	if z == nil {
		z = c.pre[m][j*c.rows : (j+1)*c.rows]
	}
	clear(c.blockWork)
	for lo := 0; lo < c.rows; lo += blockRows {
		b := bulkRows{lo: lo, hi: min(c.rows, lo+blockRows), z: z, a: c.act[m][j*c.rows : (j+1)*c.rows]}
		if s == nil {
			c.buildDownRef(&next, &b, onlyDirty, window)
		} else {
			c.buildDown(&next, &b, onlyDirty, window, s)
		}
	}
}

// buildDown is the row loop at the edges too: every slot, odd weights
// (NaN, ±Inf, -0, denormal, huge) from unit j and to the output, a next
// layer exactly maxDownInv wide and one wider, few dirty rows with a block
// of none (and nothing written outside a dirty row's own kinks), stale
// rows from other weights, windows whose bounds sit exactly on kinks, and
// a ReLU window above 0. (From a review of the rewrite.)
func TestBuildDownEdges(t *testing.T) {
	acts := map[string]nn.Activation{"relu": activations.ReLU, "leaky": activations.LeakyReLU, "identity": activations.Identity}
	names := []string{"relu", "leaky", "identity"}
	for _, ua := range names {
		for _, na := range names {
			for _, nq := range []int{5, 16, maxDownInv, maxDownInv + 1} {
				for _, poison := range []bool{false, true} {
					name := fmt.Sprintf("%s-%s-%d-poison=%v", ua, na, nq, poison)
					t.Run(name, func(t *testing.T) {
						rng := rand.New(rand.NewPCG(uint64(nq), 11))
						const rows, inputs, units = downRows, downInputs, downUnits
						model, d, x := downNet(t, rng, acts[ua], acts[na], nq)
						d.X[300*inputs+2] = math.Inf(-1)
						w1 := model.WeightOffset(1)
						b1 := model.BiasOffset(1)
						w2 := model.WeightOffset(2)
						fw := func(k, j int) *float64 { return &x[w1+k*units+j] }
						// unit 0: -0, a denormal, a huge weight, an exact 1 with
						// next unit 3 hearing unit 0 alone with no bias.
						*fw(0, 0) = math.Copysign(0, -1)
						if poison {
							*fw(1, 0) = 5e-324
							*fw(2, 0) = 1e300
						}
						for m := range units {
							*fw(3, m) = 0
						}
						*fw(3, 0) = 1
						x[b1+3] = 0
						// unit 1: +Inf; unit 2: NaN; unit 3: -Inf and 0.
						if poison {
							*fw(0, 1) = math.Inf(1)
							*fw(1, 2) = math.NaN()
							*fw(0, 3) = math.Inf(-1)
						}
						*fw(2, 3) = 0
						*fw(1, 1) = 0
						*fw(4, 2) = 0
						// Output weights: -0, a denormal, 0.
						x[w2+0] = math.Copysign(0, -1)
						x[w2+1] = 5e-324
						x[w2+4] = 0
						if poison && nq > 16 {
							x[w2+2] = math.NaN()
						}
						x2 := append([]float64(nil), x...)
						for k := range nq {
							x2[w1+k*units+0] += 0.25
						}
						for k := range nq {
							x2[w2+k] *= -1.5
						}
						for j := range units {
							ref, got := downScorer(model, d, x), downScorer(model, d, x)
							sl := ref.down.slot(j)
							base := sl * rows
							s := newDownScratch()
							check := func(what string) int {
								msg, built := sameSlotAt(ref, got, sl)
								if msg != "" {
									t.Fatalf("unit %d, %s: %s", j, what, msg)
								}
								if !poison && built == 0 {
									t.Fatalf("unit %d, %s: no row built", j, what)
								}
								return built
							}
							// pass 0: every row, no window.
							buildDownZ(ref, j, false, downWindow{}, nil, nil)
							buildDownZ(got, j, false, downWindow{}, &s, nil)
							check("full")
							// pass 1: other weights after layer m, few dirty
							// rows (none in block 1): the others stay stale.
							ref.rebuild(x2)
							got.rebuild(x2)
							for _, c := range []*Scorer{ref, got} {
								dd := c.down.dirty[base : base+rows]
								clear(dd)
								dd[3], dd[200], dd[255] = true, true, true
								for r := 512; r < rows; r += 2 {
									dd[r] = true
								}
							}
							// Sentinels everywhere: only dirty rows' own slot ranges may change.
							for i := range got.down.kinks {
								got.down.kinks[i], got.down.kinkUnits[i] = -7.5, -7
							}
							dirtyNow := append([]bool(nil), got.down.dirty...)
							buildDownZ(got, j, true, downWindow{}, &s, nil)
							ks := got.down.kinkStride
							for i := range got.down.kinks {
								if R := i / ks; !dirtyNow[R] && (got.down.kinks[i] != -7.5 || got.down.kinkUnits[i] != -7) {
									t.Fatalf("unit %d: kink slot %d of row %d (not dirty) written", j, i, R)
								}
							}
							// Then both from one state (ref's kinks, the same
							// dirty rows), built only where dirty.
							copy(got.down.kinks, ref.down.kinks)
							copy(got.down.kinkUnits, ref.down.kinkUnits)
							copy(got.down.dirty, dirtyNow)
							buildDownZ(ref, j, true, downWindow{}, nil, nil)
							buildDownZ(got, j, true, downWindow{}, &s, nil)
							check("only dirty")
							if ua != "relu" {
								continue
							}
							// Kinks of each row, in t, from a no-window build.
							buildDownZ(ref, j, false, downWindow{}, nil, nil)
							buildDownZ(got, j, false, downWindow{}, &s, nil)
							check("full at x2")
							zLo, zHi := make([]float64, rows), make([]float64, rows)
							const uN = 0.75
							for r := range rows {
								R := base + r
								nk := int(ref.down.kinkCount[R])
								zLo[r], zHi[r] = ref.pre[1][j*rows+r], ref.pre[1][j*rows+r]
								if nk >= 2 {
									kk := ref.down.kinks[R*ref.down.kinkStride+1+rng.IntN(nk-1)]
									zLo[r] = kk      // lo == kink exactly
									zHi[r] = kk - uN // hi == kink exactly if exact
									if zHi[r]+uN != kk {
										zHi[r] = kk
									}
								}
							}
							for wi, wz := range [][]float64{zLo, zHi, nil} {
								w := downWindow{on: true, u0: 0, uN: uN, margin: 0}
								if wz == nil {
									w = downWindow{on: true, u0: 0.5, uN: 3, margin: 1e-9} // lo > 0 for z > -0.5
								}
								buildDownZ(ref, j, false, w, nil, wz)
								buildDownZ(got, j, false, w, &s, wz)
								check(fmt.Sprintf("window %d", wi))
							}
						}
					})
				}
			}
		}
	}
}
