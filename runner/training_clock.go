package runner

import (
	"sync"
	"sync/atomic"
	"time"
)

// trainingClock is a job's training time: the wall time since the job
// started less the spells the runner spent watching it (the history's
// test loss and accuracies, a loss a method left it, its checks, the
// hooks that display progress). That time is the same for every method
// in kind but not in share: on Fashion-MNIST the passes that record an
// Adam epoch take longer than its minibatches, and a search sweep's about
// a hundredth of it, so a clock that kept them would charge the cheap
// steps for being watched, as the cost column no longer does. The
// max_seconds timer reads it from its own goroutine.
type trainingClock struct {
	start time.Time
	// watched is the nanoseconds of the spells ended so far; spellFrom
	// is 1 + the nanoseconds from start at which the current spell
	// began, 0 outside one. Both are read from start's monotonic clock.
	watched   atomic.Int64
	spellFrom atomic.Int64
	// depth counts nested watch calls; only the job's goroutine calls
	// watch.
	depth int
}

func newTrainingClock(start time.Time) *trainingClock { return &trainingClock{start: start} }

// at is the training time at now.
func (c *trainingClock) at(now time.Time) time.Duration {
	// A spell ends by adding to watched before clearing spellFrom, and
	// this reads them the other way round, so a reader between the two
	// subtracts the spell twice and sees less training time, never
	// more: the timer then waits a little longer, and never stops a job
	// early.
	from := c.spellFrom.Load()
	since := int64(now.Sub(c.start))
	d := since - c.watched.Load()
	if from != 0 && since+1 > from {
		// (A now read before the spell began has none of it to leave
		// out.)
		d -= since + 1 - from
	}
	return time.Duration(max(d, 0))
}

// seconds is the training time so far, in seconds.
func (c *trainingClock) seconds() float64 { return c.at(time.Now()).Seconds() }

// wallSeconds is the wall time since the job started, in seconds.
func (c *trainingClock) wallSeconds() float64 { return time.Since(c.start).Seconds() }

// watch begins a spell of watching and returns the function that ends
// it; a spell within a spell is part of it.
func (c *trainingClock) watch() (end func()) {
	c.depth++
	if c.depth > 1 {
		return func() { c.depth-- }
	}
	from := int64(time.Since(c.start)) + 1
	c.spellFrom.Store(from)
	return func() {
		c.depth--
		c.watched.Add(int64(time.Since(c.start)) + 1 - from)
		c.spellFrom.Store(0)
	}
}

// timeBudget calls stop once a clock's training time reaches a limit:
// a timer for what is left, which on firing sets itself again for what
// the spells of watching added meanwhile.
type timeBudget struct {
	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

// minRearm is the least wait before the timer looks again: while a long
// spell of watching holds the clock, what is left does not shrink.
const minRearm = 10 * time.Millisecond

func startTimeBudget(c *trainingClock, limit time.Duration, stop func()) *timeBudget {
	b := &timeBudget{}
	var check func()
	check = func() {
		left := limit - c.at(time.Now())
		b.mu.Lock()
		defer b.mu.Unlock()
		if b.stopped {
			return
		}
		if left <= 0 {
			stop()
			return
		}
		b.timer = time.AfterFunc(max(left, minRearm), check)
	}
	b.mu.Lock()
	b.timer = time.AfterFunc(limit, check)
	b.mu.Unlock()
	return b
}

// cancel stops the timer for good.
func (b *timeBudget) cancel() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.stopped = true
	b.timer.Stop()
}
