package report

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnexp/nnexp/runner"
	nnstats "github.com/nnexp/nnexp/stats"
)

// SweepOptions are what a sweep plot block sets (see SweepPlot).
type SweepOptions struct {
	Runs  []string // all runs if empty
	Title string
	// X is the hyperparameter column on the horizontal axis.
	X string
	// Metric is as for HistoryOptions; "" is train_loss.
	Metric string
	// LogX forces a log or linear x axis; nil takes log when the values
	// are positive and span two decades or more.
	LogX *bool
	LogY bool
}

// sweepFamily is the runs one line joins: instances of one block (the
// name before its first '[') that share every hyperparameter but X.
type sweepFamily struct {
	label  string
	points []sweepPoint
}

type sweepPoint struct {
	x              float64
	median, q1, q3 float64
	n              int
}

// SweepPlot draws a final metric against one hyperparameter: one line
// per run family through the median over its repeats at each value, with
// the interquartile range as a band. Runs without the hyperparameter are
// left out; a value that is not a number is an error, since the axis is
// numeric.
func SweepPlot(results []runner.Result, o SweepOptions) (*plot.Plot, error) {
	m, err := metricNamed(o.Metric)
	if err != nil {
		return nil, err
	}
	families, err := sweepFamilies(results, o, m)
	if err != nil {
		return nil, err
	}
	if len(families) == 0 {
		return nil, fmt.Errorf("report: no run has the hyperparameter %s", o.X)
	}
	logX := autoLogX(families)
	if o.LogX != nil {
		logX = *o.LogX
	}
	p := newPlot(o.Title, o.X, "final "+m.label)
	p.X.Tick.Marker = linearTicks{}
	if logX {
		for _, f := range families {
			for _, pt := range f.points {
				if !(pt.x > 0) {
					return nil, fmt.Errorf("report: %s takes the value %g, which a log axis cannot show; set log_x = false", o.X, pt.x)
				}
			}
		}
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	}
	if o.LogY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	var lines, bands []plot.Plotter
	spread := false
	legend := newLegendBudget(len(families), "lines")
	for i, f := range families {
		if len(f.points) == 0 {
			legend.add(p, f.label+" (no finite value)")
			continue
		}
		med := make(plotter.XYs, len(f.points))
		lo := make(plotter.XYs, len(f.points))
		hi := make(plotter.XYs, len(f.points))
		repeats := 0
		for j, pt := range f.points {
			med[j] = plotter.XY{X: pt.x, Y: pt.median}
			lo[j] = plotter.XY{X: pt.x, Y: pt.q1}
			hi[j] = plotter.XY{X: pt.x, Y: pt.q3}
			repeats = max(repeats, pt.n)
		}
		line, points, err := plotter.NewLinePoints(med)
		if err != nil {
			return nil, wrap(err)
		}
		col := runColor(i)
		line.Color, line.Width, line.Dashes = col, vg.Points(1.5), runDashes(i)
		points.Color, points.Shape, points.Radius = col, draw.CircleGlyph{}, vg.Points(2.5)
		lines = append(lines, line, points)
		if repeats > 1 {
			band, err := spreadBand(lo, hi, col)
			if err != nil {
				return nil, err
			}
			bands = append(bands, band)
			spread = true
			legend.add(p, fmt.Sprintf("%s (n=%d)", f.label, repeats), line, band)
		} else {
			legend.add(p, f.label, line)
		}
	}
	legend.finish(p)
	if spread {
		p.Y.Label.Text += "; median, band: quartiles"
	}
	p.Add(bands...)
	p.Add(lines...)
	return p, nil
}

// sweepFamilies groups the runs of o that have the setting o.X into the
// lines of a sweep plot, in the order the runs first appear, each with
// its points sorted by x.
func sweepFamilies(results []runner.Result, o SweepOptions, m metric) ([]*sweepFamily, error) {
	groups, err := groupByRun(results, o.Runs)
	if err != nil {
		return nil, err
	}
	var families []*sweepFamily
	byKey := map[string]*sweepFamily{}
	keep := plottable(o.LogY)
	shown := familyColumns(groups, o.X)
	for _, g := range groups {
		if len(g.results) == 0 {
			continue
		}
		base, _, _ := strings.Cut(g.name, "[")
		raw := ""
		var others []string
		for _, s := range runner.SettingsOf(g.results[0]) {
			if s.Name == o.X {
				raw = s.Value
			} else if shown[base][s.Name] {
				others = append(others, shortSetting(s.Name)+"="+s.Value)
			}
		}
		if raw == "" {
			continue
		}
		x, err := strconv.ParseFloat(raw, 64)
		if err != nil {
			return nil, fmt.Errorf("report: run %s has %s = %q, not a number a sweep plot can place", g.name, o.X, raw)
		}
		label := base
		if len(others) > 0 {
			label += " (" + strings.Join(others, ", ") + ")"
		}
		f := byKey[label]
		if f == nil {
			f = &sweepFamily{label: label}
			byKey[label] = f
			families = append(families, f)
		}
		var ys []float64
		for _, r := range g.results {
			if v := m.final(r); finishedJob(r) && keep(v) {
				ys = append(ys, v)
			}
		}
		if len(ys) == 0 {
			continue
		}
		d := nnstats.Describe(ys)
		f.points = append(f.points, sweepPoint{x: x, median: d.Median, q1: d.Q1, q3: d.Q3, n: d.N})
	}
	for _, f := range families {
		sort.Slice(f.points, func(a, b int) bool { return f.points[a].x < f.points[b].x })
	}
	return families, nil
}

// autoLogX says whether the x values are positive and span two decades
// or more, where a linear axis would crowd the small ones into a corner.
func autoLogX(families []*sweepFamily) bool {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, f := range families {
		for _, pt := range f.points {
			if !(pt.x > 0) {
				return false
			}
			lo, hi = math.Min(lo, pt.x), math.Max(hi, pt.x)
		}
	}
	return hi >= 100*lo
}

// shortSetting is the last part of a setting's path, which is enough to
// tell a legend's lines apart: optimizer.adam.batch_size reads batch_size.
func shortSetting(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// familyColumns says, for each run block (the name before '['), which
// settings besides x tell its families apart and so label its lines: not
// one that is the same in all its runs, nor one that moves in step with x
// (bias_steps swept with weight_steps) or with a column already shown
// (bias_range with weight_range), since those split no family of their
// own.
func familyColumns(groups []runGroup, x string) map[string]map[string]bool {
	byBase := map[string][]map[string]string{}
	var bases []string
	for _, g := range groups {
		if len(g.results) == 0 {
			continue
		}
		base, _, _ := strings.Cut(g.name, "[")
		m := map[string]string{}
		for _, s := range runner.SettingsOf(g.results[0]) {
			m[s.Name] = s.Value
		}
		if _, ok := m[x]; !ok {
			continue
		}
		if _, seen := byBase[base]; !seen {
			bases = append(bases, base)
		}
		byBase[base] = append(byBase[base], m)
	}
	out := map[string]map[string]bool{}
	for _, base := range bases {
		runs := byBase[base]
		var cols []string
		seen := map[string]bool{}
		for _, m := range runs {
			for k := range m {
				if !seen[k] && k != x {
					seen[k] = true
					cols = append(cols, k)
				}
			}
		}
		sort.Strings(cols)
		kept := []string{x}
		shown := map[string]bool{}
		for _, c := range cols {
			if constant(runs, c) {
				continue
			}
			alias := false
			for _, k := range kept {
				if inStep(runs, c, k) {
					alias = true
					break
				}
			}
			if !alias {
				kept = append(kept, c)
				shown[c] = true
			}
		}
		out[base] = shown
	}
	return out
}

func constant(runs []map[string]string, c string) bool {
	for _, m := range runs {
		if m[c] != runs[0][c] {
			return false
		}
	}
	return true
}

// inStep says whether columns a and b determine each other over runs.
func inStep(runs []map[string]string, a, b string) bool {
	ab, ba := map[string]string{}, map[string]string{}
	for _, m := range runs {
		va, vb := m[a], m[b]
		if prev, ok := ab[va]; ok && prev != vb {
			return false
		}
		if prev, ok := ba[vb]; ok && prev != va {
			return false
		}
		ab[va], ba[vb] = vb, va
	}
	return true
}
