package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

// ParseVar reads one --var argument, name=value. The value is an HCL
// expression (0.1, [5, 4], "text") unless it does not evaluate as one, in
// which case it is taken as a plain string, so --var name=diabetes works
// without shell-quoted quotes.
func ParseVar(arg string) (name string, val cty.Value, err error) {
	name, raw, ok := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return "", cty.NilVal, fmt.Errorf("dsl: --var %q must look like name=value", arg)
	}
	if !hclsyntax.ValidIdentifier(name) {
		return "", cty.NilVal, fmt.Errorf("dsl: --var %q: %q is not a valid variable name", arg, name)
	}
	val, err = parseVarValue(name, raw)
	return name, val, err
}

// parseVarValue reads the value of --var name=raw; see ParseVar.
func parseVarValue(name, raw string) (cty.Value, error) {
	expr, diags := hclsyntax.ParseExpression([]byte(raw), "--var "+name, hcl.InitialPos)
	if !diags.HasErrors() {
		if v, diags := expr.Value(nil); !diags.HasErrors() && v.IsWhollyKnown() {
			return v, nil
		}
	}
	// A value that starts as a list, an object, a quoted string or a
	// parenthesis was meant as an expression: taking "[3," as the text
	// "[3," would only move the mistake to a confusing type error, or
	// hide it. A bare word ("iris", "2024_sales.csv") stays text.
	if t := strings.TrimSpace(raw); t != "" && strings.ContainsRune("[{\"(", rune(t[0])) {
		msg := "it is not a complete HCL value"
		if diags.HasErrors() {
			msg = diags[0].Summary
			if diags[0].Detail != "" {
				msg += ": " + diags[0].Detail
			}
		}
		return cty.NilVal, fmt.Errorf("dsl: --var %s: %q does not parse (%s); quote a text value: --var '%s=\"...\"'", name, raw, msg, name)
	}
	return cty.StringVal(raw), nil
}

var variableSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "default"},
		{Name: "description"},
		{Name: "sweep"},
	},
}

type variable struct {
	name      string
	value     cty.Value
	declRange hcl.Range
	failed    bool // its default is reported as invalid
}

// decodeVariableBlocks evaluates the declared variables, applies overrides
// and returns the evaluation context every other block is decoded with.
func decodeVariableBlocks(blocks hcl.Blocks, overrides map[string]cty.Value) (*hcl.EvalContext, map[string]string, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	declared := map[string]*variable{}
	for _, block := range blocks {
		name := block.Labels[0]
		if prev, dup := declared[name]; dup {
			diags = append(diags, duplicateBlock(block, "variable", prev.declRange))
			continue
		}
		v := &variable{name: name, value: cty.NilVal, declRange: block.DefRange}
		declared[name] = v
		content, cdiags := block.Body.Content(variableSchema)
		diags = append(diags, cdiags...)
		if attr, ok := content.Attributes["description"]; ok {
			_, d := evalString(attr, nil)
			diags = append(diags, d...)
		}
		if attr, ok := content.Attributes["sweep"]; ok {
			_, d := evalBool(attr, nil)
			diags = append(diags, d...)
		}
		if attr, ok := content.Attributes["default"]; ok {
			if refs := attr.Expr.Variables(); len(refs) > 0 {
				// Defaults are constants, so variables can form no cycle.
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Default is not a constant",
					Detail:   fmt.Sprintf("The default of variable %q refers to %s; a default must be a value such as 5, \"text\" or [5, 4], since variables cannot refer to each other or to anything else.", name, traversalText(refs[0])),
					Subject:  refs[0].SourceRange().Ptr(),
				})
				v.failed = true
				continue
			}
			val, d := attr.Expr.Value(nil)
			diags = append(diags, d...)
			if !d.HasErrors() {
				v.value = val
			}
			v.failed = d.HasErrors()
		}
	}

	names := make([]string, 0, len(declared))
	for n := range declared {
		names = append(names, n)
	}
	sort.Strings(names)
	overrideNames := make([]string, 0, len(overrides))
	for n := range overrides {
		overrideNames = append(overrideNames, n)
	}
	sort.Strings(overrideNames)
	for _, n := range overrideNames {
		v, ok := declared[n]
		if !ok {
			detail := fmt.Sprintf("The file declares no variable %q, so --var %s has nothing to set.", n, n)
			if near := registry.Nearest(n, names); near != "" {
				detail += fmt.Sprintf(" Did you mean %q?", near)
			}
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Undeclared variable", Detail: detail})
			continue
		}
		v.value = overrides[n]
		v.failed = false
	}

	vals := map[string]cty.Value{}
	text := map[string]string{}
	for _, n := range names {
		v := declared[n]
		if v.value == cty.NilVal && v.failed {
			vals[n] = cty.DynamicVal
			continue
		}
		if v.value == cty.NilVal {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Variable has no value",
				Detail:   fmt.Sprintf("Variable %q has no default; set it with --var %s=VALUE.", n, n),
				Subject:  v.declRange.Ptr(),
			})
			vals[n] = cty.DynamicVal
			continue
		}
		vals[n] = v.value
		text[n] = string(hclwrite.TokensForValue(v.value).Bytes())
	}
	ctx := &hcl.EvalContext{Variables: map[string]cty.Value{"var": cty.ObjectVal(vals)}}
	return ctx, text, diags
}
