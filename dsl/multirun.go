package dsl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// sweepVariables lists the variables the file declares with sweep = true.
// A sweep attribute that is not a constant bool is reported by
// decodeVariableBlocks.
func sweepVariables(body hcl.Body) map[string]bool {
	content, _, _ := body.PartialContent(&hcl.BodySchema{
		Blocks: []hcl.BlockHeaderSchema{{Type: "variable", LabelNames: []string{"name"}}},
	})
	out := map[string]bool{}
	for _, b := range content.Blocks {
		attrs, _ := b.Body.JustAttributes()
		if a := attrs["sweep"]; a != nil {
			if v, diags := a.Expr.Value(nil); !diags.HasErrors() && v.Type() == cty.Bool && v.IsKnown() && !v.IsNull() && v.True() {
				out[b.Labels[0]] = true
			}
		}
	}
	return out
}

// sweepValues splits the value given to a sweep variable into the values
// it sweeps: a comma-separated --var (lr=0.01,0.1,1), each part read as
// --var reads a value, or a list, tuple or set (as vars.hcl writes it
// back). Anything else is one value.
func sweepValues(name string, v cty.Value) ([]cty.Value, error) {
	ty := v.Type()
	switch {
	case ty == cty.String && v.IsKnown() && !v.IsNull() && strings.Contains(v.AsString(), ","):
		var out []cty.Value
		for _, part := range strings.Split(v.AsString(), ",") {
			pv, err := parseVarValue(name, strings.TrimSpace(part))
			if err != nil {
				return nil, err
			}
			out = append(out, pv)
		}
		return out, nil
	case (ty.IsListType() || ty.IsTupleType() || ty.IsSetType()) && v.IsWhollyKnown() && !v.IsNull() && v.LengthInt() > 0:
		return v.AsValueSlice(), nil
	}
	return []cty.Value{v}, nil
}

// sweepCombination is one value of each swept variable.
type sweepCombination map[string]cty.Value

// combinations is the cartesian product of the swept values, the first
// variable (by name) varying slowest.
func combinations(names []string, values map[string][]cty.Value) []sweepCombination {
	out := []sweepCombination{{}}
	for _, n := range names {
		var next []sweepCombination
		for _, c := range out {
			for _, v := range values[n] {
				nc := sweepCombination{}
				for k, x := range c {
					nc[k] = x
				}
				nc[n] = v
				next = append(next, nc)
			}
		}
		out = next
	}
	return out
}

// label is the instance suffix of a run under c, for the swept variables
// it uses: [lr=0.1] or [lr=0.1,batch=32].
func (c sweepCombination) label(uses map[string]bool) string {
	var parts []string
	for _, n := range sortedKeys(c) {
		if uses[n] {
			parts = append(parts, n+"="+renderSetting(c[n]))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "[" + strings.Join(parts, ",") + "]"
}

// loadSweep decodes the file once per combination of the swept
// variables' values and merges the results: a run that uses a swept
// variable (in its own block, its model's or its pipeline's, directly or
// through locals) becomes one instance per combination, run[lr=0.1],
// each decoded with that value; the other runs are decoded once. The
// instances of one run block are one family, so a setting the variable
// changes is a hyperparameter column named after its attribute path, as
// with for_each.
func (l *Loader) loadSweep(filename string, body hcl.Body, vars map[string]cty.Value, swept map[string][]cty.Value) (*Experiment, hcl.Diagnostics) {
	names := sortedKeys(swept)
	combos := combinations(names, swept)
	var diags hcl.Diagnostics
	var first *decoder
	exps := make([]*Experiment, len(combos))
	for i, c := range combos {
		vs := make(map[string]cty.Value, len(vars))
		for k, v := range vars {
			vs[k] = v
		}
		for k, v := range c {
			vs[k] = v
		}
		d := &decoder{dir: dirOf(filename), detached: l.Detached, declared: map[string]hcl.Range{}, plotFiles: map[string]hcl.Range{}}
		exps[i] = d.decodeFile(body, vs)
		diags = appendNew(diags, d.diags)
		if i == 0 {
			first = d
		}
	}
	if diags.HasErrors() {
		return exps[0], diags
	}
	for _, n := range names {
		if at, ok := first.fixedVars[n]; ok {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Variable cannot be swept here",
				Detail:   fmt.Sprintf("var.%s is given %d values, but this block uses it, and an experiment, data set, loss, plot or milestone is one for the whole experiment; sweep only what models, pipelines and runs use, or give var.%s one value.", n, len(swept[n]), n),
				Subject:  at.Ptr(),
			})
		}
	}
	// Instances are matched across the decodings by name, so a for_each
	// whose keys change with a swept value would lose instances.
	// Each decoding's runs by name, since a for_each can make a million.
	byName := make([]map[string]*Run, len(exps))
	for i, e := range exps {
		byName[i] = make(map[string]*Run, len(e.Runs))
		for _, r := range e.Runs {
			byName[i][r.Name] = r
		}
	}
	reported := map[string]bool{}
	for i := 1; i < len(exps); i++ {
		for _, pair := range [][2]int{{i, 0}, {0, i}} {
			for _, r := range exps[pair[0]].Runs {
				if byName[pair[1]][r.Name] != nil || reported[r.family] {
					continue
				}
				reported[r.family] = true
				diags = append(diags, &hcl.Diagnostic{
					Severity: hcl.DiagError,
					Summary:  "Instances depend on a swept variable",
					Detail:   fmt.Sprintf("The instances of run %q are not the same for every value of the swept variables (%s); its for_each may not depend on them: sweep a setting inside the block instead.", r.family, strings.Join(names, ", ")),
					Subject:  r.DeclRange.Ptr(),
				})
			}
		}
	}
	if diags.HasErrors() {
		return exps[0], diags
	}
	exp := exps[0]
	// The data sets are the same in every decoding (no swept variable
	// reaches them), and package plan knows them by the first's.
	datasets := map[string]*Dataset{}
	for _, ds := range exp.Datasets {
		datasets[ds.Name] = ds
	}
	var runs []*Run
	expanded := map[string][]string{}
	for _, r0 := range exp.Runs {
		if !usesAny(r0.vars, swept) {
			runs = append(runs, r0)
			continue
		}
		orig := r0.Name
		seen := map[string]bool{}
		for i, c := range combos {
			r := byName[i][orig]
			if r == nil {
				continue
			}
			r.Name += c.label(r.vars)
			r.Dataset = datasets[r.Dataset.Name]
			if seen[r.Name] {
				continue // a combination of variables the run does not use
			}
			seen[r.Name] = true
			expanded[orig] = append(expanded[orig], r.Name)
			runs = append(runs, r)
		}
	}
	exp.Runs = runs
	// Plots and milestones name runs (a milestone's dataset too, as the
	// names of its runs): each swept run stands for its instances.
	instancesOf := func(names []string) []string {
		var named []string
		for _, n := range names {
			if inst, ok := expanded[n]; ok {
				named = append(named, inst...)
			} else {
				named = append(named, n)
			}
		}
		return named
	}
	for _, p := range exp.Plots {
		p.Runs = instancesOf(p.Runs)
	}
	for _, m := range exp.Milestones {
		m.Runs = instancesOf(m.Runs)
	}
	for _, n := range names {
		exp.Vars[n] = string(hclwrite.TokensForValue(cty.TupleVal(swept[n])).Bytes())
	}
	diags = append(diags, checkJobCount(exp.Runs)...)
	diags = append(diags, checkRunFileNames(exp.Runs)...)
	return exp, diags
}

func usesAny(uses map[string]bool, swept map[string][]cty.Value) bool {
	for n := range swept {
		if uses[n] {
			return true
		}
	}
	return false
}

// sweptVariables reads the values of the sweep variables given in vars
// that sweep more than one value; a value that does not parse is a
// diagnostic.
func sweptVariables(body hcl.Body, vars map[string]cty.Value) (map[string][]cty.Value, hcl.Diagnostics) {
	sweeps := sweepVariables(body)
	out := map[string][]cty.Value{}
	var diags hcl.Diagnostics
	names := make([]string, 0, len(vars))
	for n := range vars {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !sweeps[n] {
			continue
		}
		vs, err := sweepValues(n, vars[n])
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Invalid sweep value",
				Detail: fmt.Sprintf("%s.", strings.TrimPrefix(err.Error(), "dsl: "))})
			continue
		}
		if len(vs) > 1 {
			out[n] = vs
		}
	}
	return out, diags
}
