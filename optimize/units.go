package optimize

// ParameterLayers reports which layer each parameter belongs to, so that a
// method can treat layers differently (search's layer blocks).
type ParameterLayers interface {
	// Layers is the number of layers; Layer(i) is from 0 to Layers()-1
	// for a parameter in range, layers counted from the input side.
	Layers() int
	Layer(i int) int
}

// DeadUnits reports the hidden units that cannot take part in the model at
// x: ReLU-family units (zero output for a pre-activation <= 0) whose
// output is zero on every training row, so that a method can re-draw their
// incoming parameters (search's revive_dead).
type DeadUnits interface {
	// DeadUnits returns the dead units at x, in parameter order. It is
	// one forward pass over the data and counts as one evaluation; a call
	// refused for the evaluation budget returns nil.
	DeadUnits(x []float64) []Unit
}

// Unit places one unit's incoming parameters in x: FanIn weights from
// x[Weights] on, and its bias x[Bias].
type Unit struct {
	Weights, FanIn, Bias int
}
