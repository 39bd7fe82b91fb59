package objective_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// The built-in kinds opt in through the capability interfaces, and only
// those that are what the interfaces promise.
func TestBuiltInKinds(t *testing.T) {
	for _, c := range []struct {
		name  string
		act   nn.Activation
		slope float64
		pwl   bool
	}{
		{"relu", activations.ReLU, 0, true},
		{"leaky_relu", activations.LeakyReLU, 0.01, true},
		{"identity", activations.Identity, 1, true},
		{"tanh", activations.Tanh, 0, false},
		{"sigmoid", activations.Sigmoid, 0, false},
		// Piecewise linear, but turning down below 0: no bulk path.
		{"turning down", turnsDown{}, 0, false},
	} {
		s, ok := objective.NegativeSlope(c.act)
		if ok != c.pwl || s != c.slope {
			t.Errorf("%s: slope %v, piecewise linear %v; want %v, %v", c.name, s, ok, c.slope, c.pwl)
		}
		if ok && c.act.Apply(-2) != -2*s {
			t.Errorf("%s: Apply(-2) = %v but slope %v", c.name, c.act.Apply(-2), s)
		}
	}
	for _, c := range []struct {
		name string
		loss nn.Loss
		want bool
	}{
		{"mse", losses.MSE{}, true},
		{"mae", losses.MAE{}, false},
		{"huber", losses.Huber{Delta: 1}, false},
		{"cross_entropy", losses.CrossEntropy{}, false},
		{"doubled mse", doubledMSE{}, false},
		{"user sse", meanSquares{}, true},
	} {
		if got := objective.IsSquaredError(c.loss); got != c.want {
			t.Errorf("%s: squared error %v, want %v", c.name, got, c.want)
		}
	}
}

// steepLeaky is a user's activation, slope 0.2 below 0, that opts in to
// bulk scoring; it has no layer methods.
type steepLeaky struct{}

func (steepLeaky) Apply(z float64) float64 {
	if z > 0 {
		return z
	}
	return 0.2 * z
}

func (steepLeaky) Derivative(z, _ float64) float64 {
	if z > 0 {
		return 1
	}
	return 0.2
}

func (steepLeaky) NegativeSlope() float64 { return 0.2 }

// fakeLinear claims a slope its Apply does not have: the scores it gets
// are wrong, so the test below checks the claim is believed.
type fakeLinear struct{ steepLeaky }

func (fakeLinear) NegativeSlope() float64 { return 0.7 }

// turnsDown is |z| scaled below 0: piecewise linear with slope -0.5 there.
type turnsDown struct{}

func (turnsDown) Apply(z float64) float64 {
	if z > 0 {
		return z
	}
	return -0.5 * z
}

func (turnsDown) Derivative(z, _ float64) float64 {
	if z > 0 {
		return 1
	}
	return -0.5
}

func (turnsDown) NegativeSlope() float64 { return -0.5 }

// meanSquares is a user's squared error.
type meanSquares struct{}

func (meanSquares) Row(out, target []float64) float64 {
	s := 0.0
	for k, o := range out {
		s += (o - target[k]) * (o - target[k])
	}
	return s / float64(len(out))
}

func (m meanSquares) RowGrad(grad, out, target []float64) float64 {
	for k, o := range out {
		grad[k] = 2 * (o - target[k]) / float64(len(out))
	}
	return m.Row(out, target)
}

func (meanSquares) Differentiable() bool { return true }
func (meanSquares) IsSquaredError() bool { return true }

// doubledMSE embeds MSE, so it inherits IsSquaredError; it changes Row and
// must decline.
type doubledMSE struct{ losses.MSE }

func (d doubledMSE) Row(out, target []float64) float64 { return 2 * d.MSE.Row(out, target) }
func (doubledMSE) IsSquaredError() bool                { return false }

// A user's activation and loss that opt in are scored by the fast paths
// and keep the promise; a wrapper that declines is scored exactly too.
func TestUserKindsKeepThePromise(t *testing.T) {
	for _, c := range []struct {
		name string
		act  nn.Activation
		loss nn.Loss
	}{
		{"steep_leaky/sse", steepLeaky{}, meanSquares{}},
		{"steep_leaky/doubled_mse", steepLeaky{}, doubledMSE{}},
		{"relu/sse", activations.ReLU, meanSquares{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(5, uint64(len(c.name))))
			for trial := range 3 {
				hidden := [][]int{{5, 3}, {4}, {3, 4, 2}}[trial]
				_, x, d := scoreCase(rng, c.act, false, hidden, 60+rng.IntN(100), 1+rng.IntN(2))
				acts := make([]nn.Activation, len(hidden))
				for k := range acts {
					acts[k] = c.act
				}
				m, _ := nn.NewMLP(d.Inputs, hidden, acts, d.Outputs())
				o := objective.New(m, d, c.loss)
				for range 2 {
					for i := range x {
						checkPromise(t, o, x, i, candidates(rng, x[i]))
					}
				}
			}
		})
	}
}

// The bulk path believes an activation's claim: one that lies about its
// slope gets scores far from Func's, which shows the opt-in is what routes
// a user's activation to the bulk path.
func TestPiecewiseLinearClaimIsUsed(t *testing.T) {
	rng := rand.New(rand.NewPCG(6, 6))
	_, x, d := scoreCase(rng, fakeLinear{}, false, []int{5, 3}, 120, 1)
	m, _ := nn.NewMLP(d.Inputs, []int{5, 3}, []nn.Activation{fakeLinear{}, fakeLinear{}}, 1)
	o := objective.New(m, d, losses.MSE{})
	grid := make([]float64, 40)
	for k := range grid {
		grid[k] = -5 + 10*float64(k)/39
	}
	l := make([]float64, len(grid))
	far := 0
	// Every first-layer weight: bulk scores over the whole grid.
	for i := range d.Inputs * 5 {
		o.ScoreCoordinate(l, x, i, grid)
		keep := x[i]
		for k, v := range grid {
			x[i] = v
			if f := o.Func(x); l[k] != f && (l[k]-f > 1e-6*f || f-l[k] > 1e-6*f) {
				far++
			}
		}
		x[i] = keep
	}
	if far == 0 {
		t.Fatal("scores of an activation that misstates its slope match Func: the claim was not used")
	}
}
