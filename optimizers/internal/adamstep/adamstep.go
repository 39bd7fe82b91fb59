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
	// b1t and b2t are b1^t and b2^t for the bias corrections.
	b1t, b2t power
}

// power is base^t rounded to float64 as C's pow rounds it (correctly),
// which torch.optim.Adam's bias correction 1 - beta ** step calls through
// Python. Go's math.Pow raises to an integer by repeated squaring and
// rounds at each product, an ulp off from t = 4 for 0.9 and t = 6 for
// 0.999, which moved Adam's parameters a few ulps from PyTorch's from the
// sixth step on. The power is kept as a double-double, hi + lo with
// about 106 bits, and multiplied once a step (the product's error found
// exactly by an FMA): after a million steps its relative error is below
// 2^-80, so hi, the sum rounded to float64, is base^t correctly rounded
// unless that lies within 2^-80 of halfway between two float64s.
type power struct {
	base   float64
	t      int
	hi, lo float64
}

// at returns base^t; t is the step count, so it grows by one a call.
func (p *power) at(base float64, t int) float64 {
	if p.base != base || p.t != t-1 || t == 1 {
		p.hi, p.lo = 1, 0
		for range t - 1 {
			p.mul(base)
		}
	}
	p.mul(base)
	p.base, p.t = base, t
	return p.hi
}

// mul multiplies hi + lo by b: the product hi·b as a float64 and its
// rounding error (exact, by FMA), plus lo·b, renormalized so that hi is
// the sum rounded and lo what rounding left out. Each product is
// converted on its own so that no build fuses it into another FMA.
func (p *power) mul(b float64) {
	prod := float64(p.hi * b)
	err := math.FMA(p.hi, b, -prod) + float64(p.lo*b)
	p.hi = prod + err
	p.lo = err - (p.hi - prod)
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
// element by element, in that order of operations (torch.optim.Adam's
// single-tensor form before PyTorch 2.0, whose m.lerp_ rounds otherwise),
// with b^t correctly rounded (power). b1, b2 and eps are
// float64 variables, so 1-b1 is float64 arithmetic (the constant
// expression 1-0.9 would be exactly 0.1, another bit pattern).
func (s *State) Step(x, g []float64, lr, b1, b2, eps float64) {
	s.steps++
	stepSize := lr / (1 - s.b1t.at(b1, s.steps))
	bc2Sqrt := math.Sqrt(1 - s.b2t.at(b2, s.steps))
	for j, gj := range g {
		s.m[j] = b1*s.m[j] + (1-b1)*gj
		s.v[j] = b2*s.v[j] + (1-b2)*gj*gj
		x[j] -= stepSize * (s.m[j] / (math.Sqrt(s.v[j])/bc2Sqrt + eps))
	}
}
