package sgd_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/sgd"
	"github.com/nnexp/nnexp/registry"
)

func ptr[T any](v T) *T { return &v }

func TestValidate(t *testing.T) {
	cases := []struct {
		setting, message string
		edit             func(c *sgd.Config)
	}{
		{"learning_rate", "must be a positive finite number, got 0", func(c *sgd.Config) { c.LearningRate = 0 }},
		{"learning_rate", "must be a positive finite number, got NaN", func(c *sgd.Config) { c.LearningRate = math.NaN() }},
		{"learning_rate", "must be a positive finite number, got +Inf", func(c *sgd.Config) { c.LearningRate = math.Inf(1) }},
		{"momentum", "must be from 0 to 1 (excluded), got 1", func(c *sgd.Config) { c.Momentum = 1 }},
		{"momentum", "must be from 0 to 1 (excluded), got -0.1", func(c *sgd.Config) { c.Momentum = -0.1 }},
		{"momentum", "must be from 0 to 1 (excluded), got NaN", func(c *sgd.Config) { c.Momentum = math.NaN() }},
		{"nesterov", "needs a momentum above 0", func(c *sgd.Config) { c.Nesterov = true }},
		{"weight_decay", "must be a finite number >= 0, got -1", func(c *sgd.Config) { c.WeightDecay = -1 }},
		{"weight_decay", "must be a finite number >= 0, got +Inf", func(c *sgd.Config) { c.WeightDecay = math.Inf(1) }},
		{"epochs", "must be from 1 to 1000000, got 0", func(c *sgd.Config) { c.Epochs = 0 }},
		{"epochs", "must be from 1 to 1000000, got 1000001", func(c *sgd.Config) { c.Epochs = sgd.MaxEpochs + 1 }},
		{"batch_size", "must be >= 0 (0 means full batch), got -1", func(c *sgd.Config) { c.BatchSize = -1 }},
		{"plateau.factor", "must be in (0, 1), got 1", func(c *sgd.Config) { c.Plateau = &sgd.Plateau{Factor: ptr(1.0)} }},
		{"plateau.patience", "must be >= 0, got -1", func(c *sgd.Config) { c.Plateau = &sgd.Plateau{Patience: ptr(-1)} }},
		{"plateau.threshold", "must be a finite number >= 0, got NaN", func(c *sgd.Config) { c.Plateau = &sgd.Plateau{Threshold: ptr(math.NaN())} }},
	}
	for _, c := range cases {
		cfg := sgd.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || se.Setting != c.setting || !strings.HasPrefix(se.Message, c.message) {
			t.Errorf("Validate = %v, want a SettingError on %s saying %q", err, c.setting, c.message)
		}
	}
	ok := sgd.DefaultConfig()
	ok.Momentum, ok.Nesterov, ok.WeightDecay, ok.Epochs = 0.99, true, 0.5, sgd.MaxEpochs
	ok.Plateau = &sgd.Plateau{}
	if err := ok.Validate(); err != nil {
		t.Errorf("Validate rejected valid settings: %v", err)
	}
}

// The zero Config is the defaults (it is what an empty block decodes over
// New's config too), and the registered config is DefaultConfig.
func TestDefaults(t *testing.T) {
	o, err := registry.LookupOptimizer("sgd")
	if err != nil {
		t.Fatal(err)
	}
	if got := *o.New().(*sgd.Config); got != sgd.DefaultConfig() {
		t.Errorf("registered defaults %+v, want %+v", got, sgd.DefaultConfig())
	}
	m := sgd.Config{}.Method()
	p := &bowl{}
	loc := start(t, m, p, []float64{0, 1}, optimize.Env{})
	if lr := m.(*sgd.SGD).LearningRate(); lr != 1e-3 {
		t.Errorf("learning rate %v, want the default 1e-3", lr)
	}
	if n := run(t, m, p, loc); n != 30 {
		t.Errorf("%d epochs, want the default 30", n)
	}
}

func TestInitAndCheckErrors(t *testing.T) {
	sq := optimize.Func{N: 1, F: func(x []float64) float64 { return x[0] * x[0] }}
	cases := []struct {
		name string
		cfg  sgd.Config
		p    optimize.Problem
		x    []float64
		want string
	}{
		{"not differentiable", sgd.Config{}, sq, []float64{1}, "sgd: needs a differentiable problem"},
		{"nil problem", sgd.Config{}, nil, []float64{1}, "sgd: no problem"},
		{"wrong length", sgd.Config{}, &bowl{}, []float64{1}, "sgd: start has 1 parameters"},
		{"batches without rows", sgd.Config{BatchSize: 2}, &bowl{}, []float64{1, 1}, "sgd: batch_size 2 needs"},
		{"batches without rand", sgd.Config{BatchSize: 2}, &rowRecorder{}, make([]float64, 4), "sgd: minibatches need a random source"},
		{"bad setting", sgd.Config{LearningRate: -1}, &bowl{}, []float64{1, 1}, "sgd: learning_rate: "},
	}
	for _, c := range cases {
		err := c.cfg.Method().Init(c.p, &optimize.Location{X: c.x}, optimize.Env{})
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("%s: Init error %v, want one starting %q", c.name, err, c.want)
		}
	}
	if err := sgd.DefaultConfig().CheckProblem(sq); err == nil || !strings.HasPrefix(err.Error(), "sgd: needs a differentiable") {
		t.Errorf("CheckProblem(non-differentiable) = %v", err)
	}
	if err := (sgd.Config{Nesterov: true}).CheckProblem(&bowl{}); err == nil || !strings.Contains(err.Error(), "nesterov") {
		t.Errorf("CheckProblem with Nesterov and no momentum = %v, want an error naming nesterov", err)
	}
	if err := sgd.DefaultConfig().CheckProblem(&bowl{}); err != nil {
		t.Errorf("CheckProblem(differentiable) = %v", err)
	}
	if _, err := (sgd.Config{}).Method().Step(&optimize.Location{X: []float64{1}}); err == nil {
		t.Error("Step before Init did not fail")
	}
}

// TestPlateauDrivesLearningRate feeds scripted full-data losses through SGD
// with ReduceLROnPlateau(factor 0.5, patience 1, threshold 0): the rate
// halves on the second epoch in a row without a strict decrease (NaN is
// never an improvement), and the next update uses it. The gradient is the
// constant 1, so each epoch moves x by exactly the rate.
func TestPlateauDrivesLearningRate(t *testing.T) {
	script := []float64{5, 5, 5, 4, 4, math.NaN(), 3, 3, 3}
	wantLR := []float64{1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125}
	calls := 0
	p := optimize.FuncGrad{
		N: 1,
		F: func(x []float64) float64 {
			f := script[min(calls, len(script)-1)]
			calls++
			return f
		},
		G: func(grad, x []float64) float64 { grad[0] = 1; return 0 },
	}
	cfg := sgd.Config{LearningRate: 1, Epochs: len(script),
		Plateau: &sgd.Plateau{Factor: ptr(0.5), Patience: ptr(1), Threshold: ptr(0.0)}}
	m := cfg.Method()
	loc := &optimize.Location{X: []float64{0}, F: 100}
	if err := m.Init(p, loc, optimize.Env{}); err != nil {
		t.Fatal(err)
	}
	lr := 1.0
	for i, w := range wantLR {
		before := loc.X[0]
		step(t, m, p, loc)
		if moved := before - loc.X[0]; moved != lr {
			t.Errorf("epoch %d moved x by %v, want the rate %v", i+1, moved, lr)
		}
		if got := m.(*sgd.SGD).LearningRate(); got != w {
			t.Errorf("after epoch %d (loss %v) rate %v, want %v", i+1, script[i], got, w)
		}
		lr = w
	}
}
