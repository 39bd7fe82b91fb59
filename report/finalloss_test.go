package report

import (
	"io"
	"math"
	"slices"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

func losses(run string, values ...float64) []runner.Result {
	var out []runner.Result
	for i, v := range values {
		res := runner.Result{TrainLoss: v, Status: runner.StatusCompleted}
		res.RunName, res.Repeat = run, i
		out = append(out, res)
	}
	return out
}

func TestFinalLossBars(t *testing.T) {
	var results []runner.Result
	results = append(results, losses("two", 1, 2)...)
	results = append(results, losses("one", 0.25)...)
	results = append(results, losses("partial", 4, nan, 8, math.Inf(1))...)
	results = append(results, losses("none", nan, nan)...)
	results = append(results, losses("zero", 0)...)

	for _, logY := range []bool{false, true} {
		p, width, err := FinalLossPlot(results, nil, "t", logY)
		if err != nil {
			t.Fatal(err)
		}
		bars, names, err := newFinalBars(results, nil, logY)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"two", "one", "partial", "none", "zero"}; !slices.Equal(names, want) {
			t.Errorf("bars %q, want %q", names, want)
		}
		want := []struct {
			n            int
			mean, lo, hi float64
			label        string
		}{
			{2, 1.5, 1, 2, "1.5 (n=2)"},
			{1, 0.25, 0.25, 0.25, "0.25"},
			{2, 6, 4, 8, "6 (n=2 of 4)"},
			{0, nan, nan, nan, "no finite loss"},
			{1, 0, 0, 0, "0"},
		}
		if logY {
			want[4] = want[3]
			want[4].label = "no loss > 0"
		}
		for i, w := range want {
			b := bars.bars[i]
			same := func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) }
			if b.n != w.n || !same(b.mean, w.mean) || !same(b.lo, w.lo) || !same(b.hi, w.hi) || b.label != w.label {
				t.Errorf("logY=%v bar %d = {n=%d mean=%v lo=%v hi=%v %q}, want %+v", logY, i, b.n, b.mean, b.lo, b.hi, b.label, w)
			}
		}
		if err := writePNG(io.Discard, p, width, historyHeight); err != nil {
			t.Errorf("logY=%v: %v", logY, err)
		}
		_, _, ymin, ymax := bars.DataRange()
		if wantMin := map[bool]float64{false: 0, true: 0.1}[logY]; ymin != wantMin || ymax != 8 {
			t.Errorf("logY=%v y range [%v, %v], want [%v, 8]", logY, ymin, ymax, wantMin)
		}
	}
}

// With no value at all, in every run, the chart is still drawn.
func TestFinalLossAllNaN(t *testing.T) {
	results := append(losses("x", nan), losses("y", nan, math.Inf(-1))...)
	for _, logY := range []bool{false, true} {
		p, width, err := FinalLossPlot(results, nil, "all NaN", logY)
		if err != nil {
			t.Fatal(err)
		}
		if err := writePNG(io.Discard, p, width, historyHeight); err != nil {
			t.Errorf("logY=%v: %v", logY, err)
		}
	}
	if _, _, err := FinalLossPlot(results, []string{"missing"}, "", false); err == nil {
		t.Error("no error for a run without results")
	}
}

func TestFinalLossWidthGrowsWithBars(t *testing.T) {
	var few, many []runner.Result
	for i := range 3 {
		few = append(few, losses(string(rune('a'+i)), 1)...)
	}
	for i := range 12 {
		many = append(many, losses(string(rune('a'+i)), 1)...)
	}
	_, wFew, _ := FinalLossPlot(few, nil, "", false)
	_, wMany, _ := FinalLossPlot(many, nil, "", false)
	if wMany <= wFew || wMany < 12*72 {
		t.Errorf("width %v for 12 bars, %v for 3: want room of an inch a bar", wMany, wFew)
	}
}

func TestFormatLoss(t *testing.T) {
	for v, want := range map[float64]string{
		2893.47:   "2893",
		0.0123449: "0.01234",
		1.5:       "1.5",
		1.23e-7:   "1.23e-07",
		4.5e8:     "4.5e+08",
	} {
		if got := formatLoss(v); got != want {
			t.Errorf("formatLoss(%v) = %q, want %q", v, got, want)
		}
	}
}

// Two losses near the float64 maximum summed to +Inf, and the plot library
// looped forever on the resulting axis; the mean must stay finite.
func TestFinalLossNearFloatMax(t *testing.T) {
	results := losses("huge", 1e308, 1.5e308)
	p, width, err := FinalLossPlot(results, nil, "huge", false)
	if err != nil {
		t.Fatal(err)
	}
	bars, _, err := newFinalBars(results, nil, false)
	if err != nil || bars.bars[0].mean != 1.25e308 {
		t.Errorf("mean %v (%v), want 1.25e308", bars.bars[0].mean, err)
	}
	if err := writePNG(io.Discard, p, width, historyHeight); err != nil {
		t.Fatal(err)
	}
}
