package dsl

import (
	"errors"
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
)

// OpenCSV opens a CSV dataset's file. A file that is missing, unreadable
// or a folder is a diagnostic at the path attribute; the decoder and
// package plan, which reads the rows, report it in the same words.
func (ds *Dataset) OpenCSV() (*os.File, hcl.Diagnostics) {
	f, err := os.Open(ds.Path)
	if err != nil {
		reason := err
		if pe, ok := err.(*os.PathError); ok {
			reason = pe.Err
		}
		return nil, hcl.Diagnostics{ds.PathAt.Error("Cannot read CSV file", fmt.Sprintf("%s: %v (a relative path is read from the experiment file's folder).", ds.Path, reason))}
	}
	if info, err := f.Stat(); err == nil && info.IsDir() {
		f.Close()
		return nil, hcl.Diagnostics{ds.PathAt.Error("Cannot read CSV file", fmt.Sprintf("%s is a folder, not a file; name a CSV file, such as one inside it.", ds.Path))}
	}
	return f, nil
}

// CSVError is the diagnostic for an error from reading the dataset's CSV
// file (datasets.ReadCSVHeader or LoadCSV): at the target attribute when
// the target column is at fault and the file names it, else at the path.
func (ds *Dataset) CSVError(err error) *hcl.Diagnostic {
	at := ds.PathAt
	if ce, ok := errors.AsType[*datasets.CSVError](err); ok && ce.Target && ds.TargetAt != nil {
		at = ds.TargetAt // the header lacks the column the file names
	} else if ok && ce.Ignore && ds.IgnoreAt != nil {
		at = ds.IgnoreAt
	}
	summary := "Invalid CSV data"
	if _, ok := errors.AsType[*datasets.CSVError](err); !ok {
		summary = "Cannot read CSV file" // the disk, not the data
	}
	return at.Error(summary, err.Error())
}

// Columns is what the dataset block says of the CSV's columns.
func (ds *Dataset) Columns() datasets.CSVColumns {
	return datasets.CSVColumns{Target: ds.Target, Ignore: ds.Ignore}
}
