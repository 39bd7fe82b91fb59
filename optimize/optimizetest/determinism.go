package optimizetest

import (
	"fmt"
	"math"
	"slices"
)

// compareRuns reports the first step at which two runs parted.
func compareRuns(a, b []point) error {
	const same = "from the same start and Env.Rand seed (a method must draw only from Env.Rand)"
	for i := range min(len(a), len(b)) {
		p, q := a[i], b[i]
		for j := range p.x {
			if !sameFloat(p.x[j], q.x[j]) {
				return fmt.Errorf("after step %d, loc.X[%d] was %v in one run and %v in another %s", i+1, j, p.x[j], q.x[j], same)
			}
		}
		switch {
		case !sameFloat(p.f, q.f):
			return fmt.Errorf("after step %d, loc.F was %v in one run and %v in another %s", i+1, p.f, q.f, same)
		case p.status != q.status:
			return fmt.Errorf("step %d returned %v in one run and %v in another %s", i+1, p.status, q.status, same)
		}
	}
	if len(a) != len(b) {
		return fmt.Errorf("one run took %d steps, another %d %s", len(a), len(b), same)
	}
	return nil
}

// sameFloat reports whether a and b are the same float64 bit for bit, any
// NaN being the same as any other.
func sameFloat(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || math.IsNaN(a) && math.IsNaN(b)
}

func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, sameFloat)
}
