package objective

import "github.com/nnexp/nnexp/optimize"

// Layers implements optimize.ParameterLayers: the model's linear layers,
// 0 from the inputs to the first hidden layer, Layers()-1 the output layer.
func (o *Objective) Layers() int { return o.Model.Layers() }

// Layer implements optimize.ParameterLayers: the layer holding parameter
// i's weight or bias, -1 when i is out of range.
func (o *Objective) Layer(i int) int {
	l, _ := o.Model.Locate(i)
	return l
}

// Layers and Layer implement optimize.ParameterLayers for a loss without a
// gradient: the layout does not depend on the loss.
func (v valueOnly) Layers() int     { return v.o.Layers() }
func (v valueOnly) Layer(i int) int { return v.o.Layer(i) }

var (
	_ optimize.ParameterLayers = (*Objective)(nil)
	_ optimize.ParameterLayers = valueOnly{}
	_ optimize.ParameterLayers = outputLayer{}
)
