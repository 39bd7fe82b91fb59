package dsl

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"
)

var plotSchema = &hcl.BodySchema{
	Attributes: []hcl.AttributeSchema{
		{Name: "type", Required: true},
		{Name: "runs"},
		{Name: "file"},
		{Name: "title"},
		{Name: "log_y"},
		{Name: "x"},
	},
}

// PlotAxes are the values a history plot's x accepts.
var PlotAxes = []string{"step", "evaluations"}

// PlotTypes are the values plot "x" { type = ... } accepts.
var PlotTypes = []string{"history", "final_loss"}

// decodePlotBlock reads a plot block; runs must already be decoded.
func (d *decoder) decodePlotBlock(block *hcl.Block) *Plot {
	if !d.declare(block, "plot") {
		return nil
	}
	content, diags := block.Body.Content(plotSchema)
	if !d.add(diags) {
		return nil
	}
	p := &Plot{Name: block.Labels[0], File: block.Labels[0] + ".png"}
	ok := true
	attrs := content.Attributes

	typ, diags := evalString(attrs["type"], d.ctx)
	if ok = d.add(diags); ok && typ != "history" && typ != "final_loss" {
		d.add(hcl.Diagnostics{attrError(attrs["type"], "Unknown plot type",
			fmt.Sprintf("type must be one of %q; got %q.", PlotTypes, typ))})
		ok = false
	}
	p.Type = typ

	if attr := attrs["runs"]; attr != nil {
		exprs, diags := hcl.ExprList(attr.Expr)
		if !d.add(diags) {
			ok = false
		}
		for _, e := range exprs {
			r, found, diags := reference(e, "run", d.runs)
			ok = d.add(diags) && ok
			if found && r != nil {
				p.Runs = append(p.Runs, r.Name)
			}
		}
	}
	if attr := attrs["file"]; attr != nil {
		f, diags := evalString(attr, d.ctx)
		if ok = d.add(diags) && ok; !diags.HasErrors() {
			if !strings.HasSuffix(f, ".png") || f != filepath.Base(f) || f == ".png" {
				d.add(hcl.Diagnostics{attrError(attr, "Invalid plot file",
					fmt.Sprintf("file must be a plain file name ending in .png, written inside the output folder; got %q.", f))})
				ok = false
			}
			p.File = f
		}
	}
	if attr := attrs["title"]; attr != nil {
		s, diags := evalString(attr, d.ctx)
		ok = d.add(diags) && ok
		p.Title = s
	}
	if attr := attrs["log_y"]; attr != nil {
		b, diags := evalBool(attr, d.ctx)
		ok = d.add(diags) && ok
		p.LogY = b
	}
	p.X = "step"
	if attr := attrs["x"]; attr != nil {
		x, diags := evalString(attr, d.ctx)
		switch {
		case !d.add(diags):
			ok = false
		case p.Type == "final_loss":
			d.add(hcl.Diagnostics{attrError(attr, "Not allowed for this plot type",
				"x applies only to type = \"history\"; a final_loss plot has one bar per run.")})
			ok = false
		case x != "step" && x != "evaluations":
			d.add(hcl.Diagnostics{attrError(attr, "Unknown axis",
				fmt.Sprintf("x must be one of %q; got %q.", PlotAxes, x))})
			ok = false
		default:
			p.X = x
		}
	}
	if ok {
		// Two plots writing one file would leave only the last.
		key := "plot file " + p.File
		if prev, dup := d.declared[key]; dup {
			subject := block.LabelRanges[0]
			if attr := attrs["file"]; attr != nil {
				subject = attr.Expr.Range()
			}
			d.add(hcl.Diagnostics{{
				Severity: hcl.DiagError,
				Summary:  "Duplicate plot file",
				Detail:   fmt.Sprintf("The plot declared at %s also writes %q; give each plot its own file.", prev, p.File),
				Subject:  subject.Ptr(),
				Context:  block.DefRange.Ptr(),
			}})
			return nil
		}
		d.declared[key] = block.DefRange
	}
	if !ok {
		return nil
	}
	return p
}
