package dsl

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
)

// Loader reads experiment files and keeps their sources so diagnostics can
// be printed with snippets.
type Loader struct {
	parser *hclparse.Parser
	// Detached decodes a file without the world it was written for: no
	// data file is opened, and a data set, optimizer, loss or activation
	// name the registry does not know is taken as written (its settings
	// unchecked, its Config, Loss or Activations nil). The rest is checked
	// as always. It is for the copy of an experiment in an output folder,
	// whose plots nnexp plot redraws on a machine that may have neither
	// the data nor a binary with the same optimizers. A detached
	// Experiment cannot be planned.
	Detached bool
}

// NewLoader returns a Loader.
func NewLoader() *Loader { return &Loader{parser: hclparse.NewParser()} }

// Files returns every file read so far, for hcl.NewDiagnosticTextWriter.
func (l *Loader) Files() map[string]*hcl.File { return l.parser.Files() }

// LoadFile reads and checks the experiment file at path. vars are --var
// overrides (see ParseVar). The Experiment is nil whenever the diagnostics
// hold an error.
func (l *Loader) LoadFile(path string, vars map[string]cty.Value) (*Experiment, hcl.Diagnostics) {
	src, diags := readExperimentFile(path)
	if diags.HasErrors() {
		return nil, diags
	}
	return l.Load(path, src, vars)
}

// readExperimentFile reads the experiment file at path; failing that, the
// diagnostics say why.
func readExperimentFile(path string) ([]byte, hcl.Diagnostics) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Cannot read experiment file",
			Detail:   err.Error(),
		}}
	}
	return src, nil
}

// Load checks an experiment given its source; filename names it in
// diagnostics, and relative CSV paths are resolved against its folder.
func (l *Loader) Load(filename string, src []byte, vars map[string]cty.Value) (*Experiment, hcl.Diagnostics) {
	if diags := CheckText(filename, src); diags.HasErrors() {
		return nil, diags
	}
	file, diags := l.parser.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, sortDiagnostics(diags)
	}
	if diags := notAVarFile(file, filename); diags.HasErrors() {
		return nil, diags
	}
	swept, more := sweptVariables(file.Body, vars)
	diags = append(diags, more...)
	var exp *Experiment
	if len(swept) > 0 {
		exp, more = l.loadSweep(filename, file.Body, vars, swept)
	} else {
		d := &decoder{dir: dirOf(filename), detached: l.Detached, declared: map[string]hcl.Range{}, plotFiles: map[string]hcl.Range{}}
		exp, more = d.decodeFile(file.Body, vars), d.diags
	}
	diags = append(diags, more...)
	if !diags.HasErrors() {
		exp.Hyperparameters = assignHyperparameters(exp)
		diags = append(diags, checkSweepPlots(exp, sweepVariables(file.Body))...)
		diags = append(diags, checkRankedPlots(exp)...)
	}
	steadySuggestions(diags)
	undeclaredReferences(diags)
	blockReferences(diags)
	bareWords(diags)
	wholeNumbers(diags)
	diags = sortDiagnostics(dropEchoes(diags))
	if diags.HasErrors() {
		return nil, diags
	}
	exp.Filename = filename
	exp.Source = src
	return exp, diags
}

var fileSchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "experiment", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "locals"},
		{Type: "dataset", LabelNames: []string{"name"}},
		{Type: "model", LabelNames: []string{"name"}},
		{Type: "loss", LabelNames: []string{"name"}},
		{Type: "pipeline", LabelNames: []string{"name"}},
		{Type: "run", LabelNames: []string{"name"}},
		{Type: "plot", LabelNames: []string{"name"}},
		{Type: "milestone", LabelNames: []string{"name"}},
	},
}

// decoder holds what the blocks of one file declare so references can be
// resolved, and every diagnostic so all problems show in one pass. Each
// kind of block is decoded by a decodeXBlock function that returns what
// it could make of the block and its diagnostics, and keeps going after a
// mistake; the decoder only declares names and collects.
type decoder struct {
	dir      string
	detached bool // see Loader.Detached
	diags    hcl.Diagnostics
	scope
	// declared maps "kind name" to where it was declared; scope holds nil
	// for a block that failed to decode.
	declared map[string]hcl.Range
	// plotFiles maps each plot file to the plot block that writes it.
	plotFiles map[string]hcl.Range
	// fixedVars maps each variable that a block other than a model,
	// pipeline or run uses to the first such block: one value for the
	// whole experiment, so not one a command-line sweep can vary.
	fixedVars map[string]hcl.Range
}

// declare records a block's name and reports a duplicate.
func (d *decoder) declare(block *hcl.Block, kind string) bool {
	switch kind {
	case "run":
		if !d.add(checkFileName(block, kind, "part of the plot file history_<run>.png")) {
			return false
		}
	case "plot":
		if !d.add(checkFileName(block, kind, "its default file <plot>.png")) {
			return false
		}
	}
	key := kind + " " + block.Labels[0]
	if prev, dup := d.declared[key]; dup {
		d.add(hcl.Diagnostics{duplicateBlock(block, kind, prev)})
		return false
	}
	d.declared[key] = block.DefRange
	return true
}

func (d *decoder) add(diags hcl.Diagnostics) bool {
	d.diags = append(d.diags, diags...)
	return !diags.HasErrors()
}

// decodeBlocks declares and decodes the blocks of one kind, in file order:
// into maps every declared name to what decode made of its block (nil
// after an error, so that references to it stay quiet); the result lists
// the blocks that decoded.
func decodeBlocks[T any](d *decoder, blocks hcl.Blocks, kind string, into map[string]*T, decode func(*hcl.Block) (*T, hcl.Diagnostics)) []*T {
	var out []*T
	for _, b := range blocks {
		if !d.declare(b, kind) {
			continue
		}
		v, diags := decode(b)
		d.add(diags)
		into[b.Labels[0]] = v
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

func dirOf(filename string) string { return filepath.Dir(filename) }

// decodeInstanceBlocks is decodeBlocks for the kinds that take
// for_each: into maps each name to its instances; the result lists every
// instance that decoded, blocks in file order, keys in order.
func decodeInstanceBlocks[T any](d *decoder, blocks hcl.Blocks, kind string, ctx *hcl.EvalContext, into map[string]*instances[T], decode func(b *hcl.Block, ctx *hcl.EvalContext, name string) (*T, hcl.Diagnostics)) []*T {
	var out []*T
	for _, b := range blocks {
		if !d.declare(b, kind) {
			continue
		}
		in, diags := decodeInstances(b, ctx, decode)
		d.add(diags)
		into[b.Labels[0]] = in
		out = append(out, in.all()...)
	}
	return out
}

// baseContext is the context every block is decoded in: the variables,
// the functions, and each as unknown, so that a reference to each outside
// a for_each is reported once (eachOutside) and not again by every
// expression that holds it.
func baseContext(ctx *hcl.EvalContext) *hcl.EvalContext {
	ctx.Functions = functions
	ctx.Variables["each"] = cty.DynamicVal
	ctx.Variables["local"] = cty.EmptyObjectVal
	return ctx
}

func (d *decoder) decodeFile(body hcl.Body, vars map[string]cty.Value) *Experiment {
	content, diags := body.Content(fileSchema)
	d.add(diags)
	byType := content.Blocks.ByType()

	ctx, varText, diags := decodeVariableBlocks(byType["variable"], vars)
	d.add(diags)
	ctx = baseContext(ctx)
	localUses, diags := decodeLocalsBlocks(byType["locals"], ctx)
	d.add(diags)
	d.fixedVars = map[string]hcl.Range{}
	for _, kind := range []string{"experiment", "dataset", "loss", "plot", "milestone", "locals"} {
		for _, b := range byType[kind] {
			d.add(eachOutside(b.Body))
			if kind != "locals" {
				// At the use, so that the error points at the attribute
				// (test_fraction = var.tf), not the block's header.
				for v, at := range varUses(b.Body, localUses) {
					if _, ok := d.fixedVars[v]; !ok {
						d.fixedVars[v] = at
					}
				}
			}
		}
	}

	exp, diags := decodeExperimentBlocks(byType["experiment"], body, ctx)
	d.add(diags)
	exp.Vars = varText

	// Declarations first, so runs may refer to blocks written after them.
	d.scope = scope{
		datasets:  map[string]*Dataset{},
		models:    map[string]*instances[Model]{},
		losses:    map[string]*lossDecl{},
		pipelines: map[string]*instances[Pipeline]{},
		runs:      map[string]*instances[Run]{},
	}
	blockVars := func(b *hcl.Block) map[string]bool {
		used := map[string]bool{}
		varsUsed(b.Body, localUses, used)
		return used
	}
	exp.Datasets = decodeBlocks(d, byType["dataset"], "dataset", d.datasets, func(b *hcl.Block) (*Dataset, hcl.Diagnostics) {
		return decodeDatasetBlock(b, ctx, d.dir, d.detached)
	})
	exp.Models = decodeInstanceBlocks(d, byType["model"], "model", ctx, d.models, func(b *hcl.Block, ctx *hcl.EvalContext, name string) (*Model, hcl.Diagnostics) {
		m, diags := decodeModelBlock(b, ctx, d.detached)
		if m != nil {
			m.Name, m.family, m.vars = name, b.Labels[0], blockVars(b)
			m.settings = map[string]string{}
			flattenBody(b.Body, ctx, "model.", nil, m.settings)
		}
		return m, diags
	})
	decodeBlocks(d, byType["loss"], "loss", d.losses, func(b *hcl.Block) (*lossDecl, hcl.Diagnostics) {
		return decodeLossBlock(b, ctx, d.detached)
	})
	exp.Pipelines = decodeInstanceBlocks(d, byType["pipeline"], "pipeline", ctx, d.pipelines, func(b *hcl.Block, ctx *hcl.EvalContext, name string) (*Pipeline, hcl.Diagnostics) {
		p, diags := decodePipelineBlock(b, ctx, d.detached)
		if p != nil {
			p.Name, p.family, p.vars = name, b.Labels[0], blockVars(b)
			p.settings = map[string]string{}
			flattenBody(b.Body, ctx, "", nil, p.settings)
		}
		return p, diags
	})
	exp.Runs = decodeInstanceBlocks(d, byType["run"], "run", ctx, d.runs, func(b *hcl.Block, ctx *hcl.EvalContext, name string) (*Run, hcl.Diagnostics) {
		r, diags := decodeRunBlock(b, ctx, name, exp, &d.scope, d.detached)
		if r != nil {
			r.family, r.vars = b.Labels[0], blockVars(b)
			for v := range r.Model.vars {
				r.vars[v] = true
			}
			for v := range r.Pipeline.vars {
				r.vars[v] = true
			}
			r.settings = runSettings(r, b.Body, ctx)
		}
		return r, diags
	})
	if len(byType["run"]) == 0 {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No runs",
			Detail:   `An experiment needs at least one run block: run "name" { dataset = ..., model = ..., loss = ..., pipeline = ... }.`,
			Subject:  fileStart(body).Ptr(),
		}})
	} else if len(d.runs) == len(byType["run"]) && d.noRunInstances() {
		d.add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "No runs",
			Detail:   "Every run block has an empty for_each, so the experiment has nothing to run.",
			Subject:  byType["run"][0].DefRange.Ptr(),
		}})
	}
	d.add(checkJobCount(exp.Runs))
	d.add(checkRunFileNames(exp.Runs))
	exp.Plots = decodeBlocks(d, byType["plot"], "plot", map[string]*Plot{}, func(b *hcl.Block) (*Plot, hcl.Diagnostics) {
		return decodePlotBlock(b, ctx, d.runs, d.plotFiles)
	})
	exp.Milestones = decodeBlocks(d, byType["milestone"], "milestone", map[string]*Milestone{}, func(b *hcl.Block) (*Milestone, hcl.Diagnostics) {
		return decodeMilestoneBlock(b, ctx, &d.scope, exp.Runs)
	})
	return exp
}

// noRunInstances reports whether every run block decoded to an empty
// for_each, so that no run exists; a run that failed does not count.
func (d *decoder) noRunInstances() bool {
	for _, in := range d.runs {
		if in == nil || !in.forEach || in.failed || len(in.keys) > 0 {
			return false
		}
	}
	return true
}

func duplicateBlock(block *hcl.Block, kind string, prev hcl.Range) *hcl.Diagnostic {
	return &hcl.Diagnostic{
		Severity: hcl.DiagError,
		Summary:  fmt.Sprintf("Duplicate %s %q", kind, block.Labels[0]),
		Detail:   fmt.Sprintf("A %s named %q was already declared at %s; names must be unique.", kind, block.Labels[0], prev),
		Subject:  block.LabelRanges[0].Ptr(),
		Context:  block.DefRange.Ptr(),
	}
}

// SortDiagnostics is sortDiagnostics, for package plan, whose diagnostics
// print like the decoder's.
func SortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics { return sortDiagnostics(diags) }

// sortDiagnostics orders diagnostics by position and drops the ones that
// only mark an error reported elsewhere, and repeats of one, so output is
// stable (gohcl reports attributes in map order) and free of echoes.
func sortDiagnostics(diags hcl.Diagnostics) hcl.Diagnostics {
	out := diags[:0:0]
	for _, d := range diags {
		if d != silentError {
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Subject, out[j].Subject
		switch {
		case a == nil || b == nil:
			return a == nil && b != nil
		case a.Filename != b.Filename:
			return a.Filename < b.Filename
		case a.Start.Line != b.Start.Line:
			return a.Start.Line < b.Start.Line
		case a.Start.Column != b.Start.Column:
			return a.Start.Column < b.Start.Column
		}
		// Several at one place (gohcl's missing blocks) go by their text.
		if out[i].Summary != out[j].Summary {
			return out[i].Summary < out[j].Summary
		}
		return out[i].Detail < out[j].Detail
	})
	// The instances of a for_each block share its source, so a mistake
	// found in each of them (a loss that does not fit the data) would
	// print once per instance, identically.
	deduped := out[:0]
	for i, d := range out {
		if i > 0 && containsDiag(hcl.Diagnostics{out[i-1]}, d) {
			continue
		}
		deduped = append(deduped, d)
	}
	return deduped
}

// notAVarFile reports a file of assignments only, a variable file (such
// as an output folder's vars.hcl) given where the experiment goes, with
// one diagnostic that says how to pass it instead of one per assignment.
func notAVarFile(file *hcl.File, filename string) hcl.Diagnostics {
	body, ok := file.Body.(*hclsyntax.Body)
	if !ok || len(body.Blocks) > 0 || len(body.Attributes) == 0 {
		return nil
	}
	first := hcl.Range{}
	for _, a := range body.Attributes {
		if first.Filename == "" || a.SrcRange.Start.Byte < first.Start.Byte {
			first = a.SrcRange
		}
	}
	return hcl.Diagnostics{{
		Severity: hcl.DiagError,
		Summary:  "Not an experiment file",
		Detail: fmt.Sprintf("%s holds only name = value assignments, as a variable file does. Give the experiment file as FILE and this one with --var-file %s.",
			filename, filename),
		Subject: first.Ptr(),
	}}
}
