package dsl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// traceOverrides adds to each error in diags about an expression that
// uses a variable set on the command line or in a variable file where
// that value came from: the error is reported where the file uses the
// value (repeats = var.repeats), and without this the user reads their
// file for a mistake that is in their --var. A comma-separated text
// given to a variable that does not sweep gets a word on sweep = true.
func traceOverrides(body hcl.Body, diags hcl.Diagnostics, overrides []Override) {
	syntax, ok := body.(*hclsyntax.Body)
	if !ok || len(overrides) == 0 {
		return
	}
	given := map[string]Override{} // the last one wins, as in Load
	for _, o := range overrides {
		given[o.Name] = o
	}
	type use struct {
		name string
		at   hcl.Range
		via  string // the local value it reached the use through
	}
	var uses []use
	localVars := localsUses(syntax)
	hclsyntax.VisitAll(syntax, func(n hclsyntax.Node) hcl.Diagnostics {
		e, ok := n.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return nil
		}
		// localName reads the name after any root: var.lr as local.x.
		name, named := localName(e.Traversal)
		switch root := e.Traversal.RootName(); {
		case !named:
		case root == "var":
			if _, set := given[name]; set {
				uses = append(uses, use{name, e.SrcRange, ""})
			}
		case root == "local":
			// A value computed from a variable: locals { x = var.lr * 2 }.
			for _, v := range sortedSet(localVars[name]) {
				if _, set := given[v]; set {
					uses = append(uses, use{v, e.SrcRange, name})
				}
			}
		}
		return nil
	})
	sweeps := sweepVariables(body)
	for _, d := range diags {
		if d.Severity != hcl.DiagError || d.Subject == nil {
			continue
		}
		var said []string
		for _, u := range uses {
			if !within(&u.at, d.Subject) || slices.Contains(said, u.name) {
				continue
			}
			said = append(said, u.name)
			detail := strings.TrimSpace(d.Detail)
			if detail != "" && !strings.HasSuffix(detail, ".") {
				detail += "."
			}
			origin := overrideOrigin(given[u.name], sweeps[u.name])
			if u.via != "" {
				origin = fmt.Sprintf("local.%s is computed from var.%s; %s", u.via, u.name, origin)
			}
			d.Detail = strings.TrimSpace(detail + " " + origin)
		}
	}
}

// overrideOrigin says where o's value came from, for traceOverrides.
func overrideOrigin(o Override, sweep bool) string {
	var text string
	switch {
	case o.Range != nil:
		text = fmt.Sprintf("var.%s is set in %s on line %d.", o.Name, o.Range.Filename, o.Range.Start.Line)
	case o.Flag != "":
		text = fmt.Sprintf("var.%s is set by --var %s.", o.Name, o.Flag)
	default:
		text = fmt.Sprintf("var.%s is set from outside the file.", o.Name)
	}
	if !sweep && o.Value.Type() == cty.String && o.Value.IsKnown() && !o.Value.IsNull() && strings.Contains(o.Value.AsString(), ",") {
		text += fmt.Sprintf(" A comma-separated list runs each of its values only for a variable declared with sweep = true; %s is not.", o.Name)
	}
	return text
}

// within reports whether inner lies inside outer, in the same file.
func within(inner, outer *hcl.Range) bool {
	return inner != nil && outer != nil && inner.Filename == outer.Filename &&
		inner.Start.Byte >= outer.Start.Byte && inner.End.Byte <= outer.End.Byte
}

// localsUses is decodeLocalsBlocks' map of the variables each local value
// is computed from, for a file whose decoding failed: its locals are
// evaluated in an empty context, and the errors that gives are Load's to
// report, not this one's.
func localsUses(body *hclsyntax.Body) map[string]map[string]bool {
	var blocks hcl.Blocks
	for _, b := range body.Blocks {
		if b.Type == "locals" {
			blocks = append(blocks, b.AsHCLBlock())
		}
	}
	uses, _ := decodeLocalsBlocks(blocks, &hcl.EvalContext{Variables: map[string]cty.Value{}})
	return uses
}
