package stats

import (
	"math"
	"testing"
)

func TestSignTest(t *testing.T) {
	for _, c := range []struct {
		wins, losses int
		want         float64
	}{
		// n = 6, k = 1: (C(6,0) + C(6,1))/64 = 7/64, doubled 14/64;
		// scipy.stats.binomtest(5, 6).pvalue is 0.21875.
		{5, 1, 14.0 / 64},
		{1, 5, 14.0 / 64},
		// n = 6, k = 0: 2/64.
		{6, 0, 2.0 / 64},
		// n = 5, k = 0: 2/32, the floor of five pairs.
		{0, 5, 2.0 / 32},
		// n = 10, k = 2: (1 + 10 + 45)/1024 = 56/1024, doubled 112/1024.
		{8, 2, 112.0 / 1024},
		// Balanced: the tail is at least half; p is 1.
		{3, 3, 1},
		{2, 3, 1},
		{0, 0, 1},
		// n = 100, k = 0: 2/2^100 = 2^−99, exactly.
		{100, 0, math.Ldexp(1, -99)},
	} {
		if got := SignTest(c.wins, c.losses); got != c.want {
			t.Errorf("SignTest(%d, %d) = %g, want %g", c.wins, c.losses, got, c.want)
		}
	}
	// 10,000 pairs split 4,900 to 5,100: z = 200/50 = 2 by the normal
	// approximation, two-sided 0.0455; the exact p is a little above
	// (0.0461 with continuity correction). Only the size is checked.
	if got := SignTest(4900, 5100); got < 0.044 || got > 0.048 {
		t.Errorf("SignTest(4900, 5100) = %g, want about 0.046", got)
	}
}
