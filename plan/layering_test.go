package plan_test

import (
	"go/build"
	"strings"
	"testing"
)

const module = "github.com/nnexp/nnexp/"

// imports lists every package pkg imports, directly or through this
// module's packages (test files aside).
func imports(t *testing.T, pkg string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	var walk func(string)
	walk = func(path string) {
		p, err := build.Default.Import(path, ".", 0)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, imp := range p.Imports {
			if seen[imp] {
				continue
			}
			seen[imp] = true
			if strings.HasPrefix(imp, module) {
				walk(imp)
			}
		}
	}
	walk(pkg)
	return seen
}

// The runner runs Specs and report writes results: neither decodes an
// experiment file, so neither may reach the decoder (nor, for the runner,
// HCL at all), and the decoder reaches no concrete optimizer.
func TestLayering(t *testing.T) {
	for _, c := range []struct {
		pkg       string
		forbidden []string
	}{
		{"runner", []string{module + "dsl", module + "plan", "github.com/hashicorp/hcl/v2"}},
		// report writes HCL (vars.hcl, the copy's rebased CSV paths) but
		// decodes no experiment.
		{"report", []string{module + "dsl", module + "plan"}},
		{"dsl", []string{module + "plan", module + "runner", module + "optimizers/search", module + "optimizers/adam", module + "optimizers/hybrid"}},
	} {
		got := imports(t, module+c.pkg)
		for _, f := range c.forbidden {
			if got[f] {
				t.Errorf("%s imports %s", c.pkg, f)
			}
		}
	}
}
