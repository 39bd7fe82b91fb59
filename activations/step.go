package activations

import "github.com/nnexp/nnexp/nn"

// The step activations have no useful gradient (zero wherever it exists),
// which is why they are here: networks of them are trained by search and
// the other gradient-free methods, and refused to gradient methods.
var (
	// Step is the Heaviside step: 1 for z > 0, 0 otherwise.
	Step nn.Activation = step{}
	// Sign is +1 for z > 0 and -1 otherwise (0 included, so every unit
	// fires one way or the other).
	Sign nn.Activation = sign{}
)

type step struct{}

func (step) Apply(z float64) float64 {
	switch {
	case z > 0:
		return 1
	case z <= 0:
		return 0
	}
	return z // NaN propagates
}

// Derivative is 0: the step's derivative wherever it has one.
func (step) Derivative(_, _ float64) float64 { return 0 }

// NonDifferentiable implements nn.NonDifferentiable.
func (step) NonDifferentiable() {}

type sign struct{}

func (sign) Apply(z float64) float64 {
	switch {
	case z > 0:
		return 1
	case z <= 0:
		return -1
	}
	return z // NaN propagates
}

// Derivative is 0, as for Step.
func (sign) Derivative(_, _ float64) float64 { return 0 }

// NonDifferentiable implements nn.NonDifferentiable.
func (sign) NonDifferentiable() {}
