package gonumrun_test

import (
	"errors"
	"strings"
	"testing"

	gopt "gonum.org/v1/gonum/optimize"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimizers/internal/gonumrun"
)

// faulty is a gonum Method that asks for evaluations and then does what
// its fault says: panic, or ask for a Hessian.
type faulty struct{ fault string }

func (f *faulty) Init(dim, tasks int) int { return 1 }
func (f *faulty) Uses(has gopt.Available) (gopt.Available, error) {
	return gopt.Available{}, nil
}
func (f *faulty) Run(ops chan<- gopt.Task, res <-chan gopt.Task, tasks []gopt.Task) {
	defer close(ops)
	t := tasks[0]
	for range 3 {
		t.Op = gopt.FuncEvaluation
		ops <- t
		if t = <-res; t.Op == gopt.PostIteration {
			for range res {
			}
			return
		}
	}
	switch f.fault {
	case "panic":
		panic("faulty: out of ideas")
	case "hessian":
		t.Op = gopt.HessEvaluation
		ops <- t
	}
	for range res {
	}
}

// A panic on gonum's goroutine becomes Next's error instead of ending the
// program, and so does an evaluation nnexp cannot make.
func TestFaultsAreErrors(t *testing.T) {
	for fault, want := range map[string]string{
		"panic":   "test: gonum method panicked: faulty: out of ideas",
		"hessian": "test: the gonum method asked for Evaluation(Func: false, Grad: false, Hess: true, Extra: 0b0), which nnexp cannot evaluate",
	} {
		calls := 0
		p := optimize.Func{N: 2, F: func(x []float64) float64 { calls++; return 0 }}
		r, err := gonumrun.New("test", &faulty{fault}, p, optimize.Location{X: []float64{1, 2}}, optimize.Env{}, gonumrun.Options{})
		if err != nil {
			t.Fatal(err)
		}
		_, err = r.Next()
		if err == nil || err.Error() != want || errors.Is(err, gonumrun.ErrEnded) {
			t.Errorf("%s: Next() = %v, want %q", fault, err, want)
		}
		if calls != 3 {
			t.Errorf("%s: %d evaluations, want 3", fault, calls)
		}
		select {
		case <-r.Done():
		default:
			t.Errorf("%s: the method's goroutine is still running", fault)
		}
		if _, err := r.Next(); err == nil || !strings.Contains(err.Error(), "stopped") {
			t.Errorf("%s: Next after the end = %v", fault, err)
		}
	}
}
