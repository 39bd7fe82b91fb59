package report

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
	"gonum.org/v1/plot"
)

// labelled is the labelled ticks' values and labels.
func labelled(ticks []plot.Tick) (values []float64, labels []string) {
	for _, t := range ticks {
		if t.Label != "" {
			values = append(values, t.Value)
			labels = append(labels, t.Label)
		}
	}
	return values, labels
}

// checkAxisLabels: at least two labels, all distinct, each reading back as
// its tick's value (within tol, relative to the span between labels), in
// [lo, hi], and one format for the axis: all scientific or none, with one
// number of decimal places.
func checkAxisLabels(t *testing.T, name string, ticks []plot.Tick, lo, hi, tol float64) {
	t.Helper()
	values, labels := labelled(ticks)
	if len(labels) < 2 {
		t.Errorf("%s: labels %q, want at least two", name, labels)
		return
	}
	seen := map[string]bool{}
	places := -1
	sci := slices.ContainsFunc(labels, func(l string) bool { return strings.Contains(l, "e") })
	for i, l := range labels {
		if seen[l] {
			t.Errorf("%s: label %q twice in %q", name, l, labels)
		}
		seen[l] = true
		back, err := strconv.ParseFloat(l, 64)
		if err != nil || math.Abs(back-values[i]) > tol {
			t.Errorf("%s: label %q at %v does not read back as its value", name, l, values[i])
		}
		if values[i] < lo || values[i] > hi {
			t.Errorf("%s: tick %v outside [%v, %v]", name, values[i], lo, hi)
		}
		if strings.Contains(l, "e") != sci && l != "0" {
			t.Errorf("%s: labels %q mix scientific and plain", name, labels)
		}
		mant, _, _ := strings.Cut(l, "e")
		p := 0
		if _, frac, ok := strings.Cut(mant, "."); ok {
			p = len(frac)
		}
		if l == "0" && sci {
			continue // zero is written "0" on a scientific axis
		}
		if places >= 0 && p != places {
			t.Errorf("%s: labels %q have different numbers of places", name, labels)
		}
		places = p
	}
}

func TestLinearTickLabels(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi float64
		want   []string // nil: only the properties
	}{
		{"narrow (iris loss)", 1.041, 1.214, []string{"1.05", "1.10", "1.15", "1.20"}},
		{"huge", 1e61, 2e61, []string{"1.0e61", "1.2e61", "1.4e61", "1.6e61", "1.8e61", "2.0e61"}},
		{"third tick of a huge axis", 0, 3e61, []string{"0", "5.0e60", "1.0e61", "1.5e61", "2.0e61", "2.5e61", "3.0e61"}},
		{"tiny", 1e-9, 3.5e-9, nil},
		{"negative", -3.7, -0.2, []string{"-3", "-2", "-1"}},
		{"across zero", -1, 1, []string{"-1.0", "-0.5", "0.0", "0.5", "1.0"}},
		{"final loss", 0, 2837.4, []string{"0", "500", "1000", "1500", "2000", "2500"}},
		{"narrow far from zero", 1e6, 1e6 + 0.003, nil},
		{"wide", 0, 1e15, nil},
		{"steps", 0, 37, []string{"0", "10", "20", "30"}},
	}
	for _, c := range cases {
		ticks := linearTicks{}.Ticks(c.lo, c.hi)
		values, _ := labelled(ticks)
		gap := math.Inf(1)
		for i := 1; i < len(values); i++ {
			gap = min(gap, values[i]-values[i-1])
		}
		checkAxisLabels(t, c.name, ticks, c.lo, c.hi, gap*1e-3)
		if _, labels := labelled(ticks); c.want != nil && !slices.Equal(labels, c.want) {
			t.Errorf("%s: labels %q, want %q", c.name, labels, c.want)
		}
	}
	// gonum's default labelled 1.5e61 "1e+61"; it must read 1.5e61.
	for _, tk := range (linearTicks{}).Ticks(0, 3e61) {
		if tk.Value == 1.5e61 && tk.Label != "" && tk.Label != "1.5e61" {
			t.Errorf("1.5e61 labelled %q", tk.Label)
		}
	}
}

func TestLogTickLabels(t *testing.T) {
	cases := []struct {
		name   string
		lo, hi float64
	}{
		{"search to adam (reaches 2600)", 2600, 60000},
		{"one decade", 2.2, 9.1},
		{"many decades", 1e-3, 1e9},
		{"huge", 1e59, 1e63},
		{"tiny", 3e-12, 5e-9},
	}
	for _, c := range cases {
		ticks := logTicks{}.Ticks(c.lo, c.hi)
		values, labels := labelled(ticks)
		checkAxisLabels(t, c.name, ticks, c.lo, c.hi, 1e-9*c.hi)
		for i, v := range values {
			back, _ := strconv.ParseFloat(labels[i], 64)
			if math.Abs(back-v) > 1e-9*v {
				t.Errorf("%s: %q at %v", c.name, labels[i], v)
			}
		}
		if len(values) > 0 && values[0] > 1.5*firstTick(ticks) {
			t.Errorf("%s: lowest label %v, the axis starts at %v: the bottom of the data is unlabelled", c.name, values[0], c.lo)
		}
	}
	if _, labels := labelled(logTicks{}.Ticks(2600, 60000)); labels[0] != "3000" {
		t.Errorf("2600-60000: labels %q, want the lowest, 3000, labelled", labels)
	}
}

func firstTick(ticks []plot.Tick) float64 { return ticks[0].Value }

// TestPlotAxesLabelEveryTickOnce draws the history of a loss going from
// 1.214 to 1.041 (iris, hidden [4], Adam lr 0.01, 5 epochs) and the final
// loss bars of a diabetes-sized comparison, and reads the labels of their
// loss axes as a viewer would.
func TestPlotAxesLabelEveryTickOnce(t *testing.T) {
	results := losses("adam", 1.041)
	curve := []float64{1.214, 1.17, 1.128, 1.09, 1.062, 1.041}
	for step, v := range curve {
		results[0].History = append(results[0].History, runner.Record{Stage: 1, Optimizer: "adam", Step: step, TrainLoss: v, TestLoss: nan})
	}
	p, err := HistoryPlot(results, nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	checkAxisLabels(t, "history loss axis", p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max), p.Y.Min, p.Y.Max, 1e-9)

	bars := append(losses("search", 2627, 2711, 2842), losses("adam", 5149, 5682, 6074)...)
	p, _, err = FinalLossPlot(bars, nil, "t", false)
	if err != nil {
		t.Fatal(err)
	}
	checkAxisLabels(t, "final loss axis", p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max), p.Y.Min, p.Y.Max, 1e-9)
}

// TestTicksEndOnHugeAndTinyRanges: ranges where floats are not one apart
// (counting up would never end) or are subnormal still return.
func TestTicksEndOnHugeAndTinyRanges(t *testing.T) {
	for _, r := range [][2]float64{{1e16, 1e16}, {1e16, 1e16 + 4}, {-1e300, -1e300}, {1e-310, 3e-310}, {0, 0}} {
		_ = integerTicks{}.Ticks(r[0], r[1])
		_ = linearTicks{}.Ticks(r[0], r[1])
	}
}
