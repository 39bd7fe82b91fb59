package cmaes

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Limits that keep every accepted setting runnable.
const (
	// MaxGenerations bounds generations: each is a record of the job's
	// history.
	MaxGenerations = 1_000_000
	// MaxPopulation bounds population.
	MaxPopulation = 100_000
	// MaxSigma bounds sigma, far past any useful parameter scale.
	MaxSigma = 1e6
	// MaxSamples bounds population × parameters: a generation's samples
	// are held until it is ranked (400 MB at this bound).
	MaxSamples = 50_000_000
	// MaxFullParameters bounds full CMA-ES, whose covariance factor holds
	// n² numbers and costs O(n²) per sample.
	MaxFullParameters = 2000
)

// Config is CMA-ES's settings. A zero Generations, Population or Sigma
// means its default; zero tolerances disable their test.
type Config struct {
	// Generations is the most generations, one Step each.
	Generations int `hcl:"generations,optional"`
	// Population is λ, the samples per generation; 0 means
	// 4 + floor(3 ln n) for n parameters.
	Population int `hcl:"population,optional"`
	// Sigma is the initial step size: the standard deviation of the first
	// generation's samples around the start, in every parameter.
	Sigma float64 `hcl:"sigma,optional"`
	// Tolerance stops the run once a generation's losses, all finite,
	// span less than it.
	Tolerance float64 `hcl:"tolerance,optional"`
	// StepTolerance stops the run once a generation's samples span less
	// than it in every parameter.
	StepTolerance float64 `hcl:"step_tolerance,optional"`
	// Full selects full CMA-ES (gonum's CmaEsChol) for at most
	// MaxFullParameters parameters.
	Full bool `hcl:"full,optional"`
}

// DefaultConfig returns separable CMA-ES for 1000 generations from sigma 0.5
// with the default population and tolerances 1e-12.
func DefaultConfig() Config {
	return Config{Generations: 1000, Sigma: 0.5, Tolerance: 1e-12, StepTolerance: 1e-12}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "cmaes",
		Doc:  "CMA-ES evolution strategy: separable (diagonal, O(n) per sample, large nets) or full = true (gonum, up to 2000 parameters); no gradient needed",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

var (
	_ registry.MethodConfig   = (*Config)(nil)
	_ registry.Validator      = (*Config)(nil)
	_ registry.GradientUser   = (*Config)(nil)
	_ registry.ProblemChecker = (*Config)(nil)
)

// Method returns a fresh CMA-ES with zero fields replaced by their
// defaults. Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method { return &CMAES{cfg: c.withDefaults()} }

// UsesGradient reports false: CMA-ES needs only the loss.
func (c Config) UsesGradient() bool { return false }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults.
func (c Config) Validate() error {
	var errs []error
	if c.Generations < 1 || c.Generations > MaxGenerations {
		errs = append(errs, registry.Invalid("generations", "must be from 1 to %d, got %d", MaxGenerations, c.Generations))
	}
	if c.Population != 0 && (c.Population < 2 || c.Population > MaxPopulation) {
		errs = append(errs, registry.Invalid("population", "must be from 2 to %d (0 means 4 + floor(3 ln n)), got %d", MaxPopulation, c.Population))
	}
	if !(c.Sigma > 0 && c.Sigma <= MaxSigma) {
		errs = append(errs, registry.Invalid("sigma", "must be a number above 0 and at most %g, got %g", MaxSigma, c.Sigma))
	}
	if !(c.Tolerance >= 0) || math.IsInf(c.Tolerance, 1) {
		errs = append(errs, registry.Invalid("tolerance", "must be a finite number >= 0 (0 disables the test), got %g", c.Tolerance))
	}
	if !(c.StepTolerance >= 0) || math.IsInf(c.StepTolerance, 1) {
		errs = append(errs, registry.Invalid("step_tolerance", "must be a finite number >= 0 (0 disables the test), got %g", c.StepTolerance))
	}
	return errors.Join(errs...)
}

// CheckProblem refuses a problem too large for the settings: full CMA-ES
// on more than MaxFullParameters, or a generation of more than MaxSamples
// numbers.
func (c Config) CheckProblem(p optimize.Problem) error {
	c = c.withDefaults()
	if p == nil {
		return errors.New("cmaes: no problem")
	}
	n := p.Dim()
	if c.Full && n > MaxFullParameters {
		return fmt.Errorf("cmaes: full CMA-ES runs on at most %d parameters, the model has %d; leave full unset for separable CMA-ES", MaxFullParameters, n)
	}
	if lambda := population(c.Population, n); n > MaxSamples/lambda {
		return fmt.Errorf("cmaes: a population of %d samples of %d parameters is more than %d numbers; lower population", lambda, n, MaxSamples)
	}
	return nil
}

// population is λ: the setting, or 4 + floor(3 ln n), Hansen's default.
func population(set, n int) int {
	if set != 0 {
		return set
	}
	return 4 + int(3*math.Log(float64(n)))
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Generations != 0 {
		d.Generations = c.Generations
	}
	if c.Sigma != 0 {
		d.Sigma = c.Sigma
	}
	d.Population, d.Full = c.Population, c.Full
	d.Tolerance, d.StepTolerance = c.Tolerance, c.StepTolerance
	return d
}
