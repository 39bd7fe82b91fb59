package gonumrun

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"

	gopt "gonum.org/v1/gonum/optimize"

	"github.com/nnexp/nnexp/optimize"
)

// Run is one gonum method running against an nnexp problem. Next serves
// evaluations up to the next major iteration; Stop ends the method's
// goroutine. A Run is used by one goroutine at a time, except that Stop
// may come from the context's watcher or a cleanup, which wait for Next.
type Run struct {
	name   string // the nnexp optimizer's name, for errors
	method gopt.Method
	p      optimize.Problem
	d      optimize.Differentiable // nil unless the method asks for gradients
	env    optimize.Env
	start  optimize.Location
	opt    Options

	mu      sync.Mutex
	started bool
	stopped bool
	ops     chan gopt.Task
	res     chan gopt.Task
	done    chan struct{}
	crash   error // a panic of the gonum method, set before done closes
	// reply is the task the method waits on, sent back by the next Next
	// when pending.
	reply   gopt.Task
	pending bool
	x       []float64 // the copy each evaluation is made on
	nanSeen bool      // a NaN was handed to gonum as +Inf
	unwatch func() bool
}

// Major is a major iteration: X and F are the method's candidate, F
// exactly Func(X); Gradient is the gradient there when the method keeps
// one. The slices are the Run's until the next call to Next.
type Major struct {
	X        []float64
	F        float64
	Gradient []float64
}

// ErrEnded is returned by Next once the gonum method has ended on its own
// (gonum's MethodDone: its own test stopped it, or it cannot go on); Status
// says why.
var ErrEnded = errors.New("gonumrun: the method has ended")

// Options are what a Run needs to know of its method and caller.
type Options struct {
	// Gradient says the method asks for gradients, so the problem must be
	// optimize.Differentiable.
	Gradient bool
	// SkipStart drops the first major iteration, which gonum's local
	// methods (Nelder-Mead, L-BFGS) use to announce the start.
	SkipStart bool
	// OnFunc, when set, sees every loss the Run serves, with its point
	// (which it must not keep): CMA-ES keeps its best and its tolerances
	// from them.
	OnFunc func(x []float64, f float64)
	// IgnoreF says the caller does not use Major.F, so no evaluation is
	// spent making it exact.
	IgnoreF bool
}

// New prepares a Run of method on p from start, whose F must be Func(X).
// Nothing runs until Next.
func New(name string, method gopt.Method, p optimize.Problem, start optimize.Location, env optimize.Env, opt Options) (*Run, error) {
	r := &Run{name: name, method: method, p: p, env: env, opt: opt,
		start: optimize.Location{X: slices.Clone(start.X), F: start.F}}
	if opt.Gradient {
		d, ok := p.(optimize.Differentiable)
		if !ok {
			return nil, fmt.Errorf("%s: needs a differentiable problem (the loss has no gradient)", name)
		}
		r.d = d
	}
	return r, nil
}

// Abandon arranges for the goroutine to be stopped when owner becomes
// unreachable, for a runner that stops calling Step between steps (a
// budget, a diverged loss) without telling the method. owner must be the
// object holding r, and r must not refer back to it.
func Abandon[T any](owner *T, r *Run) {
	runtime.AddCleanup(owner, func(r *Run) { r.Stop() }, r)
}

// begin starts the method's goroutine: gonum's protocol, with one task in
// flight at a time, so the method always waits for the answer to the task
// it sent last.
func (r *Run) begin() {
	dim := len(r.start.X)
	if n := r.method.Init(dim, 1); n != 1 {
		r.crash = fmt.Errorf("%s: gonum method wants %d concurrent tasks, not 1", r.name, n)
	}
	r.ops, r.res, r.done = make(chan gopt.Task, 1), make(chan gopt.Task, 1), make(chan struct{})
	r.x = make([]float64, dim)
	loc := &gopt.Location{X: slices.Clone(r.start.X), F: r.start.F}
	tasks := []gopt.Task{{Op: gopt.FuncEvaluation, Location: loc}}
	method, ops, res, done := r.method, r.ops, r.res, r.done
	r.started = true
	if r.crash != nil {
		close(done)
		return
	}
	go func() {
		defer func() {
			if v := recover(); v != nil {
				r.crashed(fmt.Errorf("%s: gonum method panicked: %v", r.name, v))
			}
			close(done)
		}()
		method.Run(ops, res, tasks)
	}()
	if r.env.Context != nil {
		r.unwatch = context.AfterFunc(r.env.Context, func() { r.Stop() })
	}
}

// crashed records a panic; it runs on the method's goroutine before done
// closes, which orders it before the reader's look at r.crash.
func (r *Run) crashed(err error) { r.crash = err }

// Next serves the method's evaluations until its next major iteration and
// returns it. It checks the context before every evaluation and returns its
// error (wrapped) once it is cancelled, after stopping the method. When the
// method has ended on its own it returns ErrEnded; any other error stops
// the Run too.
func (r *Run) Next() (Major, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped {
		// Stopped by the context (a watcher may stop the method between
		// the runner's look at the context and this call): say so, so
		// that the runner takes it for the interrupt or budget it is.
		if err := r.env.Err(); err != nil {
			return Major{}, fmt.Errorf("%s: stopped: %w", r.name, err)
		}
		return Major{}, fmt.Errorf("%s: the gonum method was stopped", r.name)
	}
	if !r.started {
		r.begin()
	}
	m, err := r.serve()
	if err != nil {
		r.stopLocked()
	}
	return m, err
}

func (r *Run) serve() (Major, error) {
	for {
		if r.pending {
			r.res <- r.reply
			r.pending = false
		}
		var t gopt.Task
		var ok bool
		select {
		case t, ok = <-r.ops:
		case <-r.done:
			ok = false
		}
		if !ok {
			<-r.done
			if r.crash != nil {
				return Major{}, r.crash
			}
			return Major{}, fmt.Errorf("%s: the gonum method stopped without a reason", r.name)
		}
		r.reply, r.pending = t, true
		switch {
		case t.Op == gopt.MajorIteration:
			if r.opt.SkipStart {
				r.opt.SkipStart = false
				continue
			}
			return r.major(t.Location)
		case t.Op == gopt.MethodDone:
			return Major{}, ErrEnded
		case t.Op == gopt.NoOperation:
		case t.Op&^(gopt.FuncEvaluation|gopt.GradEvaluation) == 0:
			if err := r.env.Err(); err != nil {
				return Major{}, fmt.Errorf("%s: stopped between evaluations: %w", r.name, err)
			}
			if err := r.evaluate(t.Op, t.Location); err != nil {
				return Major{}, err
			}
		default:
			return Major{}, fmt.Errorf("%s: the gonum method asked for %v, which nnexp cannot evaluate", r.name, t.Op)
		}
	}
}

// evaluate does what op asks at loc.X. The loss comes from Func, never from
// Grad's return value (which need not match Func bit for bit), so every F
// gonum holds is Func's at its X. A NaN is handed over as +Inf, the worst
// value, since gonum's comparisons and sorts would otherwise take it for
// anything.
func (r *Run) evaluate(op gopt.Operation, loc *gopt.Location) error {
	copy(r.x, loc.X)
	if op&gopt.FuncEvaluation != 0 {
		f := r.p.Func(r.x)
		if r.opt.OnFunc != nil {
			r.opt.OnFunc(r.x, f)
		}
		if math.IsNaN(f) {
			f = math.Inf(1)
			r.nanSeen = true
		}
		loc.F = f
	}
	if op&gopt.GradEvaluation != 0 {
		if r.d == nil {
			return fmt.Errorf("%s: the gonum method asked for a gradient", r.name)
		}
		if len(loc.Gradient) != len(r.x) {
			loc.Gradient = make([]float64, len(r.x))
		}
		r.d.Grad(loc.Gradient, r.x)
		// A gradient that overflowed would send gonum's line search
		// bisecting a NaN direction a thousand times.
		for i, g := range loc.Gradient {
			if math.IsNaN(g) || math.IsInf(g, 0) {
				return fmt.Errorf("%s: the gradient is %v at parameter %d", r.name, g, i)
			}
		}
	}
	return nil
}

// major turns the method's candidate into an nnexp location: F is Func's
// value at X, as gonum got it from evaluate, except a +Inf that may stand
// for a NaN, which is computed again.
func (r *Run) major(loc *gopt.Location) (Major, error) {
	f := loc.F
	if math.IsInf(f, 1) && r.nanSeen && !r.opt.IgnoreF {
		if err := r.env.Err(); err != nil {
			return Major{}, fmt.Errorf("%s: stopped between evaluations: %w", r.name, err)
		}
		copy(r.x, loc.X)
		f = r.p.Func(r.x)
	}
	return Major{X: loc.X, F: f, Gradient: loc.Gradient}, nil
}

// Status is the gonum method's own status and error once Next has
// returned ErrEnded.
func (r *Run) Status() (gopt.Status, error) {
	s, ok := r.method.(gopt.Statuser)
	if !ok {
		return gopt.MethodConverge, nil
	}
	return s.Status()
}

// Stop ends the method's goroutine and waits for it; it may be called any
// number of times, from any goroutine.
func (r *Run) Stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopLocked()
}

// stopLocked follows gonum's shutdown: a PostIteration answers the task the
// method waits on, results close, and the method's last messages are read
// until it closes its operations.
func (r *Run) stopLocked() {
	if r.stopped {
		return
	}
	r.stopped = true
	if r.unwatch != nil {
		r.unwatch()
	}
	if !r.started {
		return
	}
	select {
	case <-r.done:
	default:
		r.res <- gopt.Task{Op: gopt.PostIteration}
		close(r.res)
	drain:
		for {
			select {
			case _, ok := <-r.ops:
				if !ok {
					break drain
				}
			case <-r.done:
				break drain
			}
		}
	}
	<-r.done
	r.pending = false
}

// Done is closed once the method's goroutine has returned (never before
// the first Next); for tests.
func (r *Run) Done() <-chan struct{} {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.started {
		c := make(chan struct{})
		close(c)
		return c
	}
	return r.done
}
