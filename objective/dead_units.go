package objective

import (
	"github.com/nnexp/nnexp/objective/internal/scorer"
	"github.com/nnexp/nnexp/optimize"
)

// DeadUnits implements optimize.DeadUnits: the hidden units of layers whose
// activation is ReLU-family (nn.PiecewiseLinear with a zero negative
// slope: output 0 for every pre-activation <= 0) whose output is exactly
// 0 on every training row at x. It is one forward pass per row, counted as
// one evaluation; refused for the budget, or on no rows, it returns nil.
func (o *Objective) DeadUnits(x []float64) []optimize.Unit {
	m := o.Model
	var layers []int // hidden layers h (1-based, as Workspace.Post counts) to watch
	for h := 1; h < m.Layers(); h++ {
		if slope, ok := scorer.NegativeSlope(m.Activations[h-1]); ok && slope == 0 {
			layers = append(layers, h)
		}
	}
	if len(layers) == 0 || o.Data.Rows == 0 || !o.admit(1, o.forwardWork) {
		return nil
	}
	o.work += o.forwardWork
	alive := make([][]bool, len(layers))
	for k, h := range layers {
		alive[k] = make([]bool, m.Sizes[h])
	}
	for r := range o.Data.Rows {
		in, _ := o.Data.Row(r)
		m.Forward(o.ws, x, in)
		for k, h := range layers {
			for j, v := range o.ws.Post(h) {
				if v != 0 {
					alive[k][j] = true
				}
			}
		}
	}
	var dead []optimize.Unit
	for k, h := range layers {
		in := m.Sizes[h-1]
		for j, a := range alive[k] {
			if !a {
				dead = append(dead, optimize.Unit{
					Weights: m.WeightOffset(h-1) + j*in,
					FanIn:   in,
					Bias:    m.BiasOffset(h-1) + j,
				})
			}
		}
	}
	return dead
}

// DeadUnits implements optimize.DeadUnits for a loss without a gradient.
func (v valueOnly) DeadUnits(x []float64) []optimize.Unit { return v.o.DeadUnits(x) }

var (
	_ optimize.DeadUnits = (*Objective)(nil)
	_ optimize.DeadUnits = valueOnly{}
	_ optimize.DeadUnits = outputLayer{}
)
