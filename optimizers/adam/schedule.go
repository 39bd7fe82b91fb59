package adam

// reduceOnPlateau is torch.optim.lr_scheduler.ReduceLROnPlateau with mode
// "min", threshold_mode "rel", cooldown 0 and min_lr 0.
type reduceOnPlateau struct {
	factor    float64
	patience  int
	threshold float64
	best      float64
	bad       int // epochs since the last improvement
}

// minReduction is PyTorch's eps: a reduction smaller than this is skipped,
// so the rate stops shrinking once it is negligible.
const minReduction = 1e-8

func newReduceOnPlateau(p *Plateau) *reduceOnPlateau {
	return &reduceOnPlateau{
		factor:    p.factor(),
		patience:  p.patience(),
		threshold: p.threshold(),
		best:      inf,
	}
}

// step records an epoch's loss and returns the learning rate for the next
// epoch. A NaN loss counts as no improvement, as in PyTorch.
func (s *reduceOnPlateau) step(loss, lr float64) float64 {
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
