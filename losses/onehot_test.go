package losses_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/nn/nntest"
)

func onClasses(l nn.Loss) nn.Loss { return l.(nn.OneHotLoss).OnClasses() }

// Outputs (0.5, -1, 2) against class 2, whose one-hot target is (0, 0, 1):
// errors 0.5, -1, 1, worked out by hand for each loss.
func TestOneHotByHand(t *testing.T) {
	out, target := []float64{0.5, -1, 2}, []float64{2}
	for _, c := range []struct {
		name string
		loss nn.Loss
		row  float64
		grad []float64
	}{
		// (0.25 + 1 + 1) / 3; gradient 2/3 of each error.
		{"mse", losses.MSE{}, 0.75, []float64{2.0 / 3 * 0.5, 2.0 / 3 * -1, 2.0 / 3 * 1}},
		// (0.5 + 1 + 1) / 3; gradient the errors' signs over 3.
		{"mae", losses.MAE{}, 2.5 / 3, []float64{1.0 / 3, -1.0 / 3, 1.0 / 3}},
		// delta 1: 0.5*0.25 + 0.5*1 + 0.5*1 = 1.125, over 3.
		{"huber", losses.Huber{Delta: 1}, 0.375, []float64{1.0 / 3 * 0.5, 1.0 / 3 * -1, 1.0 / 3 * 1}},
		// delta 0.6: 0.5*0.25, then 0.6*(1 - 0.3) twice = 0.125 + 0.84, over 3.
		{"huber 0.6", losses.Huber{Delta: 0.6}, (0.125 + 2*0.6*(1-0.3)) / 3, []float64{1.0 / 3 * 0.5, 1.0 / 3 * -0.6, 1.0 / 3 * 0.6}},
	} {
		l := onClasses(c.loss)
		if nn.LossTask(l) != nn.Classification || !l.Differentiable() {
			t.Errorf("%s: task %v, differentiable %v", c.name, nn.LossTask(l), l.Differentiable())
		}
		if got := l.Row(out, target); math.Abs(got-c.row) > 1e-15 {
			t.Errorf("%s: Row = %v, want %v", c.name, got, c.row)
		}
		grad := make([]float64, 3)
		if got := l.RowGrad(grad, out, target); got != l.Row(out, target) {
			t.Errorf("%s: RowGrad returns %v, Row %v", c.name, got, l.Row(out, target))
		}
		for k := range grad {
			if math.Abs(grad[k]-c.grad[k]) > 1e-15 {
				t.Errorf("%s: grad %v, want %v", c.name, grad, c.grad)
				break
			}
		}
	}
}

// On a class index, the one-hot form gives the regression loss's numbers
// on the one-hot target bit for bit, so a classification run under mse
// trains on exactly what mse means.
func TestOneHotIsTheLossOnAOneHotTarget(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, base := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 1}, losses.Huber{Delta: 0.3}} {
		l := onClasses(base)
		for range 200 {
			k := 2 + rng.IntN(9)
			out := make([]float64, k)
			for i := range out {
				out[i] = 3 * rng.NormFloat64()
			}
			c := rng.IntN(k)
			hot := make([]float64, k)
			hot[c] = 1
			g1, g2 := make([]float64, k), make([]float64, k)
			r1, r2 := l.RowGrad(g1, out, []float64{float64(c)}), base.RowGrad(g2, out, hot)
			if r1 != r2 || !slices.Equal(g1, g2) || l.Row(out, []float64{float64(c)}) != base.Row(out, hot) {
				t.Fatalf("%v on %v class %d: %v %v, want %v %v", l, out, c, r1, g1, r2, g2)
			}
		}
	}
}

// The nn.Loss promises, gradient against central finite differences
// included, at outputs away from MAE's and Huber's kinks (an error of 0,
// or of ±delta).
func TestOneHotConforms(t *testing.T) {
	samples := []nntest.Sample{
		{Out: []float64{0.3, -1.7, 2.2}, Target: []float64{0}},
		{Out: []float64{0.3, -1.7, 2.2}, Target: []float64{2}},
		{Out: []float64{4.1, 0.45}, Target: []float64{1}},
		{Out: []float64{-0.2, 0.9, 1.6, -3.3}, Target: []float64{3}},
	}
	for _, base := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 1}, losses.Huber{Delta: 0.37}} {
		if err := nntest.TestLoss(onClasses(base), nntest.LossOptions{Samples: samples}); err != nil {
			t.Errorf("%v: %v", onClasses(base), err)
		}
	}
}

// A target that names no output is NaN, as for cross_entropy.
func TestOneHotBadClassIsNaN(t *testing.T) {
	l := onClasses(losses.MSE{})
	for _, y := range []float64{-1, 3, 0.5, math.NaN()} {
		grad := make([]float64, 3)
		if v := l.RowGrad(grad, []float64{1, 2, 3}, []float64{y}); !math.IsNaN(v) || !math.IsNaN(grad[0]) || !math.IsNaN(l.Row([]float64{1, 2, 3}, []float64{y})) {
			t.Errorf("class %v: %v, grad %v", y, v, grad)
		}
	}
}

// The runner keys stored results by the loss's %T%+v: mse, mae and
// huber with different deltas on classes must not share a key.
func TestOneHotKeysDiffer(t *testing.T) {
	seen := map[string]bool{}
	for _, base := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.Huber{Delta: 1}, losses.Huber{Delta: 2}} {
		key := fmt.Sprintf("%[1]T%+[1]v", onClasses(base))
		if seen[key] {
			t.Fatalf("key %q twice", key)
		}
		seen[key] = true
	}
}
