package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// decodeLocalsBlocks evaluates every locals { name = expr } block into
// ctx's "local" object. A local may refer to variables and to other
// locals, in any order; each is evaluated after the locals it refers to,
// and a cycle is a diagnostic at every local on it. A local that fails
// is unknown, so that what uses it stays quiet. It returns what each
// local refers to among the variables, directly or through other locals,
// so that a command-line sweep knows which blocks a variable reaches.
func decodeLocalsBlocks(blocks hcl.Blocks, ctx *hcl.EvalContext) (map[string]map[string]bool, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	attrs := map[string]*hcl.Attribute{}
	for _, b := range blocks {
		as, more := b.Body.JustAttributes()
		diags = append(diags, more...)
		for name, a := range as {
			if prev, dup := attrs[name]; dup {
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Duplicate local value",
					Detail:   fmt.Sprintf("A local value named %q was already defined at %s; local value names must be unique.", name, prev.NameRange),
					Subject:  a.NameRange.Ptr(),
				})
				continue
			}
			attrs[name] = a
		}
	}
	names := sortedKeys(attrs)
	vals := map[string]cty.Value{}
	uses := map[string]map[string]bool{}
	state := map[string]int{} // 0 not seen, 1 on the stack, 2 done
	var stack []string
	var visit func(name string)
	visit = func(name string) {
		a := attrs[name]
		state[name] = 1
		stack = append(stack, name)
		defer func() { stack = stack[:len(stack)-1] }()
		used := map[string]bool{}
		cyclic := false
		for _, trav := range a.Expr.Variables() {
			switch trav.RootName() {
			case "var":
				if len(trav) > 1 {
					if step, ok := trav[1].(hcl.TraverseAttr); ok {
						used[step.Name] = true
					}
				}
			case "local":
				ref, ok := localName(trav)
				if !ok {
					// The whole object, or a local chosen by an
					// expression: it cannot be placed in the order, and
					// would read the locals not yet evaluated as unknown.
					cyclic = true
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Invalid local reference",
						Detail:   `A local value is referred to by its name, local.<name> or local["<name>"], so that the locals can be evaluated in the order they refer to each other; the whole local object, or a local chosen by an expression, cannot be.`,
						Subject:  trav.SourceRange().Ptr(),
					})
					continue
				}
				if attrs[ref] == nil {
					continue // evaluation reports it
				}
				switch state[ref] {
				case 0:
					visit(ref)
				case 1:
					cyclic = true
					start := indexOf(stack, ref)
					diags = append(diags, &hcl.Diagnostic{
						Severity: hcl.DiagError,
						Summary:  "Cycle in local values",
						Detail:   fmt.Sprintf("local.%s refers to itself through %s; local values are evaluated in the order they refer to each other, so they may form no cycle.", ref, "local."+strings.Join(append(stack[start:], ref), " -> local.")),
						Subject:  trav.SourceRange().Ptr(),
					})
				}
				for v := range uses[ref] {
					used[v] = true
				}
			}
		}
		uses[name] = used
		state[name] = 2
		if cyclic {
			vals[name] = cty.DynamicVal
			return
		}
		v, more := a.Expr.Value(localContext(ctx, vals, attrs))
		diags = append(diags, more...)
		if more.HasErrors() {
			v = cty.DynamicVal
		}
		vals[name] = v
	}
	for _, n := range names {
		if state[n] == 0 {
			visit(n)
		}
	}
	ctx.Variables["local"] = cty.ObjectVal(vals)
	return uses, diags
}

// localContext is ctx with the locals evaluated so far; the others are
// unknown while one is evaluated, which only a cycle would reach.
func localContext(ctx *hcl.EvalContext, vals map[string]cty.Value, attrs map[string]*hcl.Attribute) *hcl.EvalContext {
	all := make(map[string]cty.Value, len(attrs))
	for n := range attrs {
		all[n] = cty.DynamicVal
		if v, ok := vals[n]; ok {
			all[n] = v
		}
	}
	child := ctx.NewChild()
	child.Variables = map[string]cty.Value{"local": cty.ObjectVal(all)}
	return child
}

// localName is the local a traversal from local names: local.x, or
// local["x"] with a constant string; false for the bare object or an
// index an expression computes.
func localName(trav hcl.Traversal) (string, bool) {
	if len(trav) < 2 {
		return "", false
	}
	switch step := trav[1].(type) {
	case hcl.TraverseAttr:
		return step.Name, true
	case hcl.TraverseIndex:
		if step.Key.IsKnown() && !step.Key.IsNull() && step.Key.Type() == cty.String {
			return step.Key.AsString(), true
		}
	}
	return "", false
}

func indexOf(s []string, x string) int {
	for i, e := range s {
		if e == x {
			return i
		}
	}
	return 0
}

// varsUsed lists the variables body refers to, directly or through
// locals (localUses, from decodeLocalsBlocks).
func varsUsed(body hcl.Body, localUses map[string]map[string]bool, into map[string]bool) {
	for v := range varUses(body, localUses) {
		into[v] = true
	}
}

// varUses is varsUsed with the first reference (in source order) through
// which body uses each variable: var.x itself, or the local.y computed
// from it.
func varUses(body hcl.Body, localUses map[string]map[string]bool) map[string]hcl.Range {
	out := map[string]hcl.Range{}
	note := func(v string, at hcl.Range) {
		if _, ok := out[v]; !ok {
			out[v] = at
		}
	}
	for _, trav := range bodyTraversals(body) {
		if len(trav) < 2 {
			continue
		}
		step, ok := trav[1].(hcl.TraverseAttr)
		if !ok {
			continue
		}
		switch trav.RootName() {
		case "var":
			note(step.Name, trav.SourceRange())
		case "local":
			for v := range localUses[step.Name] {
				note(v, trav.SourceRange())
			}
		}
	}
	return out
}

// sortedSet is the members of a set, sorted.
func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, ok := range m {
		if ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
