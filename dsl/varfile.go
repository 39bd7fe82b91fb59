package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

// Override is a variable's value given from outside the experiment file,
// by a --var flag or an assignment in a variable file.
type Override struct {
	Name  string
	Value cty.Value
	// Range is the assignment in a variable file that gave the value, so
	// that a mistake in it is reported at its line; nil for a --var flag.
	Range *hcl.Range
	// Flag is the --var argument as given (name=value), for a mistake the
	// value causes where the file uses it; empty for a variable file.
	Flag string
}

// ParseVarFile reads a variable file: HCL attribute assignments, one per
// variable (name = value), as Terraform reads a .tfvars file, or the same
// as a JSON object when filename ends in .json. Values are constants:
// references and function calls are errors, since a variable file sets
// the variables rather than computing from them. Every problem is a
// diagnostic naming filename, line and column.
func ParseVarFile(filename string, src []byte) (map[string]cty.Value, hcl.Diagnostics) {
	overrides, diags := parseVarFile(hclparse.NewParser(), filename, src)
	vals := make(map[string]cty.Value, len(overrides))
	for _, o := range overrides {
		vals[o.Name] = o.Value
	}
	return vals, diags
}

// LoadVarFile reads the variable file at path (see ParseVarFile) through
// the Loader, so that its diagnostics, and those of LoadFileOverrides about
// its assignments, print with its source lines. The assignments are in
// file order.
func (l *Loader) LoadVarFile(path string) ([]Override, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read variable file",
			Detail:   err.Error(),
		}}
	}
	return parseVarFile(l.parser, path, src)
}

func parseVarFile(parser *hclparse.Parser, filename string, src []byte) ([]Override, hcl.Diagnostics) {
	if diags := CheckText(filename, src); diags.HasErrors() {
		return nil, diags
	}
	var file *hcl.File
	var diags hcl.Diagnostics
	if strings.EqualFold(filepath.Ext(filename), ".json") {
		file, diags = parser.ParseJSON(src, filename)
	} else {
		file, diags = parser.ParseHCL(src, filename)
	}
	if diags.HasErrors() || file == nil {
		return nil, sortDiagnostics(diags)
	}
	attrs, adiags := file.Body.JustAttributes()
	for _, d := range adiags {
		if strings.HasPrefix(d.Summary, "Unexpected ") && strings.HasSuffix(d.Summary, " block") {
			// Most often an experiment file given as --var-file.
			d.Detail = "A variable file holds only name = value lines, as an output folder's vars.hcl does; a block here suggests an experiment file, which is the command's FILE argument, not a --var-file."
		}
	}
	diags = append(diags, adiags...)
	out := make([]Override, 0, len(attrs))
	for name, attr := range attrs {
		val, vdiags := attr.Expr.Value(nil)
		diags = append(diags, vdiags...)
		if vdiags.HasErrors() {
			continue
		}
		out = append(out, Override{Name: name, Value: val, Range: attr.NameRange.Ptr()})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Range.Start.Byte < out[j].Range.Start.Byte })
	return out, sortDiagnostics(diags)
}

// LoadFileOverrides is LoadFile with overrides in command-line order, a
// later one winning, that remember where they were given: every variable
// file assignment to a variable the experiment does not declare is an
// error at that assignment, with a "did you mean", even when a later
// override sets the same name; an undeclared --var is reported as LoadFile
// reports it.
func (l *Loader) LoadFileOverrides(path string, overrides []Override) (*Experiment, hcl.Diagnostics) {
	src, diags := readExperimentFile(path)
	if diags.HasErrors() {
		return nil, diags
	}
	if diags := CheckText(path, src); diags.HasErrors() {
		return nil, diags
	}
	// The parser keeps the file and reports its syntax errors only once,
	// so they are returned from here rather than from Load.
	file, diags := l.parser.ParseHCL(src, path)
	if diags.HasErrors() {
		return nil, sortDiagnostics(diags)
	}
	declared := declaredVariables(file.Body)
	vals := make(map[string]cty.Value, len(overrides))
	for _, o := range overrides {
		if o.Range != nil && !declared[o.Name] {
			diags = append(diags, undeclaredInVarFile(o.Name, path, *o.Range, declared))
			continue
		}
		vals[o.Name] = o.Value
	}
	exp, more := l.Load(path, src, vals)
	traceOverrides(file.Body, more, overrides)
	diags = sortDiagnostics(append(diags, more...))
	if diags.HasErrors() {
		return nil, diags
	}
	return exp, diags
}

// declaredVariables lists the labels of a file's variable blocks; the
// blocks' own mistakes are left for Load to report.
func declaredVariables(body hcl.Body) map[string]bool {
	content, _, _ := body.PartialContent(&hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}},
	})
	names := map[string]bool{}
	for _, b := range content.Blocks {
		names[b.Labels[0]] = true
	}
	return names
}

func undeclaredInVarFile(name, expFile string, at hcl.Range, declared map[string]bool) *hcl.Diagnostic {
	detail := fmt.Sprintf("%s declares no variable %q, so this assignment has nothing to set.", expFile, name)
	if near := registry.Nearest(name, sortedKeys(declared)); near != "" {
		detail += fmt.Sprintf(" Did you mean %q?", near)
	}
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Undeclared variable", Detail: detail, Subject: at.Ptr()}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
