package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// MLP is a fully connected network: Sizes[0] inputs, hidden layers of
// Sizes[1:len-1] units each followed by its Activation, and a linear output
// layer of Sizes[len-1] units.
//
// Parameters live in one flat vector, layer by layer; within a layer the
// weights come first, row-major as PyTorch stores them (one row of Sizes[l]
// inputs per output unit), then the biases.
//
// Sizes and Activations must not change once the MLP is in use.
type MLP struct {
	Sizes       []int
	Activations []Activation
	// starts[l] is the index of layer l's first parameter, starts[Layers()]
	// is NumParams; nil for an MLP built as a literal, which recomputes.
	starts []int
}

// NewMLP checks the shape and returns the network.
func NewMLP(inputs int, hidden []int, acts []Activation, outputs int) (*MLP, error) {
	if inputs < 1 {
		return nil, fmt.Errorf("nn: a network needs at least 1 input, got %d", inputs)
	}
	if outputs < 1 {
		return nil, fmt.Errorf("nn: a network needs at least 1 output, got %d", outputs)
	}
	if len(acts) != len(hidden) {
		return nil, fmt.Errorf("nn: %d hidden layers but %d activations; each hidden layer needs one", len(hidden), len(acts))
	}
	for l, n := range hidden {
		if n < 1 {
			return nil, fmt.Errorf("nn: hidden layer %d has %d units; it needs at least 1", l+1, n)
		}
		if acts[l] == nil {
			return nil, fmt.Errorf("nn: hidden layer %d has no activation", l+1)
		}
	}
	sizes := make([]int, 0, len(hidden)+2)
	sizes = append(sizes, inputs)
	sizes = append(sizes, hidden...)
	sizes = append(sizes, outputs)
	m := &MLP{Sizes: sizes, Activations: append([]Activation(nil), acts...)}
	m.starts = m.layerStarts()
	return m, nil
}

// layerStarts computes the first parameter index of every layer, and the
// total after the last.
func (m *MLP) layerStarts() []int {
	starts := make([]int, len(m.Sizes))
	for l := 0; l+1 < len(m.Sizes); l++ {
		starts[l+1] = starts[l] + (m.Sizes[l]+1)*m.Sizes[l+1]
	}
	return starts
}

// start is the index of layer l's first parameter (l == Layers() gives
// NumParams).
func (m *MLP) start(l int) int {
	if len(m.starts) == len(m.Sizes) {
		return m.starts[l]
	}
	off := 0
	for k := 0; k < l; k++ {
		off += (m.Sizes[k] + 1) * m.Sizes[k+1]
	}
	return off
}

// NumParams is the length of the parameter vector.
func (m *MLP) NumParams() int { return m.start(m.Layers()) }

// MultiplyAdds is the multiply-adds Forward performs for one row, the
// weights' count: every weight is one product added to its unit's sum.
// It is the unit of cost (package objective): a forward pass over n rows
// is n·MultiplyAdds of work.
func (m *MLP) MultiplyAdds() int {
	n := 0
	for l := 0; l+1 < len(m.Sizes); l++ {
		n += m.Sizes[l] * m.Sizes[l+1]
	}
	return n
}

// Layers is the number of linear layers (hidden layers + 1).
func (m *MLP) Layers() int { return len(m.Sizes) - 1 }

// WeightOffset is the index of layer l's first weight (l from 0).
func (m *MLP) WeightOffset(l int) int { return m.start(l) }

// BiasOffset is the index of layer l's first bias.
func (m *MLP) BiasOffset(l int) int { return m.start(l) + m.Sizes[l]*m.Sizes[l+1] }

// Locate returns the linear layer holding parameter i (0 from the inputs)
// and i's index within that layer's weights and biases, or layer -1 when
// i is out of range.
func (m *MLP) Locate(i int) (layer, within int) {
	if i < 0 {
		return -1, 0
	}
	for l := 0; l < m.Layers(); l++ {
		if end := m.start(l + 1); i < end {
			return l, i - m.start(l)
		}
	}
	return -1, 0
}

// IsBias reports whether parameter i is a bias.
func (m *MLP) IsBias(i int) bool {
	l, k := m.Locate(i)
	return l >= 0 && k >= m.Sizes[l]*m.Sizes[l+1]
}

// ParamName names parameter i for people: "layer1.weight[2,3]" (output
// unit 2, input 3) or "layer2.bias[0]", layers counted from 1.
func (m *MLP) ParamName(i int) string {
	l, k := m.Locate(i)
	if l < 0 {
		return fmt.Sprintf("param[%d]", i)
	}
	in, out := m.Sizes[l], m.Sizes[l+1]
	if k < in*out {
		return fmt.Sprintf("layer%d.weight[%d,%d]", l+1, k/in, k%in)
	}
	return fmt.Sprintf("layer%d.bias[%d]", l+1, k-in*out)
}

// Range is a closed interval [Lo, Hi] for uniform initialisation.
type Range struct{ Lo, Hi float64 }

// Init fills params. A nil range uses PyTorch nn.Linear's default for that
// layer, U(-1/sqrt(fan_in), 1/sqrt(fan_in)); otherwise U(Lo, Hi). Values are
// drawn in parameter order, so the same rng state gives the same vector.
func (m *MLP) Init(params []float64, rng *rand.Rand, weights, biases *Range) {
	for l := 0; l < m.Layers(); l++ {
		in, out := m.Sizes[l], m.Sizes[l+1]
		// PyTorch's kaiming_uniform_(a=sqrt(5)) bound, gain*sqrt(3/fan_in)
		// with gain sqrt(1/3), simplifies to 1/sqrt(fan_in); the bias uses
		// the same bound.
		bound := 1 / math.Sqrt(float64(in))
		def := Range{-bound, bound}
		w, b := def, def
		if weights != nil {
			w = *weights
		}
		if biases != nil {
			b = *biases
		}
		off := m.start(l)
		fillUniform(params[off:off+in*out], rng, w)
		fillUniform(params[off+in*out:off+in*out+out], rng, b)
	}
}

func fillUniform(dst []float64, rng *rand.Rand, r Range) {
	width := r.Hi - r.Lo
	for i := range dst {
		dst[i] = r.Lo + width*rng.Float64()
	}
}
