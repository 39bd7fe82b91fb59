package report

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnexp/nnexp/runner"
)

// FinalLossPlot draws one bar per run (all runs in result order when runs
// is empty) at the final training loss of its jobs, with the value printed
// above the bar so that close runs can be compared without reading the axis.
//
// A run with several repeats is drawn as the mean over its repeats with a
// black whisker from the minimum to the maximum: the same min–max that
// HistoryPlot shades, so the two plots agree, and with the handful of
// repeats usual here a standard deviation would suggest a precision the
// data do not have. Its label reads "mean (n=K)"; "(n=K of M)" when some
// repeats have no finite final loss (a failed or diverged job), which are
// left out rather than making the mean NaN. A run left with no value has
// no bar, only a note where the bar would be. On a log axis losses <= 0
// are left out too.
//
// width is an image width at which every bar's labels fit; 5 inches is a
// good height.
func FinalLossPlot(results []runner.Result, runs []string, title string, logY bool) (p *plot.Plot, width vg.Length, err error) {
	return FinalPlotOf(results, runs, title, logY, "train_loss")
}

// FinalPlotOf is FinalLossPlot of another metric (see HistoryPlotOf).
func FinalPlotOf(results []runner.Result, runs []string, title string, logY bool, metricName string) (p *plot.Plot, width vg.Length, err error) {
	m, err := metricNamed(metricName)
	if err != nil {
		return nil, 0, err
	}
	bars, names, err := newFinalBarsOf(results, runs, logY, m)
	if err != nil {
		return nil, 0, err
	}
	if logY && !bars.plotted() {
		// Nothing is above 0: a log axis would show no bar at all, so
		// draw what there is on a linear one and say why.
		if linear, _, _ := newFinalBarsOf(results, runs, false, m); linear.plotted() {
			bars, logY = linear, false
			title += " (no loss > 0 for a log axis: linear)"
		}
	}
	spread := false
	for _, b := range bars.bars {
		spread = spread || b.n > 1
	}

	xLabel := "run"
	if spread {
		xLabel = "run (bar: mean over repeats, whisker: min–max)"
	}
	yLabel := "final " + m.label
	if groups, err := groupByRun(results, runs); err == nil && m.loss && mixedLosses(groups) {
		yLabel += " (runs differ in loss: not one scale)"
	}
	crowded := len(names) > maxNamedBars
	if crowded {
		// A bar per run of a large sweep, each named and labelled, would
		// make an image inches wide per run (gigabytes for thousands);
		// at a fixed width the bars still show the spread of the runs.
		xLabel = fmt.Sprintf("%d runs in file order, too many to name (summary.csv has each)", len(names))
		bars.unlabelled = true
	}
	p = styledPlot(title, xLabel, yLabel)
	grid := houseGrid()
	// Vertical lines would run through the middle of every bar.
	grid.Vertical.Color = nil
	p.Add(grid, bars)
	if logY && bars.plotted() {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	if crowded {
		p.X.Tick.Marker = plot.ConstantTicks(nil)
		return p, crowdedWidth, nil
	}
	if len(names) > 0 {
		p.NominalX(names...)
	}

	slot := vg.Inch
	for i, b := range bars.bars {
		slot = max(slot, p.X.Tick.Label.Width(names[i]), barLabelStyle.Width(b.label))
	}
	slot += vg.Inch / 4
	return p, max(6*vg.Inch, 1.25*vg.Inch+vg.Length(len(names))*slot), nil
}

// newFinalBars summarizes the final losses of the selected runs, with
// their names in bar order.
func newFinalBars(results []runner.Result, runs []string, logY bool) (*finalBars, []string, error) {
	return newFinalBarsOf(results, runs, logY, metrics["train_loss"])
}

// newFinalBarsOf is newFinalBars of metric m.
func newFinalBarsOf(results []runner.Result, runs []string, logY bool, m metric) (*finalBars, []string, error) {
	groups, err := groupByRun(results, runs)
	if err != nil {
		return nil, nil, err
	}
	keep := plottable(logY)
	mixed := m.loss && mixedLosses(groups)
	bars := &finalBars{logY: logY, bars: make([]finalBar, len(groups))}
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.label(mixed)
		bars.bars[i] = summarizeOf(g.results, keep, logY, m.final)
		bars.bars[i].color = runColor(g.order)
	}
	return bars, names, nil
}

// finalBar is one run's final losses.
type finalBar struct {
	// n counts the repeats that make up mean, lo and hi; with n == 0 they
	// are NaN and label says why there is no bar.
	n            int
	mean, lo, hi float64
	label        string
	color        color.Color
}

// summarizeOf is the bar of the value final takes of each finished result
// (finishedJob). Runs whose jobs did not all complete say how they ended,
// so that a bar of budget-stopped or diverged jobs is not read as a
// finished result.
func summarizeOf(results []runner.Result, keep func(float64) bool, logY bool, final func(runner.Result) float64) finalBar {
	b := finalBar{mean: math.NaN(), lo: math.Inf(1), hi: math.Inf(-1)}
	// A running mean, because a sum of losses near the float64 maximum
	// overflows to +Inf, which the plot library cannot draw.
	running, finite := 0.0, 0
	for _, res := range results {
		if !finishedJob(res) {
			// Interrupted (no result yet) or failed (one that may be
			// wrong), as summary_stats.csv leaves them out.
			continue
		}
		y := final(res)
		if !math.IsNaN(y) && !math.IsInf(y, 0) {
			finite++
		}
		if !keep(y) {
			continue
		}
		b.n++
		running += (y - running) / float64(b.n)
		b.lo, b.hi = min(b.lo, y), max(b.hi, y)
	}
	interrupted := 0
	for _, res := range results {
		if res.Status == runner.StatusInterrupted {
			interrupted++
		}
	}
	switch {
	case b.n == 0 && interrupted == len(results):
		b.label = "interrupted"
	case b.n == 0 && finite > 0 && logY:
		b.label = "no loss > 0"
	case b.n == 0:
		b.label = "no finite loss"
	case b.n == len(results) && b.n == 1:
		b.mean = running
		b.label = formatLoss(b.mean)
	case b.n == len(results):
		b.mean = running
		b.label = fmt.Sprintf("%s (n=%d)", formatLoss(b.mean), b.n)
	default:
		b.mean = running
		b.label = fmt.Sprintf("%s (n=%d of %d)", formatLoss(b.mean), b.n, len(results))
	}
	if b.n == 0 {
		b.lo, b.hi = math.NaN(), math.NaN()
	}
	if note := unfinished(results); note != "" && interrupted < len(results) {
		b.label += " [" + note + "]"
	}
	return b
}

// unfinished counts the results that did not complete or converge, by
// status in the order first seen ("1 budget, 2 diverged"), or "".
func unfinished(results []runner.Result) string {
	var order []string
	count := map[string]int{}
	for _, r := range results {
		if r.Status == runner.StatusCompleted || r.Status == runner.StatusConverged || r.Status == "" {
			continue
		}
		if count[r.Status] == 0 {
			order = append(order, r.Status)
		}
		count[r.Status]++
	}
	parts := make([]string, len(order))
	for i, st := range order {
		parts[i] = fmt.Sprintf("%d %s", count[st], st)
	}
	return strings.Join(parts, ", ")
}

// formatLoss keeps four significant digits, enough to tell runs apart,
// but prints a loss in the thousands (MSE on raw targets) in full rather
// than as 2.893e+03.
func formatLoss(v float64) string {
	if a := math.Abs(v); a >= 1000 && a < 1e7 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// finalBars draws the bars itself, where plotter.BarChart cannot draw a
// per-bar whisker or label, leave a bar out, or stand on a log axis.
type finalBars struct {
	bars []finalBar
	logY bool
	// unlabelled leaves out the bars' labels and notes (too many bars).
	unlabelled bool
}

// maxNamedBars is the most runs a final-value plot names one by one; with
// more, it draws them at crowdedWidth, unnamed.
const (
	maxNamedBars = 60
	crowdedWidth = 12 * vg.Inch
)

const barWidth = 0.6 // of the space between bars, in data units

var (
	barLabelStyle = textStyle(color.Black, 10, draw.XCenter, draw.YBottom)
	barNoteStyle  = textStyle(color.Gray{Y: 0x66}, 10, draw.XCenter, draw.YBottom)
	barLabelGap   = vg.Points(3)
	whiskerStyle  = draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
)

func (f *finalBars) plotted() bool {
	for _, b := range f.bars {
		if b.n > 0 {
			return true
		}
	}
	return false
}

// top is where a bar's label goes: above its whisker when it has one.
func (b finalBar) top() float64 { return max(b.mean, b.hi) }

func (f *finalBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	base := math.Max(0, p.Y.Min)
	if f.logY {
		base = p.Y.Min
	}
	base = math.Min(base, p.Y.Max)
	y0 := trY(base)
	for i, b := range f.bars {
		x := trX(float64(i))
		if b.n == 0 {
			if !f.unlabelled {
				c.FillText(barNoteStyle, vg.Point{X: x, Y: y0 + barLabelGap}, b.label)
			}
			continue
		}
		half := (trX(float64(i)+barWidth/2) - trX(float64(i)-barWidth/2)) / 2
		y1 := trY(b.mean)
		c.FillPolygon(b.color, c.ClipPolygonY([]vg.Point{
			{X: x - half, Y: y0}, {X: x + half, Y: y0}, {X: x + half, Y: y1}, {X: x - half, Y: y1},
		}))
		if b.n > 1 {
			lo, hi, capHalf := trY(b.lo), trY(b.hi), half/4
			c.StrokeLine2(whiskerStyle, x, lo, x, hi)
			c.StrokeLine2(whiskerStyle, x-capHalf, lo, x+capHalf, lo)
			c.StrokeLine2(whiskerStyle, x-capHalf, hi, x+capHalf, hi)
		}
		if !f.unlabelled {
			c.FillText(barLabelStyle, vg.Point{X: x, Y: trY(b.top()) + barLabelGap}, b.label)
		}
	}
}

// DataRange starts a linear axis at zero, since a bar's height is read
// from it; a log axis, which has no zero, starts at the power of ten below
// the smallest value.
func (f *finalBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = -0.5, float64(len(f.bars))-0.5
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for _, b := range f.bars {
		if b.n > 0 {
			ymin, ymax = min(ymin, b.lo), max(ymax, b.top())
		}
	}
	switch {
	case math.IsInf(ymin, 0):
		return xmin, xmax, 0, 1
	case f.logY:
		floor := math.Pow(10, math.Floor(math.Log10(ymin)))
		if floor >= ymax {
			floor /= 10
		}
		return xmin, xmax, floor, ymax
	}
	return xmin, xmax, min(0, ymin), max(0, ymax)
}

// GlyphBoxes makes the plot leave room above the tallest bar for its label.
func (f *finalBars) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	if f.unlabelled {
		return nil
	}
	var boxes []plot.GlyphBox
	for i, b := range f.bars {
		if b.n == 0 {
			continue
		}
		w := barLabelStyle.Width(b.label)
		boxes = append(boxes, plot.GlyphBox{
			X: p.X.Norm(float64(i)),
			Y: p.Y.Norm(b.top()),
			Rectangle: vg.Rectangle{
				Min: vg.Point{X: -w / 2},
				Max: vg.Point{X: w / 2, Y: barLabelGap + barLabelStyle.Height(b.label)},
			},
		})
	}
	return boxes
}
