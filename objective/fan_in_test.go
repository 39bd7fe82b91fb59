package objective_test

import (
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// TestFanIn checks a 3-4-2-1 network parameter by parameter: layer 1's 12
// weights and 4 biases feed units of 3 inputs, layer 2's 8 weights and 2
// biases units of 4, layer 3's 2 weights and 1 bias a unit of 2; both
// problem views (with and without a gradient) report it.
func TestFanIn(t *testing.T) {
	m, err := nn.NewMLP(3, []int{4, 2}, []nn.Activation{activations.ReLU, activations.Tanh}, 1)
	if err != nil {
		t.Fatal(err)
	}
	var want []int
	for _, layer := range []struct{ params, fanIn int }{{16, 3}, {10, 4}, {3, 2}} {
		for range layer.params {
			want = append(want, layer.fanIn)
		}
	}
	if len(want) != m.NumParams() {
		t.Fatalf("%d expected fan-ins for %d parameters", len(want), m.NumParams())
	}
	d := &nn.Data{X: []float64{1, 2, 3}, Y: []float64{1}, Rows: 1, Inputs: 3, TargetDim: 1}
	for _, p := range []optimize.Problem{
		objective.New(m, d, losses.MSE{}).Problem(),
		objective.New(m, d, losses.ZeroOne{}).Problem(),
	} {
		f, ok := p.(optimize.FanIn)
		if !ok {
			t.Fatalf("%T does not implement optimize.FanIn", p)
		}
		for i, w := range want {
			if got := f.FanIn(i); got != w {
				t.Errorf("%T: FanIn(%d) (%s) = %d, want %d", p, i, m.ParamName(i), got, w)
			}
		}
	}
	for _, i := range []int{-1, m.NumParams()} {
		if got := m.FanIn(i); got != 0 {
			t.Errorf("FanIn(%d) out of range = %d, want 0", i, got)
		}
	}
}
