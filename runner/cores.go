package runner

import "sync/atomic"

// cores shares --parallel's cores among the jobs running: each gets an
// equal share, at least 1, for its training objective's workers. When a
// worker finds no job left its core goes to the jobs still running, which
// take it up at their next history point or checkpoint (between search's
// parameters), so a long job that outlives the short ones (Fashion-MNIST's
// search beside Adam) ends on every core. The objective's scores are the
// same for any number of workers, so sharing changes speed, never results.
type cores struct {
	total   int
	running atomic.Int32
}

// share is a running job's number of workers now.
func (c *cores) share() int {
	if c == nil {
		return 1
	}
	return max(1, c.total/max(1, int(c.running.Load())))
}

// adjustWorkers gives the job's training objective its share of the cores
// when that changed; it runs on the job's goroutine, between evaluations.
func (x *execution) adjustWorkers() {
	if x.cores == nil || x.train == nil {
		return
	}
	if n := x.cores.share(); n != x.threads {
		x.threads = n
		x.train.SetWorkers(n)
		if x.check != nil {
			// The loss a method leaves to the runner splits its pass too.
			x.check.SetWorkers(n)
		}
		if x.test != nil {
			// The history's test loss and accuracy split their passes too.
			x.test.SetWorkers(n)
		}
	}
}
