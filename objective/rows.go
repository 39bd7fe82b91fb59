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

// forwardPass is Func's pass (each row's loss at x into rowLosses) or
// Accuracy's (whether each row's largest output at x is its class, into
// rowHits). Func's pass on classification data fills rowHits too, for
// the Accuracy at the same x that the runner asks for next (passMemo).
type forwardPass struct {
	o            *Objective
	x            []float64
	losses, hits bool
	// fromFirst: the rows' first layer is read from o.first.
	fromFirst bool
}

func (p *forwardPass) visit(ws *nn.Workspace, r int) {
	o := p.o
	in, y := o.Data.Row(r)
	var out []float64
	if p.fromFirst {
		out = o.Model.ForwardFrom(ws, p.x, o.first.row(r))
	} else {
		out = o.Model.Forward(ws, p.x, in)
	}
	if p.hits {
		o.rowHits[r] = nn.Argmax(out) == int(y[0])
	}
	if p.losses {
		o.rowLosses[r] = o.Loss.Row(out, y)
	}
}

// passMemo is the hit count of the last pass over the rows of
// classification data, and the x it was at (a copy): after every step the
// runner takes the method's loss (Func) and then the accuracy at the same
// parameters, and on a large table each is a forward pass over every row;
// Accuracy, a report, reads the first's hits from here instead (an argmax
// per row, next to a forward pass nothing). Func always runs its pass: a
// loss is work, and what it bills is what it did (found by review: read
// back, it was billed a pass it did not do).
type passMemo struct {
	x    []float64
	hits int
	ok   bool
	// passes counts the passes run, for tests.
	passes int
}

// at reports whether the memo holds the hits of a pass at x, bit for bit.
func (m *passMemo) at(x []float64) bool {
	return m.ok && len(m.x) == len(x) && sameBits(x, m.x)
}

// runPass runs the pass over every row at x, keeping no reference to x,
// and returns its loss sum (with losses: every row's loss, summed in row
// order, so the same bits for any number of workers) and multiply-adds;
// on classification data it leaves its hits in the memo. With a
// first-layer cache (a minibatch search's), Func's pass catches it up and
// reads it; Accuracy's, a report that is not work, reads it only when it
// is already at x, so that a report never does a loss's work uncounted.
func (o *Objective) runPass(x []float64, losses bool) (lossSum float64, work int64) {
	rows := o.Data.Rows
	hits := !losses || o.Data.Task == nn.Classification && o.Data.TargetDim == 1
	if losses {
		o.rowLosses = grow(o.rowLosses, rows)
	}
	if hits {
		o.rowHits = grow(o.rowHits, rows)
	}
	work = o.forwardWork
	fromFirst := false
	if f := o.first; f != nil {
		// Catching up is at most the pass's own first layer.
		if stale := f.staleUnits(x); len(stale) == 0 || losses {
			work = f.catchUp(x, stale) + int64(rows)*f.laterWork()
			fromFirst = true
		}
	}
	o.rowPass = forwardPass{o: o, x: x, losses: losses, hits: hits, fromFirst: fromFirst}
	o.eachRowSplit(&o.rowPass)
	o.rowPass.x = nil
	m := &o.memo
	m.passes++
	if losses {
		for _, l := range o.rowLosses {
			lossSum += l
		}
	}
	if hits {
		m.x, m.ok, m.hits = append(m.x[:0], x...), true, 0
		for _, h := range o.rowHits {
			if h {
				m.hits++
			}
		}
	}
	return lossSum, work
}

// rowHitCount is Accuracy's count of rows whose largest output is their
// class.
func (o *Objective) rowHitCount(x []float64) int {
	if !o.memo.at(x) {
		o.runPass(x, false)
	}
	return o.memo.hits
}

// grow returns s with length n, reallocated only when too short.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
