package scorer

import (
	"sync/atomic"
	"testing"
	"time"
)

// countingTask counts how often each block of a phase runs.
type countingTask struct{ runs []atomic.Int32 }

func (t *countingTask) runBlock(_, b int) { t.runs[b].Add(1) }

// Every block runs exactly once per phase, whether the helpers are still
// spinning from the last phase (back-to-back phases) or have parked (a gap
// longer than spinFor), and close stops them in either state.
func TestWorkerPoolHandsOffEveryPhase(t *testing.T) {
	for _, n := range []int{2, 3} {
		p := newWorkerPool(n)
		for phase := range 200 {
			task := &countingTask{runs: make([]atomic.Int32, 1+phase%7)}
			p.run(len(task.runs), task, true)
			for b := range task.runs {
				if got := task.runs[b].Load(); got != 1 {
					t.Fatalf("n=%d phase %d: block %d ran %d times", n, phase, b, got)
				}
			}
			if phase%20 == 19 {
				time.Sleep(2 * spinFor) // let the helpers park
			}
		}
		p.close()
	}
}
