package nn

import (
	"sync"
	"sync/atomic"
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
// goroutines. Blocks are claimed in any order, but each writes only its own
// results, so the outcome is the same for any n. There is one hand-off per
// phase (per parameter, not per candidate).
type workerPool struct {
	n     int
	start []chan struct{}
	wg    sync.WaitGroup
	next  atomic.Int64
	nblk  int
	task  blockRunner
}

func newWorkerPool(n int) *workerPool {
	p := &workerPool{n: max(n, 1)}
	for w := 1; w < p.n; w++ {
		ch := make(chan struct{})
		p.start = append(p.start, ch)
		go func() {
			for range ch {
				p.work(w)
				p.wg.Done()
			}
		}()
	}
	return p
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
	p.next.Store(0)
	helpers := min(p.n-1, nblk-1)
	p.wg.Add(helpers)
	for w := range helpers {
		p.start[w] <- struct{}{}
	}
	p.work(0)
	p.wg.Wait()
	p.task = nil
}

func (p *workerPool) work(id int) {
	for {
		b := int(p.next.Add(1) - 1)
		if b >= p.nblk {
			return
		}
		p.task.runBlock(id, b)
	}
}

// close stops the goroutines.
func (p *workerPool) close() {
	for _, ch := range p.start {
		close(ch)
	}
	p.start = nil
	p.n = 1
}

// workerScratch is one worker's buffers.
type workerScratch struct {
	one, oneA  []float64
	prev, cur  []float64
	delta, out []float64
	// pieces of the bulk path
	bulk bulkScratch
}

func (c *unitCache) newScratch() *workerScratch {
	wmax := 0
	for _, n := range c.sizes {
		wmax = max(wmax, n)
	}
	return &workerScratch{
		one: make([]float64, 1), oneA: make([]float64, 1),
		prev: make([]float64, wmax), cur: make([]float64, wmax),
		delta: make([]float64, wmax), out: make([]float64, c.sizes[c.nl]),
		bulk: newBulkScratch(c),
	}
}

// setWorkers replaces the pool with one of n workers.
func (c *unitCache) setWorkers(n int) {
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

// runBlock implements blockRunner for the phase in c.score.
func (c *unitCache) runBlock(worker, block int) {
	s := c.scratch[worker]
	switch st := &c.score; st.phase {
	case phaseExact:
		c.exactBlock(s, st.exact, block)
	case phaseIncremental:
		c.incrementalBlock(s, block)
	case phaseQuadratic:
		c.quadraticBlock(block)
	case phaseBulk:
		c.bulkBlock(s, block)
	}
}
