package nn_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

// UnitPreRows repeats Forward's first layer one unit at a time, over rows:
// every unit of every row has Forward's bits, for a first layer summed in
// blocks (300 inputs) and one summed in one running sum (13), with row
// counts that leave 0 to 3 rows after the groups of four; UnitsPreRows
// gives the same for a group of units. The scales make
// the order of the additions matter. ForwardFrom, given those values,
// gives Forward's outputs and every later layer's values.
func TestUnitPreRowsAndForwardFromAreForwards(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, inputs := range []int{13, 300} {
		m, err := nn.NewMLP(inputs, []int{6, 5}, []nn.Activation{activations.ReLU, activations.Tanh}, 3)
		if err != nil {
			t.Fatal(err)
		}
		if blocked := nn.Blocked(0, inputs); blocked != (inputs >= nn.BlockedInputs) {
			t.Fatalf("%d inputs: Blocked %v", inputs, blocked)
		}
		scaled := func() float64 { return rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4)) }
		params := make([]float64, m.NumParams())
		for i := range params {
			params[i] = scaled()
		}
		for _, rows := range []int{8, 9, 10, 11} {
			x := make([]float64, rows*inputs)
			for i := range x {
				x[i] = scaled()
			}
			const units, stride = 6, 7 // a column of a row-major table with a spare slot
			pre := make([]float64, rows*stride)
			for j := range units {
				m.UnitPreRows(pre[j:], stride, params, j, x)
			}
			// UnitsPreRows, with four units in a group (out of order)
			// and one left over, gives the same bits.
			some := make([]float64, rows*stride)
			m.UnitsPreRows(some, stride, params, []int{4, 1, 0, 3, 5}, x)
			for r := range rows {
				for _, j := range []int{4, 1, 0, 3, 5} {
					if a, b := some[r*stride+j], pre[r*stride+j]; math.Float64bits(a) != math.Float64bits(b) {
						t.Fatalf("%d inputs: row %d unit %d = %v by UnitsPreRows, %v by UnitPreRows", inputs, r, j, a, b)
					}
				}
				if some[r*stride+2] != 0 || some[r*stride+6] != 0 {
					t.Fatalf("%d inputs: UnitsPreRows wrote row %d's units it was not given", inputs, r)
				}
			}
			ws, from := m.NewWorkspace(), m.NewWorkspace()
			for r := range rows {
				out := append([]float64(nil), m.Forward(ws, params, x[r*inputs:(r+1)*inputs])...)
				for j, want := range ws.Pre(1) {
					if got := pre[r*stride+j]; math.Float64bits(got) != math.Float64bits(want) {
						t.Fatalf("%d inputs, %d rows: row %d unit %d = %v, Forward %v", inputs, rows, r, j, got, want)
					}
				}
				got := m.ForwardFrom(from, params, pre[r*stride:r*stride+units])
				for k := range out {
					if math.Float64bits(got[k]) != math.Float64bits(out[k]) {
						t.Fatalf("%d inputs: row %d output %d = %v from the first layer, Forward %v", inputs, r, k, got[k], out[k])
					}
				}
				for l := 1; l <= m.Layers(); l++ {
					for k, want := range ws.Pre(l) {
						if got := from.Pre(l)[k]; math.Float64bits(got) != math.Float64bits(want) {
							t.Fatalf("%d inputs: row %d layer %d unit %d = %v, Forward %v", inputs, r, l, k, got, want)
						}
					}
				}
			}
		}
	}
}
