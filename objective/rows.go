package objective

import (
	"sync"

	"github.com/nnexp/nnexp/nn"
)

// minSplitWork is the least work (multiply-adds) of a pass over the rows
// that Func and Accuracy split over the workers: a goroutine's start and
// hand-off cost microseconds, a small pass less.
const minSplitWork = 1 << 22

// rowVisitor is a pass's work on one row r, with a workspace of its own;
// it writes only row r's results.
type rowVisitor interface {
	visit(ws *nn.Workspace, r int)
}

// eachRowSplit visits every row of the data, in chunks of consecutive rows
// over the workers when the pass is large enough, each chunk with its own
// workspace. Unsplit, it allocates nothing.
func (o *Objective) eachRowSplit(v rowVisitor) {
	rows := o.Data.Rows
	n := o.workers
	if n <= 1 || o.forwardWork < minSplitWork || rows < 2*n {
		for r := range rows {
			v.visit(o.ws, r)
		}
		return
	}
	for len(o.rowWS) < n-1 {
		o.rowWS = append(o.rowWS, o.Model.NewWorkspace())
	}
	var wg sync.WaitGroup
	for w := range n {
		lo, hi := w*rows/n, (w+1)*rows/n
		ws := o.ws
		if w > 0 {
			ws = o.rowWS[w-1]
		}
		run := func() {
			for r := lo; r < hi; r++ {
				v.visit(ws, r)
			}
		}
		if w == n-1 {
			run() // this goroutine takes the last chunk
			break
		}
		wg.Go(run)
	}
	wg.Wait()
}

// forwardPass is Func's pass (each row's loss at x into rowLosses) or,
// with accuracy, Accuracy's (whether each row's largest output at x is
// its class, into rowHits).
type forwardPass struct {
	o        *Objective
	x        []float64
	accuracy bool
}

func (p *forwardPass) visit(ws *nn.Workspace, r int) {
	o := p.o
	in, y := o.Data.Row(r)
	out := o.Model.Forward(ws, p.x, in)
	if p.accuracy {
		o.rowHits[r] = nn.Argmax(out) == int(y[0])
	} else {
		o.rowLosses[r] = o.Loss.Row(out, y)
	}
}

// runPass runs the pass over every row at x, keeping no reference to x.
func (o *Objective) runPass(x []float64, accuracy bool) {
	o.rowPass = forwardPass{o, x, accuracy}
	o.eachRowSplit(&o.rowPass)
	o.rowPass.x = nil
}

// rowLossSum is Func's sum: every row's loss, then their sum in row
// order, so the same bits for any number of workers.
func (o *Objective) rowLossSum(x []float64) float64 {
	o.rowLosses = grow(o.rowLosses, o.Data.Rows)
	o.runPass(x, false)
	sum := 0.0
	for _, l := range o.rowLosses {
		sum += l
	}
	return sum
}

// rowHitCount is Accuracy's count of rows whose largest output is their
// class.
func (o *Objective) rowHitCount(x []float64) int {
	o.rowHits = grow(o.rowHits, o.Data.Rows)
	o.runPass(x, true)
	hits := 0
	for _, h := range o.rowHits {
		if h {
			hits++
		}
	}
	return hits
}

// grow returns s with length n, reallocated only when too short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
