package report

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/nnexp/nnexp/runner"
)

// CDPlot draws the critical-difference diagram of the Friedman test of
// runs (all when empty) on metric ("" for the loss): each run at its
// average rank, Nemenyi's critical difference as a bar, and a line
// joining each group of runs whose ranks differ by less than it, which
// the test cannot tell apart (Demšar 2006).
func CDPlot(results []runner.Result, runs []string, title, metric string) (*plot.Plot, error) {
	return cdPlot(results, runs, nil, title, metric)
}

// cdPlot is CDPlot with the rank tests an output folder stored
// (ranks.csv), used when results were read back from its CSVs and so no
// longer say which runs are paired: a test of exactly the runs asked for
// (any test when runs is empty) is drawn as nnexp run drew it.
func cdPlot(results []runner.Result, runs []string, stored []RankTest, title, metric string) (*plot.Plot, error) {
	selected := results
	if len(runs) > 0 {
		selected = nil
		for _, r := range results {
			if slices.Contains(runs, r.RunName) {
				selected = append(selected, r)
			}
		}
	}
	tests := RankTests(selected)
	if len(tests) == 0 && !slices.ContainsFunc(selected, func(r runner.Result) bool { return r.Run != nil }) {
		tests = storedTestsOf(stored, runs)
	}
	// Runs are ranked on the held-out split when there is one, so the
	// metric only says loss or accuracy.
	wantAccuracy := strings.HasSuffix(metric, "accuracy")
	var test *RankTest
	groups := 0
	for _, t := range tests {
		if strings.HasSuffix(t.Metric, "accuracy") == wantAccuracy {
			if test == nil {
				test = &t
			}
			groups++
		}
	}
	if groups > 1 {
		// Runs on other data sets or models are not paired with these,
		// and one diagram ranks one group: say so rather than drop the
		// others unseen.
		title += fmt.Sprintf("\n(the first of %d groups of paired runs: %s; list one group in the block's runs)", groups, strings.Join(test.Runs, ", "))
	}
	if test == nil || test.N == 0 {
		// Not an error: results read back from the CSVs (nnexp plot) do
		// not say which runs are paired, and a plot that cannot be drawn
		// should say why rather than cost the other outputs.
		p := newPlot(title+"\n(nothing to rank: it needs three or more paired runs with finished repeats; nnexp plot can draw only the groups in ranks.csv)", "", "")
		p.HideAxes()
		return p, nil
	}
	k := len(test.Runs)
	note := fmt.Sprintf("average rank on %s over %d paired starts (1 is best); Friedman p = %.3g", test.Metric, test.N, test.P)
	if math.IsNaN(test.P) {
		note = fmt.Sprintf("average rank on %s over %d paired start (1 is best); one start tests nothing", test.Metric, test.N)
	}
	p := newPlot(title, note, "")
	p.X.Min, p.X.Max = 1, float64(k)
	p.X.Tick.Marker = integerTicks{}
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
	p.HideY()

	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case test.AvgRanks[a] < test.AvgRanks[b]:
			return -1
		case test.AvgRanks[a] > test.AvgRanks[b]:
			return 1
		}
		return 0
	})
	// Runs one below the other, best at the top, each labelled at its rank.
	pts := make(plotter.XYs, k)
	labels := make([]string, k)
	for row, i := range order {
		pts[row] = plotter.XY{X: test.AvgRanks[i], Y: float64(-row)}
		labels[row] = fmt.Sprintf("%s (%.2f)", test.Runs[i], test.AvgRanks[i])
	}
	scatter, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, wrap(err)
	}
	scatter.GlyphStyle.Shape = draw.CircleGlyph{}
	scatter.GlyphStyle.Radius = vg.Points(3)
	// A label goes on the side of its dot that has more room: right of
	// runs in the better half of the axis, left of the others, so that a
	// long name at the worst rank is not cut at the plot's edge.
	middle := (1 + float64(k)) / 2
	p.Add(scatter)
	for _, side := range []struct {
		right  bool
		align  draw.XAlignment
		offset vg.Length
	}{{false, draw.XLeft, vg.Points(6)}, {true, draw.XRight, vg.Points(-6)}} {
		var at plotter.XYs
		var text []string
		for row, pt := range pts {
			if (pt.X > middle) == side.right {
				at, text = append(at, pt), append(text, labels[row])
			}
		}
		if len(at) == 0 {
			continue
		}
		names, err := plotter.NewLabels(plotter.XYLabels{XYs: at, Labels: text})
		if err != nil {
			return nil, wrap(err)
		}
		for i := range names.TextStyle {
			names.TextStyle[i] = textStyle(color.Black, 10, side.align, draw.YCenter)
		}
		names.Offset = vg.Point{X: side.offset}
		p.Add(names)
	}

	// The groups the test cannot separate: from each run, the runs after
	// it in rank order within CD of it; a group inside another is left out.
	cd := test.CD
	if !math.IsNaN(cd) {
		lastEnd := -1
		row := 0
		for a := range order {
			b := a
			for b+1 < k && test.AvgRanks[order[b+1]]-test.AvgRanks[order[a]] <= cd {
				b++
			}
			if b > a && b > lastEnd {
				y := 0.5 + 0.25*float64(row)
				line, err := plotter.NewLine(plotter.XYs{{X: test.AvgRanks[order[a]], Y: y}, {X: test.AvgRanks[order[b]], Y: y}})
				if err != nil {
					return nil, wrap(err)
				}
				line.Width = vg.Points(3)
				p.Add(line)
				lastEnd = b
				row++
			}
		}
		bar, err := plotter.NewLine(plotter.XYs{{X: 1, Y: 1.5}, {X: math.Min(1+cd, float64(k)), Y: 1.5}})
		if err != nil {
			return nil, wrap(err)
		}
		bar.Width = vg.Points(2)
		barLabel, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: 1, Y: 1.5}}, Labels: []string{fmt.Sprintf("CD = %.2f (Nemenyi, 0.05)", cd)}})
		if err != nil {
			return nil, wrap(err)
		}
		barLabel.TextStyle[0] = textStyle(color.Black, 10, draw.XLeft, draw.YBottom)
		barLabel.Offset = vg.Point{Y: vg.Points(4)}
		p.Add(bar, barLabel)
	}
	p.Y.Min, p.Y.Max = float64(-k), 2.2
	return p, nil
}

// storedTestsOf is the tests of stored over exactly the runs named (in
// any order), or all of them when runs is empty.
func storedTestsOf(stored []RankTest, runs []string) []RankTest {
	if len(runs) == 0 {
		return stored
	}
	want := slices.Sorted(slices.Values(runs))
	var out []RankTest
	for _, t := range stored {
		if slices.Equal(slices.Sorted(slices.Values(t.Runs)), want) {
			out = append(out, t)
		}
	}
	return out
}
