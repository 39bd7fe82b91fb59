package losses_test

import (
	"errors"
	"math"
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

const tol = 1e-15

// checkLoss compares Row and RowGrad with hand-computed values. grad starts
// full of a sentinel so that an unwritten entry shows.
func checkLoss(t *testing.T, name string, l nn.Loss, out, target []float64, wantRow float64, wantGrad []float64) {
	t.Helper()
	if got := l.Row(out, target); math.Abs(got-wantRow) > tol {
		t.Errorf("%s: Row(%v, %v) = %.17g, want %.17g", name, out, target, got, wantRow)
	}
	grad := make([]float64, len(out)+1)
	for i := range grad {
		grad[i] = 42
	}
	got := l.RowGrad(grad, out, target)
	if math.Abs(got-wantRow) > tol {
		t.Errorf("%s: RowGrad returned %.17g, want the row loss %.17g", name, got, wantRow)
	}
	for k, w := range wantGrad {
		if math.Abs(grad[k]-w) > tol {
			t.Errorf("%s: grad[%d] = %.17g, want %.17g", name, k, grad[k], w)
		}
	}
	if grad[len(out)] != 42 {
		t.Errorf("%s: RowGrad wrote past len(out)", name)
	}
}

func TestMSE(t *testing.T) {
	// Errors (1, -2, 0): mean of squares 5/3; gradient 2/3 * error.
	checkLoss(t, "mse", losses.MSE{}, []float64{1, 2, 3}, []float64{0, 4, 3},
		5.0/3, []float64{2.0 / 3, -4.0 / 3, 0})
	// One output: the plain squared error, gradient 2e.
	checkLoss(t, "mse 1", losses.MSE{}, []float64{-0.5}, []float64{1}, 2.25, []float64{-3})
	// A target longer than the outputs is read only as far as they go.
	checkLoss(t, "mse long target", losses.MSE{}, []float64{1}, []float64{0, 100}, 1, []float64{2})
}

func TestMAE(t *testing.T) {
	// Errors (1, -2, 0): mean of |e| = 1; gradient sign(e)/3, where the
	// zero error takes the subgradient 0 (PyTorch's sign(0) = 0).
	checkLoss(t, "mae", losses.MAE{}, []float64{1, 2, 3}, []float64{0, 4, 3},
		1, []float64{1.0 / 3, -1.0 / 3, 0})
	checkLoss(t, "mae at 0", losses.MAE{}, []float64{0.25, 0.25}, []float64{0.25, 0.25}, 0, []float64{0, 0})
}

func TestHuber(t *testing.T) {
	h := losses.Huber{Delta: 0.5}
	// Errors 0.2 (quadratic: 0.02), -1 (linear: 0.5*(1-0.25) = 0.375) and
	// 0.5, on the boundary (0.5*0.25 = 0.125 = 0.5*(0.5-0.25)): mean
	// 0.52/3. Gradient: e inside, delta*sign(e) beyond, both e at the
	// boundary; each over 3.
	checkLoss(t, "huber 0.5", h, []float64{0.2, -1, 0.5}, []float64{0, 0, 0},
		0.52/3, []float64{0.2 / 3, -0.5 / 3, 0.5 / 3})
	// Delta comes from the struct: with 2 every error is quadratic.
	checkLoss(t, "huber 2", losses.Huber{Delta: 2}, []float64{0.2, -1, 0.5}, []float64{0, 0, 0},
		0.645/3, []float64{0.2 / 3, -1.0 / 3, 0.5 / 3})
	// With delta 1 (PyTorch's default), an error of 3 costs 2.5 and pulls 1.
	checkLoss(t, "huber 1", losses.Huber{Delta: 1}, []float64{1}, []float64{-2}, 2.5, []float64{1})
	// Zero error: zero loss and gradient.
	checkLoss(t, "huber 0", h, []float64{7}, []float64{7}, 0, []float64{0})
	// Continuous across the boundary, in value and slope.
	for _, d := range []float64{0.5 - 1e-9, 0.5 + 1e-9} {
		grad := []float64{0}
		f := h.RowGrad(grad, []float64{d}, []float64{0})
		if math.Abs(f-0.125) > 2e-9 || math.Abs(grad[0]-0.5) > 2e-9 {
			t.Errorf("huber near the boundary at %v: loss %v, grad %v; want about 0.125 and 0.5", d, f, grad[0])
		}
	}
}

// A NaN output gives a NaN loss and a NaN slope, as in PyTorch, not the
// zero slope of a minimum; the other outputs keep theirs.
func TestNaNErrorSlope(t *testing.T) {
	for _, l := range []nn.Loss{losses.MAE{}, losses.Huber{Delta: 1}} {
		grad := []float64{42, 42}
		f := l.RowGrad(grad, []float64{math.NaN(), 3}, []float64{0, 0})
		if !math.IsNaN(f) || !math.IsNaN(grad[0]) || grad[1] != 0.5 {
			t.Errorf("%T: RowGrad at a NaN output = %v, grad %v; want NaN, [NaN 0.5]", l, f, grad)
		}
	}
}

func TestHuberValidate(t *testing.T) {
	for _, d := range []float64{0, -1, math.NaN(), math.Inf(1), math.Inf(-1)} {
		err := losses.Huber{Delta: d}.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != "delta" {
			t.Errorf("Huber{Delta: %v}.Validate() = %v, want a SettingError on delta", d, err)
		}
	}
	for _, d := range []float64{1e-9, 1, 1e6} {
		if err := (losses.Huber{Delta: d}).Validate(); err != nil {
			t.Errorf("Huber{Delta: %v}.Validate() = %v", d, err)
		}
	}
	if got := (losses.Huber{Delta: 0.3}).Loss(); got != (losses.Huber{Delta: 0.3}) {
		t.Errorf("Huber{0.3}.Loss() = %#v, want the same delta", got)
	}
}
