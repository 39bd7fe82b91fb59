package plateau

import (
	"errors"
	"math"

	"github.com/nnexp/nnexp/registry"
)

// Config is the settings of a plateau block, driven by the full-data loss
// after each epoch. Its fields are pointers because zero patience and zero
// threshold are meaningful; nil means the default shown.
type Config struct {
	// Factor multiplies the learning rate at each reduction (0.1).
	Factor *float64 `hcl:"factor,optional"`
	// Patience is how many epochs without improvement are tolerated; the
	// rate drops on the next one (10).
	Patience *int `hcl:"patience,optional"`
	// Threshold is the relative improvement that counts: a loss F improves
	// on the best B when F < B*(1-Threshold) (1e-4).
	Threshold *float64 `hcl:"threshold,optional"`
}

// Defaults of the Config fields, PyTorch's.
const (
	DefaultFactor    = 0.1
	DefaultPatience  = 10
	DefaultThreshold = 1e-4
)

// Validate checks the settings, naming a bad one as the file writes it
// inside the optimizer's block ("plateau.factor").
func (p *Config) Validate() error {
	var errs []error
	if f := p.factor(); !(f > 0 && f < 1) {
		errs = append(errs, registry.Invalid("plateau.factor", "must be in (0, 1), got %g", f))
	}
	if n := p.patience(); n < 0 {
		errs = append(errs, registry.Invalid("plateau.patience", "must be >= 0, got %d", n))
	}
	if t := p.threshold(); !(t >= 0) || math.IsInf(t, 1) {
		errs = append(errs, registry.Invalid("plateau.threshold", "must be a finite number >= 0, got %g", t))
	}
	return errors.Join(errs...)
}

// WithDefaults returns a copy with every field set, so that a method does
// not share the caller's pointers.
func (p *Config) WithDefaults() *Config {
	f, n, t := p.factor(), p.patience(), p.threshold()
	return &Config{Factor: &f, Patience: &n, Threshold: &t}
}

func (p *Config) factor() float64 {
	if p.Factor == nil {
		return DefaultFactor
	}
	return *p.Factor
}

func (p *Config) patience() int {
	if p.Patience == nil {
		return DefaultPatience
	}
	return *p.Patience
}

func (p *Config) threshold() float64 {
	if p.Threshold == nil {
		return DefaultThreshold
	}
	return *p.Threshold
}
