package dsl

import (
	"fmt"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
)

// dropEchoes removes gohcl's "value must be known" for an attribute whose
// expression has an error of its own inside it (an undeclared variable,
// say): the unknown value is that error's result, so the echo only
// repeats it, and it came first, before the diagnostic that explains.
func dropEchoes(diags hcl.Diagnostics) hcl.Diagnostics {
	echo := func(d *hcl.Diagnostic) bool {
		return d.Severity == hcl.DiagError && d.Summary == "Unsuitable value type" &&
			strings.HasSuffix(d.Detail, "value must be known") && d.Subject != nil
	}
	return slices.DeleteFunc(slices.Clone(diags), func(d *hcl.Diagnostic) bool {
		if !echo(d) {
			return false
		}
		return slices.ContainsFunc(diags, func(o *hcl.Diagnostic) bool {
			return o != d && o.Severity == hcl.DiagError && !echo(o) && within(o.Subject, d.Subject)
		})
	})
}

// undeclaredReferences rewrites HCL's "This object does not have an
// attribute named" for var.x and local.x, where it means the file
// declares no such variable or local value, in those words and with the
// nearest declared name, as Terraform does.
func undeclaredReferences(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Summary != "Unsupported attribute" || d.EvalContext == nil {
			continue
		}
		e, ok := d.Expression.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(e.Traversal) < 2 {
			continue
		}
		attr, ok := e.Traversal[1].(hcl.TraverseAttr)
		root := e.Traversal.RootName()
		if !ok || (root != "var" && root != "local") || d.Detail != fmt.Sprintf("This object does not have an attribute named %q.", attr.Name) {
			continue
		}
		var declared []string
		for ctx := d.EvalContext; ctx != nil; ctx = ctx.Parent() {
			if v, ok := ctx.Variables[root]; ok && v.Type().IsObjectType() {
				for name := range v.Type().AttributeTypes() {
					declared = append(declared, name)
				}
				break
			}
		}
		if slices.Contains(declared, attr.Name) || d.Subject != nil && *d.Subject != attr.SrcRange {
			// A later step failed (local.opt.opt, a declared object
			// without that attribute): HCL's own words are right.
			continue
		}
		slices.Sort(declared)
		what, block := "input variable", "variable"
		if root == "local" {
			what, block = "local value", "locals"
		}
		d.Summary = "Reference to undeclared " + what
		d.Detail = fmt.Sprintf("No %s named %q is declared in a %s block of this file.%s", what, attr.Name, block, didYouMean(attr.Name, declared))
	}
}

// blockReferences rewrites HCL's "There is no variable named \"pipeline\""
// for a reference to a block (pipeline.p) where a value is expected (a
// for_each, a setting): the file does declare pipeline.p, and the words
// made users look for a missing variable.
func blockReferences(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Summary != "Unknown variable" {
			continue
		}
		for _, kind := range []string{"dataset", "model", "loss", "pipeline", "run"} {
			if !strings.HasPrefix(d.Detail, fmt.Sprintf("There is no variable named %q.", kind)) {
				continue
			}
			d.Summary = "Block reference where a value is expected"
			d.Detail = fmt.Sprintf("%s.<name> names a block, which only a run's dataset, model, loss and pipeline, and a plot's or milestone's runs, refer to; here a value is expected (a literal, var.<name>, local.<name>, or each.key and each.value in a block with for_each).", kind)
		}
	}
}

// bareWords adds to HCL's "There is no variable named "tanh"." for a
// lone word where a value is expected that text is written in quotes: the
// word is nearly always text without them (activation = tanh, loss =
// cross_entropy). It drops HCL's "Did you mean "each"?", which a lone
// word never meant.
func bareWords(diags hcl.Diagnostics) {
	for _, d := range diags {
		if d.Summary != "Unknown variable" {
			continue
		}
		e, ok := d.Expression.(*hclsyntax.ScopeTraversalExpr)
		if !ok || len(e.Traversal) != 1 {
			continue
		}
		name := e.Traversal.RootName()
		unknown := fmt.Sprintf("There is no variable named %q.", name)
		if slices.Contains([]string{"each", "var", "local", "count", "self"}, name) || !strings.HasPrefix(d.Detail, unknown) {
			continue
		}
		// HCL's suggestion stays when it names a root (cal: "local"),
		// not "each", which a lone word never meant.
		suggestion := strings.TrimSpace(strings.TrimPrefix(d.Detail, unknown))
		if suggestion == `Did you mean "each"?` {
			suggestion = ""
		}
		d.Detail = strings.TrimSpace(unknown+" "+suggestion) +
			fmt.Sprintf(" Text is written in quotes: %q; a variable is var.%s, a local value local.%s.", name, name, name)
	}
}

// wholeNumbers drops the int64 limits from gocty's "value must be a whole
// number, between -9223372036854775808 and 9223372036854775807" for a
// fractional value given to a whole-number setting: they are not the
// setting's range (epochs is 1 to 1000000), which its own check reports
// once the value is whole, and they read as if they were.
func wholeNumbers(diags hcl.Diagnostics) {
	const limits = ", between -9223372036854775808 and 9223372036854775807"
	for _, d := range diags {
		if d.Summary == "Unsuitable value type" && strings.Contains(d.Detail, "must be a whole number"+limits) {
			d.Summary = "Not a whole number"
			d.Detail = strings.Replace(strings.TrimPrefix(d.Detail, "Unsuitable value: "), "value must be a whole number"+limits, "This setting takes a whole number", 1)
			if !strings.HasSuffix(d.Detail, ".") {
				d.Detail += "."
			}
		}
	}
}
