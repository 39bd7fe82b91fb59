// Command nnexp runs experiment files. To build nnexp with your own
// optimizer, copy this file into your module and add one blank import.
package main

import (
	"github.com/nnexp/nnexp/cli"

	// Every built-in component; each registers itself in init.
	_ "github.com/nnexp/nnexp/builtin"
)

func main() { cli.Main() }
