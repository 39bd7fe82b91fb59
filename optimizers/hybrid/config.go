package hybrid

import (
	"errors"

	"github.com/nnexp/nnexp/optimizers/adam"
	"github.com/nnexp/nnexp/optimizers/search"
	"github.com/nnexp/nnexp/registry"
)

// Config holds the settings of both stages, written as required nested
// blocks: hybrid { search { ... } adam { ... } }. They are struct values so
// a file's attributes are decoded over the defaults New puts in them.
type Config struct {
	Search search.Config `hcl:"search,block"`
	Adam   adam.Config   `hcl:"adam,block"`
}

// DefaultConfig returns each stage's defaults.
func DefaultConfig() Config {
	return Config{Search: search.DefaultConfig(), Adam: adam.DefaultConfig()}
}

func init() {
	registry.RegisterOptimizer(registry.Optimizer{
		Name: "hybrid",
		Doc:  "grid search, then Adam from where the search stopped (needs a gradient)",
		New: func() registry.OptimizerConfig {
			c := DefaultConfig()
			return &c
		},
	})
}

var (
	_ registry.Preset       = (*Config)(nil)
	_ registry.Validator    = (*Config)(nil)
	_ registry.GradientUser = (*Config)(nil)
)

// Stages implements registry.Preset: the search stage, then the Adam stage,
// each with its own copy of the settings.
func (c Config) Stages() []registry.PresetStage {
	s, a := c.Search, c.Adam
	return []registry.PresetStage{
		{Name: "search", Config: &s},
		{Name: "adam", Config: &a},
	}
}

// UsesGradient reports true: the Adam stage follows the gradient.
func (c Config) UsesGradient() bool { return true }

// Validate checks both stages, naming a bad setting by its block
// ("search.weight_steps", "adam.plateau.factor").
func (c Config) Validate() error {
	var errs []error
	for _, err := range registry.Unjoin(c.Search.Validate()) {
		errs = append(errs, nested("search", err))
	}
	for _, err := range registry.Unjoin(c.Adam.Validate()) {
		errs = append(errs, nested("adam", err))
	}
	return errors.Join(errs...)
}

func nested(block string, err error) error {
	var se *registry.SettingError
	if errors.As(err, &se) {
		return &registry.SettingError{Setting: block + "." + se.Setting, Message: se.Message}
	}
	return &registry.SettingError{Setting: block, Message: err.Error()}
}
