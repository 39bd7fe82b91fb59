package datasets

import (
	"math/bits"
	"math/rand/v2"
	"slices"
)

// pcgTestRows is the test half of Split written out by hand: Fisher-Yates
// from the end with unbiased bounded draws from the same PCG, then the last
// nTest indices sorted. If a Go release changes how Shuffle draws, this
// fails, which is the point: every recorded split would change with it.
func pcgTestRows(rows, nTest int, seed uint64) []int {
	src := rand.NewPCG(seed, 0x5eed5eed)
	perm := make([]int, rows)
	for i := range perm {
		perm[i] = i
	}
	for i := rows - 1; i > 0; i-- {
		j := boundedDraw(src, uint64(i+1))
		perm[i], perm[j] = perm[j], perm[i]
	}
	return slices.Sorted(slices.Values(perm[rows-nTest:]))
}

// boundedDraw is Lemire's multiply-and-reject reduction to [0, n), with the
// power-of-two shortcut, as math/rand/v2 specifies it.
func boundedDraw(src rand.Source, n uint64) int {
	if n&(n-1) == 0 {
		return int(src.Uint64() & (n - 1))
	}
	hi, lo := bits.Mul64(src.Uint64(), n)
	if lo < n {
		thresh := -n % n
		for lo < thresh {
			hi, lo = bits.Mul64(src.Uint64(), n)
		}
	}
	return int(hi)
}
