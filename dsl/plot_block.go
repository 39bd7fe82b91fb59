package dsl

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var plotSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type", Required: true},
		{Name: "runs"},
		{Name: "file"},
		{Name: "title"},
		{Name: "log_y"},
		{Name: "log_x"},
		{Name: "x"},
		{Name: "metric"},
		{Name: "band"},
		{Name: "tau"},
	},
}

// PlotAxes are the values a history plot's x accepts.
var PlotAxes = []string{"step", "cost", "evaluations", "seconds"}

// PlotMetrics are the values a plot's metric accepts: what it shows of
// each job, the training loss by default.
var PlotMetrics = []string{"train_loss", "test_loss", "train_accuracy", "test_accuracy"}

// PlotBands are the values a history plot's band accepts.
var PlotBands = []string{"quartiles", "minmax"}

// PlotTypes are the values plot "x" { type = ... } accepts.
var PlotTypes = []string{"history", "final_loss", "data_profile", "performance_profile", "critical_difference", "sweep"}

// decodePlotBlock reads a plot block; its runs refer to runs, the file's
// decoded runs. files maps each plot file claimed so far to the block
// that claims it; a plot that decodes claims its own there. It returns
// nil after any error.
func decodePlotBlock(block *hcl.Block, ctx *hcl.EvalContext, declared map[string]*instances[Run], files map[string]hcl.Range) (*Plot, hcl.Diagnostics) {
	content, diags := block.Body.Content(plotSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	add := func(more hcl.Diagnostics) bool {
		diags = append(diags, more...)
		return !more.HasErrors()
	}
	p := &Plot{Name: block.Labels[0], File: block.Labels[0] + ".png"}
	ok := true
	attrs := content.Attributes

	typ, more := evalString(attrs["type"], ctx)
	if ok = add(more); ok && !slices.Contains(PlotTypes, typ) {
		add(hcl.Diagnostics{attrError(attrs["type"], "Unknown plot type",
			fmt.Sprintf("type must be one of %q; got %q.", PlotTypes, typ))})
		ok = false
	}
	p.Type = typ

	if attr := attrs["runs"]; attr != nil {
		var more hcl.Diagnostics
		p.Runs, more = decodeRunList(attr, ctx, declared, "plot")
		ok = add(more) && ok
	}
	if attr := attrs["file"]; attr != nil {
		f, more := evalString(attr, ctx)
		if ok = add(more) && ok; !more.HasErrors() {
			if !strings.HasSuffix(f, ".png") || f != filepath.Base(f) || f == ".png" {
				add(hcl.Diagnostics{attrError(attr, "Invalid plot file",
					fmt.Sprintf("file must be a plain file name ending in .png, written inside the output folder; got %q.", f))})
				ok = false
			}
			p.File = f
		}
	}
	if attr := attrs["title"]; attr != nil {
		s, more := evalString(attr, ctx)
		ok = add(more) && ok
		p.Title = s
	}
	if attr := attrs["log_y"]; attr != nil {
		b, more := evalBool(attr, ctx)
		ok = add(more) && ok
		p.LogY = b
	}
	runs := runsByName(declared)
	if p.Type == "critical_difference" {
		// Counted once every run is known (checkRankedPlots): a
		// command-line sweep makes one run block several.
		p.countAt = placeOf(attrs["type"])
		if attrs["runs"] != nil {
			p.countAt = placeOf(attrs["runs"])
		}
	}
	p.Metric = "train_loss"
	if p.Type == "sweep" && anyTestSplit(p.Runs, runs) {
		// A setting is chosen for how well the model it gives does on
		// rows it did not train on.
		p.Metric = "test_loss"
	}
	if attr := attrs["metric"]; attr != nil {
		m, more := evalString(attr, ctx)
		switch {
		case !add(more):
			ok = false
		case !slices.Contains(PlotMetrics, m):
			add(hcl.Diagnostics{attrError(attr, "Unknown metric",
				fmt.Sprintf("metric must be one of %q; got %q.", PlotMetrics, m))})
			ok = false
		case strings.HasPrefix(m, "test_") && !anyTestSplit(p.Runs, runs):
			add(hcl.Diagnostics{attrError(attr, "No test split",
				fmt.Sprintf("metric %q is measured on held-out rows, but no run this plot shows has any: set test_fraction or a test block on its dataset, or plot the train_ metric.", m))})
			ok = false
		default:
			p.Metric, p.MetricAt = m, placeOf(attr)
		}
	}
	p.Tau = 1e-3
	if attr := attrs["tau"]; attr != nil {
		v, more := evalNumber(attr, ctx)
		switch {
		case !add(more):
			ok = false
		case p.Type != "data_profile" && p.Type != "performance_profile":
			add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				"tau applies only to type = \"data_profile\" or \"performance_profile\".")})
			ok = false
		case !(v > 0 && v < 1):
			add(hcl.Diagnostics{attrError(attr, "Value out of range",
				fmt.Sprintf("tau must be in (0, 1), the fraction of the way from the start to the best loss left to go; got %g.", v))})
			ok = false
		default:
			p.Tau = v
		}
	}
	p.Band = "quartiles"
	if attr := attrs["band"]; attr != nil {
		b, more := evalString(attr, ctx)
		switch {
		case !add(more):
			ok = false
		case p.Type != "history":
			add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				fmt.Sprintf("band applies only to type = \"history\"; a %s plot draws no band.", p.Type))})
			ok = false
		case !slices.Contains(PlotBands, b):
			add(hcl.Diagnostics{attrError(attr, "Unknown band",
				fmt.Sprintf("band must be one of %q; got %q.", PlotBands, b))})
			ok = false
		default:
			p.Band = b
		}
	}
	if attr := attrs["log_x"]; attr != nil {
		b, more := evalBool(attr, ctx)
		switch {
		case !add(more):
			ok = false
		case p.Type != "sweep" && p.Type != "history":
			add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				fmt.Sprintf("log_x applies only to type = \"history\" or \"sweep\"; a %s plot chooses its own horizontal axis.", p.Type))})
			ok = false
		default:
			p.LogX = &b
		}
	}
	p.X = "step"
	if p.Type == "sweep" && attrs["x"] == nil {
		add(hcl.Diagnostics{{
			Severity: hcl.DiagError,
			Summary:  "Missing x",
			Detail:   `A sweep plot needs x, the hyperparameter to put on its horizontal axis, such as x = "optimizer.adam.learning_rate".`,
			Subject:  block.DefRange.Ptr(),
		}})
		ok = false
	}
	if attr := attrs["x"]; attr != nil {
		x, more := evalString(attr, ctx)
		switch {
		case !add(more):
			ok = false
		case p.Type == "sweep":
			// Checked against the hyperparameter columns once every
			// run is known (checkSweepPlots).
			p.X, p.xAt = x, placeOf(attr)
		case p.Type == "final_loss":
			add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				"x applies only to type = \"history\" or \"sweep\"; a final_loss plot has one bar per run.")})
			ok = false
		case p.Type != "history":
			add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				fmt.Sprintf("x applies only to type = \"history\" or \"sweep\"; a %s has its own axis.", p.Type))})
			ok = false
		case !slices.Contains(PlotAxes, x):
			add(hcl.Diagnostics{attrError(attr, "Unknown axis",
				fmt.Sprintf("x must be one of %q; got %q.", PlotAxes, x))})
			ok = false
		default:
			p.X = x
		}
	}
	if attr := attrs["log_x"]; attr != nil && p.Type == "history" && p.LogX != nil && p.X == "step" {
		add(hcl.Diagnostics{attrError(attr, "Not allowed for this axis",
			`log_x does not apply to x = "step": steps start at 0, which a log axis cannot show; use x = "seconds", "cost" or "evaluations".`)})
		ok = false
	}
	if ok {
		// Two plots writing one file would leave only the last.
		if prev, dup := files[p.File]; dup {
			subject := block.LabelRanges[0]
			if attr := attrs["file"]; attr != nil {
				subject = attr.Expr.Range()
			}
			add(hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Duplicate plot file",
				Detail:   fmt.Sprintf("The plot declared at %s also writes %q; give each plot its own file.", prev, p.File),
				Subject:  subject.Ptr(),
				Context:  block.DefRange.Ptr(),
			}})
			return nil, diags
		}
		files[p.File] = block.DefRange
	}
	if !ok {
		return nil, diags
	}
	return p, diags
}

// decodeRunList reads a list of run references, as in runs =
// [run.search, run.grid] (run.grid names every instance of a for_each
// run), for a block that verb ("plot", "measure") its runs; an empty list
// is an error, since it would read as "no run" where leaving the
// attribute out means every run.
func decodeRunList(attr *hcl.Attribute, ctx *hcl.EvalContext, declared map[string]*instances[Run], verb string) ([]string, hcl.Diagnostics) {
	exprs, diags := hcl.ExprList(attr.Expr)
	if diags.HasErrors() {
		return nil, diags
	}
	if len(exprs) == 0 {
		return nil, hcl.Diagnostics{attrError(attr, fmt.Sprintf("No runs to %s", verb),
			fmt.Sprintf("runs = [] names no run; list the runs to %s, as in runs = [run.search], or leave runs out to %s every run.", verb, verb))}
	}
	var names []string
	for _, e := range exprs {
		rs, found, more := instancesRef(e, ctx, "run", declared)
		diags = append(diags, more...)
		if !found {
			continue
		}
		for _, r := range rs {
			if r != nil {
				names = append(names, r.Name)
			}
		}
	}
	return names, diags
}

// runsByName is every run instance of declared by name; a run block that
// did not decode is there as nil (anyTestSplit).
func runsByName(declared map[string]*instances[Run]) map[string]*Run {
	runs := map[string]*Run{}
	for name, in := range declared {
		all := in.all()
		if len(all) == 0 {
			runs[name] = nil
		}
		for _, r := range all {
			runs[r.Name] = r
		}
	}
	return runs
}

// anyTestSplit reports whether a run named in names (every run of the
// file when names is empty) holds rows out for testing, or may: a run
// that did not decode, or whose dataset did not (an unreadable file),
// cannot say, and a plot's "no test split" would only echo its error.
func anyTestSplit(names []string, runs map[string]*Run) bool {
	for name, r := range runs {
		if len(names) > 0 && !slices.Contains(names, name) {
			continue
		}
		if r == nil || r.Dataset == nil || r.Dataset.HasTest() {
			return true
		}
	}
	return false
}
