package report

import (
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// rebaseDataPaths returns the experiment file src, read from the folder
// from, as it must read from the folder to: a dataset's path is relative
// to its file, so every relative path written as a plain string is
// rewritten to name the same file from to, and the output folder's copy
// runs again as it is. Everything else is kept byte for byte; a path that
// is an expression (a variable, say) is left alone, as is src when it does
// not parse or either folder cannot be made absolute.
func rebaseDataPaths(src []byte, from, to string) []byte {
	from, errFrom := filepath.Abs(from)
	to, errTo := filepath.Abs(to)
	if errFrom != nil || errTo != nil || from == to {
		return src
	}
	f, diags := hclwrite.ParseConfig(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return src
	}
	changed := false
	for _, block := range f.Body().Blocks() {
		if block.Type() != "dataset" {
			continue
		}
		attr := block.Body().GetAttribute("path")
		if attr == nil {
			continue
		}
		path, ok := literalString(attr.Expr().BuildTokens(nil).Bytes())
		if !ok || path == "" || filepath.IsAbs(path) {
			continue
		}
		target := filepath.Join(from, filepath.FromSlash(path))
		rel, err := filepath.Rel(to, target)
		if err != nil {
			rel = target
		}
		block.Body().SetAttributeValue("path", cty.StringVal(filepath.ToSlash(rel)))
		changed = true
	}
	if !changed {
		return src
	}
	return f.Bytes()
}

// literalString returns the value of expression source that is a plain
// quoted string, escapes resolved, and whether it is one.
func literalString(src []byte) (string, bool) {
	expr, diags := hclsyntax.ParseExpression(src, "", hcl.InitialPos)
	if diags.HasErrors() {
		return "", false
	}
	tmpl, ok := expr.(*hclsyntax.TemplateExpr)
	if !ok || !tmpl.IsStringLiteral() {
		return "", false
	}
	v, diags := tmpl.Value(nil)
	if diags.HasErrors() || !v.Type().Equals(cty.String) || v.IsNull() {
		return "", false
	}
	return v.AsString(), true
}
