package nn_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/nn"
)

func TestNewMLPRejectsBadShapes(t *testing.T) {
	relu := activations.ReLU
	cases := []struct {
		name    string
		inputs  int
		hidden  []int
		acts    []nn.Activation
		outputs int
	}{
		{"no inputs", 0, []int{3}, []nn.Activation{relu}, 1},
		{"no outputs", 2, []int{3}, []nn.Activation{relu}, 0},
		{"empty hidden layer", 2, []int{3, 0}, []nn.Activation{relu, relu}, 1},
		{"negative hidden layer", 2, []int{-1}, []nn.Activation{relu}, 1},
		{"too few activations", 2, []int{3, 4}, []nn.Activation{relu}, 1},
		{"too many activations", 2, []int{3}, []nn.Activation{relu, relu}, 1},
		{"nil activation", 2, []int{3}, []nn.Activation{nil}, 1},
	}
	for _, c := range cases {
		m, err := nn.NewMLP(c.inputs, c.hidden, c.acts, c.outputs)
		if err == nil {
			t.Errorf("%s: NewMLP returned %v and no error", c.name, m.Sizes)
			continue
		}
		if !strings.HasPrefix(err.Error(), "nn: ") {
			t.Errorf("%s: error %q lacks the nn: prefix", c.name, err)
		}
	}
}

func TestNewMLPCopiesItsArguments(t *testing.T) {
	hidden := []int{3}
	acts := []nn.Activation{activations.Tanh}
	m, err := nn.NewMLP(2, hidden, acts, 1)
	if err != nil {
		t.Fatal(err)
	}
	hidden[0] = 7
	acts[0] = activations.ReLU
	if m.Sizes[1] != 3 || m.Activations[0] != activations.Tanh {
		t.Errorf("MLP shares the caller's slices: Sizes %v", m.Sizes)
	}
	if want := []int{2, 3, 1}; !slices.Equal(m.Sizes, want) {
		t.Errorf("Sizes = %v, want %v", m.Sizes, want)
	}
}

func TestLinearModelHasNoHiddenLayer(t *testing.T) {
	m, err := nn.NewMLP(3, nil, nil, 2)
	if err != nil {
		t.Fatal(err)
	}
	if m.Layers() != 1 || m.NumParams() != 8 {
		t.Errorf("Layers %d NumParams %d, want 1 and 8", m.Layers(), m.NumParams())
	}
}

// The 2-3-1 net: layer 1 has 6 weights (3 rows of 2) then 3 biases, layer 2
// has 3 weights then 1 bias.
func TestLayoutOf231(t *testing.T) {
	built, err := nn.NewMLP(2, []int{3}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	// A literal has no precomputed offsets and must agree.
	literal := &nn.MLP{Sizes: []int{2, 3, 1}, Activations: []nn.Activation{activations.ReLU}}
	for _, m := range []*nn.MLP{built, literal} {
		if got := m.NumParams(); got != 13 {
			t.Errorf("NumParams = %d, want 13", got)
		}
		offsets := [][2]int{{m.WeightOffset(0), 0}, {m.BiasOffset(0), 6}, {m.WeightOffset(1), 9}, {m.BiasOffset(1), 12}}
		for k, o := range offsets {
			if o[0] != o[1] {
				t.Errorf("offset %d = %d, want %d", k, o[0], o[1])
			}
		}
		for i := range 13 {
			want := i == 6 || i == 7 || i == 8 || i == 12
			if m.IsBias(i) != want {
				t.Errorf("IsBias(%d) = %v, want %v", i, !want, want)
			}
		}
		if m.IsBias(-1) || m.IsBias(13) {
			t.Error("IsBias is true outside the vector")
		}
		names := map[int]string{
			0: "layer1.weight[0,0]", 1: "layer1.weight[0,1]", 2: "layer1.weight[1,0]",
			5: "layer1.weight[2,1]", 6: "layer1.bias[0]", 8: "layer1.bias[2]",
			9: "layer2.weight[0,0]", 11: "layer2.weight[0,2]", 12: "layer2.bias[0]",
		}
		for i, want := range names {
			if got := m.ParamName(i); got != want {
				t.Errorf("ParamName(%d) = %q, want %q", i, got, want)
			}
		}
	}
}

// Forward must read the weights in the order ParamName describes: a path
// through layer1.weight[2,1] and layer2.weight[0,2] alone carries input 1.
func TestForwardFollowsNamedLayout(t *testing.T) {
	m, err := nn.NewMLP(2, []int{3}, []nn.Activation{activations.Identity}, 1)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	for i := range params {
		switch m.ParamName(i) {
		case "layer1.weight[2,1]":
			params[i] = 3
		case "layer2.weight[0,2]":
			params[i] = 2
		case "layer2.bias[0]":
			params[i] = 0.5
		}
	}
	out := m.Forward(m.NewWorkspace(), params, []float64{5, 7})
	if want := 7*3*2 + 0.5; out[0] != want {
		t.Errorf("output %v, want %v", out[0], want)
	}
}

func TestInitDefaultIsPyTorchBound(t *testing.T) {
	m, err := nn.NewMLP(100, []int{50}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rand.New(rand.NewPCG(1, 2)), nil, nil)
	check := func(name string, vals []float64, fanIn int) {
		bound := 1 / math.Sqrt(float64(fanIn))
		largest := 0.0
		for _, v := range vals {
			if math.Abs(v) > bound {
				t.Fatalf("%s value %v outside ±%v", name, v, bound)
			}
			largest = max(largest, math.Abs(v))
		}
		// With this many uniform draws the largest lies close to the
		// bound; a narrower range would fail here.
		if largest < 0.8*bound {
			t.Errorf("%s: largest |value| %v, expected near %v", name, largest, bound)
		}
	}
	check("layer1 weights", params[m.WeightOffset(0):m.BiasOffset(0)], 100)
	check("layer1 biases", params[m.BiasOffset(0):m.WeightOffset(1)], 100)
	check("layer2 weights", params[m.WeightOffset(1):m.BiasOffset(1)], 50)
	largest := 0.0
	for _, v := range params[m.WeightOffset(0):m.BiasOffset(0)] {
		largest = max(largest, math.Abs(v))
	}
	if largest < 0.099 {
		t.Errorf("5000 layer1 weights reach only %v of the bound 0.1", largest)
	}
}

func TestInitRangesDrawInParameterOrder(t *testing.T) {
	m, err := nn.NewMLP(2, []int{3}, []nn.Activation{activations.ReLU}, 2)
	if err != nil {
		t.Fatal(err)
	}
	w, b := &nn.Range{Lo: -2, Hi: -1}, &nn.Range{Lo: 3, Hi: 4}
	params := make([]float64, m.NumParams())
	m.Init(params, rand.New(rand.NewPCG(7, 8)), w, b)
	oracle := rand.New(rand.NewPCG(7, 8))
	for i, v := range params {
		r := w
		if m.IsBias(i) {
			r = b
		}
		if v < r.Lo || v > r.Hi {
			t.Errorf("%s = %v outside [%v, %v]", m.ParamName(i), v, r.Lo, r.Hi)
		}
		if want := r.Lo + (r.Hi-r.Lo)*oracle.Float64(); v != want {
			t.Errorf("%s = %v, want draw %v", m.ParamName(i), v, want)
		}
	}
	again := make([]float64, len(params))
	m.Init(again, rand.New(rand.NewPCG(7, 8)), w, b)
	other := make([]float64, len(params))
	m.Init(other, rand.New(rand.NewPCG(9, 8)), w, b)
	if !slices.Equal(params, again) {
		t.Error("same seed gave different parameters")
	}
	if slices.Equal(params, other) {
		t.Error("different seeds gave the same parameters")
	}
}

// Only the weights range is set: biases keep PyTorch's default.
func TestInitMixesGivenAndDefaultRanges(t *testing.T) {
	m, err := nn.NewMLP(4, []int{30}, []nn.Activation{activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	params := make([]float64, m.NumParams())
	m.Init(params, rand.New(rand.NewPCG(3, 3)), &nn.Range{Lo: 5, Hi: 6}, nil)
	for i, v := range params {
		if m.IsBias(i) {
			bound := 0.5 // 1/sqrt(4)
			if i >= m.WeightOffset(1) {
				bound = 1 / math.Sqrt(30)
			}
			if math.Abs(v) > bound {
				t.Errorf("%s = %v outside ±%v", m.ParamName(i), v, bound)
			}
		} else if v < 5 || v > 6 {
			t.Errorf("%s = %v outside [5, 6]", m.ParamName(i), v)
		}
	}
}
