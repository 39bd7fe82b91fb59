package scorer

import (
	"runtime"
	"sync/atomic"
	"time"

	"github.com/nnexp/nnexp/nn"
)

// parallelWork is the least work (multiply-adds, roughly) of one
// parameter's phase worth splitting over workers: below it, handing blocks
// to other goroutines costs more than it saves, so the caller does every
// block itself. The split never changes a result, only who computes it.
const parallelWork = 1 << 17

// blockRunner does one block of the current phase.
type blockRunner interface {
	runBlock(worker, block int)
}

// workerPool runs a phase's blocks on the caller and n-1 persistent
// goroutines. Blocks are claimed in any order (each worker its own
// contiguous share first, then what is left of the others'), but each
// writes only its own results, so the outcome is the same for any n. There
// is one hand-off per phase (per parameter, not per candidate), and the
// caller spins until the helpers are done rather than park.
//
// A helper that finishes a phase spins for a short while (spinFor) before
// it parks on its channel: the phases of one parameter, and those of the
// next, follow each other within microseconds, and waking a parked
// goroutine costs about as long as a small phase. Each helper's state says
// whether it is parked, spinning or handed work.
type workerPool struct {
	n     int
	start []chan struct{}
	state []atomic.Int32
	// busy counts the helpers still working on the current phase.
	busy atomic.Int32
	// Worker w claims its home blocks home[w].next up to home[w].end
	// first, then the other workers' (see work).
	home []homeBlocks
	nblk int
	task blockRunner
}

// homeBlocks is one worker's share of a phase's blocks, padded to its own
// cache line so that claims do not contend with the other workers'.
type homeBlocks struct {
	next atomic.Int64
	end  int64
	_    [48]byte
}

// Helper states.
const (
	helperParked int32 = iota
	helperSpinning
	helperWork
	helperStop
)

// spinFor is how long an idle helper spins before parking.
const spinFor = 100 * time.Microsecond

func newWorkerPool(n int) *workerPool {
	p := &workerPool{n: max(n, 1)}
	p.home = make([]homeBlocks, p.n)
	if p.n > 1 {
		p.state = make([]atomic.Int32, p.n-1)
	}
	for w := 1; w < p.n; w++ {
		ch := make(chan struct{})
		p.start = append(p.start, ch)
		go p.helper(w, ch, &p.state[w-1])
	}
	return p
}

// helper runs the phases it is handed until the pool closes.
func (p *workerPool) helper(id int, ch chan struct{}, st *atomic.Int32) {
	for {
		if _, ok := <-ch; !ok {
			return
		}
		for {
			p.work(id)
			// Spinning before done, so that the next run finds it so.
			st.Store(helperSpinning)
			p.busy.Add(-1)
			if !p.spin(st) {
				break
			}
		}
	}
}

// spin waits for the next phase without parking, and reports whether one
// was handed over; false means park (or stop).
func (p *workerPool) spin(st *atomic.Int32) bool {
	deadline := time.Now().Add(spinFor)
	for i := 0; ; i++ {
		switch st.Load() {
		case helperWork:
			return true
		case helperStop:
			return false
		}
		if i%64 == 63 {
			if time.Now().After(deadline) {
				if st.CompareAndSwap(helperSpinning, helperParked) {
					return false
				}
				// Handed work (or stopped) just now.
				continue
			}
			runtime.Gosched()
		}
	}
}

// run does blocks 0..nblk-1 of task, on the workers when parallel.
func (p *workerPool) run(nblk int, task blockRunner, parallel bool) {
	if p.n <= 1 || !parallel || nblk <= 1 {
		for b := range nblk {
			task.runBlock(0, b)
		}
		return
	}
	p.task, p.nblk = task, nblk
	helpers := min(p.n-1, nblk-1)
	// Contiguous home ranges: a worker then tends to get the same rows in
	// every phase, whose data its core's cache still holds.
	for w := range p.home {
		lo, hi := 0, 0
		if w <= helpers {
			lo, hi = w*nblk/(helpers+1), (w+1)*nblk/(helpers+1)
		}
		p.home[w].next.Store(int64(lo))
		p.home[w].end = int64(hi)
	}
	p.busy.Store(int32(helpers))
	for w := range helpers {
		if !p.state[w].CompareAndSwap(helperSpinning, helperWork) {
			p.state[w].Store(helperWork)
			p.start[w] <- struct{}{}
		}
	}
	p.work(0)
	// Spin rather than park: the helpers' last blocks end within
	// microseconds, and waking a parked goroutine takes tens of them,
	// which on a small phase cost more than the helpers saved.
	for i := 0; p.busy.Load() != 0; i++ {
		if i%64 == 63 {
			runtime.Gosched()
		}
	}
	p.task = nil
}

// work does worker id's home blocks, then claims the others' that are
// left, in turn.
func (p *workerPool) work(id int) {
	for k := range p.n {
		h := &p.home[(id+k)%p.n]
		for {
			b := h.next.Add(1) - 1
			if b >= h.end {
				break
			}
			p.task.runBlock(id, int(b))
		}
	}
}

// close stops the goroutines.
func (p *workerPool) close() {
	for w, ch := range p.start {
		p.state[w].Store(helperStop)
		close(ch)
	}
	p.start = nil
	p.n = 1
}

// workerScratch is one worker's buffers.
type workerScratch struct {
	prev, cur  []float64
	delta, out []float64
	// pieces of the bulk path
	bulk bulkScratch
	// exactBlock's columns, made on first use
	exact exactScratch
	// cross-entropy's grid, grown on first use
	softmax softmaxScratch
	// forward is rebuild's workspace for Forward
	forward *nn.Workspace
}

func (c *Scorer) newScratch() *workerScratch {
	wmax := 0
	for _, n := range c.sizes {
		wmax = max(wmax, n)
	}
	return &workerScratch{
		prev: make([]float64, wmax), cur: make([]float64, wmax),
		delta: make([]float64, wmax), out: make([]float64, c.sizes[c.layers]),
		bulk:    newBulkScratch(wmax, c.sizes[c.layers]),
		forward: c.model.NewWorkspace(),
	}
}

// SetWorkers replaces the pool with one of n workers (n < 1 means 1); a
// pool of n keeps n-1 goroutines until it is replaced. The scores are the
// same for every n.
func (c *Scorer) SetWorkers(n int) {
	n = max(n, 1)
	if c.pool != nil {
		if c.pool.n == n {
			return
		}
		c.pool.close()
	}
	c.pool = newWorkerPool(n)
	for len(c.scratch) < n {
		c.scratch = append(c.scratch, c.newScratch())
	}
}
