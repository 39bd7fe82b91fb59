package dsl

import (
	"fmt"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"
)

// Setting is one hyperparameter of a run: an attribute path such as
// optimizer.adam.learning_rate or model.hidden and its value as text.
type Setting struct {
	Name, Value string
}

// flattenBody records every attribute of body and its nested blocks as
// written, evaluated in ctx, under its path: prefix, then the nested
// blocks' types and labels, then the attribute's name
// (optimizer.adam.plateau.factor). A block label seen twice in one body
// (two search stages) is told apart by its position: optimizer.search[2].
// skip names top-level attributes that are not settings.
func flattenBody(body hcl.Body, ctx *hcl.EvalContext, prefix string, skip map[string]bool, into map[string]string) {
	b, ok := body.(*hclsyntax.Body)
	if !ok {
		return
	}
	for name, a := range b.Attributes {
		if skip[name] || name == "for_each" {
			continue
		}
		v, diags := a.Expr.Value(ctx)
		if diags.HasErrors() || !v.IsWhollyKnown() || v.IsNull() {
			// A null setting is one left out (see settingsBody).
			continue
		}
		into[prefix+name] = renderSetting(v)
	}
	seen := map[string]int{}
	for _, nested := range b.Blocks {
		path := strings.Join(append([]string{nested.Type}, nested.Labels...), ".")
		seen[path]++
		if n := seen[path]; n > 1 {
			path += "[" + strconv.Itoa(n) + "]"
		}
		flattenBody(nested.Body, ctx, prefix+path+".", nil, into)
	}
}

// renderSetting writes a value as a CSV cell a reader can group by: a
// number as the shortest text that reads back as the same float64, a
// string as itself, anything else as HCL.
func renderSetting(v cty.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.Type() == cty.String:
		return v.AsString()
	case v.Type() == cty.Number:
		f, acc := v.AsBigFloat().Float64()
		if acc == big.Exact || !v.AsBigFloat().IsInt() {
			return strconv.FormatFloat(f, 'g', -1, 64)
		}
		return v.AsBigFloat().Text('f', 0)
	case v.Type() == cty.Bool:
		return strconv.FormatBool(v.True())
	}
	return strings.TrimSpace(string(hclwrite.TokensForValue(v).Bytes()))
}

// runSettings is everything a run instance sets: its own attributes
// (run.seed, run.max_evaluations), its data set and loss by name, its
// model's (model.hidden) and its pipeline's (optimizer.adam.learning_rate).
func runSettings(r *Run, body hcl.Body, ctx *hcl.EvalContext) map[string]string {
	s := map[string]string{}
	flattenBody(body, ctx, "run.", map[string]bool{"dataset": true, "model": true, "pipeline": true, "loss": true}, s)
	if r.Dataset != nil {
		s["dataset"] = r.Dataset.Name
	}
	s["loss"] = r.LossName
	if r.Model != nil {
		for k, v := range r.Model.settings {
			s[k] = v
		}
	}
	if r.Pipeline != nil {
		for k, v := range r.Pipeline.settings {
			s[k] = v
		}
	}
	return s
}

// differing adds to cols every path whose value is not the same in all
// of members (set in some and not others counts). A path is the same in
// all when every member sets it, to the first member's value: one pass
// over the members per path, since a sweep's family can have a million
// instances.
func differing(members []map[string]string, cols map[string]bool) {
	if len(members) < 2 {
		return
	}
	// How many members set each path to the first member's value; a path
	// the first leaves out differs as soon as any member sets it.
	agree := make(map[string]int, len(members[0]))
	for _, m := range members {
		for k, v := range m {
			if fv, ok := members[0][k]; ok && fv == v {
				agree[k]++
			} else {
				cols[k] = true
			}
		}
	}
	for k, n := range agree {
		if n < len(members) {
			cols[k] = true
		}
	}
}

// assignHyperparameters gives each run its hyperparameter columns: every
// setting that differs between the instances of one block (a run, model
// or pipeline with for_each, or a run a command-line sweep expands),
// with the run's value where it has one. It returns the columns, sorted.
func assignHyperparameters(exp *Experiment) []string {
	cols := map[string]bool{}
	runFamilies := map[string][]map[string]string{}
	for _, r := range exp.Runs {
		runFamilies[r.family] = append(runFamilies[r.family], r.settings)
	}
	for _, f := range runFamilies {
		differing(f, cols)
	}
	modelFamilies := map[string][]map[string]string{}
	for _, m := range exp.Models {
		modelFamilies[m.family] = append(modelFamilies[m.family], m.settings)
	}
	for _, f := range modelFamilies {
		differing(f, cols)
	}
	pipeFamilies := map[string][]map[string]string{}
	for _, p := range exp.Pipelines {
		pipeFamilies[p.family] = append(pipeFamilies[p.family], p.settings)
	}
	for _, f := range pipeFamilies {
		differing(f, cols)
	}
	names := sortedSet(cols)
	for _, r := range exp.Runs {
		r.Settings = nil
		for _, c := range names {
			if v, ok := r.settings[c]; ok {
				r.Settings = append(r.Settings, Setting{Name: c, Value: v})
			}
		}
	}
	return names
}

// checkSweepPlots checks that each sweep plot's x names a hyperparameter
// column. sweeps are the file's variables declared sweep = true, which
// make columns only when the command line gives them several values.
func checkSweepPlots(exp *Experiment, sweeps map[string]bool) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, p := range exp.Plots {
		if p.Type != "sweep" || p.xAt == nil {
			continue
		}
		if _, ok := sort.Find(len(exp.Hyperparameters), func(i int) int { return strings.Compare(p.X, exp.Hyperparameters[i]) }); ok {
			diags = append(diags, checkSweepValues(exp, p)...)
			continue
		}
		detail := fmt.Sprintf("x must name a hyperparameter column, a setting that differs between the instances of a for_each or a command-line sweep; %q is not one.", p.X)
		if len(exp.Hyperparameters) == 0 {
			detail += " This experiment has none: give a run, model or pipeline block a for_each"
			if names := sortedKeys(sweeps); len(names) > 0 {
				detail += fmt.Sprintf(", or its sweep variable %s several values on the command line (--var %s=0.01,0.1)", names[0], names[0])
			}
			detail += "."
		} else {
			detail += fmt.Sprintf(" The columns are %q.", exp.Hyperparameters)
		}
		diags = append(diags, p.xAt.Error("Unknown hyperparameter", detail))
	}
	return diags
}

// checkRankedPlots refuses a critical_difference plot of fewer than three
// runs: Friedman's test ranks three or more, and with fewer the plot can
// only say it has nothing to draw. It runs once the runs are known, a
// command-line sweep's instances included; whether they are paired is the
// plan's to say.
func checkRankedPlots(exp *Experiment) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, p := range exp.Plots {
		if p.Type != "critical_difference" || p.countAt == nil {
			continue
		}
		// Distinct runs: runs = [run.a, run.a] is one.
		n := len(exp.Runs)
		if len(p.Runs) > 0 {
			n = len(slices.Compact(slices.Sorted(slices.Values(p.Runs))))
		}
		if n < 3 {
			diags = append(diags, p.countAt.Error("Too few runs",
				fmt.Sprintf("A critical_difference plot ranks three or more paired runs (Friedman's test); this one has %d.", n)))
		}
	}
	return diags
}

// checkSweepValues checks that the runs a sweep plot draws have numbers
// in its x column, since it places them on a numeric axis: a column of
// text (activations, loss names) is a mistake to report now, not when
// the plot is drawn after the runs.
func checkSweepValues(exp *Experiment, p *Plot) hcl.Diagnostics {
	for _, r := range exp.Runs {
		base, _, _ := strings.Cut(r.Name, "[")
		if len(p.Runs) > 0 && !slices.Contains(p.Runs, r.Name) && !slices.Contains(p.Runs, base) {
			continue
		}
		v, ok := r.settings[p.X]
		if !ok {
			continue
		}
		if _, err := strconv.ParseFloat(v, 64); err != nil {
			return hcl.Diagnostics{p.xAt.Error("Sweep over text values",
				fmt.Sprintf("A sweep plot places runs on a numeric axis, but run %s has %s = %q. Put a numeric column on x, or compare these runs with a final_loss plot.", r.Name, p.X, v))}
		}
	}
	return nil
}
