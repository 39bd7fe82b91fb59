package report

import (
	"fmt"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// dpi is the resolution of every PNG: sharp on a laptop screen and in a
// slide, still small on disk. plot.WriterTo would use vgimg's 96.
const dpi = 150

// The history plots' size: wide for long runs, tall enough to tell
// curves apart.
const (
	historyWidth  = 8 * vg.Inch
	historyHeight = 5 * vg.Inch
)

// writePNG draws p at dpi. gonum/plot panics on some inputs it cannot
// draw (a log axis over non-positive values); that becomes an error so
// that one bad plot cannot lose the files written after it.
func writePNG(w io.Writer, p *plot.Plot, width, height vg.Length) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("report: drawing %q: %v", p.Title.Text, r)
		}
	}()
	c := vgimg.NewWith(vgimg.UseWH(width, height), vgimg.UseDPI(dpi))
	drawPlot(draw.New(c), p)
	_, err = vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return wrap(err)
}

// legendGap separates the legend from the plot drawn beside it.
const legendGap = 8 // points

// drawPlot draws p with its legend, if it has one, to the right of the
// axes rather than over the data: training curves start in a top corner
// and end in a bottom one, and stage names run along the top, so no
// corner inside is reliably free.
func drawPlot(c draw.Canvas, p *plot.Plot) {
	plotArea, legendArea, ok := legendLayout(c, p)
	if !ok {
		p.Draw(c)
		return
	}
	legend := p.Legend
	p.Legend = plot.NewLegend()
	defer func() { p.Legend = legend }()
	p.Draw(plotArea)
	legend.Top, legend.Left = true, true
	legend.Draw(legendArea)
}

// legendLayout splits c into the area p's axes are drawn in and the
// column on the right its legend is drawn in, whose top is level with the
// top of the axes. ok is false when p has no legend.
func legendLayout(c draw.Canvas, p *plot.Plot) (plotArea, legendArea draw.Canvas, ok bool) {
	r := p.Legend.Rectangle(c)
	width := r.Max.X - r.Min.X
	if width <= 0 {
		return c, draw.Canvas{}, false
	}
	plotArea = draw.Crop(c, 0, -(width + vg.Points(2*legendGap)), 0, 0)
	legendArea = draw.Crop(c, c.Max.X-c.Min.X-width-vg.Points(legendGap), -vg.Points(legendGap), 0, 0)
	if p.Title.Text != "" {
		legendArea.Max.Y -= p.Title.TextStyle.Rectangle(p.Title.Text).Size().Y + p.Title.Padding
	}
	return plotArea, legendArea, true
}
