package dsl

import (
	"fmt"
	"slices"

	"github.com/hashicorp/hcl/v2"
)

var datasetTestSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "path"},
		{Name: "images"},
		{Name: "labels"},
	},
}

// decodeDatasetTest reads a test block of a dataset whose source is csv
// or idx: the same file attributes as the dataset's own.
func decodeDatasetTest(block *hcl.Block, ctx *hcl.EvalContext, source, dir string) (*DatasetTest, hcl.Diagnostics) {
	content, diags := block.Body.Content(datasetTestSchema)
	if diags.HasErrors() {
		return nil, diags
	}
	attrs := content.Attributes
	t := &DatasetTest{DeclRange: block.DefRange}
	want := fileAttributes[source]
	for _, name := range []string{"path", "images", "labels"} {
		attr, wanted := attrs[name], slices.Contains(want, name)
		switch {
		case attr == nil && wanted:
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Missing " + name,
				Detail:   fmt.Sprintf("The test block of a dataset with source = %q needs %s, like the dataset's own.", source, filesPhrase(source)),
				Subject:  block.DefRange.Ptr(),
			})
			continue
		case attr == nil:
			continue
		case !wanted:
			diags = append(diags, attrError(attr, "Not allowed for this source",
				fmt.Sprintf("%s does not apply to the test set of source = %q, which takes %s.", name, source, filesPhrase(source))))
			continue
		}
		s, more := evalString(attr, ctx)
		diags = append(diags, more...)
		s, at := resolve(dir, s), placeOf(attr)
		switch name {
		case "path":
			t.Path, t.PathAt = s, at
		case "images":
			t.Images, t.ImagesAt = s, at
		case "labels":
			t.Labels, t.LabelsAt = s, at
		}
	}
	if diags.HasErrors() {
		return nil, diags
	}
	return t, diags
}
