package scorer

import "math"

// rangeLimit is the largest magnitude of an input, target, parameter,
// candidate or hidden activation for which the fast paths' error bounds
// are sound. Their bounds scale rounding by magnitudes and add products
// of up to four of them; beyond about 2^60 those overflow or, worse, a
// cached sum cancels (a 1e200 input's term taken out of its unit's sum
// leaves nothing of the others), and the bounds no longer hold. There, and
// for a non-finite input, every candidate is evaluated exactly, as the
// plain loop does: slower, never wrong.
const rangeLimit = 0x1p60

// beyond reports whether v is NaN or larger in magnitude than rangeLimit.
func beyond(v float64) bool { return !(math.Abs(v) <= rangeLimit) }

// anyBeyond reports whether some value of vs is beyond.
func anyBeyond(vs []float64) bool {
	for _, v := range vs {
		if beyond(v) {
			return true
		}
	}
	return false
}

// outOfRange reports whether the fast paths cannot score st's candidates:
// the data, a parameter, the current value, a finite candidate or a
// hidden layer's activations (colMax, which includes a deferred unit's
// while Choose scores from it) are beyond rangeLimit. Non-finite
// candidates are left to exact evaluations anyway.
func (c *Scorer) outOfRange(st *scoreState) bool {
	if c.dataBeyond || c.paramsBeyond || beyond(st.current) {
		return true
	}
	for _, v := range st.values {
		if finite(v) && beyond(v) {
			return true
		}
	}
	for m := 1; m < c.layers; m++ {
		if anyBeyond(c.colMax[m]) {
			return true
		}
	}
	return false
}
