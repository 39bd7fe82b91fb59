package lbfgs_test

import (
	"testing"

	_ "github.com/nnexp/nnexp/builtin"
	"github.com/nnexp/nnexp/optimizers/internal/runnertest"
)

// An empty lbfgs block runs through the real runner on the notebook's
// diabetes net to completion or convergence, below its start, and passes
// the runner's bit-for-bit check of the reported loss.
func TestThroughRunner(t *testing.T) {
	runnertest.EmptyBlockLowersLoss(t, "lbfgs")
}
