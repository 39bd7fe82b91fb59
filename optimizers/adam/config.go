package adam

import (
	"errors"
	"math"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/plateau"
	"github.com/nnexp/nnexp/registry"
)

// MaxEpochs bounds epochs: every epoch is a record of the job's history,
// held in memory until the job ends.
const MaxEpochs = 1_000_000

// Config is Adam's settings. A zero LearningRate, Epsilon or Epochs means
// its default; Beta1, Beta2 and BatchSize are used as they are, since zero is
// meaningful for them (no momentum, no second-moment averaging, full batch),
// so start from DefaultConfig rather than a zero Config.
type Config struct {
	LearningRate float64 `hcl:"learning_rate,optional"`
	Beta1        float64 `hcl:"beta1,optional"`
	Beta2        float64 `hcl:"beta2,optional"`
	Epsilon      float64 `hcl:"epsilon,optional"`
	// Epochs is the number of passes over the data; each is one Step.
	Epochs int `hcl:"epochs,optional"`
	// BatchSize is the minibatch size; 0, or at least the number of rows,
	// means one full-batch update per epoch.
	BatchSize int `hcl:"batch_size,optional"`
	// Plateau, when set, lowers the learning rate as PyTorch's
	// ReduceLROnPlateau does; nil keeps it constant.
	Plateau *Plateau `hcl:"plateau,block"`
}

// Plateau is a ReduceLROnPlateau schedule (mode "min", threshold mode
// "rel", no cooldown, no minimum rate) driven by the full-data loss after
// each epoch; nil fields take the defaults below. It is the schedule sgd
// uses too.
type Plateau = plateau.Config

// Defaults of the Plateau fields, PyTorch's.
const (
	DefaultFactor    = plateau.DefaultFactor
	DefaultPatience  = plateau.DefaultPatience
	DefaultThreshold = plateau.DefaultThreshold
)

// DefaultConfig returns torch.optim.Adam's defaults, 30 full-batch epochs
// and no schedule.
func DefaultConfig() Config {
	return Config{
		LearningRate: 1e-3,
		Beta1:        0.9,
		Beta2:        0.999,
		Epsilon:      1e-8,
		Epochs:       30,
	}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "adam",
		Doc:  "Adam as torch.optim.Adam, full batch or minibatches, optional reduce-on-plateau schedule (needs a gradient)",
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

// Method returns a fresh Adam with zero fields replaced by their defaults.
// Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &Adam{cfg: c.withDefaults()}
}

// UsesGradient reports true: Adam follows the gradient.
func (c Config) UsesGradient() bool { return true }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults; so an explicit zero learning rate
// is reported rather than silently replaced.
func (c Config) Validate() error {
	var errs []error
	if !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1) {
		errs = append(errs, registry.Invalid("learning_rate", "must be a positive finite number, got %g", c.LearningRate))
	}
	if !(c.Beta1 >= 0 && c.Beta1 < 1) {
		errs = append(errs, registry.Invalid("beta1", "must be in [0, 1), got %g", c.Beta1))
	}
	if !(c.Beta2 >= 0 && c.Beta2 < 1) {
		errs = append(errs, registry.Invalid("beta2", "must be in [0, 1), got %g", c.Beta2))
	}
	if !(c.Epsilon > 0) || math.IsInf(c.Epsilon, 1) {
		errs = append(errs, registry.Invalid("epsilon", "must be a positive finite number, got %g", c.Epsilon))
	}
	if c.Epochs < 1 || c.Epochs > MaxEpochs {
		errs = append(errs, registry.Invalid("epochs", "must be from 1 to %d, got %d", MaxEpochs, c.Epochs))
	}
	if c.BatchSize < 0 {
		errs = append(errs, registry.Invalid("batch_size", "must be >= 0 (0 means full batch), got %d", c.BatchSize))
	}
	if c.Plateau != nil {
		errs = append(errs, c.Plateau.Validate())
	}
	return errors.Join(errs...)
}

// withDefaults returns a copy with zero fields set to their defaults and
// the schedule copied, so the method does not share the caller's pointers.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.LearningRate != 0 {
		d.LearningRate = c.LearningRate
	}
	if c.Epsilon != 0 {
		d.Epsilon = c.Epsilon
	}
	if c.Epochs != 0 {
		d.Epochs = c.Epochs
	}
	d.Beta1, d.Beta2, d.BatchSize = c.Beta1, c.Beta2, c.BatchSize
	if c.Plateau != nil {
		d.Plateau = c.Plateau.WithDefaults()
	}
	return d
}
