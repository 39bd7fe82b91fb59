package objective

import "github.com/nnexp/nnexp/optimize"

// FanIn implements optimize.FanIn.
func (o *Objective) FanIn(i int) int { return o.Model.FanIn(i) }

// FanIn implements optimize.FanIn for a loss without a gradient: the
// layout does not depend on the loss.
func (v valueOnly) FanIn(i int) int { return v.o.FanIn(i) }

var (
	_ optimize.FanIn = (*Objective)(nil)
	_ optimize.FanIn = valueOnly{}
)
