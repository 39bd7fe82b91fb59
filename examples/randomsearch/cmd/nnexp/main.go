// Command nnexp is nnexp with the random_search optimizer built in. It is
// cmd/nnexp/main.go copied verbatim plus ONE blank import: that import is
// all a user does to add an optimizer. Build it with
//
//	go build -o nnexp ./examples/randomsearch/cmd/nnexp
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

	// Your optimizer: its init registers "random_search".
	_ "github.com/nnexp/nnexp/examples/randomsearch"
)

func main() { cli.Main() }
