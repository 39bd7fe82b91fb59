package adamstep

import (
	"math"
	"math/big"
	"testing"
)

// exactPower is base^t rounded to float64 from the exact product: a
// float64 is m·2^e with an integer m, so base^t is m^t·2^(e·t), an
// integer times a power of two, rounded once.
func exactPower(base float64, t int) float64 {
	frac, exp := math.Frexp(base) // base = frac·2^exp, frac in [0.5, 1)
	m := new(big.Int).SetInt64(int64(frac * (1 << 53)))
	e := exp - 53
	p := new(big.Int).Exp(m, big.NewInt(int64(t)), nil)
	f := new(big.Float).SetPrec(uint(p.BitLen()) + 1).SetInt(p)
	f.SetMantExp(f, e*t)
	v, _ := f.Float64()
	return v
}

// The bias corrections' powers are correctly rounded for Adam's usual
// betas over three thousand steps, where math.Pow is not (0.9^4 is an ulp
// off), so this test would fail with math.Pow.
func TestPowerIsCorrectlyRounded(t *testing.T) {
	for _, base := range []float64{0.9, 0.999, 0.95, 0.5, 0} {
		var p power
		mismatches := 0
		for step := 1; step <= 3000; step++ {
			want := exactPower(base, step)
			if got := p.at(base, step); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("%v^%d = %v (%#x), correctly rounded %v (%#x)", base, step, got, math.Float64bits(got), want, math.Float64bits(want))
			}
			if math.Pow(base, float64(step)) != want {
				mismatches++
			}
		}
		if base == 0.9 && mismatches == 0 {
			t.Errorf("math.Pow matched every power of 0.9: the test shows nothing")
		}
	}
	// A base that changes, or a step that jumps, starts again.
	var p power
	p.at(0.9, 1)
	if got, want := p.at(0.8, 5), exactPower(0.8, 5); got != want {
		t.Errorf("0.8^5 after 0.9^1: %v, want %v", got, want)
	}
}
