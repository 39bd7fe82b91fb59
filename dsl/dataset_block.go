package dsl

import (
	"fmt"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
	"github.com/zclconf/go-cty/cty"
)

var datasetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "source", Required: true},
		{Name: "path"},
		{Name: "target"},
		{Name: "ignore"},
		{Name: "task"},
		{Name: "test_fraction"},
		{Name: "standardize"},
	},
}

// decodeDatasetBlock reads a dataset block into a declaration. Unless
// detached, it looks a built-in source up in the registry and checks a
// CSV file's header (the file opens, its columns, the target column), and
// reads nothing more of the file, so that checking an experiment costs
// the same on a million rows as on ten. dir is the experiment file's
// folder, against which a relative path is resolved. It returns nil after
// any error.
func decodeDatasetBlock(block *hcl.Block, ctx *hcl.EvalContext, dir string, detached bool) (*Dataset, hcl.Diagnostics) {
	content, diags := block.Body.Content(datasetSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	ds := &Dataset{Name: block.Labels[0], Task: datasets.TaskAuto, DeclRange: block.DefRange}
	attrs := content.Attributes
	str := func(name string) string {
		attr := attrs[name]
		if attr == nil {
			return ""
		}
		s, more := evalString(attr, ctx)
		diags = append(diags, more...)
		return s
	}
	ds.Source, ds.Path, ds.Target = str("source"), str("path"), str("target")
	taskName := str("task")
	if attr := attrs["ignore"]; attr != nil {
		v, more := evalValue(attr, ctx, cty.List(cty.String), `a list of column names like ["id"]`)
		diags = append(diags, more...)
		if !more.HasErrors() {
			for _, e := range v.AsValueSlice() {
				ds.Ignore = append(ds.Ignore, e.AsString())
			}
		}
	}
	if attr := attrs["test_fraction"]; attr != nil {
		f, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		if !more.HasErrors() && !(f >= 0 && f < 1) {
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("test_fraction must be in [0, 1); got %g.", f)))
		}
		ds.TestFraction = f
	}
	if attr := attrs["standardize"]; attr != nil {
		b, more := evalBool(attr, ctx)
		diags = append(diags, more...)
		ds.Standardize = b
	}
	if diags.HasErrors() {
		return nil, diags
	}
	ds.SourceAt, ds.PathAt, ds.TargetAt = placeOf(attrs["source"]), placeOf(attrs["path"]), placeOf(attrs["target"])
	ds.IgnoreAt = placeOf(attrs["ignore"])
	ds.TestFractionAt = placeOf(attrs["test_fraction"])

	switch taskName {
	case "":
	case "regression":
		ds.Task = nn.Regression
	case "classification":
		ds.Task = nn.Classification
	default:
		diags = append(diags, attrError(attrs["task"], "Unknown task", fmt.Sprintf("task must be \"regression\" or \"classification\"; got %q.", taskName)))
		return nil, diags
	}

	if ds.Source == "csv" {
		if ds.PathAt == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing path",
				Detail:   `A dataset with source = "csv" needs path = "file.csv" (relative to the experiment file).`,
				Subject:  ds.SourceAt.Attr.Ptr(),
			})
			return nil, diags
		}
		if !filepath.IsAbs(ds.Path) {
			ds.Path = filepath.Join(dir, ds.Path)
		}
		if !detached {
			diags = append(diags, ds.checkHeader()...)
		}
		if diags.HasErrors() {
			return nil, diags
		}
		return ds, diags
	}

	for _, name := range []string{"path", "target", "ignore", "task"} {
		if attr := attrs[name]; attr != nil {
			diags = append(diags, attrError(attr, "Not allowed for a built-in dataset",
				fmt.Sprintf("%s applies only to source = \"csv\"; built-in %q has a fixed target and task.", attr.Name, ds.Source)))
		}
	}
	if !detached {
		if _, err := registry.LookupDataset(ds.Source); err != nil {
			d := unknownName(err, ds.SourceAt.Value)
			d.Detail += ` Use source = "csv" with path = "..." for your own data.`
			diags = append(diags, d)
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return ds, diags
}

// checkHeader reads the CSV file's header row and checks it.
func (ds *Dataset) checkHeader() hcl.Diagnostics {
	f, diags := ds.OpenCSV()
	if diags.HasErrors() {
		return diags
	}
	defer f.Close()
	if _, err := datasets.ReadCSVHeaderColumns(f, ds.Path, ds.Columns()); err != nil {
		return hcl.Diagnostics{ds.CSVError(err)}
	}
	return nil
}
