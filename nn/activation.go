package nn

// Activation is an elementwise nonlinearity applied after a hidden layer.
type Activation interface {
	// Apply returns the activation of pre-activation z.
	Apply(z float64) float64
	// Derivative returns dApply/dz at z, given a = Apply(z).
	Derivative(z, a float64) float64
}

// LayerActivation is an Activation that can also process a whole layer per
// call. MLP uses these methods when they are present, because one interface
// call per unit costs more than the arithmetic of a function like ReLU.
// They must agree with Apply and Derivative.
type LayerActivation interface {
	Activation
	// ApplyLayer sets a[j] = Apply(z[j]); len(a) == len(z).
	ApplyLayer(a, z []float64)
	// ScaleByDerivative multiplies delta[j] by Derivative(z[j], a[j]).
	ScaleByDerivative(delta, z, a []float64)
}

// NonDifferentiable is implemented by activations that have no useful
// derivative (a step: zero almost everywhere), so that gradient methods
// are refused on a model that uses one, as they are on a loss whose
// Differentiable is false. An activation that does not implement it is
// differentiable.
type NonDifferentiable interface {
	Activation
	// NonDifferentiable is a marker; it is never called.
	NonDifferentiable()
}

// Differentiable reports whether every activation of acts has a useful
// derivative.
func Differentiable(acts []Activation) bool {
	for _, a := range acts {
		if _, ok := a.(NonDifferentiable); ok {
			return false
		}
	}
	return true
}
