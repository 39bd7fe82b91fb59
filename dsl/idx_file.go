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
// files, or its test block's when test is set (datasets.ReadIDXHeader,
// CheckIDXPair, LoadIDX or LoadIDXTest): at the attribute of that pair
// that names the file at fault, else at its images. A test block may name
// a training file (a copied line), so the pair decides, not the name.
func (ds *Dataset) IDXError(err error, test bool) *hcl.Diagnostic {
	labels, imagesAt, labelsAt := ds.Labels, ds.ImagesAt, ds.LabelsAt
	if test {
		labels, imagesAt, labelsAt = ds.Test.Labels, ds.Test.ImagesAt, ds.Test.LabelsAt
	}
	at := imagesAt
	if ie, ok := errors.AsType[*datasets.IDXError](err); ok && ie.File == labels {
		at = labelsAt
	}
	return at.Error(idxSummary(err), err.Error())
}

func idxSummary(err error) string {
	if _, ok := errors.AsType[*datasets.IDXError](err); !ok {
		return "Cannot read IDX file" // the disk, not the data
	}
	return "Invalid IDX data"
}
