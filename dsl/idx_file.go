package dsl

import (
	"errors"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/nnexp/nnexp/datasets"
)

// OpenIDX opens the images and labels files of an IDX dataset, or of its
// test block when test is set; a file that cannot be read is a diagnostic
// at its attribute. Both are nil after an error.
func (ds *Dataset) OpenIDX(test bool) (images, labels *os.File, diags hcl.Diagnostics) {
	ip, lp, ia, la := ds.Images, ds.Labels, ds.ImagesAt, ds.LabelsAt
	if test {
		ip, lp, ia, la = ds.Test.Images, ds.Test.Labels, ds.Test.ImagesAt, ds.Test.LabelsAt
	}
	images, diags = openDataFile(ip, ia, "IDX file")
	labels, more := openDataFile(lp, la, "IDX file")
	diags = append(diags, more...)
	if diags.HasErrors() {
		if images != nil {
			images.Close()
		}
		if labels != nil {
			labels.Close()
		}
		return nil, nil, diags
	}
	return images, labels, nil
}

// IDXError is the diagnostic for an error from reading the dataset's IDX
// files (datasets.ReadIDXHeader, CheckIDXPair or LoadIDX): at the
// attribute that names the file at fault, else at images.
func (ds *Dataset) IDXError(err error) *hcl.Diagnostic {
	at := ds.ImagesAt
	if ie, ok := errors.AsType[*datasets.IDXError](err); ok {
		switch {
		case ie.File == ds.Labels:
			at = ds.LabelsAt
		case ds.Test != nil && ie.File == ds.Test.Images:
			at = ds.Test.ImagesAt
		case ds.Test != nil && ie.File == ds.Test.Labels:
			at = ds.Test.LabelsAt
		}
	}
	return at.Error(idxSummary(err), err.Error())
}

func idxSummary(err error) string {
	if _, ok := errors.AsType[*datasets.IDXError](err); !ok {
		return "Cannot read IDX file" // the disk, not the data
	}
	return "Invalid IDX data"
}
