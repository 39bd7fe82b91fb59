package plateau

import (
	"math"
	"testing"
)

func plateau(factor float64, patience int, threshold float64) *Schedule {
	return New(&Config{Factor: &factor, Patience: &patience, Threshold: &threshold})
}

// feed steps s through losses from lr and returns the rate after each.
func feed(s *Schedule, lr float64, losses []float64) []float64 {
	rates := make([]float64, len(losses))
	for i, l := range losses {
		lr = s.Step(l, lr)
		rates[i] = lr
	}
	return rates
}

func checkRates(t *testing.T, name string, losses, got, want []float64) {
	t.Helper()
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("%s: after epoch %d (loss %v) rate %v, want %v (all: %v)", name, i+1, losses[i], got[i], want[i], got)
			return
		}
	}
}

// TestPlateauPatience follows ReduceLROnPlateau(mode="min", factor=0.5,
// patience=2, threshold=0.1, threshold_mode="rel"): an epoch improves when
// its loss is below best*(1-0.1); the rate is halved on the third
// consecutive epoch that does not, and the count starts again after a drop.
func TestPlateauPatience(t *testing.T) {
	losses := []float64{
		10,  // best inf -> 10, bad 0
		10,  // bad 1
		9.5, // 9.5 >= 10*0.9 = 9: too small to count, bad 2
		9.1, // bad 3 > patience: rate 0.5, bad 0
		9.2, // bad 1
		9.3, // bad 2
		9.4, // bad 3: rate 0.25, bad 0
		8.9, // 8.9 < 9: best 8.9, bad 0
		8.1, // 8.1 < 8.01? no: bad 1
		8.0, // 8.0 < 8.01: best 8, bad 0
		9,   // bad 1
		9,   // bad 2
		7.3, // 7.3 >= 7.2: bad 3, rate 0.125
	}
	want := []float64{1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.125}
	checkRates(t, "patience 2", losses, feed(plateau(0.5, 2, 0.1), 1, losses), want)
}

func TestPlateauNaNIsNoImprovement(t *testing.T) {
	nan := math.NaN()
	losses := []float64{nan, nan, 5, nan, 4, nan, nan}
	// patience 1: the second bad epoch in a row drops the rate.
	want := []float64{1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.01}
	got := feed(plateau(0.1, 1, 1e-4), 1, losses)
	for i := range want {
		if math.Abs(got[i]-want[i]) > 1e-15 {
			t.Fatalf("after epoch %d rate %v, want %v (all: %v)", i+1, got[i], want[i], got)
		}
	}
}

func TestPlateauZeroPatienceAndThreshold(t *testing.T) {
	// Patience 0 drops on every epoch that does not improve; threshold 0
	// counts any strict decrease, but not an equal loss.
	losses := []float64{3, 3, 2.999999, 2.999999, 4}
	want := []float64{1, 0.5, 0.5, 0.25, 0.125}
	checkRates(t, "patience 0", losses, feed(plateau(0.5, 0, 0), 1, losses), want)
}

func TestPlateauNegativeLosses(t *testing.T) {
	// In rel mode the bound is best*(1-threshold) whatever best's sign, as
	// in PyTorch: after best -10, -10.5 is below -9 and counts; -8 does not.
	losses := []float64{-10, -8, -10.5, -8}
	want := []float64{1, 0.5, 0.5, 0.25}
	checkRates(t, "negative", losses, feed(plateau(0.5, 0, 0.1), 1, losses), want)
}

func TestPlateauStopsAtNegligibleRate(t *testing.T) {
	// PyTorch skips a reduction smaller than eps = 1e-8: from 1e-8 with
	// factor 0.1 the drop would be 9e-9, so the rate stays.
	s := plateau(0.1, 0, 1e-4)
	lr := s.Step(1, 1e-8) // improvement
	for range 3 {
		lr = s.Step(1, lr)
	}
	if lr != 1e-8 {
		t.Errorf("rate %v, want it to stay 1e-8", lr)
	}
	// From 1e-7 the drop is 9e-8 and happens.
	if lr := s.Step(1, 1e-7); math.Abs(lr-1e-8) > 1e-22 {
		t.Errorf("rate %v after a drop from 1e-7, want 1e-8", lr)
	}
}

func TestPlateauDefaults(t *testing.T) {
	s := New(&Config{})
	if s.factor != 0.1 || s.patience != 10 || s.threshold != 1e-4 || !math.IsInf(s.best, 1) || s.bad != 0 {
		t.Errorf("defaults %+v, want PyTorch's factor 0.1, patience 10, threshold 1e-4, best +Inf", *s)
	}
}
