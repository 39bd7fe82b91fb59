package search

import (
	"slices"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// The default blocks are one per unit's weights and one per layer's
// biases, also when a layer has more units than inputs (4-16-1: 16
// biases, each unit 4 weights); batch_every counts parameters instead.
func TestMinibatchBlocks(t *testing.T) {
	m, _ := nn.NewMLP(4, []int{16}, []nn.Activation{activations.ReLU}, 1)
	d := &nn.Data{Rows: 3, Inputs: 4, TargetDim: 1, X: make([]float64, 12), Y: make([]float64, 3)}
	o := objective.New(m, d, losses.MSE{})
	p := o.Problem().(optimize.RowSubsets)
	starts := func(every int) []int {
		mb := newMinibatch(p, 2, every)
		var s []int
		for i := range m.NumParams() {
			if mb.startsBlock(i) {
				s = append(s, i)
			}
		}
		return s
	}
	var want []int
	for u := range 16 {
		want = append(want, 4*u) // unit u's weights
	}
	want = append(want, 64, 80, 96) // the biases, the output's weights, its bias
	if got := starts(0); !slices.Equal(got, want) {
		t.Errorf("default blocks start at %v, want %v", got, want)
	}
	if got := starts(40); !slices.Equal(got, []int{0, 40, 80}) {
		t.Errorf("batch_every 40: blocks start at %v", got)
	}
}
