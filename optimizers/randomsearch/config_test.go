package randomsearch_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/randomsearch"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	const tol = "tolerance: must be a finite number >= 0 (0 disables early stopping), got "
	cases := []struct {
		edit    func(*randomsearch.Config)
		setting string
		want    string
	}{
		{func(c *randomsearch.Config) { c.Sigma = 0 }, "sigma", "sigma: must be from 0 (exclusive) to 1e+06, got 0"},
		{func(c *randomsearch.Config) { c.Sigma = 2e6 }, "sigma", "sigma: must be from 0 (exclusive) to 1e+06, got 2e+06"},
		{func(c *randomsearch.Config) { c.Sigma = math.NaN() }, "sigma", "sigma: must be from 0 (exclusive) to 1e+06, got NaN"},
		{func(c *randomsearch.Config) { c.Scale = "layer" }, "scale", `scale: must be "fan_in" or "none", got "layer"`},
		{func(c *randomsearch.Config) { c.Iterations = 0 }, "iterations", "iterations: must be from 1 to 1000000, got 0"},
		{func(c *randomsearch.Config) { c.Iterations = 1_000_001 }, "iterations", "iterations: must be from 1 to 1000000, got 1000001"},
		{func(c *randomsearch.Config) { c.BatchSize = -1 }, "batch_size", "batch_size: must be >= 0 (0 means the full data), got -1"},
		{func(c *randomsearch.Config) { c.Tolerance = -1e-3 }, "tolerance", tol + "-0.001"},
		{func(c *randomsearch.Config) { c.Tolerance = math.Inf(1) }, "tolerance", tol + "+Inf"},
	}
	for _, c := range cases {
		cfg := randomsearch.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) {
			t.Errorf("%s: Validate() = %v, want a *registry.SettingError", c.setting, err)
			continue
		}
		if se.Setting != c.setting || err.Error() != c.want {
			t.Errorf("Validate() = %q (setting %q), want %q", err, se.Setting, c.want)
		}
	}
	for _, ok := range []func(*randomsearch.Config){
		func(*randomsearch.Config) {},
		func(c *randomsearch.Config) {
			c.Sigma, c.Scale, c.Iterations = randomsearch.MaxSigma, "none", randomsearch.MaxIterations
		},
		func(c *randomsearch.Config) { c.BatchSize, c.Tolerance = 1, 1e-6 },
	} {
		cfg := randomsearch.DefaultConfig()
		ok(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", cfg, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("random_search")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*randomsearch.Config)
	if !ok {
		t.Fatalf("New() = %T, want *randomsearch.Config", o.New())
	}
	want := randomsearch.Config{Sigma: 1, Scale: "fan_in", Iterations: 30}
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("New() = %+v, want %+v", *cfg, want)
	}
	if o.Doc == "" || o.New() == o.New() {
		t.Error("no Doc line, or New returns one config twice")
	}
	if cfg.UsesGradient() {
		t.Error("random_search must report UsesGradient() == false")
	}
	// A zero config takes the defaults, as an empty block does.
	m := randomsearch.Config{}.Method().(optimize.StepLimit)
	if m.MaxSteps() != 30 {
		t.Errorf("zero config: MaxSteps %d, want the default 30", m.MaxSteps())
	}
}

func TestCheckProblem(t *testing.T) {
	plain := optimize.Func{N: 1, F: func(x []float64) float64 { return x[0] * x[0] }}
	if err := randomsearch.DefaultConfig().CheckProblem(plain); err != nil {
		t.Errorf("full data on a plain function: %v", err)
	}
	batches := randomsearch.Config{BatchSize: 4}
	if err := batches.CheckProblem(plain); err == nil || !strings.HasPrefix(err.Error(), "random_search: batch_size 4 needs") {
		t.Errorf("batch_size on a plain function: %v", err)
	}
	if err := batches.CheckProblem(optimizetest.Problem{}); err != nil {
		t.Errorf("batch_size on a Batched problem: %v", err)
	}
	bad := randomsearch.Config{Scale: "x"}
	if err := bad.CheckProblem(plain); err == nil || !strings.Contains(err.Error(), "scale") {
		t.Errorf("invalid scale: %v", err)
	}
}
