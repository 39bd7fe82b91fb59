package scorer

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// kinksBelow must count what its loop counts, for 0 to 40 kinks with
// repeats, at, between and beyond them, at ±Inf and at NaN.
func TestKinksBelowIsItsLoop(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	loop := func(kinks []float64, v float64) int {
		n := 0
		for _, k := range kinks {
			if k < v {
				n++
			}
		}
		return n
	}
	for trial := range 3000 {
		kinks := make([]float64, trial%41)
		for i := range kinks {
			kinks[i] = float64(rng.IntN(9)) - 4 + 0.5*float64(rng.IntN(2))
		}
		slices.Sort(kinks)
		for _, v := range []float64{math.Inf(-1), math.Inf(1), math.NaN(), -5, 5, 0, rng.NormFloat64() * 3, float64(rng.IntN(9)) - 4} {
			if got, want := kinksBelow(kinks, v), loop(kinks, v); got != want {
				t.Fatalf("kinksBelow(%v, %v) = %d, its loop %d", kinks, v, got, want)
			}
		}
	}
}

// sortKinks must leave what insertionSort leaves, kinks and units, and
// count its moves, for 0 to 40 finite kinks with repeats and both zeros,
// by the AVX kernel and by the Go loop.
func TestSortKinksIsInsertionSort(t *testing.T) {
	defer func(keep bool) { setAVX(keep) }(useAVX)
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 8000 {
		setAVX(trial%2 == 0)
		n := trial / 2 % 41
		kinks, units := make([]float64, n), make([]int32, n)
		for i := range kinks {
			switch rng.IntN(4) {
			case 0:
				kinks[i] = float64(rng.IntN(5)) - 2
			case 1:
				kinks[i] = math.Copysign(0, -1)
			default:
				kinks[i] = rng.NormFloat64() * 1e3
			}
			units[i] = int32(i)
		}
		wantK, wantU := slices.Clone(kinks), slices.Clone(units)
		wantMoves := insertionSort(wantK, wantU)
		var sc sortScratch
		sc.grow(n)
		moves := sortKinks(kinks, units, &sc)
		if moves != wantMoves || !slices.Equal(units, wantU) {
			t.Fatalf("%v: moves %d, units %v; insertionSort's %d, %v", wantK, moves, units, wantMoves, wantU)
		}
		for i := range kinks {
			if math.Float64bits(kinks[i]) != math.Float64bits(wantK[i]) {
				t.Fatalf("kinks %v, insertionSort's %v", kinks, wantK)
			}
		}
	}
}
