package plateau

import "math"

// Schedule is a running ReduceLROnPlateau (mode "min", threshold_mode
// "rel", cooldown 0, min_lr 0). Make one per job with New.
type Schedule struct {
	factor    float64
	patience  int
	threshold float64
	best      float64
	bad       int // epochs since the last improvement
}

// minReduction is PyTorch's eps: a reduction smaller than this is skipped,
// so the rate stops shrinking once it is negligible.
const minReduction = 1e-8

// New returns a schedule with p's settings (defaults for nil fields) and
// no epoch seen yet.
func New(p *Config) *Schedule {
	return &Schedule{
		factor:    p.factor(),
		patience:  p.patience(),
		threshold: p.threshold(),
		best:      math.Inf(1),
	}
}

// Step records an epoch's loss and returns the learning rate for the next
// epoch. A NaN loss counts as no improvement, as in PyTorch; so does +Inf,
// and neither can become the best.
func (s *Schedule) Step(loss, lr float64) float64 {
	if loss < s.best*(1-s.threshold) {
		s.best, s.bad = loss, 0
	} else {
		s.bad++
	}
	if s.bad <= s.patience {
		return lr
	}
	s.bad = 0
	if reduced := lr * s.factor; lr-reduced > minReduction {
		return reduced
	}
	return lr
}
