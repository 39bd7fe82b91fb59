package cmaes_test

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/cmaes"
	"github.com/nnexp/nnexp/registry"
)

func TestValidateMessages(t *testing.T) {
	for _, c := range []struct {
		edit func(*cmaes.Config)
		want string
	}{
		{func(c *cmaes.Config) { c.Generations = 0 }, "generations: must be from 1 to 1000000, got 0"},
		{func(c *cmaes.Config) { c.Population = 1 }, "population: must be from 2 to 100000 (0 means 4 + floor(3 ln n)), got 1"},
		{func(c *cmaes.Config) { c.Population = -3 }, "population: must be from 2 to 100000 (0 means 4 + floor(3 ln n)), got -3"},
		{func(c *cmaes.Config) { c.Sigma = 0 }, "sigma: must be a number above 0 and at most 1e+06, got 0"},
		{func(c *cmaes.Config) { c.Sigma = 2e6 }, "sigma: must be a number above 0 and at most 1e+06, got 2e+06"},
		{func(c *cmaes.Config) { c.Tolerance = -1 }, "tolerance: must be a finite number >= 0 (0 disables the test), got -1"},
		{func(c *cmaes.Config) { c.StepTolerance = math.Inf(1) }, "step_tolerance: must be a finite number >= 0 (0 disables the test), got +Inf"},
	} {
		cfg := cmaes.DefaultConfig()
		c.edit(&cfg)
		err := cfg.Validate()
		var se *registry.SettingError
		if !errors.As(err, &se) || err.Error() != c.want || !strings.HasPrefix(c.want, se.Setting+": ") {
			t.Errorf("Validate() = %v, want %q", err, c.want)
		}
	}
	for _, ok := range []cmaes.Config{
		cmaes.DefaultConfig(),
		{Generations: cmaes.MaxGenerations, Population: 2, Sigma: cmaes.MaxSigma, Full: true},
	} {
		if err := ok.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v", ok, err)
		}
	}
}

func TestRegistered(t *testing.T) {
	o, err := registry.LookupOptimizer("cmaes")
	if err != nil {
		t.Fatal(err)
	}
	cfg, ok := o.New().(*cmaes.Config)
	if !ok || *cfg != cmaes.DefaultConfig() {
		t.Errorf("New() = %#v, want the defaults", o.New())
	}
	if cfg.UsesGradient() || o.Doc == "" {
		t.Errorf("UsesGradient %v, Doc %q", cfg.UsesGradient(), o.Doc)
	}
}

// Problems too large for the settings are refused before a job starts:
// full CMA-ES past MaxFullParameters, a generation past MaxSamples.
func TestCheckProblem(t *testing.T) {
	full := cmaes.Config{Full: true}
	if err := full.CheckProblem(optimize.Func{N: cmaes.MaxFullParameters}); err != nil {
		t.Errorf("full on %d parameters: %v", cmaes.MaxFullParameters, err)
	}
	if err := full.CheckProblem(optimize.Func{N: cmaes.MaxFullParameters + 1}); err == nil || !strings.Contains(err.Error(), "leave full unset") {
		t.Errorf("full on %d parameters: %v", cmaes.MaxFullParameters+1, err)
	}
	sep := cmaes.Config{}
	if err := sep.CheckProblem(optimize.Func{N: 100_000}); err != nil {
		t.Errorf("separable on 100,000 parameters: %v", err)
	}
	big := cmaes.Config{Population: 1000}
	if err := big.CheckProblem(optimize.Func{N: 100_000}); err == nil || !strings.Contains(err.Error(), "lower population") {
		t.Errorf("1000 samples of 100,000 parameters: %v", err)
	}
}
