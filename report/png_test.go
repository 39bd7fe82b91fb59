package report

import (
	"bytes"
	"testing"

	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// The legend goes beside the axes, never over the data.
func TestLegendBesideData(t *testing.T) {
	_, results := fixture()
	p, err := HistoryPlot(results, nil, "title", false)
	if err != nil {
		t.Fatal(err)
	}
	c := draw.New(vgimg.NewWith(vgimg.UseWH(historyWidth, historyHeight), vgimg.UseDPI(dpi)))
	plotArea, legendArea, ok := legendLayout(c, p)
	if !ok {
		t.Fatal("no legend")
	}
	data := p.DataCanvas(plotArea)
	if data.Max.X >= legendArea.Min.X {
		t.Errorf("data area ends at x=%v, legend starts at %v", data.Max.X, legendArea.Min.X)
	}
	if legendArea.Max.X > c.Max.X || legendArea.Min.X < c.Min.X {
		t.Errorf("legend area %v is outside the image %v", legendArea.Rectangle, c.Rectangle)
	}
	if w := p.Legend.Rectangle(c).Size().X; legendArea.Size().X < w {
		t.Errorf("legend column %v narrower than the legend %v", legendArea.Size().X, w)
	}

	// Drawing leaves the plot as it was, so it draws the same again.
	var first, second bytes.Buffer
	if err := writePNG(&first, p, historyWidth, historyHeight); err != nil {
		t.Fatal(err)
	}
	if err := writePNG(&second, p, historyWidth, historyHeight); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), second.Bytes()) {
		t.Error("second drawing of the same plot differs")
	}

	bars, _, err := FinalLossPlot(results, nil, "", false)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, ok := legendLayout(c, bars); ok {
		t.Error("final-loss chart, which has no legend, got a legend column")
	}
}

// A run keeps its colour in a plot that shows only some runs.
func TestRunOrderIsAmongAllRuns(t *testing.T) {
	_, results := fixture()
	groups, err := groupByRun(results, []string{"b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].order != 1 || len(groups[0].results) != 1 {
		t.Errorf("groups %+v, want b as the second run", groups)
	}
}
