package search_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	cases := []struct {
		edit    func(*search.Config)
		setting string
		want    string
	}{
		{func(c *search.Config) { c.WeightRange = []float64{-1, 0, 1} }, "weight_range",
			"weight_range: must be a list of two numbers [lo, hi], got 3"},
		{func(c *search.Config) { c.BiasRange = nil }, "bias_range",
			"bias_range: must be a list of two numbers [lo, hi], got 0"},
		{func(c *search.Config) { c.WeightRange = []float64{2, -2} }, "weight_range",
			"weight_range: lo must be less than hi, got [2, -2]"},
		{func(c *search.Config) { c.BiasRange = []float64{math.Inf(-1), 1} }, "bias_range",
			"bias_range: bounds must be finite, got [-Inf, 1]"},
		{func(c *search.Config) { c.WeightRange = []float64{0, math.NaN()} }, "weight_range",
			"weight_range: bounds must be finite, got [0, NaN]"},
		{func(c *search.Config) { c.WeightSteps = 1 }, "weight_steps",
			"weight_steps: must be from 2 to 1000000, got 1"},
		{func(c *search.Config) { c.BiasSteps = 0 }, "bias_steps",
			"bias_steps: must be from 2 to 1000000, got 0"},
		{func(c *search.Config) { c.Iterations = 0 }, "iterations",
			"iterations: must be from 1 to 1000000, got 0"},
		{func(c *search.Config) { c.Tolerance = -1e-3 }, "tolerance",
			"tolerance: must be a finite number >= 0 (0 disables early stopping), got -0.001"},
		{func(c *search.Config) { c.Tolerance = math.NaN() }, "tolerance",
			"tolerance: must be a finite number >= 0 (0 disables early stopping), got NaN"},
		{func(c *search.Config) { c.BatchSize = -1 }, "batch_size",
			"batch_size: must be >= 0 (0 means the full data), got -1"},
		{func(c *search.Config) { c.BatchSize, c.BatchEvery = 10, -3 }, "batch_every",
			"batch_every: must be >= 0 (0 means one minibatch per unit), got -3"},
		{func(c *search.Config) { c.BatchEvery = 8 }, "batch_every",
			"batch_every: is 8, but without batch_size every parameter is chosen on the full data: set batch_size or leave batch_every out"},
	}
	for _, c := range cases {
		cfg := search.DefaultConfig()
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
	for _, ok := range []func(*search.Config){
		func(*search.Config) {},
		func(c *search.Config) { c.Tolerance = 0 },
		func(c *search.Config) { c.WeightSteps, c.BiasSteps, c.Iterations = 2, 2, 1 },
		func(c *search.Config) { c.BatchSize, c.BatchEvery = 1, 1 },
	} {
		cfg := search.DefaultConfig()
		ok(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", cfg, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("search")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*search.Config)
	if !ok {
		t.Fatalf("New() = %T, want *search.Config", o.New())
	}
	want := search.Config{
		WeightRange: []float64{-5, 5}, BiasRange: []float64{-5, 5},
		WeightSteps: 100, BiasSteps: 100, Iterations: 30, Tolerance: 1e-6,
	}
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("New() = %+v, want %+v", *cfg, want)
	}
	// Each config has its own slices, so decoding into one cannot change
	// another's defaults.
	cfg.WeightRange[0] = 99
	if again := o.New().(*search.Config); again.WeightRange[0] != -5 {
		t.Error("New() configs share their range slices")
	}
	if cfg.UsesGradient() {
		t.Error("search claims to use the gradient")
	}
	if o.Doc == "" {
		t.Error("no Doc line")
	}
}

// batch_size needs a loss that is a mean over rows.
func TestCheckProblemBatchSize(t *testing.T) {
	bowl := optimize.Func{N: 2, F: func(x []float64) float64 { return x[0]*x[0] + x[1]*x[1] }}
	cfg := search.DefaultConfig()
	if err := cfg.CheckProblem(bowl); err != nil {
		t.Errorf("full data on a plain function: %v", err)
	}
	cfg.BatchSize = 8
	err := cfg.CheckProblem(bowl)
	if err == nil || !strings.Contains(err.Error(), "optimize.RowSubsets") {
		t.Errorf("batch_size on a plain function: %v, want the missing capability named", err)
	}
}
