package nn_test

import (
	"math"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
)

// tinyParams is a 2-2-1 net written out by hand:
//
//	layer 1: W = [[0.5, -1], [2, 0.25]], b = [0.1, -0.2]
//	layer 2: W = [[1.5, -0.5]],          b = [0.3]
var tinyParams = []float64{0.5, -1, 2, 0.25, 0.1, -0.2, 1.5, -0.5, 0.3}

var tinyInput = []float64{1, 2}

func tinyNet(t *testing.T, act nn.Activation) *nn.MLP {
	t.Helper()
	m, err := nn.NewMLP(2, []int{2}, []nn.Activation{act}, 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestForwardByHand(t *testing.T) {
	// Pre-activations of layer 1: 0.5*1 - 1*2 + 0.1 = -1.4 and
	// 2*1 + 0.25*2 - 0.2 = 2.3.
	cases := []struct {
		name string
		act  nn.Activation
		want float64
	}{
		// relu: (0, 2.3) -> 1.5*0 - 0.5*2.3 + 0.3
		{"relu", activations.ReLU, -0.85},
		// leaky: (-0.014, 2.3) -> 1.5*-0.014 - 0.5*2.3 + 0.3
		{"leaky_relu", activations.LeakyReLU, -0.871},
		// identity: 1.5*-1.4 - 0.5*2.3 + 0.3
		{"identity", activations.Identity, -2.95},
	}
	for _, c := range cases {
		m := tinyNet(t, c.act)
		out := m.Forward(m.NewWorkspace(), tinyParams, tinyInput)
		if len(out) != 1 || math.Abs(out[0]-c.want) > 1e-12 {
			t.Errorf("%s: Forward = %v, want [%v]", c.name, out, c.want)
		}
	}
}

// With target 0.15 the relu net's error is -1, so the squared error is 1 and
// dLoss/dout = -2. Back through layer 2: dW2 = -2*(0, 2.3), db2 = -2. The
// hidden deltas are W2ᵀ*(-2) = (-3, 1) masked by relu' = (0, 1), so
// dW1 = [[0, 0], [1*1, 1*2]] and db1 = (0, 1).
func TestGradientByHand(t *testing.T) {
	m := tinyNet(t, activations.ReLU)
	data := &nn.Data{X: tinyInput, Y: []float64{0.15}, Rows: 1, Inputs: 2, TargetDim: 1}
	ws := m.NewWorkspace()
	in, y := data.Row(0)
	out := m.Forward(ws, tinyParams, in)
	dout := make([]float64, 1)
	loss := losses.MSE{}.RowGrad(dout, out, y)
	grad := make([]float64, m.NumParams())
	// Output weights' gradient (2) and the hidden deltas (2), then the
	// first layer's gradient for the one unit whose delta is not zero (2).
	if work := m.Backward(ws, tinyParams, dout, grad); work != 6 {
		t.Errorf("Backward reports %d multiply-adds, want 6 (unit 0's delta is 0)", work)
	}
	if got := m.MultiplyAdds(); got != 6 {
		t.Errorf("MultiplyAdds = %d, want 2·2 + 2·1 = 6", got)
	}
	want := []float64{0, 0, 1, 2, 0, 1, 0, -4.6, -2}
	if math.Abs(loss-1) > 1e-12 {
		t.Errorf("loss = %v, want 1", loss)
	}
	for i := range want {
		if math.Abs(grad[i]-want[i]) > 1e-12 {
			t.Errorf("grad %s = %v, want %v", m.ParamName(i), grad[i], want[i])
		}
	}
}

func TestBackwardAddsIntoGrad(t *testing.T) {
	m := tinyNet(t, activations.Tanh)
	ws := m.NewWorkspace()
	m.Forward(ws, tinyParams, tinyInput)
	once := make([]float64, m.NumParams())
	// Under tanh no delta is zero: 2 + 2 for the output layer, 2·2 for
	// the first.
	if work := m.Backward(ws, tinyParams, []float64{0.7}, once); work != 8 {
		t.Errorf("Backward reports %d multiply-adds under tanh, want 8", work)
	}
	twice := make([]float64, m.NumParams())
	for i := range twice {
		twice[i] = float64(i)
	}
	m.Backward(ws, tinyParams, []float64{0.7}, twice)
	m.Backward(ws, tinyParams, []float64{0.7}, twice)
	for i := range once {
		if once[i] == 0 {
			t.Errorf("grad %s is 0 under tanh", m.ParamName(i))
		}
		if want := float64(i) + 2*once[i]; math.Abs(twice[i]-want) > 1e-12 {
			t.Errorf("grad %s = %v after two Backward, want %v", m.ParamName(i), twice[i], want)
		}
	}
}

// An activation that only implements nn.Activation takes the per-unit path;
// it must give what the layer path gives.
type plainTanh struct{}

func (plainTanh) Apply(z float64) float64         { return math.Tanh(z) }
func (plainTanh) Derivative(_, a float64) float64 { return 1 - a*a }

func TestPlainActivationMatchesLayerActivation(t *testing.T) {
	fast, slow := tinyNet(t, activations.Tanh), tinyNet(t, plainTanh{})
	wsFast, wsSlow := fast.NewWorkspace(), slow.NewWorkspace()
	outFast := fast.Forward(wsFast, tinyParams, tinyInput)[0]
	outSlow := slow.Forward(wsSlow, tinyParams, tinyInput)[0]
	if outFast != outSlow {
		t.Errorf("outputs differ: %v and %v", outFast, outSlow)
	}
	gFast, gSlow := make([]float64, 9), make([]float64, 9)
	fast.Backward(wsFast, tinyParams, []float64{1}, gFast)
	slow.Backward(wsSlow, tinyParams, []float64{1}, gSlow)
	for i := range gFast {
		if gFast[i] != gSlow[i] {
			t.Errorf("grad %d differs: %v and %v", i, gFast[i], gSlow[i])
		}
	}
}

func TestForwardDoesNotAllocate(t *testing.T) {
	m := tinyNet(t, activations.Sigmoid)
	ws := m.NewWorkspace()
	grad := make([]float64, m.NumParams())
	dout := []float64{1}
	allocs := testing.AllocsPerRun(100, func() {
		m.Forward(ws, tinyParams, tinyInput)
		m.Backward(ws, tinyParams, dout, grad)
	})
	if allocs != 0 {
		t.Errorf("Forward+Backward allocate %v times per row", allocs)
	}
}
