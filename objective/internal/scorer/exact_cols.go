package scorer

import "math"

// addCols adds, for every i, the terms w[t]·src[off + t·stride + i] to
// z[i], t in order: each z[i] gets the same additions in the same order
// as Forward's loop over those inputs, so the same bits. Four terms per
// pass, so that z[i] is loaded and stored once per four. Each product is
// rounded on its own, float64(w·src), as in Forward: without that a
// GOAMD64=v3 build fuses some of these terms into FMAs and not Forward's.
func addCols(z, w, src []float64, off, stride int) {
	n := len(z)
	t := 0
	for ; t+4 <= len(w); t += 4 {
		o := off + t*stride
		c0 := src[o : o+n]
		c1 := src[o+stride : o+stride+n]
		c2 := src[o+2*stride : o+2*stride+n]
		c3 := src[o+3*stride : o+3*stride+n]
		w0, w1, w2, w3 := w[t], w[t+1], w[t+2], w[t+3]
		for i := range z {
			s := z[i]
			s += float64(w0 * c0[i])
			s += float64(w1 * c1[i])
			s += float64(w2 * c2[i])
			s += float64(w3 * c3[i])
			z[i] = s
		}
	}
	if len(w)-t >= 2 {
		o := off + t*stride
		c0 := src[o : o+n]
		c1 := src[o+stride : o+stride+n]
		w0, w1 := w[t], w[t+1]
		for i := range z {
			s := z[i]
			s += float64(w0 * c0[i])
			s += float64(w1 * c1[i])
			z[i] = s
		}
		t += 2
	}
	if t < len(w) {
		o := off + t*stride
		c0 := src[o : o+n]
		w0 := w[t]
		for i := range z {
			z[i] += float64(w0 * c0[i])
		}
	}
}

// addAbsCols is addCols with each term's magnitude, |w[t]·a|, as
// outputScale adds them.
func addAbsCols(z, w, src []float64, off, stride int) {
	n := len(z)
	t := 0
	for ; t+4 <= len(w); t += 4 {
		o := off + t*stride
		c0 := src[o : o+n]
		c1 := src[o+stride : o+stride+n]
		c2 := src[o+2*stride : o+2*stride+n]
		c3 := src[o+3*stride : o+3*stride+n]
		w0, w1, w2, w3 := w[t], w[t+1], w[t+2], w[t+3]
		for i := range z {
			s := z[i]
			s += math.Abs(w0 * c0[i])
			s += math.Abs(w1 * c1[i])
			s += math.Abs(w2 * c2[i])
			s += math.Abs(w3 * c3[i])
			z[i] = s
		}
	}
	for ; t < len(w); t++ {
		o := off + t*stride
		c0 := src[o : o+n]
		w0 := w[t]
		for i := range z {
			z[i] += math.Abs(w0 * c0[i])
		}
	}
}

// absMax returns what mx = max(mx, math.Abs(a)) over v, in order, leaves
// in mx. For mx >= +0 it works on the bits: those of non-negative floats
// order as their values, and an integer max has no NaN and signed-zero
// cases to branch on. A NaN anywhere (its bits lie above +Inf's) falls
// back to the loop itself, so even its payload is the loop's.
func absMax(mx float64, v []float64) float64 {
	const inf = 0x7FF0000000000000
	const sign = 1 << 63
	b0 := math.Float64bits(mx)
	if b0 <= inf {
		b1 := b0
		i := 0
		for ; i+2 <= len(v); i += 2 {
			b0 = max(b0, math.Float64bits(v[i])&^sign)
			b1 = max(b1, math.Float64bits(v[i+1])&^sign)
		}
		if i < len(v) {
			b0 = max(b0, math.Float64bits(v[i])&^sign)
		}
		b0 = max(b0, b1)
		if b0 <= inf {
			return math.Float64frombits(b0)
		}
	}
	for _, a := range v {
		mx = max(mx, math.Abs(a))
	}
	return mx
}
