package sgd

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

// MaxMomentum is the exclusive upper bound of momentum: at 1 and above the
// momentum buffer sums every gradient ever seen without decay.
const MaxMomentum = 1

// Config is SGD's settings. A zero LearningRate or Epochs means its
// default; zero Momentum, WeightDecay and BatchSize are the defaults too
// (no momentum, no decay, full batch), so the zero Config is ready to use.
type Config struct {
	LearningRate float64 `hcl:"learning_rate,optional"`
	// Momentum is PyTorch's momentum with dampening 0: the buffer is
	// b = momentum*b + g (b = g on the first update).
	Momentum float64 `hcl:"momentum,optional"`
	// Nesterov steps along g + momentum*b instead of b; it needs a
	// momentum above 0, as in PyTorch.
	Nesterov bool `hcl:"nesterov,optional"`
	// WeightDecay adds WeightDecay*x to the gradient (L2 regularisation of
	// every parameter, biases included, as torch.optim.SGD does).
	WeightDecay float64 `hcl:"weight_decay,optional"`
	// Epochs is the number of passes over the data; each is one Step.
	Epochs int `hcl:"epochs,optional"`
	// BatchSize is the minibatch size; 0, or at least the number of rows,
	// means one full-batch update per epoch.
	BatchSize int `hcl:"batch_size,optional"`
	// Plateau, when set, lowers the learning rate as PyTorch's
	// ReduceLROnPlateau does, on the full-data loss after each epoch; nil
	// keeps it constant.
	Plateau *Plateau `hcl:"plateau,block"`
}

// Plateau is the ReduceLROnPlateau block, the same as adam's.
type Plateau = plateau.Config

// DefaultConfig returns torch.optim.SGD's defaults (lr 1e-3, no momentum,
// no weight decay), 30 full-batch epochs and no schedule.
func DefaultConfig() Config {
	return Config{LearningRate: 1e-3, Epochs: 30}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "sgd",
		Doc:  "stochastic gradient descent as torch.optim.SGD (momentum, Nesterov, weight decay), full batch or minibatches, optional reduce-on-plateau schedule (needs a gradient)",
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

// Method returns a fresh SGD with zero fields replaced by their defaults.
// Settings that are still invalid are reported by Init.
func (c Config) Method() optimize.Method {
	return &SGD{cfg: c.withDefaults()}
}

// UsesGradient reports true: SGD follows the gradient.
func (c Config) UsesGradient() bool { return true }

// Validate checks the settings as decoded from a file, where absent
// attributes already hold their defaults; so an explicit zero learning rate
// is reported rather than silently replaced.
func (c Config) Validate() error {
	var errs []error
	if !(c.LearningRate > 0) || math.IsInf(c.LearningRate, 1) {
		errs = append(errs, registry.Invalid("learning_rate", "must be a positive finite number, got %g", c.LearningRate))
	}
	if !(c.Momentum >= 0 && c.Momentum < MaxMomentum) {
		errs = append(errs, registry.Invalid("momentum", "must be from 0 to %d (excluded), got %g", MaxMomentum, c.Momentum))
	}
	if c.Nesterov && c.Momentum == 0 {
		errs = append(errs, registry.Invalid("nesterov", "needs a momentum above 0 (Nesterov momentum with no momentum is plain SGD)"))
	}
	if !(c.WeightDecay >= 0) || math.IsInf(c.WeightDecay, 1) {
		errs = append(errs, registry.Invalid("weight_decay", "must be a finite number >= 0, got %g", c.WeightDecay))
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
	d := c
	if d.LearningRate == 0 {
		d.LearningRate = DefaultConfig().LearningRate
	}
	if d.Epochs == 0 {
		d.Epochs = DefaultConfig().Epochs
	}
	if c.Plateau != nil {
		d.Plateau = c.Plateau.WithDefaults()
	}
	return d
}
