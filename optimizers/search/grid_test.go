package search_test

import (
	"math/rand/v2"
	"testing"

	"github.com/nnexp/nnexp/optimizers/search"
)

func TestGridHandComputed(t *testing.T) {
	cases := []struct {
		lo, hi float64
		steps  int
		want   []float64
	}{
		{-5, 5, 5, []float64{-5, -2.5, 0, 2.5, 5}},
		{0, 1, 3, []float64{0, 0.5, 1}},
		{-1, 2, 4, []float64{-1, 0, 1, 2}},
		{-4, 4, 2, []float64{-4, 4}},
		// step = 2.1/2 = 1.05, and -3 + 2*1.05 rounds to -0.8999999999999999;
		// the last point must still be -0.9 exactly.
		{-3, -0.9, 3, []float64{-3, -1.95, -0.9}},
	}
	for _, c := range cases {
		got := search.Grid(c.lo, c.hi, c.steps)
		if len(got) != len(c.want) {
			t.Fatalf("Grid(%g, %g, %d) = %v, want %v", c.lo, c.hi, c.steps, got, c.want)
		}
		for k := range got {
			if got[k] != c.want[k] {
				t.Errorf("Grid(%g, %g, %d)[%d] = %.17g, want %.17g", c.lo, c.hi, c.steps, k, got[k], c.want[k])
			}
		}
	}
}

func TestGridNotebookDefault(t *testing.T) {
	g := search.Grid(-5, 5, 100)
	if len(g) != 100 || g[0] != -5 || g[99] != 5 {
		t.Fatalf("ends %v..%v (len %d), want -5..5 (len 100)", g[0], g[len(g)-1], len(g))
	}
	// 100 points on [-5, 5] are 10/99 apart and straddle 0 at k = 49, 50.
	if d := g[1] - g[0]; d < 10.0/99-1e-15 || d > 10.0/99+1e-15 {
		t.Errorf("spacing %.17g, want 10/99", d)
	}
	if !(g[49] < 0 && g[50] > 0) || g[49] != -g[50] {
		t.Errorf("g[49], g[50] = %.17g, %.17g, want symmetric about 0", g[49], g[50])
	}
}

func TestGridEndsAndOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 200 {
		lo := rng.Float64()*20 - 10
		hi := lo + rng.Float64()*10 + 1e-3
		steps := 2 + rng.IntN(300)
		g := search.Grid(lo, hi, steps)
		if len(g) != steps || g[0] != lo || g[steps-1] != hi {
			t.Fatalf("Grid(%v, %v, %d): ends %v, %v", lo, hi, steps, g[0], g[steps-1])
		}
		for k := 1; k < steps; k++ {
			if !(g[k] > g[k-1]) {
				t.Fatalf("Grid(%v, %v, %d) not increasing at %d", lo, hi, steps, k)
			}
		}
	}
	if g := search.Grid(0, 1, 0); g != nil {
		t.Errorf("Grid with 0 steps = %v, want nil", g)
	}
}
