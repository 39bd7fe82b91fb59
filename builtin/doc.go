// Package builtin registers every component that ships with nnexp: import it
// for its side effects, as cmd/nnexp does,
//
//	import _ "github.com/nnexp/nnexp/builtin"
//
// and a custom binary that adds its own components keeps every built-in,
// including those added to nnexp after its main.go was copied.
package builtin

import (
	_ "github.com/nnexp/nnexp/activations"
	_ "github.com/nnexp/nnexp/datasets"
	_ "github.com/nnexp/nnexp/losses"
	_ "github.com/nnexp/nnexp/optimizers/adam"
	_ "github.com/nnexp/nnexp/optimizers/cmaes"
	_ "github.com/nnexp/nnexp/optimizers/es"
	_ "github.com/nnexp/nnexp/optimizers/hybrid"
	_ "github.com/nnexp/nnexp/optimizers/lbfgs"
	_ "github.com/nnexp/nnexp/optimizers/lstsq"
	_ "github.com/nnexp/nnexp/optimizers/neldermead"
	_ "github.com/nnexp/nnexp/optimizers/randomsearch"
	_ "github.com/nnexp/nnexp/optimizers/search"
	_ "github.com/nnexp/nnexp/optimizers/sgd"
)
