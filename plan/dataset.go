package plan

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// loadDataset reads a declared data set (a built-in from the registry,
// all of a CSV file's rows, or an IDX pair of images and labels), takes
// its test set from the test block's files or splits it with seed,
// scales and standardizes it if asked. Problems in the data are
// diagnostics at the attribute that chose it, as the decoder reports the
// files' headers.
func loadDataset(decl *dsl.Dataset, seed uint64, users []*dsl.Run) (*runner.Dataset, hcl.Diagnostics) {
	var data *nn.Data
	switch decl.Source {
	case "csv":
		d, diags := loadCSV(decl, decl.Task)
		if diags.HasErrors() {
			return nil, diags
		}
		if decl.Task == datasets.TaskAuto && d.Task == nn.Regression && wholeNumbers(d.Y) {
			switch inferTask(users) {
			case nn.Classification:
				if d, diags = loadCSV(decl, nn.Classification); diags.HasErrors() {
					return nil, diags
				}
			case mixedTasks:
				return nil, hcl.Diagnostics{ambiguousTask(decl, users)}
			}
		}
		data = d
	case "idx":
		d, diags := loadIDX(decl, false)
		if diags.HasErrors() {
			return nil, diags
		}
		data = d
	default:
		reg, err := registry.LookupDataset(decl.Source)
		if err != nil {
			// The decoder looked it up; only a detached decoding gets here.
			return nil, hcl.Diagnostics{decl.SourceAt.Error("Unknown dataset", fmt.Sprintf("plan: %v.", err))}
		}
		d, err := reg.Load()
		if err != nil {
			return nil, hcl.Diagnostics{decl.SourceAt.Error("Cannot load dataset", err.Error())}
		}
		if err := datasets.Check(d); err != nil {
			// Go code built this table; no reader checked it.
			return nil, hcl.Diagnostics{decl.SourceAt.Error("Unusable dataset", fmt.Sprintf("plan: the dataset %q registered in Go is unusable: %v.", decl.Source, err))}
		}
		if decl.Scale != 1 {
			d = datasets.Clone(d) // the registry's table is shared
		}
		data = d
	}

	var train, test *nn.Data
	if decl.Test != nil {
		t, diags := loadTest(decl, data)
		if diags.HasErrors() {
			return nil, diags
		}
		train, test = data, t
	} else {
		var err error
		train, test, err = datasets.Split(data, decl.TestFraction, seed)
		if err != nil {
			at := decl.TestFractionAt
			if at == nil { // only a table that is not one: no fraction, no error
				at = decl.SourceAt
			}
			return nil, hcl.Diagnostics{at.Error("Unusable test split", err.Error())}
		}
	}
	if decl.Source != "idx" { // LoadIDX scales as it decodes
		for _, d := range []*nn.Data{train, test} {
			if err := datasets.ScaleInPlace(d, decl.Scale); err != nil {
				return nil, hcl.Diagnostics{decl.ScaleAt.Error("Value out of range", err.Error())}
			}
		}
	}
	if decl.Standardize {
		train, test = datasets.Standardize(train, test)
	}
	return &runner.Dataset{Train: train, Test: test}, nil
}

// loadTest reads the test set of decl's test block and makes it fit
// train (datasets.MatchTest): a CSV with the training file's task, IDX
// files with its scale.
func loadTest(decl *dsl.Dataset, train *nn.Data) (*nn.Data, hcl.Diagnostics) {
	var test *nn.Data
	at := decl.Test.PathAt
	if decl.Source == "idx" {
		d, diags := loadIDX(decl, true)
		if diags.HasErrors() {
			return nil, diags
		}
		test, at = d, decl.Test.LabelsAt // the classes; the shapes were checked with the headers
		if d.Inputs != train.Inputs {
			at = decl.Test.ImagesAt
		}
	} else {
		f, diags := decl.OpenTestCSV()
		if diags.HasErrors() {
			return nil, diags
		}
		defer f.Close()
		d, err := datasets.LoadCSVTest(f, decl.Test.Path, decl.Columns(), train)
		if _, ok := errors.AsType[*datasets.MismatchError](err); ok {
			return nil, hcl.Diagnostics{at.Error("Test set does not match", err.Error())}
		} else if err != nil {
			return nil, decl.TestCSVError(err)
		}
		return d, nil
	}
	if err := datasets.MatchTest(train, test); err != nil {
		return nil, hcl.Diagnostics{at.Error("Test set does not match", err.Error())}
	}
	return test, nil
}

// loadIDX reads an IDX data set's images and labels, or its test block's
// when test is set, scaled as the block says.
func loadIDX(decl *dsl.Dataset, test bool) (*nn.Data, hcl.Diagnostics) {
	images, labels, diags := decl.OpenIDX(test)
	if diags.HasErrors() {
		return nil, diags
	}
	defer images.Close()
	defer labels.Close()
	load := datasets.LoadIDX
	if test {
		load = datasets.LoadIDXTest
	}
	d, err := load(images, labels, images.Name(), labels.Name(), decl.Scale)
	if err != nil {
		return nil, hcl.Diagnostics{decl.IDXError(err, test)}
	}
	return d, nil
}

// loadCSV reads all of a CSV data set's rows for task.
func loadCSV(decl *dsl.Dataset, task nn.Task) (*nn.Data, hcl.Diagnostics) {
	f, diags := decl.OpenCSV()
	if diags.HasErrors() {
		return nil, diags
	}
	defer f.Close()
	d, err := datasets.LoadCSVColumns(f, decl.Path, decl.Columns(), task)
	if err != nil {
		return nil, decl.CSVError(err)
	}
	return d, nil
}

// mixedTasks is inferTask's answer for runs whose losses disagree.
const mixedTasks nn.Task = -2

// inferTask is the task the losses of users (the runs on a data set)
// expect: a CSV whose targets are all whole numbers may be class labels
// (scikit-learn's type_of_target calls them multiclass) or measurements,
// and the losses chosen for it say which. Regression when no run says.
func inferTask(users []*dsl.Run) nn.Task {
	task := nn.Regression
	for i, r := range users {
		if r.Loss == nil {
			continue
		}
		t := nn.LossTask(r.Loss)
		if i > 0 && t != task {
			return mixedTasks
		}
		task = t
	}
	return task
}

// wholeNumbers reports whether every value is a whole number.
func wholeNumbers(values []float64) bool {
	for _, v := range values {
		if v != math.Trunc(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// ambiguousTask is the diagnostic for whole-number targets that runs use
// both as classes and as values: only the file can say which they are.
func ambiguousTask(decl *dsl.Dataset, users []*dsl.Run) *hcl.Diagnostic {
	var classes, values []string
	for _, r := range users {
		use := fmt.Sprintf("%s (%s)", r.Name, r.LossName)
		if nn.LossTask(r.Loss) == nn.Classification {
			classes = append(classes, use)
		} else {
			values = append(values, use)
		}
	}
	detail := fmt.Sprintf("The targets of dataset %q are all whole numbers, which may be classes or values; runs %s use them as classes and runs %s as values. "+
		"Say which they are with task = \"classification\" or task = \"regression\", and use a second dataset block for the other reading.",
		decl.Name, strings.Join(classes, ", "), strings.Join(values, ", "))
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: "Task is ambiguous", Detail: detail, Subject: decl.DeclRange.Ptr()}
}
