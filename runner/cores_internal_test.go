package runner

import (
	"testing"

	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/objective"
)

// A job's share of the cores grows when a worker runs out of jobs, and the
// job takes it up at its next adjustment; nil cores are one worker.
func TestJobsTakeUpFreedCores(t *testing.T) {
	c := &cores{total: 3}
	c.running.Store(2)
	if got := c.share(); got != 1 {
		t.Errorf("3 cores, 2 jobs: share %d, want 1", got)
	}
	m, err := nn.NewMLP(1, nil, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	x := &execution{threads: 1, cores: c,
		train: objective.New(m, &nn.Data{X: []float64{1}, Y: []float64{0}, Rows: 1, Inputs: 1, TargetDim: 1}, losses.MSE{})}
	defer x.train.Close()
	x.adjustWorkers()
	if x.threads != 1 {
		t.Errorf("threads %d with a share of 1", x.threads)
	}
	c.running.Add(-1) // the other job's worker found no job left
	x.adjustWorkers()
	if x.threads != 3 {
		t.Errorf("threads %d after the other worker left, want all 3 cores", x.threads)
	}
	if got := (*cores)(nil).share(); got != 1 {
		t.Errorf("nil cores: share %d, want 1", got)
	}
}
