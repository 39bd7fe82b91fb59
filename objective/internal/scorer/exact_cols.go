package scorer

import "math"

// addCols is
//
//	for i := range z {
//		for t := range w {
//			z[i] += float64(w[t] * src[off+t*stride+i])
//		}
//	}
//
// so each z[i] gets the same additions in the same order as Forward's loop
// over those inputs, and the same bits. Each product is rounded on its
// own, float64(w·src), as in Forward: without that a GOAMD64=v3 build
// fuses some of these terms into FMAs and not Forward's. On CPUs with AVX
// the rows in whole fours go through addColsAVX, every term of a row
// before the next rows, with the same operations per row; the rest, and
// every row without AVX, through the Go loop, four terms per pass so that
// z[i] is loaded and stored once per four.
func addCols(z, w, src []float64, off, stride int) {
	n := len(z)
	if len(w) == 0 || n == 0 {
		return
	}
	if n4 := n &^ 3; useAVX && n4 > 0 {
		// The kernel reads src[off+t·stride+i] for t < len(w), i < n4.
		last := off + (len(w)-1)*stride
		_ = src[last : last+n4]
		addColsAVX(&z[0], &src[off], stride, n4, &w[0], len(w))
		if n4 == n {
			return
		}
		z, off = z[n4:], off+n4
	}
	addColsGo(z, w, src, off, stride)
}

// addColsGo is addCols by the Go loop.
func addColsGo(z, w, src []float64, off, stride int) {
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

// addAbsCols is addCols with each term's magnitude, as outputScale adds
// them:
//
//	for i := range z {
//		for t := range w {
//			z[i] += math.Abs(w[t] * src[off+t*stride+i])
//		}
//	}
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

// absMax is
//
//	for _, a := range v {
//		mx = max(mx, math.Abs(a))
//	}
//	return mx
//
// For mx >= +0 it works on the bits: those of non-negative floats
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

// gatherCols is
//
//	for t := t0; t < n; t++ {
//		for i, r := range idx {
//			buf[t*len(idx)+i] = src[t*c.rows+int(r)]
//		}
//	}
//	return buf[:n*len(idx)]
//
// (columns t0..n-1 of column-major layer values src at rows idx), four
// columns per pass over idx.
func (c *Scorer) gatherCols(buf, src []float64, n, t0 int, idx []int32) []float64 {
	rows, nc := c.rows, len(idx)
	buf = buf[:n*nc]
	t := t0
	for ; t+4 <= n; t += 4 {
		c0 := src[t*rows : (t+1)*rows]
		c1 := src[(t+1)*rows : (t+2)*rows]
		c2 := src[(t+2)*rows : (t+3)*rows]
		c3 := src[(t+3)*rows : (t+4)*rows]
		c1, c2, c3 = c1[:len(c0)], c2[:len(c0)], c3[:len(c0)]
		g0 := buf[t*nc : (t+1)*nc]
		g1 := buf[(t+1)*nc : (t+2)*nc]
		g2 := buf[(t+2)*nc : (t+3)*nc]
		g3 := buf[(t+3)*nc : (t+4)*nc]
		g0, g1, g2, g3 = g0[:len(idx)], g1[:len(idx)], g2[:len(idx)], g3[:len(idx)]
		for i, r := range idx {
			g0[i], g1[i], g2[i], g3[i] = c0[r], c1[r], c2[r], c3[r]
		}
	}
	for ; t < n; t++ {
		col := src[t*rows : (t+1)*rows]
		g := buf[t*nc : (t+1)*nc]
		g = g[:len(idx)]
		for i, r := range idx {
			g[i] = col[r]
		}
	}
	return buf
}

// applyLayer applies hidden layer m's activation as Forward does.
func (c *Scorer) applyLayer(m int, a, z []float64) {
	c.ws.Activate(m-1, a, z)
}

// outputScaleCols is, for nc rows whose last hidden layer's activations
// are the columns a (row i's unit k at a[k·nc+i]),
//
//	for i := range nc {
//		t[i] = c.outputScale(row i of a)
//	}
//
// with the same operations in the same order per row, a column at a time;
// s is scratch of nc values. Output o's term magnitude of row idx[i] goes
// to terms[o·rows+idx[i]] (outTerms' places).
func (c *Scorer) outputScaleCols(t, s, a []float64, nc int, terms []float64, idx []int32) {
	nl := c.layers
	in, out := c.sizes[nl-1], c.sizes[nl]
	off := c.model.WeightOffset(nl - 1)
	w := c.x[off : off+in*out]
	b := c.x[off+in*out : off+in*out+out]
	t, s = t[:nc], s[:nc]
	clear(t)
	for o := range out {
		bo := math.Abs(b[o])
		for i := range s {
			s[i] = bo
		}
		addAbsCols(s, w[o*in:o*in+in], a, 0, nc)
		col := terms[o*c.rows : (o+1)*c.rows]
		for i, v := range s {
			t[i] += float64(v * v) // rounded as in outputScale
			col[idx[i]] = v
		}
	}
	fo := float64(out)
	for i := range t {
		t[i] /= fo
	}
}
