package oneplusone_test

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/examples/oneplusone"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	const tol = "tolerance: must be a finite number >= 0 (0 disables early stopping), got "
	cases := []struct {
		edit    func(*oneplusone.Config)
		setting string
		want    string
	}{
		{func(c *oneplusone.Config) { c.Samples = -1 }, "samples",
			"samples: must be from 1 to 1000000 (or 0 for one per parameter), got -1"},
		{func(c *oneplusone.Config) { c.Samples = 1_000_001 }, "samples",
			"samples: must be from 1 to 1000000 (or 0 for one per parameter), got 1000001"},
		{func(c *oneplusone.Config) { c.Sigma = 0 }, "sigma", "sigma: must be a finite number > 0, got 0"},
		{func(c *oneplusone.Config) { c.Sigma = math.Inf(1) }, "sigma", "sigma: must be a finite number > 0, got +Inf"},
		{func(c *oneplusone.Config) { c.Sigma = math.NaN() }, "sigma", "sigma: must be a finite number > 0, got NaN"},
		{func(c *oneplusone.Config) { c.Grow = 0.9 }, "grow", "grow: must be a finite number >= 1, got 0.9"},
		{func(c *oneplusone.Config) { c.Grow = math.NaN() }, "grow", "grow: must be a finite number >= 1, got NaN"},
		{func(c *oneplusone.Config) { c.Shrink = 0 }, "shrink", "shrink: must be in (0, 1], got 0"},
		{func(c *oneplusone.Config) { c.Shrink = 1.1 }, "shrink", "shrink: must be in (0, 1], got 1.1"},
		{func(c *oneplusone.Config) { c.Iterations = 0 }, "iterations", "iterations: must be from 1 to 1000000, got 0"},
		{func(c *oneplusone.Config) { c.Iterations = 10_000_000 }, "iterations", "iterations: must be from 1 to 1000000, got 10000000"},
		{func(c *oneplusone.Config) { c.Tolerance = -1e-3 }, "tolerance", tol + "-0.001"},
		{func(c *oneplusone.Config) { c.Tolerance = math.Inf(1) }, "tolerance", tol + "+Inf"},
	}
	for _, c := range cases {
		cfg := oneplusone.DefaultConfig()
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
	for _, ok := range []func(*oneplusone.Config){
		func(*oneplusone.Config) {},
		func(c *oneplusone.Config) { c.Samples, c.Iterations = 1, 1 },
		func(c *oneplusone.Config) { c.Grow, c.Shrink, c.Tolerance = 1, 1, 1e-6 },
	} {
		cfg := oneplusone.DefaultConfig()
		ok(&cfg)
		if err := cfg.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", cfg, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	if !slices.Contains(registry.Optimizers(), "one_plus_one") {
		t.Fatalf("registry.Optimizers() = %v, want one_plus_one among them", registry.Optimizers())
	}
	o, err := registry.LookupOptimizer("one_plus_one")
	if err != nil {
		t.Fatal(err)
	}
	if o.Doc == "" {
		t.Error("registered without a Doc line")
	}
	cfg, ok := o.New().(*oneplusone.Config)
	if !ok {
		t.Fatalf("New() = %T, want *oneplusone.Config", o.New())
	}
	want := oneplusone.Config{Samples: 0, Sigma: 0.5, Grow: 1.5, Shrink: 0.8, Iterations: 30, Tolerance: 0}
	if !reflect.DeepEqual(*cfg, want) {
		t.Errorf("New() = %+v, want %+v", *cfg, want)
	}
	if o.New() == o.New() {
		t.Error("New returns the same config twice; each block needs its own")
	}
	if g, ok := o.New().(registry.GradientUser); !ok || g.UsesGradient() {
		t.Error("one_plus_one must report UsesGradient() == false")
	}
}
