package runner

import (
	"sync/atomic"
	"testing"
	"time"
)

// The clock leaves out the spells of watching, a nested spell once: 20 ms
// of training, then a 60 ms spell holding a 30 ms one, leave at least
// 20 ms and at most the wall time less 60 ms. (Sleeps are lower bounds on
// the time that passes, so the bounds hold on a loaded machine.)
func TestTrainingClockLeavesOutWatching(t *testing.T) {
	start := time.Now()
	c := newTrainingClock(start)
	time.Sleep(20 * time.Millisecond)
	end := c.watch()
	time.Sleep(30 * time.Millisecond)
	inner := c.watch()
	time.Sleep(30 * time.Millisecond)
	if during := c.at(time.Now()); during < 20*time.Millisecond || during > time.Since(start)-60*time.Millisecond {
		t.Errorf("training time %v during a spell begun 60 ms ago, %v after the start; want at least 20 ms and none of the spell", during, time.Since(start))
	}
	inner()
	end()
	wall := time.Since(start)
	got := c.at(time.Now())
	if got < 20*time.Millisecond || got > wall-60*time.Millisecond {
		t.Errorf("training time %v of %v wall with a 60 ms spell (nesting a 30 ms one) after 20 ms; want 20 ms to %v", got, wall, wall-60*time.Millisecond)
	}
	if c.depth != 0 || c.spellFrom.Load() != 0 {
		t.Errorf("after the spells: depth %d, spell from %d", c.depth, c.spellFrom.Load())
	}
}

// The budget stops only once the training time reaches it: with a 50 ms
// limit and a 200 ms spell from the start, not before 250 ms of wall
// time; without spells, not before 50 ms; cancelled, never.
func TestTimeBudgetWaitsOutWatching(t *testing.T) {
	for _, spell := range []time.Duration{0, 200 * time.Millisecond} {
		start := time.Now()
		c := newTrainingClock(start)
		stopped := make(chan time.Duration, 1)
		b := startTimeBudget(c, 50*time.Millisecond, func() { stopped <- time.Since(start) })
		if spell > 0 {
			end := c.watch()
			time.Sleep(spell)
			end()
		}
		select {
		case at := <-stopped:
			if at < 50*time.Millisecond+spell {
				t.Errorf("spell %v: stopped after %v of wall time, before 50 ms of training", spell, at)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("spell %v: not stopped after 10 s", spell)
		}
		b.cancel()
	}
	var calls atomic.Int32
	b := startTimeBudget(newTrainingClock(time.Now()), 20*time.Millisecond, func() { calls.Add(1) })
	b.cancel()
	time.Sleep(60 * time.Millisecond)
	if n := calls.Load(); n != 0 {
		t.Errorf("a cancelled budget stopped the job %d times", n)
	}
}

// Training time only grows, so no reading may pass the last one: a reader
// on another goroutine (the max_seconds timer's place), reading while
// spells begin and end back to back, never sees more than the clock
// shows once they are over. A reader that counted the spell under way
// fails it at once; the narrower interleavings of a spell's end are
// argued at trainingClock.at, where this test seldom lands.
func TestTrainingClockNeverRunsAhead(t *testing.T) {
	c := newTrainingClock(time.Now())
	var highest atomic.Int64
	done := make(chan struct{})
	read := make(chan struct{})
	go func() {
		defer close(read)
		for {
			select {
			case <-done:
				return
			default:
			}
			if d := int64(c.at(time.Now())); d > highest.Load() {
				highest.Store(d)
			}
		}
	}()
	for range 3000 {
		end := c.watch()
		for spin := time.Now(); time.Since(spin) < 20*time.Microsecond; {
		}
		end()
	}
	close(done)
	<-read
	if final := c.at(time.Now()); time.Duration(highest.Load()) > final {
		t.Errorf("a reading of %v during the spells, more than the %v of training time after them", time.Duration(highest.Load()), final)
	}
}
