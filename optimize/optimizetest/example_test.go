package optimizetest_test

import (
	"fmt"

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
