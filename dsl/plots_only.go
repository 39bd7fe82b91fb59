package dsl

import (
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// PlotFile is what drawing an experiment's plots needs from its file.
type PlotFile struct {
	// Name is the experiment's name, which prefixes every plot title.
	Name string
	// Runs are the labels of the run blocks, in file order.
	Runs  []string
	Plots []*Plot
}

var plotsOnlySchema = &hcl.BodySchema{
	Blocks: []hcl.BlockHeaderSchema{
		{Type: "experiment", LabelNames: []string{"name"}},
		{Type: "variable", LabelNames: []string{"name"}},
		{Type: "run", LabelNames: []string{"name"}},
		{Type: "plot", LabelNames: []string{"name"}},
	},
}

// LoadPlotsFile is LoadPlots of the file at path.
func (l *Loader) LoadPlotsFile(path string, vars map[string]cty.Value) (*PlotFile, hcl.Diagnostics) {
	src, diags := readExperimentFile(path)
	if diags.HasErrors() {
		return nil, diags
	}
	return l.LoadPlots(path, src, vars)
}

// LoadPlots reads the experiment block, the run labels and the plot blocks
// of an experiment file, checking them as Load does (runs = [run.x] must
// name a run block of the file), and ignores every other block: no data
// set is loaded and no optimizer looked up. It is for redrawing the plots
// of an output folder from its copy of the experiment, which may have
// been edited, without the data or a binary with the same optimizers.
// vars are the values the run used (its vars.hcl), since a title may use
// a variable.
func (l *Loader) LoadPlots(filename string, src []byte, vars map[string]cty.Value) (*PlotFile, hcl.Diagnostics) {
	file, diags := l.parser.ParseHCL(src, filename)
	if diags.HasErrors() {
		return nil, sortDiagnostics(diags)
	}
	d := &decoder{dir: filepath.Dir(filename), declared: map[string]hcl.Range{}}
	content, _, cdiags := file.Body.PartialContent(plotsOnlySchema)
	d.add(cdiags)
	byType := content.Blocks.ByType()

	ctx, _, vdiags := decodeVariableBlocks(byType["variable"], vars)
	d.add(vdiags)
	d.ctx = ctx
	d.exp = d.decodeExperimentBlocks(byType["experiment"], file.Body)

	pf := &PlotFile{Name: d.exp.Name}
	d.runs = map[string]*Run{}
	for _, b := range byType["run"] {
		if d.declare(b, "run") {
			d.runs[b.Labels[0]] = &Run{Name: b.Labels[0], DeclRange: b.DefRange}
			pf.Runs = append(pf.Runs, b.Labels[0])
		}
	}
	for _, b := range byType["plot"] {
		if p := d.decodePlotBlock(b); p != nil {
			pf.Plots = append(pf.Plots, p)
		}
	}
	diags = sortDiagnostics(append(diags, d.diags...))
	if diags.HasErrors() {
		return nil, diags
	}
	return pf, diags
}
