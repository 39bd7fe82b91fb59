package report

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// sans is the Liberation Sans face that gonum/plot bundles. Setting it on
// each plot rather than through plot.DefaultFont leaves the library's global
// defaults alone for other users in the same program.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// The Okabe–Ito palette without its yellow, which is unreadable on white;
// its colours stay distinct for people with colour-blindness.
var palette = []color.RGBA{
	{0x00, 0x72, 0xB2, 0xff}, // blue
	{0xD5, 0x5E, 0x00, 0xff}, // vermillion
	{0x00, 0x9E, 0x73, 0xff}, // bluish green
	{0xCC, 0x79, 0xA7, 0xff}, // reddish purple
	{0xE6, 0x9F, 0x00, 0xff}, // orange
	{0x56, 0xB4, 0xE9, 0xff}, // sky blue
	{0x00, 0x00, 0x00, 0xff}, // black
}

// dashes cycle at a different period from the colours, so that runs stay
// distinguishable in greyscale and beyond len(palette) runs.
var dashes = [][]vg.Length{
	nil,
	{vg.Points(6), vg.Points(3)},
	{vg.Points(1.5), vg.Points(2)},
	{vg.Points(6), vg.Points(2), vg.Points(1.5), vg.Points(2)},
}

func runColor(i int) color.RGBA   { return palette[i%len(palette)] }
func runDashes(i int) []vg.Length { return dashes[i%len(dashes)] }

// translucent is c at the opacity of a min–max band.
func translucent(c color.RGBA) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: 0x40}
}

// newPlot returns a plot with the house style: sans-serif text sized for a
// 150 dpi image, light grid lines under the data.
func newPlot(title, xLabel, yLabel string) *plot.Plot {
	p := styledPlot(title, xLabel, yLabel)
	p.Add(houseGrid())
	return p
}

// styledPlot is newPlot without the grid, for charts that need a
// different one.
func styledPlot(title, xLabel, yLabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font = font.From(sans, 14)
	p.Title.Padding = vg.Points(8)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = font.From(sans, 12)
		ax.Tick.Label.Font = font.From(sans, 10)
	}
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	p.X.Tick.Marker = linearTicks{}
	p.Y.Tick.Marker = linearTicks{}
	p.Legend.TextStyle.Font = font.From(sans, 11)
	// Without padding the band swatches of adjacent entries touch.
	p.Legend.Padding = vg.Points(4)
	p.Legend.Top = true
	p.Legend.Left = true
	return p
}

// houseGrid is light grey so that it guides the eye without competing
// with the data drawn over it.
func houseGrid() *plotter.Grid {
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xdd}
	grid.Horizontal.Color = color.Gray{Y: 0xdd}
	return grid
}

// textStyle is small annotation text in colour c.
func textStyle(c color.Color, size vg.Length, xAlign draw.XAlignment, yAlign draw.YAlignment) draw.TextStyle {
	return draw.TextStyle{
		Color:   c,
		Font:    font.From(sans, size),
		XAlign:  xAlign,
		YAlign:  yAlign,
		Handler: plot.DefaultTextHandler,
	}
}
