package lstsq

import (
	"errors"
	"fmt"
	"math"

	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/registry"
)

// MaxRidge bounds ridge so that rows·ridge, whose square root scales the
// penalty rows of the least-squares system, stays far from overflow for
// any table nnexp can hold.
const MaxRidge = 1e100

// Config is lstsq's settings.
type Config struct {
	// Ridge is the L2 penalty on the output weights (not the biases),
	// relative to the mean squared error: each output's weights w and bias
	// b minimize mean_r (w·h_r + b - y_r)² + Ridge·|w|². The default 0 is
	// plain least squares, which LSGD uses; when the features are
	// rank-deficient (dead ReLU units, duplicated units, fewer rows than
	// units) the minimum-norm solution is taken, so 0 never fails and a
	// positive value is only needed to shrink the weights on purpose.
	Ridge float64 `hcl:"ridge,optional"`
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "lstsq",
		Doc:  "set the output layer to the (ridge) least-squares fit on the last hidden layer, in one step (MSE regression only)",
		New:  func() registry.OptimizerConfig { return &Config{} },
	})
}

var (
	_ registry.MethodConfig   = (*Config)(nil)
	_ registry.Validator      = (*Config)(nil)
	_ registry.ProblemChecker = (*Config)(nil)
	_ registry.LossChecker    = (*Config)(nil)
)

// Method returns a fresh lstsq stage.
func (c Config) Method() optimize.Method { return &LSTSQ{cfg: c} }

// Validate checks the settings.
func (c Config) Validate() error {
	var errs []error
	if !(c.Ridge >= 0 && c.Ridge <= MaxRidge) {
		errs = append(errs, registry.Invalid("ridge", "must be from 0 to %g, got %g", float64(MaxRidge), c.Ridge))
	}
	return errors.Join(errs...)
}

// errNoOutputLayer says what lstsq needs, for CheckProblem and Init.
var errNoOutputLayer = errors.New(`lstsq: needs MSE regression (loss "mse" on a regression data set), whose output layer it solves by least squares; this run's problem does not offer it (optimize.OutputLayer)`)

// CheckProblem implements registry.ProblemChecker: the settings must be
// valid and the problem must offer optimize.OutputLayer.
func (c Config) CheckProblem(p optimize.Problem) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("lstsq: %w", err)
	}
	if _, ok := p.(optimize.OutputLayer); !ok {
		return errNoOutputLayer
	}
	return nil
}

// CheckLoss implements registry.LossChecker: the loss must be a squared
// error regression loss, the one whose output layer least squares solves.
func (Config) CheckLoss(loss nn.Loss) error {
	if s, ok := loss.(nn.SquaredError); ok && s.IsSquaredError() && nn.LossTask(loss) == nn.Regression {
		return nil
	}
	return errors.New(`it solves the output layer by least squares, which minimizes the mean squared error (loss "mse") only`)
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
