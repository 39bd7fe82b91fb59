package neldermead_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/neldermead"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	for _, c := range []struct {
		edit func(*neldermead.Config)
		want string
	}{
		{func(c *neldermead.Config) { c.Iterations = 0 }, "iterations: must be from 1 to 1000000, got 0"},
		{func(c *neldermead.Config) { c.Iterations = 1_000_001 }, "iterations: must be from 1 to 1000000, got 1000001"},
		{func(c *neldermead.Config) { c.SimplexSize = 0 }, "simplex_size: must be a number above 0 and at most 1e+06, got 0"},
		{func(c *neldermead.Config) { c.SimplexSize = math.Inf(1) }, "simplex_size: must be a number above 0 and at most 1e+06, got +Inf"},
		{func(c *neldermead.Config) { c.SimplexSize = math.NaN() }, "simplex_size: must be a number above 0 and at most 1e+06, got NaN"},
		{func(c *neldermead.Config) { c.Tolerance = -1 }, "tolerance: must be a finite number >= 0 (0 disables early stopping), got -1"},
		{func(c *neldermead.Config) { c.Tolerance = math.Inf(1) }, "tolerance: must be a finite number >= 0 (0 disables early stopping), got +Inf"},
		{func(c *neldermead.Config) { c.Patience = -1 }, "patience: must be from 0 to 1000000 (0 means 10·(parameters+1)), got -1"},
	} {
		cfg := neldermead.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || err.Error() != c.want || !strings.HasPrefix(c.want, se.Setting+": ") {
			t.Errorf("Validate() = %v, want %q", err, c.want)
		}
	}
	for _, ok := range []neldermead.Config{
		neldermead.DefaultConfig(),
		{Iterations: 1, SimplexSize: neldermead.MaxSimplexSize, Patience: neldermead.MaxIterations},
	} {
		if err := ok.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", ok, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("nelder_mead")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*neldermead.Config)
	if !ok || *cfg != neldermead.DefaultConfig() {
		t.Errorf("New() = %#v, want the defaults", o.New())
	}
	if cfg.UsesGradient() || o.Doc == "" {
		t.Errorf("UsesGradient %v, Doc %q", cfg.UsesGradient(), o.Doc)
	}
	big := optimize.Func{N: neldermead.MaxParameters + 1}
	if err := cfg.CheckProblem(big); err == nil || !strings.HasPrefix(err.Error(), "nelder_mead: ") {
		t.Errorf("CheckProblem on %d parameters = %v", big.N, err)
	}
	if err := cfg.CheckProblem(optimize.Func{N: neldermead.MaxParameters}); err != nil {
		t.Errorf("CheckProblem on %d parameters = %v", neldermead.MaxParameters, err)
	}
}
