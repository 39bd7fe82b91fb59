// Command nnexp runs experiment files. To build nnexp with your own
// optimizer, copy this file into your module and add one blank import.
package main

import (
	"github.com/nnexp/nnexp/cli"

	// The built-in components; each registers itself in init.
	_ "github.com/nnexp/nnexp/activations"
	_ "github.com/nnexp/nnexp/datasets"
	_ "github.com/nnexp/nnexp/losses"
	_ "github.com/nnexp/nnexp/optimizers/adam"
	_ "github.com/nnexp/nnexp/optimizers/hybrid"
	_ "github.com/nnexp/nnexp/optimizers/search"
)

func main() { cli.Main() }
