package nntest_test

import (
	"fmt"

	"github.com/nnexp/nnexp/activations"
	"github.com/nnexp/nnexp/losses"
	"github.com/nnexp/nnexp/nn/nntest"
)

// A loss's test passes the loss to TestLoss; zero options check it at
// built-in samples for its task. In a test, write
// if err != nil { t.Fatal(err) }.
func ExampleTestLoss() {
	fmt.Println(nntest.TestLoss(losses.Huber{Delta: 0.5}, nntest.LossOptions{}))
	// Output: <nil>
}

func ExampleTestActivation() {
	fmt.Println(nntest.TestActivation(activations.LeakyReLU, nntest.ActivationOptions{}))
	// Output: <nil>
}
