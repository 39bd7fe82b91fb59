package report

import (
	"bytes"
	"fmt"
	"regexp"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"
)

// svgRoot matches vgsvg's prelude up to the opening <svg ...> tag: an XML
// declaration and a comment, which do not belong inside an HTML page, and
// a size in points that would stop the plot from following the page's
// width.
var svgRoot = regexp.MustCompile(`(?s)\A.*?<svg width="[^"]*" height="[^"]*" (viewBox="[^"]*")`)

// renderSVG draws p as an SVG element to put inline in report.html: the
// same drawing as writePNG (drawPlot, same size), so the page shows what
// the PNGs show, scaled to the page by its viewBox. Fonts are not
// embedded: the page loads nothing, and a browser without the Liberation
// fonts falls back to its serif font. A plot gonum/plot cannot draw is an
// error, as in writePNG.
func renderSVG(p *plot.Plot, width, height vg.Length) (svg []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: drawing %q: %v", p.Title.Text, r)
		}
	}()
	c := vgsvg.NewWith(vgsvg.UseWH(width, height))
	drawPlot(draw.New(c), p)
	var b bytes.Buffer
	if _, err := c.WriteTo(&b); err != nil {
		return nil, wrap(err)
	}
	out := b.Bytes()
	loc := svgRoot.FindSubmatchIndex(out)
	if loc == nil {
		return nil, fmt.Errorf("report: drawing %q: unexpected SVG from gonum/plot", p.Title.Text)
	}
	head := []byte(`<svg class="plot" ` + string(out[loc[2]:loc[3]]))
	return append(head, bytes.TrimSpace(out[loc[1]:])...), nil
}
