package nn

// Workspace holds one row's activations for Forward and Backward so that
// the hot loops do not allocate. It is not safe for concurrent use.
type Workspace struct {
	sizes []int
	// starts[l] is layer l's first parameter index.
	starts []int
	// units[l] is where layer l's units begin in pre, post and delta; layer
	// 0 is the input.
	units []int
	// pre holds pre-activations, post the activations (the input copied
	// for layer 0), delta dLoss/dpre during Backward.
	pre, post, delta []float64
	acts             []Activation
	// layerActs[l] is acts[l] as a LayerActivation, or nil, resolved once
	// here rather than by a type assertion per row.
	layerActs []LayerActivation
}

// NewWorkspace returns scratch space for m.
func (m *MLP) NewWorkspace() *Workspace {
	n := len(m.Sizes)
	ws := &Workspace{
		sizes:     append([]int(nil), m.Sizes...),
		starts:    make([]int, n),
		units:     make([]int, n+1),
		acts:      append([]Activation(nil), m.Activations...),
		layerActs: make([]LayerActivation, len(m.Activations)),
	}
	for l := range n {
		ws.starts[l] = m.start(l)
		ws.units[l+1] = ws.units[l] + m.Sizes[l]
	}
	total := ws.units[n]
	ws.pre = make([]float64, total)
	ws.post = make([]float64, total)
	ws.delta = make([]float64, total)
	for l, a := range ws.acts {
		if la, ok := a.(LayerActivation); ok {
			ws.layerActs[l] = la
		}
	}
	return ws
}

func (ws *Workspace) layer(buf []float64, l int) []float64 {
	return buf[ws.units[l]:ws.units[l+1]]
}

// Pre returns layer l's pre-activations from the last Forward on ws (layer
// Layers() holds the outputs). The fast scorer (package objective) copies
// them into its cache; the slice belongs to ws.
func (ws *Workspace) Pre(l int) []float64 { return ws.layer(ws.pre, l) }

// Post returns layer l's activations from the last Forward on ws (layer 0
// holds the input). The slice belongs to ws.
func (ws *Workspace) Post(l int) []float64 { return ws.layer(ws.post, l) }

// Forward computes the outputs for one row x. The returned slice belongs to
// ws and is overwritten by the next call.
func (m *MLP) Forward(ws *Workspace, params, x []float64) []float64 {
	copy(ws.layer(ws.post, 0), x[:ws.sizes[0]])
	return m.forwardFrom(ws, params, 0)
}

// ForwardFrom is Forward for a row whose first layer's pre-activations
// pre1 are known, bit for bit as Forward computes them at params (a cache
// kept by UnitPreRows): it runs the layers after the first, so the
// outputs, and every later layer's values in ws, are Forward's. The
// input's values in ws (Post(0)) are not set. The net needs a hidden layer:
// without one, pre1 would be the outputs.
func (m *MLP) ForwardFrom(ws *Workspace, params, pre1 []float64) []float64 {
	z := ws.layer(ws.pre, 1)
	copy(z, pre1[:len(z)])
	ws.Activate(0, ws.layer(ws.post, 1), z)
	return m.forwardFrom(ws, params, 1)
}

// forwardFrom runs linear layers from first on, from ws's activations of
// layer first.
func (m *MLP) forwardFrom(ws *Workspace, params []float64, first int) []float64 {
	sizes := ws.sizes
	last := len(sizes) - 2
	var out []float64
	for l := first; l <= last; l++ {
		in, n := sizes[l], sizes[l+1]
		off := ws.starts[l]
		w := params[off : off+in*n]
		b := params[off+in*n : off+in*n+n]
		src := ws.layer(ws.post, l)
		z := ws.layer(ws.pre, l+1)
		z = z[:len(b)]
		if Blocked(l, in) {
			blockedSums(z, w, b, src)
		} else {
			runningSums(z, w, b, src[:in])
		}
		if l == last {
			// The output layer is linear, so its pre-activations are
			// the outputs.
			out = z
			break
		}
		ws.Activate(l, ws.layer(ws.post, l+1), z)
	}
	return out
}

// runningSums is
//
//	for j := range z {
//		s := b[j]
//		for i, v := range w[j*in : j*in+in] {
//			s += float64(v * src[i])
//		}
//		z[j] = s
//	}
//
// with in = len(src): one running sum per unit in input order, four units
// at a time (fourSums). float64(...) rounds the product before the sum,
// so that no build fuses it into an FMA (GOAMD64=v3 may fuse x*y + z) and
// the unit cache's exact sums, which repeat this one term by term, give
// the same bits.
func runningSums(z, w, b, src []float64) {
	in := len(src)
	j := 0
	for ; j+4 <= len(z); j += 4 {
		z[j], z[j+1], z[j+2], z[j+3] = fourSums(b[j], b[j+1], b[j+2], b[j+3],
			w[j*in:j*in+in], w[(j+1)*in:(j+1)*in+in], w[(j+2)*in:(j+2)*in+in], w[(j+3)*in:(j+3)*in+in], src)
	}
	for ; j < len(z); j++ {
		z[j] = oneSum(b[j], w[j*in:j*in+in], src)
	}
}

// fourSums is oneSum for four units at once, from s0..s3 with weights
// w0..w3: four independent chains of additions, each in input order, so
// each unit's bits are oneSum's, while the adder works on one chain as
// another waits for its previous sum (on 784-64-10, a third of the time
// per row). The weights are at least len(x) long.
func fourSums(s0, s1, s2, s3 float64, w0, w1, w2, w3, x []float64) (float64, float64, float64, float64) {
	// Re-slicing to x's length lets the compiler drop the bounds checks
	// in the loop.
	w0, w1, w2, w3 = w0[:len(x)], w1[:len(x)], w2[:len(x)], w3[:len(x)]
	for i, v := range x {
		s0 += float64(w0[i] * v)
		s1 += float64(w1[i] * v)
		s2 += float64(w2[i] * v)
		s3 += float64(w3[i] * v)
	}
	return s0, s1, s2, s3
}

// oneSum is s plus the terms w[i]·x[i] in input order, each product
// rounded before it is added (see runningSums).
func oneSum(s float64, w, x []float64) float64 {
	w = w[:len(x)]
	for i, v := range x {
		s += float64(w[i] * v)
	}
	return s
}

// Activate sets a to hidden layer l+1's activation of z: ApplyLayer when
// the activation has it, else Apply per unit. It is exported for the fast
// scorer (package objective), which must apply an activation exactly as
// Forward does to give Forward's bits.
func (ws *Workspace) Activate(l int, a, z []float64) {
	if la := ws.layerActs[l]; la != nil {
		la.ApplyLayer(a, z)
		return
	}
	act := ws.acts[l]
	for j, v := range z {
		a[j] = act.Apply(v)
	}
}

// Backward back-propagates dout (dLoss/doutputs of the last Forward on ws)
// and adds dLoss/dparams to grad. It returns the multiply-adds it
// performed: a unit whose delta is zero (common behind a ReLU) adds
// nothing and costs nothing, so the count is the work done, at most
// 2·MultiplyAdds less the first layer's (whose inputs need no delta).
func (m *MLP) Backward(ws *Workspace, params, dout, grad []float64) int {
	work := 0
	sizes := ws.sizes
	last := len(sizes) - 2
	copy(ws.layer(ws.delta, last+1), dout[:sizes[last+1]])
	for l := last; l >= 0; l-- {
		in, n := sizes[l], sizes[l+1]
		off := ws.starts[l]
		gw := grad[off : off+in*n]
		gb := grad[off+in*n : off+in*n+n]
		src := ws.layer(ws.post, l)
		d := ws.layer(ws.delta, l+1)
		d = d[:len(gb)]
		for j, dj := range d {
			gb[j] += dj
			if dj == 0 {
				// Common behind a ReLU; the row's contribution is zero.
				continue
			}
			work += in
			grow := gw[j*in : j*in+in]
			src := src[:len(grow)]
			for i := range grow {
				grow[i] += dj * src[i]
			}
		}
		if l == 0 {
			break
		}
		w := params[off : off+in*n]
		prev := ws.layer(ws.delta, l)
		clear(prev)
		for j, dj := range d {
			if dj == 0 {
				continue
			}
			work += in
			row := w[j*in : j*in+in]
			prev := prev[:len(row)]
			for i, v := range row {
				prev[i] += v * dj
			}
		}
		z, a := ws.layer(ws.pre, l), ws.layer(ws.post, l)
		if la := ws.layerActs[l-1]; la != nil {
			la.ScaleByDerivative(prev, z, a)
		} else {
			act := ws.acts[l-1]
			a := a[:len(prev)]
			z := z[:len(prev)]
			for i := range prev {
				prev[i] *= act.Derivative(z[i], a[i])
			}
		}
	}
	return work
}
