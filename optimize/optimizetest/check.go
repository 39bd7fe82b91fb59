package optimizetest

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime/debug"
	"slices"

	"github.com/nnexp/nnexp/optimize"
)

// TestMethod checks that methods made by newMethod keep the optimize
// contract, and returns an error naming every rule one broke, or nil. It
// calls newMethod once per run, as the runner makes one method per job, and
// makes three runs on opt.Problem from opt.Start, each with Env.Rand seeded
// from opt.Seed and a live Env.Context:
//
//  1. The contract run. loc.F must equal Func(loc.X) bit for bit after Init
//     and after every Step, and len(loc.X) must stay the problem's Dim.
//     Every Step is handed a new Location holding a copy of the last one,
//     and the loc.X handed to Init or to an earlier Step must not change
//     after that call returned: a method works on the Location it is
//     given and keeps no slice of it (one it puts in loc.X itself is its
//     own).
//     Calls into the problem must pass slices of the right lengths and
//     rows and parameters in range, and must not overlap (a problem need
//     not be safe for concurrent use). Step must return no error and must
//     leave Running within MaxSteps() steps when the method implements
//     optimize.StepLimit with a positive limit, else within opt.MaxSteps.
//     A method that reports optimize.LeavesLoss after Init is handed
//     loc.F = NaN at every Step and given Func(loc.X) after it, as the
//     runner does, so one that reads the loss it left gets NaN.
//  2. The determinism run, a second run like the first: its Locations and
//     Statuses must equal the first's bit for bit after every step, so a
//     method that draws from anything but Env.Rand is caught.
//  3. The cancellation run. The context is cancelled during evaluation
//     number opt.CancelAt counted from the start of Step number
//     opt.CancelStep, where Func, Grad and BatchGrad count one evaluation
//     and ScoreCoordinate one per value. From then on the method may make
//     at most opt.CancelWithin further evaluations before that Step
//     returns, and it must return either an error e with
//     errors.Is(e, context.Canceled) (it stopped early, as the runner
//     wants) or no error with loc.F == Func(loc.X) (it finished the step in
//     time; the runner looks at the context between steps). A method that
//     goes past the bound is stopped there. A method that finishes its
//     run before the cancellation point passes this check untested.
//
// A panic in the method is reported with its stack. A Step that loops
// forever without evaluating the problem cannot be stopped and hangs the
// test.
func TestMethod(newMethod func() optimize.Method, opt Options) error {
	c, err := opt.config()
	if err != nil {
		return err
	}
	var errs []error
	first, err := c.run(newMethod, false)
	if err != nil {
		errs = append(errs, fmt.Errorf("optimizetest: %w", err))
	} else if second, err := c.run(newMethod, false); err != nil {
		errs = append(errs, fmt.Errorf("optimizetest: not deterministic: a first run passed, a second from the same start and seed failed: %w", err))
	} else if err := compareRuns(first, second); err != nil {
		errs = append(errs, fmt.Errorf("optimizetest: not deterministic: %w", err))
	}
	if err := c.cancellation(newMethod); err != nil {
		errs = append(errs, fmt.Errorf("optimizetest: cancellation: %w", err))
	}
	return errors.Join(errs...)
}

// point is where a run stood after a step.
type point struct {
	x      []float64
	f      float64
	status optimize.Status
}

// handed is the loc.X given to Init or Step and a copy of what it held
// when that call returned.
type handed struct {
	call  string
	x, at []float64
}

// run makes one run of a fresh method and returns the points after each
// step. With cancel it is the cancellation run and reports only on that.
func (c config) run(newMethod func() optimize.Method, cancel bool) ([]point, error) {
	m := newMethod()
	if m == nil {
		return nil, errors.New("newMethod returned nil")
	}
	pr := newProbe(c.problem)
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	env := optimize.Env{Rand: rand.New(rand.NewPCG(c.seed, c.seed)), Context: ctx}
	loc := &optimize.Location{X: slices.Clone(c.start)}
	loc.F = c.problem.Func(slices.Clone(loc.X))
	p := pr.wrap()
	in := loc.X
	if err := protect(func() error { return m.Init(p, loc, env) }); err != nil {
		return nil, failed("Init", err)
	}
	if pr.overlapped.Load() {
		return nil, errors.New("Init called the problem while another of its calls was in progress; a problem need not be safe for concurrent use")
	}
	if err := c.consistent("Init", loc); err != nil {
		return nil, err
	}
	limit, why := c.maxSteps, "Options.MaxSteps"
	if l, ok := m.(optimize.StepLimit); ok && l.MaxSteps() > 0 {
		limit, why = l.MaxSteps(), "its MaxSteps()"
	}
	l, ok := m.(optimize.LeavesLoss)
	leaves := ok && l.LeavesLoss()
	given := []handed{{"Init", in, slices.Clone(in)}}
	var trace []point
	for step := 1; ; step++ {
		if cancel && step == c.cancelStep {
			pr.cancel, pr.cancelAt, pr.within = stop, pr.evals+c.cancelAt, c.cancelWith
		}
		next := &optimize.Location{X: slices.Clone(loc.X), F: loc.F}
		if leaves {
			next.F = math.NaN()
		}
		in := next.X
		var status optimize.Status
		err := protect(func() (err error) {
			status, err = m.Step(next)
			return err
		})
		if leaves && len(next.X) == c.problem.Dim() {
			next.F = c.problem.Func(slices.Clone(next.X))
		}
		where := fmt.Sprintf("step %d", step)
		if cancel {
			if pr.cancelledAt >= 0 {
				return nil, c.judgeCancel(where, pr, next, err)
			}
			if err != nil || status != optimize.Running || step >= limit {
				return nil, nil // the contract run reports other failures
			}
			loc = next
			continue
		}
		if err != nil {
			return trace, failed(where, err)
		}
		if pr.overlapped.Load() {
			return trace, fmt.Errorf("%s called the problem while another of its calls was in progress; a problem need not be safe for concurrent use", where)
		}
		for _, h := range given {
			if !sameFloats(h.x, h.at) {
				return trace, fmt.Errorf("%s wrote to loc.X of %s after that call returned; a method must work on the Location it is given and keep no slice of it", where, h.call)
			}
		}
		if err := c.consistent(where, next); err != nil {
			return trace, err
		}
		given = append(given, handed{where, in, slices.Clone(in)})
		loc = next
		trace = append(trace, point{slices.Clone(loc.X), loc.F, status})
		if status != optimize.Running {
			return trace, nil
		}
		if step >= limit {
			return trace, fmt.Errorf("still Running after %d steps, the limit set by %s", step, why)
		}
	}
}

// consistent checks the Location a call left: X of the problem's length,
// F its loss bit for bit.
func (c config) consistent(where string, loc *optimize.Location) error {
	if n := c.problem.Dim(); len(loc.X) != n {
		return fmt.Errorf("after %s, len(loc.X) = %d, the problem's Dim is %d", where, len(loc.X), n)
	}
	if f := c.problem.Func(slices.Clone(loc.X)); !sameFloat(loc.F, f) {
		return fmt.Errorf("after %s, loc.F = %v but Func(loc.X) = %v; they must be equal bit for bit", where, loc.F, f)
	}
	return nil
}

// protect runs f and turns a panic into an error: the problem wrapper's
// violations and overruns as they are, anything else with its stack.
func protect(f func() error) (err error) {
	defer func() {
		switch r := recover().(type) {
		case nil:
		case violation:
			err = r
		case overrun:
			err = r
		default:
			err = panicked{r, debug.Stack()}
		}
	}()
	return f()
}

// panicked is a panic in the method (or the problem), with its stack.
type panicked struct {
	value any
	stack []byte
}

func (p panicked) Error() string { return fmt.Sprintf("%v\n%s", p.value, p.stack) }

// failed describes err, which call returned or raised.
func failed(call string, err error) error {
	switch {
	case errors.As(err, new(violation)):
		return fmt.Errorf("%s: %w", call, err)
	case errors.As(err, new(panicked)):
		return fmt.Errorf("%s panicked: %w", call, err)
	}
	return fmt.Errorf("%s returned an error: %w", call, err)
}
