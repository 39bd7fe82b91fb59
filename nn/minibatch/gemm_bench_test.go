package minibatch

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkGemm times the kernels, gonum's and the assembly ones, at
// the shapes of an Adam minibatch of 784-64-10 in batches of 128: NN is
// the first layer's forward product (128 x 784 inputs times 784 x 64
// weights), TN its weights' gradient (the 128 x 64 deltas, transposed,
// times the 128 x 784 inputs). A quarter of the values are 0 (randSlice).
func BenchmarkGemm(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	const rows, in, units = 128, 784, 64
	x := randSlice(rng, rows*in)     // inputs, rows x in
	w := randSlice(rng, in*units)    // weights transposed, in x units
	d := randSlice(rng, rows*units)  // deltas, rows x units
	z := make([]float64, rows*units) // NN's C
	gw := make([]float64, units*in)  // TN's C
	defer func(old int) { kernels = old }(kernels)
	for _, set := range []int{gonumKernels, avxKernels, avx512Kernels} {
		if !hasKernels(set) {
			continue
		}
		b.Run("NN/"+kernelNames[set], func(b *testing.B) {
			kernels = set
			for b.Loop() {
				gemmNN(rows, units, in, x, in, w, units, z, units)
			}
		})
		b.Run("TN/"+kernelNames[set], func(b *testing.B) {
			kernels = set
			for b.Loop() {
				gemmTN(units, in, rows, d, units, x, in, gw, in)
			}
		})
	}
}
