package activations

import (
	"math"

	"github.com/nnexp/nnexp/nn"
)

// The activations, for Go users building an nn.MLP directly.
var (
	// ReLU is max(0, z); its derivative at 0 is 0, as in PyTorch.
	ReLU nn.Activation = relu{}
	// Tanh is the hyperbolic tangent.
	Tanh nn.Activation = tanh{}
	// Sigmoid is the logistic function 1/(1+exp(-z)).
	Sigmoid nn.Activation = sigmoid{}
	// Identity passes z through unchanged.
	Identity nn.Activation = identity{}
	// LeakyReLU is z for z > 0 and 0.01*z otherwise, PyTorch's default
	// negative slope; its derivative at 0 is 0.01.
	LeakyReLU nn.Activation = leakyReLU{}
)

// leakySlope is PyTorch's default negative_slope for LeakyReLU.
const leakySlope = 0.01

type relu struct{}

func (relu) Apply(z float64) float64 {
	// Written so that NaN propagates instead of turning into 0.
	if z <= 0 {
		return 0
	}
	return z
}

// NegativeSlope implements nn.PiecewiseLinear.
func (relu) NegativeSlope() float64 { return 0 }

func (relu) Derivative(z, _ float64) float64 {
	if z > 0 {
		return 1
	}
	return 0
}

func (relu) ApplyLayer(a, z []float64) {
	a = a[:len(z)]
	for j, v := range z {
		a[j] = reluNoBranch(v)
	}
}

// reluNoBranch is relu's Apply as a mask on the bits, which compiles
// without a branch: a layer's pre-activations change sign unpredictably,
// and a mispredicted branch per value cost more than the arithmetic.
func reluNoBranch(z float64) float64 {
	keep := uint64(0)
	if !(z <= 0) { // NaN kept, as Apply does
		keep = ^uint64(0)
	}
	return math.Float64frombits(math.Float64bits(z) & keep)
}

func (relu) ScaleByDerivative(delta, z, _ []float64) {
	z = z[:len(delta)]
	for j := range delta {
		// delta where z > 0, else 0, on the bits (see reluNoBranch).
		keep := uint64(0)
		if z[j] > 0 {
			keep = ^uint64(0)
		}
		delta[j] = math.Float64frombits(math.Float64bits(delta[j]) & keep)
	}
}

type tanh struct{}

func (tanh) Apply(z float64) float64 { return math.Tanh(z) }

func (tanh) Derivative(_, a float64) float64 { return 1 - a*a }

func (tanh) ApplyLayer(a, z []float64) {
	a = a[:len(z)]
	for j, v := range z {
		a[j] = math.Tanh(v)
	}
}

func (tanh) ScaleByDerivative(delta, _, a []float64) {
	a = a[:len(delta)]
	for j, v := range a {
		delta[j] *= 1 - v*v
	}
}

type sigmoid struct{}

func (sigmoid) Apply(z float64) float64 {
	// exp is only taken of a non-positive number, so it cannot overflow.
	if z >= 0 {
		return 1 / (1 + math.Exp(-z))
	}
	e := math.Exp(z)
	return e / (1 + e)
}

func (sigmoid) Derivative(_, a float64) float64 { return a * (1 - a) }

func (s sigmoid) ApplyLayer(a, z []float64) {
	a = a[:len(z)]
	for j, v := range z {
		a[j] = s.Apply(v)
	}
}

func (sigmoid) ScaleByDerivative(delta, _, a []float64) {
	a = a[:len(delta)]
	for j, v := range a {
		delta[j] *= v * (1 - v)
	}
}

type identity struct{}

func (identity) Apply(z float64) float64 { return z }

func (identity) Derivative(_, _ float64) float64 { return 1 }

// NegativeSlope implements nn.PiecewiseLinear.
func (identity) NegativeSlope() float64 { return 1 }

func (identity) ApplyLayer(a, z []float64) { copy(a, z) }

func (identity) ScaleByDerivative(_, _, _ []float64) {}

type leakyReLU struct{}

func (leakyReLU) Apply(z float64) float64 {
	if z > 0 {
		return z
	}
	return leakySlope * z
}

// NegativeSlope implements nn.PiecewiseLinear.
func (leakyReLU) NegativeSlope() float64 { return leakySlope }

func (leakyReLU) Derivative(z, _ float64) float64 {
	if z > 0 {
		return 1
	}
	return leakySlope
}

func (leakyReLU) ApplyLayer(a, z []float64) {
	a = a[:len(z)]
	for j, v := range z {
		// Apply's two results chosen on the bits, without a branch (see
		// reluNoBranch).
		r := math.Float64bits(leakySlope * v)
		if v > 0 {
			r = math.Float64bits(v)
		}
		a[j] = math.Float64frombits(r)
	}
}

func (leakyReLU) ScaleByDerivative(delta, z, _ []float64) {
	z = z[:len(delta)]
	for j := range delta {
		r := math.Float64bits(delta[j] * leakySlope)
		if z[j] > 0 {
			r = math.Float64bits(delta[j])
		}
		delta[j] = math.Float64frombits(r)
	}
}

var (
	_ nn.LayerActivation = relu{}
	_ nn.LayerActivation = tanh{}
	_ nn.LayerActivation = sigmoid{}
	_ nn.LayerActivation = identity{}
	_ nn.LayerActivation = leakyReLU{}

	_ nn.PiecewiseLinear = relu{}
	_ nn.PiecewiseLinear = identity{}
	_ nn.PiecewiseLinear = leakyReLU{}
)
