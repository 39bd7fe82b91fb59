package report

import (
	"fmt"
	nnstats "github.com/nnexp/nnexp/stats"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnexp/nnexp/runner"
)

// HistoryPlot draws the training loss of the named runs (all runs, in
// result order, when runs is empty) against the step counted across the
// stages of a job. A run with several repeats is drawn as the mean over
// repeats with a shaded min–max band; a repeat that completed or converged
// early keeps its final loss for the rest of the mean. The axis label, not
// each legend entry, says what line and band are, so that the legend,
// drawn beside the data, stays narrow. The stage boundaries of each run's
// first repeat are dashed vertical lines named after the stage. Non-finite
// losses, and losses <= 0 on a log axis, are left out. A run has the same
// colour and dashes in every plot of an experiment, whichever runs a plot
// shows.
func HistoryPlot(results []runner.Result, runs []string, title string, logY bool) (*plot.Plot, error) {
	return HistoryPlotAxis(results, runs, title, logY, "step")
}

// HistoryPlotAxis is HistoryPlot with a choice of horizontal axis: "step";
// "cost", the job's work in forward-pass equivalents (runner.Record.Cost)
// on a log scale; "evaluations", its cumulative loss evaluations on a log
// scale; or "seconds", its training time. A point of a run with repeats
// sits at the mean cost (evaluations, seconds) of the repeats at that
// step. Cost is the one axis on which methods compare: a search candidate
// counts as one evaluation but costs a small fraction of a forward pass.
func HistoryPlotAxis(results []runner.Result, runs []string, title string, logY bool, x string) (*plot.Plot, error) {
	return HistoryPlotOf(results, HistoryOptions{Runs: runs, Title: title, LogY: logY, X: x})
}

// HistoryOptions choose what a history plot shows; zero values mean every
// run, a linear axis, the step, the training loss and quartile bands.
type HistoryOptions struct {
	Runs  []string
	Title string
	LogY  bool
	// X is "step", "cost", "evaluations" or "seconds" (see HistoryPlotAxis).
	X string
	// LogX, when set, puts X on a log (true) or linear (false) scale
	// instead of its own; not for "step", whose 0 a log axis cannot show.
	LogX *bool
	// Metric is "train_loss", "test_loss", "train_accuracy" or
	// "test_accuracy".
	Metric string
	// Band is what a run with repeats draws: "quartiles", the median with
	// the interquartile range, which one bad start does not drag; or
	// "minmax", the mean with the whole range.
	Band string
}

// HistoryPlotOf is the history plot the options describe.
func HistoryPlotOf(results []runner.Result, o HistoryOptions) (*plot.Plot, error) {
	runs, title, logY, x, metricName := o.Runs, o.Title, o.LogY, o.X, o.Metric
	m, err := metricNamed(metricName)
	if err != nil {
		return nil, err
	}
	band, ok := bands[o.Band]
	if !ok {
		return nil, fmt.Errorf("report: unknown band %q (want quartiles or minmax)", o.Band)
	}
	ax, ok := historyAxes[x]
	if x == "" {
		ax, ok = historyAxes["step"], true
	}
	if !ok {
		return nil, fmt.Errorf("report: unknown history axis %q (want step, cost, evaluations or seconds)", x)
	}
	if o.LogX != nil && *o.LogX != ax.log {
		if ax.at == nil {
			return nil, fmt.Errorf("report: the step axis has no log scale (steps start at 0)")
		}
		ax.log = *o.LogX
		ax.label = ax.scaled
	}
	groups, err := groupByRun(results, runs)
	if err != nil {
		return nil, err
	}
	p := newPlot(title, ax.label, m.label)
	spread := false
	p.X.Tick.Marker = integerTicks{}
	switch {
	case ax.log:
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
		// gonum/plot centres an axis label at the arithmetic middle of
		// the range, which on a log axis sits near the right end and
		// squeezes the axes to make room; right-aligned it fits.
		p.X.Label.Position = draw.PosRight
	case ax.at != nil:
		p.X.Tick.Marker = linearTicks{}
	}
	keep := plottable(logY)
	mixed := m.loss && mixedLosses(groups)
	if mixed {
		p.Y.Label.Text = m.label + " (runs differ in loss: not one scale)"
	}

	var lines, bands []plot.Plotter
	var boundaries []*stageBoundary
	// plotted counts the points drawn; dropped the finite losses a log
	// axis cannot show.
	plotted, dropped := 0, 0
	legend := newLegendBudget(len(groups), "runs")
	for drawn, g := range groups {
		col := runColor(g.order)
		curves := make([]curve, 0, len(g.results))
		for _, res := range g.results {
			if c := jobCurve(res, ax, m); len(c.steps) > 0 {
				curves = append(curves, c)
			}
		}
		entry := g.label(mixed)
		if len(curves) == 0 {
			legend.add(p, entry+" ("+noCurve(g.results)+")")
			continue
		}
		if logY {
			dropped += belowLogAxis(curves)
		}
		var mean, lo, hi plotter.XYs
		if ax.at != nil {
			mean, lo, hi = aggregateAlong(curves, keep, ax, band)
		} else {
			mean, lo, hi = aggregate(curves, keep, ax, band)
		}
		if len(mean) == 0 {
			legend.add(p, entry+" (no finite loss)")
			continue
		}
		plotted += len(mean)
		line, err := plotter.NewLine(mean)
		if err != nil {
			return nil, wrap(err)
		}
		line.Color = col
		line.Width = lineWidth(drawn, len(groups))
		line.Dashes = runDashes(g.order)
		lines = append(lines, line)
		if len(curves) > 1 {
			band, err := spreadBand(lo, hi, col)
			if err != nil {
				return nil, err
			}
			bands = append(bands, band)
			spread = true
			legend.add(p, fmt.Sprintf("%s (n=%d)", entry, len(curves)), line, band)
		} else {
			legend.add(p, entry, line)
		}
		for _, b := range curves[0].boundaries {
			b.color = col
			b.row = len(boundaries)
			boundaries = append(boundaries, b)
		}
	}
	legend.finish(p)
	if spread {
		p.X.Label.Text += "\n" + band.label // a line of its own: one would run off a log axis's right-aligned label
	}
	// Bands first so that no line is hidden under another run's band.
	p.Add(bands...)
	p.Add(lines...)
	for _, b := range boundaries {
		p.Add(b)
	}
	if logY && plotted == 0 && dropped > 0 {
		// Every loss is 0 or below: draw them on a linear axis rather
		// than nothing, and say why.
		o.Title, o.LogY = title+" (no loss > 0 for a log axis: linear)", false
		p, err := HistoryPlotOf(results, o)
		return p, err
	}
	if plotted == 0 {
		p.Title.Text += "\n(nothing to draw: " + nothingDrawn(groups) + ")"
		if ax.log {
			// A log axis over no value has no range it can draw; an
			// empty decade has.
			p.X.Min, p.X.Max = 1, 10
		}
	}
	if logY && dropped > 0 {
		p.Y.Label.Text += fmt.Sprintf(" (log scale; %d values <= 0 not drawn)", dropped)
	}
	if logY && plotted > 0 {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
		if p.Y.Min == p.Y.Max {
			// A flat curve would get the range [y-1, y+1], invalid on a log axis.
			p.Y.Min, p.Y.Max = p.Y.Min/2, p.Y.Max*2
		}
	}
	return p, nil
}

// lineWidth is the width of the drawn-th of n curves: the first drawn
// widest, each later one narrower on top of it, so that where two runs
// share a curve (a hybrid's search stage under search alone) both stay
// visible, one as the other's border.
func lineWidth(drawn, n int) vg.Length {
	const widest, narrowest = 5.0, 1.5
	if n <= 1 {
		return vg.Points(1.5)
	}
	return vg.Points(widest - (widest-narrowest)*float64(drawn)/float64(n-1))
}

// mixedLosses reports whether the runs of groups train on different
// losses, whose values share an axis but not a meaning (an MSE of 2600
// next to an MAE of 40 says nothing about which run fits better).
func mixedLosses(groups []runGroup) bool {
	names := make([]string, len(groups))
	for i, g := range groups {
		names[i] = g.lossName()
	}
	return lossNamesDiffer(names)
}

// lossNamesDiffer reports whether two of names, "" (unknown) aside,
// differ.
func lossNamesDiffer(names []string) bool {
	first := ""
	for _, name := range names {
		switch {
		case name == "":
		case first == "":
			first = name
		case name != first:
			return true
		}
	}
	return false
}

// lossName is the name of the loss the group's run trains on, "" when
// the results do not say.
func (g runGroup) lossName() string {
	for _, r := range g.results {
		if n := runner.LossNameOf(r); n != "" {
			return n
		}
	}
	return ""
}

// label is the run's name as plots show it: with its loss when the runs
// of a plot train on different losses.
func (g runGroup) label(mixed bool) string {
	if l := g.lossName(); mixed && l != "" {
		return g.name + " [" + l + "]"
	}
	return g.name
}

// noCurve says why a run has no curve: its jobs were interrupted (and
// run again next time), or they left no history.
func noCurve(results []runner.Result) string {
	for _, r := range results {
		if r.Status != runner.StatusInterrupted {
			return "no data"
		}
	}
	return "interrupted"
}

// nothingDrawn says why a plot has no curve at all.
func nothingDrawn(groups []runGroup) string {
	for _, g := range groups {
		if noCurve(g.results) != "interrupted" {
			return "no finite loss"
		}
	}
	return "every job was interrupted; run the same command again to finish"
}

// belowLogAxis counts the finite losses of curves that are 0 or less, which
// a log axis cannot show.
func belowLogAxis(curves []curve) int {
	n := 0
	for _, c := range curves {
		for _, y := range c.losses {
			if y <= 0 && !math.IsInf(y, 0) {
				n++
			}
		}
	}
	return n
}

// plottable is whether a loss can be drawn: a finite value, and on a log
// axis (logY) one above 0.
func plottable(logY bool) func(float64) bool {
	return func(y float64) bool { return !math.IsNaN(y) && !math.IsInf(y, 0) && (!logY || y > 0) }
}

// runGroup is the results of one run, in repeat order.
type runGroup struct {
	name string
	// order is the run's place among all runs of the results, which picks
	// its colour and dashes.
	order   int
	results []runner.Result
}

// groupByRun selects the results of the named runs, or of every run in
// order of first appearance when names is empty.
func groupByRun(results []runner.Result, names []string) ([]runGroup, error) {
	index := map[string]int{}
	var groups []runGroup
	for _, res := range results {
		name := runName(res)
		i, ok := index[name]
		if !ok {
			i = len(groups)
			index[name] = i
			groups = append(groups, runGroup{name: name, order: i})
		}
		groups[i].results = append(groups[i].results, res)
	}
	if len(names) == 0 {
		return groups, nil
	}
	selected := make([]runGroup, 0, len(names))
	for _, name := range names {
		i, ok := index[name]
		if !ok {
			return nil, fmt.Errorf("report: no results for run %q", name)
		}
		selected = append(selected, groups[i])
	}
	return selected, nil
}

// curve is one job's training loss by cumulative step.
type curve struct {
	steps  []int
	losses []float64
	// carry says whether the final loss stands for every later step: true
	// for a job that finished, false for one that stopped on an error.
	carry      bool
	boundaries []*stageBoundary
	// at is each point's place on an axis other than step (evaluations,
	// seconds); nil on the step axis.
	at []float64
}

// historyAxis is a horizontal axis of a history plot.
type historyAxis struct {
	// label names the axis on its own scale, scaled on the other one
	// (HistoryOptions.LogX).
	label, scaled string
	// at places a record on the axis; nil for the step, counted across
	// stages.
	at  func(runner.Record) float64
	log bool
}

// historyAxes are the axes plot blocks may name (dsl.PlotAxes).
var historyAxes = map[string]historyAxis{
	"step":        {label: "step (cumulative over stages)"},
	"evaluations": {label: "loss evaluations (log scale)", scaled: "loss evaluations", at: func(r runner.Record) float64 { return float64(r.Evaluations) }, log: true},
	"cost":        {label: "cost (forward passes over the training data, log)", scaled: "cost (forward passes over the training data)", at: func(r runner.Record) float64 { return r.Cost }, log: true},
	"seconds":     {label: "training time (seconds, on the machine that ran it)", scaled: "training time (seconds on the machine that ran it, log)", at: func(r runner.Record) float64 { return r.Elapsed }},
}

// jobCurve lays the stages of a job end to end: a stage's step 0 is the
// previous stage's last step, so the stages share that point. On an axis
// other than step the boundaries sit where a stage starts on it.
func jobCurve(res runner.Result, ax historyAxis, m metric) curve {
	c := curve{carry: res.Status == runner.StatusCompleted || res.Status == runner.StatusConverged || res.Status == runner.StatusBudget || res.Status == runner.StatusTarget}
	offset, last, stage := 0, 0, 0
	for i, rec := range res.History {
		if ax.at == nil && rec.Progress > 0 && rec.Progress < 1 && i < len(res.History)-1 {
			// A point within a step has no place of its own on the step
			// axis, which shows where each step ended; but a job's last
			// record (a budget that stopped it part-way) is where it
			// ended, and stands at its step.
			continue
		}
		if ax.at != nil && math.IsNaN(ax.at(rec)) {
			continue // no place on the axis (a folder from before cost)
		}
		if rec.Stage != stage {
			if stage != 0 {
				offset = last
				at := float64(offset)
				if ax.at != nil {
					at = ax.at(rec)
				}
				c.boundaries = append(c.boundaries, &stageBoundary{step: at, name: rec.Optimizer})
			}
			stage = rec.Stage
		}
		last = offset + rec.Step
		c.steps = append(c.steps, last)
		c.losses = append(c.losses, m.of(rec))
		if ax.at != nil {
			c.at = append(c.at, ax.at(rec))
		}
	}
	return c
}

// band is how a run with repeats is drawn: a line and a band around it.
type band struct {
	quartiles bool
	label     string
}

// bands are the values of HistoryOptions.Band; "" is quartiles.
var bands = map[string]band{
	"":          {quartiles: true, label: "line: median over repeats, band: quartiles"},
	"quartiles": {quartiles: true, label: "line: median over repeats, band: quartiles"},
	"minmax":    {label: "line: mean over repeats, band: min–max"},
}

// aggregate returns, at each step some curve reaches, the mean, minimum
// and maximum (with b.quartiles, the median and quartiles, numpy's
// linear rule) over the curves of the losses that keep accepts. The x of a
// point is the step, or on another axis the mean of the curves' places on
// it at that step.
func aggregate(curves []curve, keep func(float64) bool, ax historyAxis, b band) (mean, lo, hi plotter.XYs) {
	end := 0
	dense := make([][]float64, len(curves))
	denseAt := make([][]float64, len(curves))
	for k, c := range curves {
		n := c.steps[len(c.steps)-1] + 1
		end = max(end, n)
		dense[k] = spreadOverSteps(c.steps, c.losses, n)
		if ax.at != nil {
			denseAt[k] = spreadOverSteps(c.steps, c.at, n)
		}
	}
	var values []float64
	for s := range end {
		// Running means: a sum of losses near the float64 maximum would
		// overflow to +Inf, which the plot library cannot draw.
		avg, count, at := 0.0, 0, 0.0
		low, high := math.Inf(1), math.Inf(-1)
		values = values[:0]
		for k, d := range dense {
			var y, e float64
			last := len(d) - 1
			switch {
			case s <= last:
				y = d[s]
				if ax.at != nil {
					e = denseAt[k][s]
				}
			case curves[k].carry:
				y = d[last]
				if ax.at != nil {
					e = denseAt[k][last]
				}
			default:
				continue
			}
			if !keep(y) {
				continue
			}
			count++
			avg += (y - avg) / float64(count)
			at += (e - at) / float64(count)
			low, high = min(low, y), max(high, y)
			values = append(values, y)
		}
		if count == 0 {
			continue
		}
		if b.quartiles {
			avg, low, high = nnstats.Median(values), nnstats.Quantile(values, 0.25), nnstats.Quantile(values, 0.75)
		}
		x := float64(s)
		if ax.at != nil {
			if x = at; ax.log && !(x > 0) {
				continue // off a log axis
			}
		}
		mean = append(mean, plotter.XY{X: x, Y: avg})
		lo = append(lo, plotter.XY{X: x, Y: low})
		hi = append(hi, plotter.XY{X: x, Y: high})
	}
	return mean, lo, hi
}

// aggregateAlong is aggregate on an axis other than step, where the
// repeats' points do not line up: a search sweep's points within a step
// fall where its work puts them, and seconds differ from run to run. At
// each place where some curve has a point, each curve counts with its
// last value at or before that place (what it had measured by then),
// carried past its end when it finished; a curve counts nowhere before
// its first point. Points of one curve at one place (a stage's start at
// the previous one's end) count with the last.
func aggregateAlong(curves []curve, keep func(float64) bool, ax historyAxis, b band) (mean, lo, hi plotter.XYs) {
	var places []float64
	for _, c := range curves {
		places = append(places, c.at...)
	}
	slices.Sort(places)
	places = slices.Compact(places)
	next := make([]int, len(curves)) // per curve: its first point past the place
	var values []float64
	for _, x := range places {
		if ax.log && !(x > 0) || math.IsNaN(x) {
			continue // off the axis
		}
		values = values[:0]
		avg := 0.0
		low, high := math.Inf(1), math.Inf(-1)
		for k, c := range curves {
			for next[k] < len(c.at) && c.at[next[k]] <= x {
				next[k]++
			}
			i := next[k] - 1
			if i < 0 || i == len(c.at)-1 && c.at[i] < x && !c.carry {
				continue
			}
			y := c.losses[i]
			if !keep(y) {
				continue
			}
			values = append(values, y)
			// A running mean: a sum of losses near the float64 maximum
			// would overflow to +Inf, which the plot cannot draw.
			avg += (y - avg) / float64(len(values))
			low, high = min(low, y), max(high, y)
		}
		if len(values) == 0 {
			continue
		}
		if b.quartiles {
			avg, low, high = nnstats.Median(values), nnstats.Quantile(values, 0.25), nnstats.Quantile(values, 0.75)
		}
		mean = append(mean, plotter.XY{X: x, Y: avg})
		lo = append(lo, plotter.XY{X: x, Y: low})
		hi = append(hi, plotter.XY{X: x, Y: high})
	}
	return mean, lo, hi
}

// spreadOverSteps lays values recorded at steps onto every step below n. A
// later record at the same step (the next stage's step 0) has the same
// state; carrying forward fills steps a record skipped.
func spreadOverSteps(steps []int, values []float64, n int) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = math.NaN()
	}
	for i, s := range steps {
		d[s] = values[i]
	}
	for i := 1; i < n; i++ {
		if math.IsNaN(d[i]) && !math.IsNaN(d[i-1]) {
			d[i] = d[i-1]
		}
	}
	return d
}

// spreadBand is the translucent area of col between lo and hi that shows a
// run's spread over its repeats.
func spreadBand(lo, hi plotter.XYs, col color.RGBA) (*plotter.Polygon, error) {
	band, err := plotter.NewPolygon(bandRing(lo, hi))
	if err != nil {
		return nil, wrap(err)
	}
	band.Color = translucent(col)
	band.LineStyle.Width = 0
	return band, nil
}

// bandRing is the outline of the area between lo and hi: along hi, then
// back along lo.
func bandRing(lo, hi plotter.XYs) plotter.XYs {
	ring := make(plotter.XYs, 0, len(lo)+len(hi))
	ring = append(ring, hi...)
	for i := len(lo) - 1; i >= 0; i-- {
		ring = append(ring, lo[i])
	}
	return ring
}

// stageBoundary marks where a stage after the first starts: a dashed
// vertical line over the full height with the stage's name at the top.
type stageBoundary struct {
	step  float64
	name  string
	color color.Color
	// row staggers the names of several boundaries down from the top so
	// that boundaries at the same step do not print over each other.
	row int
}

const boundaryFontSize = 9

func (b *stageBoundary) Plot(c draw.Canvas, p *plot.Plot) {
	if b.step < p.X.Min || b.step > p.X.Max {
		return
	}
	x := c.X(p.X.Norm(b.step))
	style := draw.LineStyle{Color: b.color, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	c.StrokeLine2(style, x, c.Min.Y, x, c.Max.Y)
	text := textStyle(b.color, boundaryFontSize, draw.XLeft, draw.YTop)
	rowHeight := text.Height(b.name) + vg.Points(2)
	y := c.Max.Y - vg.Points(3) - vg.Length(b.row%4)*rowHeight
	at := x + vg.Points(3)
	if at+text.Width(b.name) > c.Max.X {
		// A stage that starts near the right edge (a short last stage
		// on a cost axis) is named on the left of its line, so that the
		// name stays inside the axes instead of running into the legend.
		text.XAlign = draw.XRight
		at = x - vg.Points(3)
	}
	c.FillText(text, vg.Point{X: at, Y: y}, b.name)
}
