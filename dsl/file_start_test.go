package dsl_test

import (
	"strings"
	"testing"

	"github.com/nnexp/nnexp/dsl"
)

// Something missing from the whole file is reported at its first block:
// at byte 0 of a file that opens with a blank line, HCL's snippet showed
// line 2 under "line 1".
func TestMissingBlocksPointAtTheFirstBlock(t *testing.T) {
	_, diags := dsl.NewLoader().Load("noexp.hcl", []byte("\n# variables first\nvariable \"repeats\" {\n  default = 1\n}\n"), nil)
	want := "noexp.hcl:3:1: error: Missing experiment block: Every experiment file has one experiment \"name\" { ... } block; its name names the output folder.\n" +
		"noexp.hcl:3:1: error: No runs: An experiment needs at least one run block: run \"name\" { dataset = ..., model = ..., loss = ..., pipeline = ... }.\n"
	if got := compact(diags); got != want {
		t.Errorf("diagnostics\n%s\nwant\n%s", got, want)
	}
	// An empty file has nothing to point at but its start.
	_, diags = dsl.NewLoader().Load("empty.hcl", nil, nil)
	if got := compact(diags); !strings.HasPrefix(got, "empty.hcl:1:1: error: Missing experiment block") {
		t.Errorf("empty file:\n%s", got)
	}
}
