package dsl

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
	"github.com/nnexp/nnexp/registry"
)

// OpenCSV opens a CSV dataset's file. A file that is missing, unreadable
// or a folder is a diagnostic at the path attribute; the decoder and
// package plan, which reads the rows, report it in the same words.
func (ds *Dataset) OpenCSV() (*os.File, hcl.Diagnostics) {
	return openDataFile(ds.Path, ds.PathAt, "CSV file")
}

// OpenTestCSV opens the CSV file of a dataset's test block.
func (ds *Dataset) OpenTestCSV() (*os.File, hcl.Diagnostics) {
	return openDataFile(ds.Test.Path, ds.Test.PathAt, "CSV file")
}

// openDataFile opens a data file (what says which kind) named by the
// attribute at: a file that is missing, unreadable or a folder is a
// diagnostic there.
func openDataFile(path string, at *Place, what string) (*os.File, hcl.Diagnostics) {
	f, err := os.Open(path)
	if err != nil {
		reason := err
		if pe, ok := err.(*os.PathError); ok {
			reason = pe.Err
		}
		detail := fmt.Sprintf("%s: %v (a relative path is read from the experiment file's folder).", path, reason)
		if pkg := debianDataPackage(path); pkg != "" && errors.Is(err, fs.ErrNotExist) {
			detail += fmt.Sprintf(" Files under %s come from Debian's dataset packages: is %s installed (apt-get install %s)?", debianDatasets, pkg, pkg)
		}
		return nil, hcl.Diagnostics{at.Error("Cannot read "+what, detail)}
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		f.Close()
		return nil, hcl.Diagnostics{at.Error("Cannot read "+what, fmt.Sprintf("%s is a folder, not a file; name a %s, such as one inside it.", path, what))}
	}
	return f, nil
}

// CSVError is the diagnostics for an error from reading the dataset's CSV
// file (datasets.ReadCSVHeader or LoadCSV), one per problem it joins: at
// the target attribute when the target column is at fault and the file
// names it, at ignore when an ignored column is, else at the path.
func (ds *Dataset) CSVError(err error) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, one := range registry.Unjoin(err) {
		at := ds.PathAt
		if ce, ok := errors.AsType[*datasets.CSVError](one); ok && ce.Target && ds.TargetAt != nil {
			at = ds.TargetAt // the header lacks the column the file names
		} else if ok && ce.Ignore && ds.IgnoreAt != nil {
			at = ds.IgnoreAt
		}
		diags = append(diags, at.Error(csvSummary(one), one.Error()))
	}
	return diags
}

// TestCSVError is CSVError for the test block's CSV file: always at its
// path, since the training file has the columns target and ignore name.
func (ds *Dataset) TestCSVError(err error) hcl.Diagnostics {
	var diags hcl.Diagnostics
	for _, one := range registry.Unjoin(err) {
		diags = append(diags, ds.Test.PathAt.Error(csvSummary(one), one.Error()))
	}
	return diags
}

func csvSummary(err error) string {
	if _, ok := errors.AsType[*datasets.CSVError](err); !ok {
		return "Cannot read CSV file" // the disk, not the data
	}
	return "Invalid CSV data"
}

// Columns is what the dataset block says of the CSV's columns.
func (ds *Dataset) Columns() datasets.CSVColumns {
	return datasets.CSVColumns{Target: ds.Target, Ignore: ds.Ignore}
}

// debianDatasets is where Debian's dataset-* packages put their files
// (dataset-fashion-mnist in /usr/share/datasets/fashion-mnist).
const debianDatasets = "/usr/share/datasets/"

// debianDataPackage is the Debian package that would install path, a
// file under debianDatasets, by that folder's naming; "" for any other
// path.
func debianDataPackage(path string) string {
	rest, ok := strings.CutPrefix(filepath.ToSlash(filepath.Clean(path)), debianDatasets)
	if !ok {
		return ""
	}
	name, _, ok := strings.Cut(rest, "/")
	if !ok || name == "" {
		return ""
	}
	return "dataset-" + name
}
