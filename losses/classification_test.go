package losses_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/losses"
)

func TestCrossEntropy(t *testing.T) {
	ce := losses.CrossEntropy{}
	ln2 := math.Ln2
	// Logits (0, ln 2, 0): exp gives (1, 2, 1), logsumexp ln 4, so class 1
	// costs ln 4 - ln 2 = ln 2 and class 0 costs ln 4. The gradient is
	// softmax (1/4, 1/2, 1/4) minus the one-hot target.
	out := []float64{0, ln2, 0}
	checkLoss(t, "ce class 1", ce, out, []float64{1}, ln2, []float64{0.25, -0.5, 0.25})
	checkLoss(t, "ce class 0", ce, out, []float64{0}, 2*ln2, []float64{-0.75, 0.5, 0.25})
	// Equal logits over two classes: ln 2 whatever they are.
	checkLoss(t, "ce equal", ce, []float64{-1000, -1000}, []float64{1}, ln2, []float64{0.5, -0.5})
	checkLoss(t, "ce equal big", ce, []float64{700, 700}, []float64{0}, ln2, []float64{-0.5, 0.5})
	checkLoss(t, "ce equal huge", ce, []float64{1e16, 1e16, 1e16, 1e16}, []float64{3}, 2*ln2, []float64{0.25, 0.25, 0.25, -0.75})
}

func TestCrossEntropyLargeLogits(t *testing.T) {
	ce := losses.CrossEntropy{}
	// exp(1000) overflows; logsumexp(1000, 0) = 1000 + log(1 + e^-1000),
	// which is 1000 in float64. The right class costs e^-1000 = 0.
	checkLoss(t, "ce [1000 0] wrong", ce, []float64{1000, 0}, []float64{1}, 1000, []float64{1, -1})
	checkLoss(t, "ce [1000 0] right", ce, []float64{1000, 0}, []float64{0}, 0, []float64{0, 0})
	// Only the difference of the logits matters: shifting both by 1000
	// gives the loss of (1, 0), log(1 + e^-1) for class 0.
	want := math.Log1p(math.Exp(-1))
	for _, shift := range []float64{0, 1000, -1000} {
		got := ce.Row([]float64{1 + shift, shift}, []float64{0})
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("ce (1, 0) shifted by %v = %v, want %v", shift, got, want)
		}
	}
}

func TestCrossEntropyBadClass(t *testing.T) {
	ce := losses.CrossEntropy{}
	out := []float64{0.1, 0.2, 0.3}
	for _, c := range []float64{-1, 3, 4, 1.5, 0.25, math.NaN(), math.Inf(1)} {
		if got := ce.Row(out, []float64{c}); !math.IsNaN(got) {
			t.Errorf("Row with class %v = %v, want NaN", c, got)
		}
		grad := []float64{0, 0, 0}
		if got := ce.RowGrad(grad, out, []float64{c}); !math.IsNaN(got) {
			t.Errorf("RowGrad with class %v = %v, want NaN", c, got)
		}
		for k, g := range grad {
			if !math.IsNaN(g) {
				t.Errorf("class %v: grad[%d] = %v, want NaN", c, k, g)
			}
		}
	}
}

func TestZeroOne(t *testing.T) {
	z := losses.ZeroOne{}
	cases := []struct {
		out    []float64
		target float64
		want   float64
	}{
		{[]float64{0.1, 0.9, 0.3}, 1, 0},
		{[]float64{0.1, 0.9, 0.3}, 0, 1},
		{[]float64{0.1, 0.9, 0.3}, 2, 1},
		{[]float64{0.5, 0.5}, 0, 0}, // a tie goes to the lowest index
		{[]float64{0.5, 0.5}, 1, 1},
		{[]float64{-3, -2}, 1, 0},
		{[]float64{0.1, 0.9}, 5, 1},   // out of range is never right
		{[]float64{0.1, 0.9}, 1.5, 1}, // nor is a fraction (not class 1)
		{[]float64{0.9, 0.1}, 0.5, 1}, // (not class 0)
		{[]float64{0.9, 0.1}, math.NaN(), 1},
	}
	for _, c := range cases {
		target := []float64{c.target}
		if got := z.Row(c.out, target); got != c.want {
			t.Errorf("zero_one Row(%v, %v) = %v, want %v", c.out, c.target, got, c.want)
		}
		grad := make([]float64, len(c.out))
		for i := range grad {
			grad[i] = 42
		}
		if got := z.RowGrad(grad, c.out, target); got != c.want {
			t.Errorf("zero_one RowGrad(%v, %v) returned %v, want %v", c.out, c.target, got, c.want)
		}
		for k, g := range grad {
			if g != 0 {
				t.Errorf("zero_one grad[%d] = %v, want 0", k, g)
			}
		}
	}
}
