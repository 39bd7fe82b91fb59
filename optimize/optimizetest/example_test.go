package optimizetest_test

import (
	"fmt"

	"github.com/nnexp/nnexp/optimize"
	"github.com/nnexp/nnexp/optimize/optimizetest"
	"github.com/nnexp/nnexp/optimizers/search"
)

// An optimizer's test passes its config's Method to TestMethod; zero
// Options use the default problem. In a test, write
// if err != nil { t.Fatal(err) }.
func ExampleTestMethod() {
	err := optimizetest.TestMethod(search.Config{WeightSteps: 21, BiasSteps: 21}.Method, optimizetest.Options{})
	fmt.Println(err)
	// Output: <nil>
}

// A method can be checked on the author's own problem, here a black-box
// function with none of the optional capabilities, and with the context
// cancelled further into the run: during the 10th evaluation of the second
// sweep, in the middle of the second parameter's 7 grid values.
func ExampleTestMethod_options() {
	bowl := optimize.Func{N: 3, F: func(x []float64) float64 {
		return x[0]*x[0] + 2*x[1]*x[1] + (x[2]-1)*(x[2]-1)
	}}
	opt := optimizetest.Options{
		Problem: bowl,
		Start:   []float64{3, -2, 0.5},
		Seed:    7,
		// Search looks at the context before each parameter, so it
		// stops after at most the rest of one grid.
		CancelStep: 2, CancelAt: 10, CancelWithin: 7,
	}
	cfg := search.Config{WeightSteps: 7, Iterations: 10}
	fmt.Println(optimizetest.TestMethod(cfg.Method, opt))
	// Output: <nil>
}
