package lbfgs_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimizers/lbfgs"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	for _, c := range []struct {
		edit func(*lbfgs.Config)
		want string
	}{
		{func(c *lbfgs.Config) { c.Iterations = 0 }, "iterations: must be from 1 to 1000000, got 0"},
		{func(c *lbfgs.Config) { c.History = 0 }, "history: must be from 1 to 1000, got 0"},
		{func(c *lbfgs.Config) { c.History = 1001 }, "history: must be from 1 to 1000, got 1001"},
		{func(c *lbfgs.Config) { c.Tolerance = math.NaN() }, "tolerance: must be a finite number >= 0 (0 disables the test), got NaN"},
		{func(c *lbfgs.Config) { c.GradientTolerance = -1e-3 }, "gradient_tolerance: must be a finite number >= 0 (0 disables the test), got -0.001"},
	} {
		cfg := lbfgs.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || err.Error() != c.want || !strings.HasPrefix(c.want, se.Setting+": ") {
			t.Errorf("Validate() = %v, want %q", err, c.want)
		}
	}
	for _, ok := range []lbfgs.Config{
		lbfgs.DefaultConfig(),
		{Iterations: lbfgs.MaxIterations, History: lbfgs.MaxHistory},
	} {
		if err := ok.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", ok, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("lbfgs")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*lbfgs.Config)
	if !ok || *cfg != lbfgs.DefaultConfig() {
		t.Errorf("New() = %#v, want the defaults", o.New())
	}
	if !cfg.UsesGradient() || o.Doc == "" {
		t.Errorf("UsesGradient %v, Doc %q", cfg.UsesGradient(), o.Doc)
	}
}
