// Package adamstep is Adam's update (Kingma & Ba) in torch.optim.Adam's
// order of operations, shared by adam and by es's Adam update so that
// the two cannot drift apart.
package adamstep

import "math"

// State is Adam's moment estimates and step count for n parameters.
type State struct {
	m, v []float64
	// steps is PyTorch's "step": the bias corrections use it.
	steps int
}

// New returns the state before the first step.
func New(n int) *State {
	return &State{m: make([]float64, n), v: make([]float64, n)}
}

// Step moves x against the gradient g, equal to the plain loop
//
//	t++; m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g²
//	x -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//
// element by element, in that order of operations. b1, b2 and eps are
// float64 variables, so 1-b1 is float64 arithmetic (the constant
// expression 1-0.9 would be exactly 0.1, another bit pattern).
func (s *State) Step(x, g []float64, lr, b1, b2, eps float64) {
	s.steps++
	t := float64(s.steps)
	stepSize := lr / (1 - math.Pow(b1, t))
	bc2Sqrt := math.Sqrt(1 - math.Pow(b2, t))
	for j, gj := range g {
		s.m[j] = b1*s.m[j] + (1-b1)*gj
		s.v[j] = b2*s.v[j] + (1-b2)*gj*gj
		x[j] -= stepSize * (s.m[j] / (math.Sqrt(s.v[j])/bc2Sqrt + eps))
	}
}
