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
	pair := ds.idxPairOf(test)
	images, diags = openDataFile(pair.images, pair.imagesAt, "IDX file")
	labels, more := openDataFile(pair.labels, pair.labelsAt, "IDX file")
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
	pair := ds.idxPairOf(test)
	at := pair.imagesAt
	if ie, ok := errors.AsType[*datasets.IDXError](err); ok && ie.File == pair.labels {
		at = pair.labelsAt
	}
	return at.Error(idxSummary(err), err.Error())
}

// idxFiles are an images file and its labels file, and where the file
// names them.
type idxFiles struct {
	images, labels     string
	imagesAt, labelsAt *Place
}

// idxPairOf is the dataset's pair of IDX files, or its test block's.
func (ds *Dataset) idxPairOf(test bool) idxFiles {
	if test {
		return idxFiles{ds.Test.Images, ds.Test.Labels, ds.Test.ImagesAt, ds.Test.LabelsAt}
	}
	return idxFiles{ds.Images, ds.Labels, ds.ImagesAt, ds.LabelsAt}
}

func idxSummary(err error) string {
	if _, ok := errors.AsType[*datasets.IDXError](err); !ok {
		return "Cannot read IDX file" // the disk, not the data
	}
	return "Invalid IDX data"
}
