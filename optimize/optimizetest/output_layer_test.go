package optimizetest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
)

// outputUser asks for the output layer's inputs, with a short feature
// buffer when short is set, and stops.
type outputUser struct {
	short bool
	p     optimize.OutputLayer
}

func (m *outputUser) Init(p optimize.Problem, loc *optimize.Location, env optimize.Env) error {
	ol, ok := p.(optimize.OutputLayer)
	if !ok {
		return errors.New("no OutputLayer")
	}
	m.p = ol
	return nil
}

func (m *outputUser) Step(loc *optimize.Location) (optimize.Status, error) {
	l := m.p.OutputLayout()
	h := make([]float64, l.Rows*l.Inputs)
	if m.short {
		h = h[1:]
	}
	m.p.OutputInputs(h, make([]float64, l.Rows*l.Outputs), loc.X)
	return optimize.IterationLimit, nil
}

// The default problem's output layer reaches the method through the
// probe, which checks OutputInputs' buffers.
func TestOutputLayerPassesThrough(t *testing.T) {
	if err := optimizetest.TestMethod(func() optimize.Method { return &outputUser{} }, optimizetest.Options{}); err != nil {
		t.Errorf("a method using the output layer: %v", err)
	}
	err := optimizetest.TestMethod(func() optimize.Method { return &outputUser{short: true} }, optimizetest.Options{})
	if err == nil || !strings.Contains(err.Error(), "OutputInputs called with 7 features and 8 targets, want 8 and 8") {
		t.Errorf("a short feature buffer: %v", err)
	}
	// A problem without it is not given one.
	noBatch := optimize.Func{N: 4, F: optimizetest.Problem{}.Func}
	err = optimizetest.TestMethod(func() optimize.Method { return &outputUser{} }, optimizetest.Options{Problem: noBatch})
	if err == nil || !strings.Contains(err.Error(), "no OutputLayer") {
		t.Errorf("a problem without OutputLayer: %v", err)
	}
}
