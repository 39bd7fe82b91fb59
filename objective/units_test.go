package objective_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
	"github.com/nnexp/nnexp/optimize"
)

// Layer agrees with ParamName's layer (counted from 1 there) for every
// parameter, and every view of the objective offers it.
func TestParameterLayers(t *testing.T) {
	m, d, x := twoOutputs(t)
	o := objective.New(m, d, losses.MSE{})
	if o.Layers() != 2 {
		t.Fatalf("Layers() = %d, want 2", o.Layers())
	}
	for i := range x {
		if want := fmt.Sprintf("layer%d.", o.Layer(i)+1); !strings.HasPrefix(m.ParamName(i), want) {
			t.Errorf("Layer(%d) = %d but the parameter is %s", i, o.Layer(i), m.ParamName(i))
		}
	}
	if o.Layer(-1) != -1 || o.Layer(len(x)) != -1 {
		t.Errorf("out of range: %d, %d, want -1", o.Layer(-1), o.Layer(len(x)))
	}
	for _, loss := range []nn.Loss{losses.MSE{}, losses.MAE{}, losses.ZeroOne{}} {
		if _, ok := objective.New(m, d, loss).Problem().(optimize.ParameterLayers); !ok {
			t.Errorf("%T: Problem() does not offer ParameterLayers", loss)
		}
		if _, ok := objective.New(m, d, loss).Problem().(optimize.DeadUnits); !ok {
			t.Errorf("%T: Problem() does not offer DeadUnits", loss)
		}
	}
}

// deadUnitNet is a 1-2-2-1 ReLU net on inputs in [0, 1] whose first hidden
// layer's unit 1 (weight -1, bias -10) and second hidden layer's unit 0
// (all weights 0, bias -1) output 0 on every row; the others are alive.
func deadUnitNet(t *testing.T) (*objective.Objective, []float64) {
	t.Helper()
	m, err := nn.NewMLP(1, []int{2, 2}, []nn.Activation{activations.ReLU, activations.ReLU}, 1)
	if err != nil {
		t.Fatal(err)
	}
	d := &nn.Data{Rows: 5, Inputs: 1, TargetDim: 1, X: []float64{0, 0.25, 0.5, 0.75, 1}, Y: []float64{1, 2, 3, 4, 5}}
	x := []float64{
		1, -1, // layer 0 weights (unit 0, unit 1)
		0.5, -10, // layer 0 biases
		0, 0, 1, 1, // layer 1 weights: unit 0 (0, 0), unit 1 (1, 1)
		-1, 0, // layer 1 biases
		2, 3, // output weights
		0.1, // output bias
	}
	if len(x) != m.NumParams() {
		t.Fatalf("%d parameters, the net has %d", len(x), m.NumParams())
	}
	return objective.New(m, d, losses.MSE{}), x
}

func TestDeadUnits(t *testing.T) {
	o, x := deadUnitNet(t)
	got := o.DeadUnits(x)
	want := []optimize.Unit{{Weights: 1, FanIn: 1, Bias: 3}, {Weights: 4, FanIn: 2, Bias: 8}}
	if !slices.Equal(got, want) {
		t.Errorf("DeadUnits = %v, want %v", got, want)
	}
	if o.Evaluations() != 1 {
		t.Errorf("DeadUnits counted %d evaluations, want 1", o.Evaluations())
	}
	// Leaky ReLU units are never dead: their output is not 0 below 0.
	m, _ := nn.NewMLP(1, []int{2, 2}, []nn.Activation{activations.LeakyReLU, activations.Tanh}, 1)
	if got := objective.New(m, o.Data, losses.MSE{}).DeadUnits(x); got != nil {
		t.Errorf("leaky_relu/tanh net: DeadUnits = %v, want none", got)
	}
	// Refused for the budget: nil, not counted.
	o.SetLimits(objective.Limits{Evaluations: 1}, func(error) {})
	if got := o.DeadUnits(x); got != nil || o.Evaluations() != 1 {
		t.Errorf("past the budget: %v, %d evaluations", got, o.Evaluations())
	}
}
