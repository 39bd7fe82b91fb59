package nn

import "github.com/nnexp/nnexp/optimize"

// FanIn is the number of inputs of the unit parameter i feeds (its layer's
// input width), for weights and biases alike; 0 when i is out of range.
func (m *MLP) FanIn(i int) int {
	l, _ := m.locate(i)
	if l < 0 {
		return 0
	}
	return m.Sizes[l]
}

// FanIn implements optimize.FanIn.
func (o *Objective) FanIn(i int) int { return o.Model.FanIn(i) }

// FanIn implements optimize.FanIn for a loss without a gradient: the
// layout does not depend on the loss.
func (v valueOnly) FanIn(i int) int { return v.o.FanIn(i) }

var (
	_ optimize.FanIn = (*Objective)(nil)
	_ optimize.FanIn = valueOnly{}
)
