// Package cli is the nnexp command line: run, validate, fmt, plot, merge,
// k8s, slurm, list and version. It knows no concrete optimizer, loss or data set; a binary decides
// which exist by its blank imports, so a custom build is cmd/nnexp/main.go
// plus one more import (see examples/).
package cli
