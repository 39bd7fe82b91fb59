package optimizetest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
)

func newToy(flaw string) func() optimize.Method {
	return func() optimize.Method { return &toy{flaw: flaw} }
}

func TestGoodMethodPasses(t *testing.T) {
	if err := optimizetest.TestMethod(newToy("double buffer"), optimizetest.Options{}); err != nil {
		t.Errorf("a method that swaps loc.X with a buffer of its own: %v", err)
	}
	if err := optimizetest.TestMethod(newToy("leaves"), optimizetest.Options{}); err != nil {
		t.Errorf("a method that leaves loc.F to the driver: %v", err)
	}
	for _, opt := range []optimizetest.Options{
		{},
		{Seed: 42, Problem: optimizetest.Problem{ExactScores: true}},
		{Problem: optimize.Func{N: 2, F: func(x []float64) float64 { return x[0]*x[0] + 3*x[1]*x[1] }}, Start: []float64{1, 1}},
		{CancelStep: 3, CancelAt: samples - 1},
	} {
		if err := optimizetest.TestMethod(newToy(""), opt); err != nil {
			t.Errorf("%+v: %v", opt, err)
		}
	}
}

// Each broken method is rejected with an error that names what it broke.
func TestBrokenMethodsAreCaught(t *testing.T) {
	// slow's evaluations take long enough that concurrent ones overlap.
	slow := optimize.Func{N: 2, F: func(x []float64) float64 {
		time.Sleep(5 * time.Millisecond)
		return x[0]*x[0] + x[1]*x[1]
	}}
	for _, c := range []struct {
		flaw string
		want []string
	}{
		{"liar", []string{"optimizetest: after step 1, loc.F = ", "but Func(loc.X) = ", "bit for bit"}},
		{"deaf", []string{"optimizetest: cancellation: the context was cancelled at evaluation 1 of the run, in step 1",
			"Step made 100 more evaluations and went on to call Func, more than the 100 allowed"}},
		{"wrong error", []string{"optimizetest: cancellation:", `Step returned "toy: interrupted", which is not the context's error`}},
		{"global", []string{"optimizetest: not deterministic: after step 1, loc.X[0] was", "from the same start and Env.Rand seed"}},
		{"unseeded", []string{"optimizetest: not deterministic: after step 1, loc.X[0] was"}},
		{"endless", []string{"optimizetest: still Running after 20 steps, the limit set by Options.MaxSteps"}},
		{"overstep", []string{"optimizetest: still Running after 3 steps, the limit set by its MaxSteps()"}},
		{"shrinks", []string{"optimizetest: after step 1, len(loc.X) = 3, the problem's Dim is 4"}},
		{"keeps", []string{"optimizetest: step 1 wrote to loc.X of Init after that call returned"}},
		{"short x", []string{"optimizetest: step 1: Func called with len(x) = 3, the problem's Dim is 4"}},
		{"bad row", []string{"optimizetest: step 1: BatchGrad called with row 8 of 8"}},
		{"panics", []string{"optimizetest: step 2 panicked: runtime error: index out of range", "broken_test.go"}},
		{"parallel", []string{"optimizetest: step 1 called the problem while another of its calls was in progress"}},
		{"fails", []string{"optimizetest: step 2 returned an error: toy: out of ideas"}},
		{"idle", []string{"optimizetest: still Running after 20 steps, the limit set by Options.MaxSteps"}},
	} {
		opt := optimizetest.Options{MaxSteps: 20}
		if c.flaw == "parallel" {
			opt.Problem, opt.Start = slow, []float64{1, 2}
		}
		err := optimizetest.TestMethod(newToy(c.flaw), opt)
		if err == nil {
			t.Errorf("%s: passed", c.flaw)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error\n%v\ndoes not say %q", c.flaw, err, w)
			}
		}
	}
}

// The cancellation comes where Options put it: during the 40th evaluation
// of the third step, after two steps of 300.
func TestCancellationPoint(t *testing.T) {
	err := optimizetest.TestMethod(newToy("deaf"), optimizetest.Options{CancelStep: 3, CancelAt: 40, CancelWithin: 10})
	want := "optimizetest: cancellation: the context was cancelled at evaluation 640 of the run, in step 3; Step made 10 more evaluations and went on to call Func, more than the 10 allowed"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error\n%v\nwant it to say %q", err, want)
	}
	// A method that finishes before the cancellation point is not tested.
	if err := optimizetest.TestMethod(newToy("deaf"), optimizetest.Options{CancelStep: 6}); err != nil {
		t.Errorf("cancelling after the last step: %v", err)
	}
}

func TestBadOptions(t *testing.T) {
	err := optimizetest.TestMethod(newToy(""), optimizetest.Options{Start: []float64{1}})
	if err == nil || err.Error() != "optimizetest: Start has 1 parameters, the problem 4" {
		t.Errorf("a start of the wrong length: %v", err)
	}
	err = optimizetest.TestMethod(func() optimize.Method { return nil }, optimizetest.Options{})
	if err == nil || !strings.Contains(err.Error(), "newMethod returned nil") {
		t.Errorf("a nil method: %v", err)
	}
}
