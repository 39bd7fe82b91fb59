package stats

import (
	"math/big"
)

// SignTest is the exact two-sided sign test of wins against losses (ties
// left out): under the null hypothesis each of the n = wins + losses
// non-tied pairs is a win with probability ½, so the wins are
// Binomial(n, ½) and, with k = min(wins, losses),
//
//	p = min(1, 2 · Σ_{i=0..k} C(n, i) / 2^n),
//
// which for the symmetric binomial equals scipy.stats.binomtest's
// two-sided p (the sum over outcomes no more likely than the one seen).
// p is 1 when n is 0. It is computed in exact rational arithmetic and
// rounded once, so it is right for n of 10,000 repeats, whose terms
// float64 would underflow.
func SignTest(wins, losses int) float64 {
	n := wins + losses
	k := min(wins, losses)
	if n == 0 || 2*k >= n {
		// The lower tail then holds at least half the mass.
		return 1
	}
	tail := new(big.Int)
	c := big.NewInt(1) // C(n, i)
	for i := 0; i <= k; i++ {
		tail.Add(tail, c)
		c.Mul(c, big.NewInt(int64(n-i)))
		c.Quo(c, big.NewInt(int64(i+1)))
	}
	// 2·tail / 2^n = tail / 2^(n−1).
	p, _ := new(big.Rat).SetFrac(tail, new(big.Int).Lsh(big.NewInt(1), uint(n-1))).Float64()
	return p
}
