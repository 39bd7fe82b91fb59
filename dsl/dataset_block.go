package dsl

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
)

var datasetSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "source", Required: true},
		{Name: "path"},
		{Name: "target"},
		{Name: "task"},
		{Name: "test_fraction"},
		{Name: "standardize"},
	},
}

// decodeDatasetBlock reads a dataset block, loads the data (a built-in or a
// CSV file relative to the experiment file), splits it with the experiment
// seed and standardizes it if asked.
func (d *decoder) decodeDatasetBlock(block *hcl.Block) *Dataset {
	name := block.Labels[0]
	if !d.declare(block, "dataset") {
		return nil
	}
	d.datasets[name] = nil // until it loads, so runs using it stay quiet
	ds := &Dataset{Name: name, DeclRange: block.DefRange}

	content, diags := block.Body.Content(datasetSchema)
	if !d.add(diags) {
		return nil
	}
	ok := true
	str := func(name string) (string, *hcl.Attribute) {
		attr := content.Attributes[name]
		if attr == nil {
			return "", nil
		}
		s, diags := evalString(attr, d.ctx)
		ok = d.add(diags) && ok
		return s, attr
	}
	source, sourceAttr := str("source")
	path, pathAttr := str("path")
	target, targetAttr := str("target")
	taskName, taskAttr := str("task")
	fraction := 0.0
	if attr := content.Attributes["test_fraction"]; attr != nil {
		f, diags := evalNumber(attr, d.ctx)
		if ok = d.add(diags) && ok; !diags.HasErrors() && !(f >= 0 && f < 1) {
			d.add(hcl.Diagnostics{attrError(attr, "Value out of range", fmt.Sprintf("test_fraction must be in [0, 1); got %g.", f))})
			ok = false
		}
		fraction = f
	}
	standardize := false
	if attr := content.Attributes["standardize"]; attr != nil {
		b, diags := evalBool(attr, d.ctx)
		ok = d.add(diags) && ok
		standardize = b
	}
	if !ok {
		return nil
	}
	ds.Source = source

	task := datasets.TaskAuto
	switch taskName {
	case "":
	case "regression":
		task = nn.Regression
	case "classification":
		task = nn.Classification
	default:
		d.add(hcl.Diagnostics{attrError(taskAttr, "Unknown task", fmt.Sprintf("task must be \"regression\" or \"classification\"; got %q.", taskName))})
		return nil
	}

	var data *nn.Data
	if source == "csv" {
		if pathAttr == nil {
			d.add(hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Missing path",
				Detail:   `A dataset with source = "csv" needs path = "file.csv" (relative to the experiment file).`,
				Subject:  sourceAttr.Range.Ptr(),
			}})
			return nil
		}
		data = d.loadCSV(path, pathAttr, target, targetAttr, task)
	} else {
		for _, attr := range []*hcl.Attribute{pathAttr, targetAttr, taskAttr} {
			if attr != nil {
				d.add(hcl.Diagnostics{attrError(attr, "Not allowed for a built-in dataset",
					fmt.Sprintf("%s applies only to source = \"csv\"; built-in %q has a fixed target and task.", attr.Name, source))})
				ok = false
			}
		}
		reg, err := registry.LookupDataset(source)
		if err != nil {
			detail := unknownName(err, sourceAttr.Expr.Range())
			detail.Detail += ` Use source = "csv" with path = "..." for your own data.`
			d.add(hcl.Diagnostics{detail})
			return nil
		}
		if !ok {
			return nil
		}
		data, err = reg.Load()
		if err != nil {
			d.add(hcl.Diagnostics{attrError(sourceAttr, "Cannot load dataset", err.Error())})
			return nil
		}
	}
	if data == nil {
		return nil
	}

	train, test, err := datasets.Split(data, fraction, d.exp.Seed)
	if err != nil {
		d.add(hcl.Diagnostics{attrError(content.Attributes["test_fraction"], "Unusable test split", err.Error())})
		return nil
	}
	if standardize {
		train, test = datasets.Standardize(train, test)
	}
	ds.Train, ds.Test = train, test
	d.datasets[name] = ds
	return ds
}

func (d *decoder) loadCSV(path string, pathAttr *hcl.Attribute, target string, targetAttr *hcl.Attribute, task nn.Task) *nn.Data {
	full := path
	if !filepath.IsAbs(full) {
		full = filepath.Join(d.dir, path)
	}
	f, err := os.Open(full)
	if err != nil {
		reason := err
		if pe, ok := err.(*os.PathError); ok {
			reason = pe.Err
		}
		d.add(hcl.Diagnostics{attrError(pathAttr, "Cannot read CSV file", fmt.Sprintf("%s: %v (a relative path is read from the experiment file's folder).", full, reason))})
		return nil
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		d.add(hcl.Diagnostics{attrError(pathAttr, "Cannot read CSV file", fmt.Sprintf("%s is a folder, not a file; name a CSV file, such as one inside it.", full))})
		return nil
	}
	data, err := datasets.LoadCSV(f, full, target, task)
	if err != nil {
		subject := pathAttr
		if ce := (*datasets.CSVError)(nil); targetAttr != nil && errors.As(err, &ce) && ce.Target {
			subject = targetAttr // the header lacks the column the file names
		}
		summary := "Invalid CSV data"
		if _, ok := errors.AsType[*datasets.CSVError](err); !ok {
			summary = "Cannot read CSV file" // the disk, not the data
		}
		d.add(hcl.Diagnostics{attrError(subject, summary, err.Error())})
		return nil
	}
	return data
}
