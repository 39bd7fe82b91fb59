package plan

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/nn"
	"github.com/nnexp/nnexp/registry"
	"github.com/nnexp/nnexp/runner"
)

// loadDataset reads a declared data set (a built-in from the registry, or
// all of a CSV file's rows), splits it with seed and standardizes it if
// asked. Problems in the data are diagnostics at the attribute that chose
// it, as the decoder reports the file's header.
func loadDataset(decl *dsl.Dataset, seed uint64) (*runner.Dataset, hcl.Diagnostics) {
	var data *nn.Data
	if decl.Source == "csv" {
		f, diags := decl.OpenCSV()
		if diags.HasErrors() {
			return nil, diags
		}
		defer f.Close()
		d, err := datasets.LoadCSV(f, decl.Path, decl.Target, decl.Task)
		if err != nil {
			return nil, hcl.Diagnostics{decl.CSVError(err)}
		}
		data = d
	} else {
		reg, err := registry.LookupDataset(decl.Source)
		if err != nil {
			// The decoder looked it up; only a detached decoding gets here.
			return nil, hcl.Diagnostics{decl.SourceAt.Error("Unknown dataset", fmt.Sprintf("plan: %v.", err))}
		}
		d, err := reg.Load()
		if err != nil {
			return nil, hcl.Diagnostics{decl.SourceAt.Error("Cannot load dataset", err.Error())}
		}
		data = d
	}

	train, test, err := datasets.Split(data, decl.TestFraction, seed)
	if err != nil {
		at := decl.TestFractionAt
		if at == nil { // only a table that is not one: no fraction, no error
			at = decl.SourceAt
		}
		return nil, hcl.Diagnostics{at.Error("Unusable test split", err.Error())}
	}
	if decl.Standardize {
		train, test = datasets.Standardize(train, test)
	}
	return &runner.Dataset{Train: train, Test: test}, nil
}
