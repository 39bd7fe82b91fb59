package es

import (
	"errors"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// Limits that keep every accepted setting runnable: a generation holds two
// seeds and two losses per pair, and costs two evaluations per pair; every
// generation is a record of the job's history; steps bounded by MaxScale
// keep the arithmetic away from overflow on sane losses.
const (
	MaxPopulation  = 100_000
	MaxGenerations = 1_000_000
	MaxScale       = 1e6
)

// The values of Config.Update.
const (
	UpdateAdam = "adam"
	UpdateSGD  = "sgd"
)

// Adam's constants, OpenAI's ES code's (and torch.optim.Adam's) defaults.
const (
	adamBeta1   = 0.9
	adamBeta2   = 0.999
	adamEpsilon = 1e-8
)

// Config is es's settings. A zero field means its default, except
// WeightDecay, where zero means none.
type Config struct {
	// Population is the number of mirrored pairs per generation, each
	// two evaluations.
	Population int `hcl:"population,optional"`
	// Sigma is the standard deviation of the perturbations.
	Sigma float64 `hcl:"sigma,optional"`
	// Update is "adam" or "sgd": what the gradient estimate drives.
	Update string `hcl:"update,optional"`
	// LearningRate is the update's step size.
	LearningRate float64 `hcl:"learning_rate,optional"`
	// WeightDecay adds WeightDecay·θ to the gradient estimate (an L2
	// penalty of WeightDecay/2·|θ|², OpenAI's l2coeff).
	WeightDecay float64 `hcl:"weight_decay,optional"`
	// Generations is the number of generations; each is one Step.
	Generations int `hcl:"generations,optional"`
}

// DefaultConfig returns 50 pairs, sigma 0.1, Adam at 0.01 (OpenAI's step
// size), no weight decay and 100 generations: 10,000 evaluations.
func DefaultConfig() Config {
	return Config{
		Population:   50,
		Sigma:        0.1,
		Update:       UpdateAdam,
		LearningRate: 0.01,
		Generations:  100,
	}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "es",
		Doc:  "OpenAI evolution strategy (Salimans et al. 2017): mirrored Gaussian samples, centred ranks, Adam or SGD on the estimate (no gradient needed)",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

var (
	_ registry.MethodConfig = (*Config)(nil)
	_ registry.Validator    = (*Config)(nil)
	_ registry.GradientUser = (*Config)(nil)
)

// Method returns a fresh es with zero fields replaced by their defaults.
// Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &ES{cfg: c.withDefaults()}
}

// UsesGradient reports false: es estimates the gradient from losses.
func (c Config) UsesGradient() bool { return false }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults; so an explicit zero is reported
// rather than silently replaced.
func (c Config) Validate() error {
	var errs []error
	if c.Population < 1 || c.Population > MaxPopulation {
		errs = append(errs, registry.Invalid("population", "must be from 1 to %d, got %d", MaxPopulation, c.Population))
	}
	if !(c.Sigma > 0 && c.Sigma <= MaxScale) {
		errs = append(errs, registry.Invalid("sigma", "must be from 0 (exclusive) to %g, got %g", float64(MaxScale), c.Sigma))
	}
	if c.Update != UpdateAdam && c.Update != UpdateSGD {
		errs = append(errs, registry.Invalid("update", "must be %q or %q, got %q", UpdateAdam, UpdateSGD, c.Update))
	}
	if !(c.LearningRate > 0 && c.LearningRate <= MaxScale) {
		errs = append(errs, registry.Invalid("learning_rate", "must be from 0 (exclusive) to %g, got %g", float64(MaxScale), c.LearningRate))
	}
	if !(c.WeightDecay >= 0 && c.WeightDecay <= MaxScale) {
		errs = append(errs, registry.Invalid("weight_decay", "must be from 0 to %g, got %g", float64(MaxScale), c.WeightDecay))
	}
	if c.Generations < 1 || c.Generations > MaxGenerations {
		errs = append(errs, registry.Invalid("generations", "must be from 1 to %d, got %d", MaxGenerations, c.Generations))
	}
	return errors.Join(errs...)
}

// withDefaults returns a copy with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Population != 0 {
		d.Population = c.Population
	}
	if c.Sigma != 0 {
		d.Sigma = c.Sigma
	}
	if c.Update != "" {
		d.Update = c.Update
	}
	if c.LearningRate != 0 {
		d.LearningRate = c.LearningRate
	}
	if c.Generations != 0 {
		d.Generations = c.Generations
	}
	d.WeightDecay = c.WeightDecay
	return d
}

// finite reports whether v is neither NaN nor infinite.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
