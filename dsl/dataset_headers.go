package dsl

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
)

// checkHeaders reads the headers of the data set's files, and of its test
// set's, and checks them and that they agree.
func (ds *Dataset) checkHeaders() hcl.Diagnostics {
	if ds.Source == "idx" {
		return ds.checkIDXHeaders()
	}
	var diags hcl.Diagnostics
	var h, th *datasets.CSVHeader
	if f, more := ds.OpenCSV(); more.HasErrors() {
		diags = append(diags, more...)
	} else {
		defer f.Close()
		var err error
		if h, err = datasets.ReadCSVHeaderColumns(f, ds.Path, ds.Columns()); err != nil {
			diags = append(diags, ds.CSVError(err)...)
		}
	}
	if ds.Test == nil {
		return diags
	}
	// The test file too, so that one pass reports every file's problem.
	if tf, more := openDataFile(ds.Test.Path, ds.Test.PathAt, "CSV file"); more.HasErrors() {
		diags = append(diags, more...)
	} else {
		defer tf.Close()
		var err error
		if th, err = datasets.ReadCSVHeaderColumns(tf, ds.Test.Path, ds.Columns()); err != nil {
			diags = append(diags, ds.TestCSVError(err)...)
		}
	}
	if diags.HasErrors() {
		return diags
	}
	if msg := sameColumns(h, th); msg != "" {
		return hcl.Diagnostics{ds.Test.PathAt.Error("Test set does not match", fmt.Sprintf("%s: %s.", ds.Test.Path, msg))}
	}
	return nil
}

// sameColumns says how a test CSV's header differs from the training
// CSV's, or returns "" when it has the same columns in the same order.
func sameColumns(train, test *datasets.CSVHeader) string {
	if len(test.Columns) != len(train.Columns) {
		return fmt.Sprintf("the test file has %d columns and the training file %d; they need the same columns", len(test.Columns), len(train.Columns))
	}
	for j := range train.Columns {
		if test.Columns[j] != train.Columns[j] {
			return fmt.Sprintf("column %d of the test file is %q, of the training file %q; they need the same columns in the same order", j+1, test.Columns[j], train.Columns[j])
		}
	}
	return ""
}

// checkIDXHeaders reads the headers of the images and labels files, and
// of the test block's: each pair has as many labels as images, and the
// test images have the training images' shape.
func (ds *Dataset) checkIDXHeaders() hcl.Diagnostics {
	images, diags := ds.idxPair(false)
	if ds.Test == nil {
		return diags
	}
	// The test files too, so that one pass reports every file's problem.
	testImages, more := ds.idxPair(true)
	diags = append(diags, more...)
	if diags.HasErrors() {
		return diags
	}
	if !slices.Equal(images.Dims[1:], testImages.Dims[1:]) {
		return hcl.Diagnostics{ds.Test.ImagesAt.Error("Test set does not match",
			fmt.Sprintf("%s: the test images are %s values each and the training images %s; they need the same shape.", ds.Test.Images, shape(testImages.Dims[1:]), shape(images.Dims[1:])))}
	}
	return nil
}

// shape writes the dimensions of one image, "28 x 28".
func shape(dims []int) string {
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = strconv.Itoa(d)
	}
	return strings.Join(parts, " x ")
}

// idxPair reads and checks the headers of the images file and its labels
// file, the test block's when test is set, and returns the images' header.
func (ds *Dataset) idxPair(test bool) (*datasets.IDXHeader, hcl.Diagnostics) {
	pair := ds.idxPairOf(test)
	images, diags := readIDXHeader(pair.images, pair.imagesAt)
	labels, more := readIDXHeader(pair.labels, pair.labelsAt)
	diags = append(diags, more...)
	if diags.HasErrors() {
		return nil, diags
	}
	if err := datasets.CheckIDXPair(images, labels, pair.images, pair.labels); err != nil {
		return nil, hcl.Diagnostics{ds.IDXError(err, test)}
	}
	return images, nil
}

func readIDXHeader(path string, at *Place) (*datasets.IDXHeader, hcl.Diagnostics) {
	f, diags := openDataFile(path, at, "IDX file")
	if diags.HasErrors() {
		return nil, diags
	}
	defer f.Close()
	h, err := datasets.ReadIDXHeader(f, path)
	if err != nil {
		return nil, hcl.Diagnostics{at.Error(idxSummary(err), err.Error())}
	}
	return h, nil
}
