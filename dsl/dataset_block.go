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
		{Name: "images"},
		{Name: "labels"},
		{Name: "target"},
		{Name: "ignore"},
		{Name: "task"},
		{Name: "test_fraction"},
		{Name: "standardize"},
		{Name: "scale"},
	},
	Blocks: []hcl.BlockHeaderSchema{{Type: "test"}},
}

// fileAttributes are the attributes that name a source's files, by source;
// a test block takes the same ones.
var fileAttributes = map[string][]string{
	"csv": {"path"},
	"idx": {"images", "labels"},
}

// decodeDatasetBlock reads a dataset block into a declaration. Unless
// detached, it looks a built-in source up in the registry and checks the
// headers of a CSV file (the file opens, its columns, the target column)
// or of IDX files (they open, their shapes, as many labels as images), and
// of the test block's files, and reads nothing more of them, so that
// checking an experiment costs the same on a million rows as on ten. dir
// is the experiment file's folder, against which a relative path is
// resolved. It returns nil after any error.
func decodeDatasetBlock(block *hcl.Block, ctx *hcl.EvalContext, dir string, detached bool) (*Dataset, hcl.Diagnostics) {
	content, diags := block.Body.Content(datasetSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	ds := &Dataset{Name: block.Labels[0], Task: datasets.TaskAuto, Scale: 1, DeclRange: block.DefRange}
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
	ds.Images, ds.Labels = str("images"), str("labels")
	taskName := str("task")
	if attr := attrs["ignore"]; attr != nil {
		v, more := evalUnordered(attr, ctx, cty.List(cty.String), `a list of column names like ["id"]`)
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
	if attr := attrs["scale"]; attr != nil {
		f, more := evalNumber(attr, ctx)
		diags = append(diags, more...)
		switch {
		case more.HasErrors():
		case f == 0:
			diags = append(diags, attrError(attr, "Value out of range", "scale must not be 0, which would erase every feature; 1/255 maps pixel bytes to [0, 1]."))
		case ds.Source == "idx" && datasets.PixelScaleOverflows(f):
			diags = append(diags, attrError(attr, "Value out of range", fmt.Sprintf("scale %g makes a pixel byte of 255 infinite; 1/255 maps pixel bytes to [0, 1].", f)))
		case ds.Standardize:
			diags = append(diags, attrError(attr, "Conflicting settings",
				"standardize = true rescales every feature to standard deviation 1 with the training rows' statistics, which undoes any scale; use one of them."))
		}
		ds.Scale = f
	}
	var testBlock *hcl.Block
	for _, b := range content.Blocks {
		if testBlock != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Duplicate test block",
				Detail:   fmt.Sprintf("A dataset has one test set; the first test block is at line %d.", testBlock.DefRange.Start.Line),
				Subject:  b.DefRange.Ptr(),
			})
			continue
		}
		testBlock = b
	}
	if testBlock != nil && attrs["test_fraction"] != nil {
		diags = append(diags, attrError(attrs["test_fraction"], "Conflicting settings",
			fmt.Sprintf("The test block (line %d) names the test set's files, and test_fraction would hold rows out of the training set too; use one of them.", testBlock.DefRange.Start.Line)))
	}
	// Decoding goes on after an error, so that one pass reports every
	// mistake of the block; only reading the files waits for a clean one.
	sourceKnown := !diags.HasErrors() || ds.Source != ""
	ds.SourceAt, ds.PathAt, ds.TargetAt = placeOf(attrs["source"]), placeOf(attrs["path"]), placeOf(attrs["target"])
	ds.IgnoreAt = placeOf(attrs["ignore"])
	ds.TestFractionAt = placeOf(attrs["test_fraction"])
	ds.ImagesAt, ds.LabelsAt, ds.ScaleAt = placeOf(attrs["images"]), placeOf(attrs["labels"]), placeOf(attrs["scale"])

	switch taskName {
	case "":
	case "regression":
		ds.Task = nn.Regression
	case "classification":
		ds.Task = nn.Classification
	default:
		diags = append(diags, attrError(attrs["task"], "Unknown task", fmt.Sprintf("task must be \"regression\" or \"classification\"; got %q.", taskName)))
	}

	switch {
	case !sourceKnown:
		return nil, diags
	case ds.Source == "csv":
		diags = append(diags, notAllowed(attrs, ds.Source, "images", "labels")...)
		diags = append(diags, ds.requireFiles(attrs, dir)...)
	case ds.Source == "idx":
		diags = append(diags, notAllowed(attrs, ds.Source, "path", "target", "ignore", "task")...)
		diags = append(diags, ds.requireFiles(attrs, dir)...)
	default:
		for _, name := range []string{"path", "images", "labels", "target", "ignore", "task"} {
			if attr := attrs[name]; attr != nil {
				diags = append(diags, attrError(attr, "Not allowed for a built-in dataset",
					fmt.Sprintf("%s applies only to source = \"csv\" or \"idx\"; built-in %q has a fixed target and task.", attr.Name, ds.Source)))
			}
		}
		if testBlock != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Not allowed for a built-in dataset",
				Detail:   fmt.Sprintf("A test block names the files of a test set, and built-in %q has none; use test_fraction to hold rows out.", ds.Source),
				Subject:  testBlock.DefRange.Ptr(),
			})
		}
		if !detached {
			if _, err := registry.LookupDataset(ds.Source); err != nil {
				d := unknownName(err, ds.SourceAt.Value)
				d.Detail += ` Use source = "csv" with path = "...", or source = "idx" with images and labels, for your own data.`
				diags = append(diags, d)
			}
		}
		if diags.HasErrors() {
			return nil, diags
		}
		return ds, diags
	}
	if testBlock != nil {
		test, more := decodeDatasetTest(testBlock, ctx, ds.Source, dir)
		diags = append(diags, more...)
		ds.Test = test
	}
	if diags.HasErrors() {
		return nil, diags
	}
	if !detached {
		diags = append(diags, ds.checkHeaders()...)
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return ds, diags
}

// notAllowed reports each of names written in attrs as an attribute that
// source does not take.
func notAllowed(attrs hcl.Attributes, source string, names ...string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, name := range names {
		if attr := attrs[name]; attr != nil {
			diags = append(diags, attrError(attr, "Not allowed for this source",
				fmt.Sprintf("%s does not apply to source = %q, which takes %s.", attr.Name, source, filesPhrase(source))))
		}
	}
	return diags
}

// filesPhrase says which attributes name a source's files.
func filesPhrase(source string) string {
	if source == "idx" {
		return `images and labels (IDX files; the labels are the classes)`
	}
	return `path (a CSV file; target and ignore choose its columns)`
}

// requireFiles checks that the attributes naming the source's files are
// all there, and resolves them against dir.
func (ds *Dataset) requireFiles(attrs hcl.Attributes, dir string) hcl.Diagnostics {
	var diags hcl.Diagnostics
	needs := `path = "file.csv" (relative to the experiment file)`
	if ds.Source == "idx" {
		needs = `images = "train-images-idx3-ubyte.gz" and labels = "train-labels-idx1-ubyte.gz" (IDX files, gzip-compressed or not, relative to the experiment file)`
	}
	for _, name := range fileAttributes[ds.Source] {
		if attrs[name] == nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing " + name,
				Detail:   fmt.Sprintf("A dataset with source = %q needs %s.", ds.Source, needs),
				Subject:  ds.SourceAt.Attr.Ptr(),
			})
		}
	}
	ds.Path, ds.Images, ds.Labels = resolve(dir, ds.Path), resolve(dir, ds.Images), resolve(dir, ds.Labels)
	return diags
}

func resolve(dir, path string) string {
	if path == "" || filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}
