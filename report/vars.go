package report

import (
	"bytes"
	"fmt"
	"github.com/nnexp/nnexp/internal/shell"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// writeVarsHCL records the variable values a run used as an HCL file of
// one attribute per variable, sorted by name, so that it both reads as a
// config and parses with any HCL tool. It is a variable file
// (dsl.ParseVarFile), so the header comment's command repeats the run
// from the output folder with --var-file vars.hcl; a second command
// spells every value out as --var flags, for a shell history or a script
// that should not depend on the file. The file is written even when there
// are no variables, so that every output folder has the same files and
// the header still says how to re-run.
func writeVarsHCL(w io.Writer, file string, vars map[string]string) error {
	if file == "" {
		file = "FILE"
	}
	names := slices.Sorted(maps.Keys(vars))

	var buf bytes.Buffer
	// --out . keeps the re-run in this folder, where its jobs are stored:
	// without it the run would write results/<name>/ inside this folder
	// and compute every job again.
	run := "nnexp run " + shell.Quote(file) + " --out ."
	if len(names) == 0 {
		fmt.Fprintf(&buf, "# %s declares no variables. To re-run it from this folder:\n", file)
		fmt.Fprintf(&buf, "#   %s\n", run)
	} else {
		flags := run
		for _, arg := range VarFlags(vars) {
			flags += " " + shell.Quote(arg)
		}
		fmt.Fprintf(&buf, "# The variable values of this run of %s. To re-run it with them from this folder:\n", file)
		fmt.Fprintf(&buf, "#   %s --var-file vars.hcl\n", run)
		fmt.Fprintf(&buf, "# (a --var after --var-file changes one value), or with every value spelt out:\n")
		fmt.Fprintf(&buf, "#   %s\n\n", flags)
	}
	for _, name := range names {
		fmt.Fprintf(&buf, "%s = %s\n", name, strings.TrimSpace(vars[name]))
	}
	_, err := w.Write(hclwrite.Format(buf.Bytes()))
	return wrap(err)
}

// VarFlags are the variables' values as --var flags ("--var",
// "name=value", ...), sorted by name, each value on one line (oneLine), so
// that a command given them runs the values these are.
func VarFlags(vars map[string]string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(vars)) {
		out = append(out, "--var", name+"="+oneLine(vars[name]))
	}
	return out
}

// oneLine rewrites a value whose HCL text spans lines (hclwrite puts each
// attribute of an object on its own line) on one line, so that it fits in
// a --var flag of the comment's command; other values keep their text.
func oneLine(text string) string {
	text = strings.TrimSpace(text)
	if !strings.Contains(text, "\n") {
		return text
	}
	expr, diags := hclsyntax.ParseExpression([]byte(text), "", hcl.InitialPos)
	if diags.HasErrors() {
		return strings.Join(strings.Fields(text), " ")
	}
	v, diags := expr.Value(nil)
	if diags.HasErrors() || !v.IsWhollyKnown() {
		return strings.Join(strings.Fields(text), " ")
	}
	return compactValue(v)
}

func compactValue(v cty.Value) string {
	t := v.Type()
	if v.IsNull() || !(t.IsListType() || t.IsTupleType() || t.IsSetType() || t.IsObjectType() || t.IsMapType()) {
		return string(hclwrite.TokensForValue(v).Bytes())
	}
	var parts []string
	object := t.IsObjectType() || t.IsMapType()
	for it := v.ElementIterator(); it.Next(); {
		k, e := it.Element()
		if !object {
			parts = append(parts, compactValue(e))
			continue
		}
		key := k.AsString()
		if !hclsyntax.ValidIdentifier(key) {
			key = compactValue(k)
		}
		parts = append(parts, key+" = "+compactValue(e))
	}
	if object {
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
