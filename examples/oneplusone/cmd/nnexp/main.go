// Command nnexp is nnexp with the one_plus_one optimizer built in. It is
// cmd/nnexp/main.go copied verbatim plus ONE blank import: that import is
// all a user does to add an optimizer. Build it with
//
//	go build -o nnexp ./examples/oneplusone/cmd/nnexp
package main

import (
	"github.com/nnexp/nnexp/cli"

	// Every built-in component; each registers itself in init.
	_ "github.com/nnexp/nnexp/builtin"

	// Your optimizer: its init registers "one_plus_one".
	_ "github.com/nnexp/nnexp/examples/oneplusone"
)

func main() { cli.Main() }
