package report

import (
	"fmt"
	"gonum.org/v1/plot"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/nnexp/nnexp/runner"
)

// manyRuns is one job each of runs runs, named r0, r1, ...
func manyRuns(runs int) []runner.Result {
	var results []runner.Result
	for k := range runs {
		results = append(results, profileJob(fmt.Sprintf("r%d", k), 0, 10, float64(k)))
	}
	return results
}

// TestCrowdedLegendFits: a history plot of 300 runs keeps its legend
// within the image (23 runs and a line counting the other 277), where a
// legend of every run ran off its bottom edge.
func TestCrowdedLegendFits(t *testing.T) {
	c := draw.New(vgimg.NewWith(vgimg.UseWH(historyWidth, historyHeight), vgimg.UseDPI(dpi)))
	for _, runs := range []int{3, 300} {
		p, err := HistoryPlot(manyRuns(runs), nil, "t", false)
		if err != nil {
			t.Fatal(err)
		}
		if h := p.Legend.Rectangle(c).Size().Y; h > historyHeight {
			t.Errorf("%d runs: legend %v tall in an image of %v", runs, h, historyHeight)
		}
	}
	few, _ := HistoryPlot(manyRuns(maxLegendEntries), nil, "t", false)
	many, _ := HistoryPlot(manyRuns(maxLegendEntries+1), nil, "t", false)
	if a, b := few.Legend.Rectangle(c).Size().Y, many.Legend.Rectangle(c).Size().Y; a != b {
		t.Errorf("legends of %d and %d runs are %v and %v tall, want the same number of lines", maxLegendEntries, maxLegendEntries+1, a, b)
	}
}

// TestCrowdedFinalPlot: past maxNamedBars runs the final-value plot has a
// fixed width and says why its runs are not named; up to it, each run is
// named and the image grows with them.
func TestCrowdedFinalPlot(t *testing.T) {
	p, width, err := FinalLossPlot(manyRuns(maxNamedBars+1), nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	if width != crowdedWidth || !strings.Contains(p.X.Label.Text, fmt.Sprintf("%d runs in file order", maxNamedBars+1)) {
		t.Errorf("width %v, x label %q", width, p.X.Label.Text)
	}
	_, width, _ = FinalLossPlot(manyRuns(maxNamedBars), nil, "t", false)
	if width <= crowdedWidth {
		t.Errorf("%d named runs in %v", maxNamedBars, width)
	}
	// log_y holds however many bars there are (found by review).
	for _, n := range []int{maxNamedBars, maxNamedBars + 1} {
		p, _, err := FinalLossPlot(manyRuns(n), nil, "t", true)
		if err != nil {
			t.Fatal(err)
		}
		if _, log := p.Y.Scale.(plot.LogScale); !log {
			t.Errorf("%d runs with log_y: a linear axis", n)
		}
	}
}

// TestRunPlotsOnlyForFewRuns: each run has its history_<run>.png up to
// MaxRunPlots runs, and none past it.
func TestRunPlotsOnlyForFewRuns(t *testing.T) {
	for _, c := range []struct{ runs, want int }{{3, 3}, {MaxRunPlots, MaxRunPlots}, {MaxRunPlots + 1, 0}} {
		outs, err := planPlots("x", nil, manyRuns(c.runs), nil)
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, o := range outs {
			if strings.HasPrefix(o.name, "history_") {
				got++
			}
		}
		if got != c.want {
			t.Errorf("%d runs: %d per-run plots, want %d", c.runs, got, c.want)
		}
	}
}
