package dsl

import (
	"fmt"
	"maps"
	"regexp"
	"slices"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/registry"
)

// HCL suggests a name for an unknown variable or function by taking the
// first close one it meets while ranging over Go maps, so a name with two
// close ones (cal: var and local; mox: max, min, log) got a different
// suggestion from one run to the next. steadySuggestions gives every such
// diagnostic the nearest name in a fixed order instead.
var (
	unknownVariable = regexp.MustCompile(`^There is no variable named "([^"]*)"\.(?: Did you mean "([^"]*)"\?)?$`)
	unknownFunction = regexp.MustCompile(`^There is no function named "([^"]*)"\.(?: Did you mean "([^"]*)"\?)?$`)
)

// baseRoots are the variable roots of every context a file's expressions
// are evaluated in (baseContext, and var).
var baseRoots = []string{"each", "local", "var"}

// steadySuggestions rewrites the suggestion of HCL's unknown-variable and
// unknown-function diagnostics: for a function, the nearest of all the
// functions; for a variable, the nearest of the roots every context has
// and the one HCL suggested (which its context had), ties going to the
// first in sorted order (registry.Nearest).
func steadySuggestions(diags hcl.Diagnostics) {
	functionNames := slices.Sorted(maps.Keys(functions))
	for _, d := range diags {
		switch d.Summary {
		case "Unknown variable":
			m := unknownVariable.FindStringSubmatch(d.Detail)
			if m == nil || m[2] == "" {
				continue
			}
			candidates := append(slices.Clone(baseRoots), m[2])
			slices.Sort(candidates)
			d.Detail = fmt.Sprintf("There is no variable named %q.%s", m[1], didYouMean(m[1], slices.Compact(candidates)))
		case "Call to unknown function":
			m := unknownFunction.FindStringSubmatch(d.Detail)
			if m == nil {
				continue
			}
			d.Detail = fmt.Sprintf("There is no function named %q.%s", m[1], didYouMean(m[1], functionNames))
		}
	}
}

func didYouMean(name string, candidates []string) string {
	if near := registry.Nearest(name, candidates); near != "" {
		return fmt.Sprintf(" Did you mean %q?", near)
	}
	return ""
}
