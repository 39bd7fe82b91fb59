package objective_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// deadNet is a 1-2-1 ReLU net on 50 rows with inputs in [0, 1] and a bias
// grid for hidden unit 0 that kills it on every row for every value below
// -1 (its weight is 1), so Func is bit-identical over that stretch.
func deadNet(t *testing.T, loss nn.Loss) (*objective.Objective, []float64, int) {
	t.Helper()
	m, err := nn.NewMLP(1, []int{2}, []nn.Activation{activations.ReLU, activations.ReLU}[:1], 1)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 3))
	d := &nn.Data{Rows: 50, Inputs: 1, TargetDim: 1}
	for range d.Rows {
		v := rng.Float64()
		d.X = append(d.X, v)
		// A target the live unit fits badly, so killing it is best.
		d.Y = append(d.Y, -3*v+0.2*rng.NormFloat64())
	}
	// unit 0: w=1, b=0.5 (alive); unit 1: w=-1, b=0; output 2*a0 - a1 + 0.
	x := []float64{1, -1, 0.5, 0, 2, -1, 0}
	return objective.New(m, d, loss), x, m.BiasOffset(0)
}

// Under every loss with a bulk path (MSE, and the ErrorPieces ones).
func TestDeadStretchTiesExactly(t *testing.T) {
	for _, sp := range scoringPaths {
		for _, loss := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 0.5}} {
			name := fmt.Sprintf("%s/%T", sp.name, loss)
			o, x, i := deadNet(t, loss)
			o.SetScoring(sp.path)
			values := []float64{-4, -3.5, -3, -2.5, -2, -1.5, 0, 1}
			losses := make([]float64, len(values))
			o.ScoreCoordinate(losses, x, i, values)
			keep := x[i]
			x[i] = -4
			dead := o.Func(x)
			x[i] = keep
			if !(dead < o.Func(x)) {
				t.Fatalf("%s: the test needs killing the unit to help", name)
			}
			for k, v := range values[:6] {
				if math.Float64bits(losses[k]) != math.Float64bits(dead) {
					t.Errorf("%s: value %v (unit dead) scores %v, want exactly %v", name, v, losses[k], dead)
				}
			}
		}
	}
}

// The current value must score exactly the current loss on every path,
// for every parameter, so that it wins its ties as in the plain loop.
func TestCurrentValueScoresCurrentLoss(t *testing.T) {
	for _, a := range namedActivations {
		for _, sp := range scoringPaths {
			rng := rand.New(rand.NewPCG(5, uint64(len(a.name))))
			_, x, d := scoreCase(rng, a.act, false, []int{5, 4}, 300, 1)
			m, _ := nn.NewMLP(d.Inputs, []int{5, 4}, []nn.Activation{a.act, a.act}, 1)
			o := objective.New(m, d, losses.MSE{})
			o.SetScoring(sp.path)
			f := o.Func(x)
			losses := make([]float64, 3)
			for i := range x {
				o.ScoreCoordinate(losses, x, i, []float64{-7, x[i], 7})
				if math.Float64bits(losses[1]) != math.Float64bits(f) {
					t.Fatalf("%s/%s: %s at its current value scores %v, Func %v", a.name, sp.name, m.ParamName(i), losses[1], f)
				}
			}
		}
	}
}

// Hand-computed: output = w·a + b with a single hidden identity unit a = x.
// Rows (x, y): (1, 2), (3, 1), (0, 5); w = 0.5, b = 0. Errors e = out - y:
// -1.5, 0.5, -5. For the output weight s = a: A = 1+9+0 = 10,
// B = -1.5 + 1.5 + 0 = 0; for the output bias s = 1: A = 3, B = -6.
func TestOutputQuadraticByHand(t *testing.T) {
	m, err := nn.NewMLP(1, []int{1}, []nn.Activation{activations.Identity}, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := &nn.Data{Rows: 3, Inputs: 1, TargetDim: 1, X: []float64{1, 3, 0}, Y: []float64{2, 1, 5}}
	o := objective.New(m, d, losses.MSE{})
	x := []float64{1, 0, 0.5, 0}
	for _, c := range []struct {
		i    int
		a, b float64
	}{{2, 10, 0}, {3, 3, -6}} {
		a, b := objective.OutputQuadratic(o, x, c.i)
		if a != c.a || b != c.b {
			t.Errorf("%s: A=%v B=%v, want %v %v", m.ParamName(c.i), a, b, c.a, c.b)
		}
		// And the score follows: loss(u) = (Σe² + 2uB + u²A)/rows.
		losses := make([]float64, 1)
		o.ScoreCoordinate(losses, x, c.i, []float64{x[c.i] + 2})
		want := (1.5*1.5 + 0.25 + 25 + 4*c.b + 4*c.a) / 3
		if math.Abs(losses[0]-want) > 1e-12 {
			t.Errorf("%s: score %v, want %v", m.ParamName(c.i), losses[0], want)
		}
	}
}
