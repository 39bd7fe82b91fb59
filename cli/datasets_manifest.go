package cli

import (
	"github.com/nnexp/nnexp/dsl"
	"github.com/nnexp/nnexp/plan"
	"github.com/nnexp/nnexp/report"
	"github.com/nnexp/nnexp/runner"
)

// manifestDatasets describes the data sets of exp as work read them, for
// the manifest: which file, with which digest, split how, and the class
// label of each output. work.Runs are exp.Runs resolved, in order.
func manifestDatasets(exp *dsl.Experiment, work *plan.Plan) []report.ManifestDataset {
	var out []report.ManifestDataset
	index := map[*dsl.Dataset]int{}
	for i, r := range exp.Runs {
		if i >= len(work.Runs) {
			break
		}
		k, seen := index[r.Dataset]
		if !seen {
			k = len(out)
			index[r.Dataset] = k
			out = append(out, describeDataset(r.Dataset, work.Runs[i].Dataset))
		}
		out[k].Runs = append(out[k].Runs, r.Name)
	}
	return out
}

func describeDataset(decl *dsl.Dataset, ds *runner.Dataset) report.ManifestDataset {
	m := report.ManifestDataset{Name: decl.Name, Source: decl.Source}
	if decl.Scale != 1 {
		m.Scale = decl.Scale
	}
	file := func(role, path string) {
		m.Files = append(m.Files, report.ManifestDataFile{Role: role, Path: path, SHA256: report.FileDigest(path)})
	}
	switch decl.Source {
	case "csv":
		m.Path, m.SHA256 = decl.Path, report.FileDigest(decl.Path)
		if decl.Test != nil {
			file("test", decl.Test.Path)
		}
	case "idx":
		// About 0.1 s for Fashion-MNIST's 30 MB of gzip files, once per
		// run, after the jobs.
		m.Path, m.SHA256 = decl.Images, report.FileDigest(decl.Images)
		file("labels", decl.Labels)
		if decl.Test != nil {
			file("test_images", decl.Test.Images)
			file("test_labels", decl.Test.Labels)
		}
	}
	if ds == nil || ds.Train == nil {
		return m
	}
	m.Task, m.TrainRows, m.Inputs = ds.Train.Task.String(), ds.Train.Rows, ds.Train.Inputs
	m.Classes = ds.Train.Classes
	if ds.Test != nil {
		m.TestRows = ds.Test.Rows
	}
	return m
}
