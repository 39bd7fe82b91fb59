package report

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/nnexp/nnexp/runner"
)

// TestRanksCSV: the paired fixture's runs a, b and c (d is paired with
// none) on test loss, over the five repeats all three finished (repeat 3
// of c was interrupted):
//
//	repeat  a    b    c     ranks a b c
//	0       1    2    1.5   1 3 2
//	1       2    3    2.5   1 3 2
//	2       3    4    2     2 3 1
//	4       5    6    5     1.5 3 1.5
//	5       6    7.5  5     2 3 1
//
// average ranks a 7.5/5 = 1.5, b 3, c 7.5/5 = 1.5; chi2 = 12*5/12 *
// (2.25 + 9 + 2.25 - 12) = 7.5 before the tie correction; repeat 4's tie
// (t = 2, t³ − t = 6) makes the divisor 1 − 6/(5·3·8) = 0.95, so chi2 =
// 7.5/0.95 = 150/19; Nemenyi CD = 2.343*sqrt(12/30).
func TestRanksCSV(t *testing.T) {
	tests := RankTests(pairedFixture())
	if len(tests) != 2 || tests[0].Metric != "test_loss" || tests[1].Metric != "test_accuracy" {
		t.Fatalf("tests %+v, want test loss and accuracy of a, b, c", tests)
	}
	lt := tests[0]
	if strings.Join(lt.Runs, " ") != "a b c" || lt.N != 5 {
		t.Errorf("runs %v over %d problems", lt.Runs, lt.N)
	}
	for i, want := range []float64{1.5, 3, 1.5} {
		if math.Abs(lt.AvgRanks[i]-want) > 1e-12 {
			t.Errorf("run %s average rank %v, want %v", lt.Runs[i], lt.AvgRanks[i], want)
		}
	}
	if chi2 := 150.0 / 19; math.Abs(lt.ChiSq-chi2) > 1e-12 || math.Abs(lt.P-math.Exp(-chi2/2)) > 1e-12 {
		// chi-square with 2 degrees of freedom: P(X > x) = exp(-x/2).
		t.Errorf("chi2 %v p %v, want 150/19 and exp(-75/19)", lt.ChiSq, lt.P)
	}
	if math.Abs(lt.CD-2.343*math.Sqrt(0.4)) > 1e-12 {
		t.Errorf("CD %v", lt.CD)
	}
	var buf bytes.Buffer
	if err := WriteRanksCSV(&buf, pairedFixture()); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(buf.String()), "\n"); len(lines) != 7 || !strings.HasPrefix(lines[1], "1,test_loss,a,1.5,5,7.894736842105264,") || !strings.HasPrefix(lines[4], "1,test_accuracy,a,") {
		t.Errorf("ranks.csv:\n%s", buf.String())
	}
}

// TestCDPlot draws the paired fixture's diagram, and says why when the
// runs are not known to be paired (results read back from the CSVs).
func TestCDPlot(t *testing.T) {
	p, err := CDPlot(pairedFixture(), nil, "t", "test_loss")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(p.X.Label.Text, "average rank on test_loss over 5 paired starts") {
		t.Errorf("x label %q", p.X.Label.Text)
	}
	unpaired := pairedFixture()
	for i := range unpaired {
		unpaired[i].Run = nil
	}
	p, err = CDPlot(unpaired, nil, "t", "")
	if err != nil || !strings.Contains(p.Title.Text, "nothing to rank") {
		t.Errorf("unpaired: %v, title %q", err, p.Title.Text)
	}
}

// Starts that all rank the runs alike give Iman and Davenport's F = +Inf,
// whose p is the exact chance of that outcome, 1/3!^3 for four starts of
// three runs (not 0, the F approximation's limit, nor an empty cell that a
// filter on p < 0.05 would drop).
func TestRanksFullAgreement(t *testing.T) {
	var c []runJobs
	for k, name := range []string{"a", "b", "c"} {
		r := runJobs{name: name}
		for rep := range 4 {
			r.jobs = append(r.jobs, runner.Result{Job: runner.Job{RunName: name, Repeat: rep}, Status: runner.StatusCompleted, TestLoss: float64(10*k + rep)})
		}
		c = append(c, r)
	}
	rt := rankTest(c, "test_loss", func(r runner.Result) float64 { return r.TestLoss })
	if rt.N != 4 || rt.ChiSq != 8 || !math.IsInf(rt.F, 1) || math.Abs(rt.FP-1.0/216) > 1e-17 {
		t.Errorf("n %d, chi2 %v, F %v, p %v; want 4, n(k-1) = 8, +Inf, 1/216", rt.N, rt.ChiSq, rt.F, rt.FP)
	}
}

// A diagram ranks one group of paired runs; when the runs it is given
// hold two (here a, b, c and a copy of them on another model), its title
// says it shows the first, instead of dropping the other unseen.
func TestCDPlotSaysWhichGroup(t *testing.T) {
	results := pairedFixture()
	var copies []runner.Result
	specs := map[string]*runner.Spec{}
	for _, r := range results {
		if r.RunName == "d" {
			continue
		}
		name := r.RunName + "2"
		if specs[name] == nil {
			s := *r.Run
			s.Name = name
			s.Model = &runner.Model{Hidden: []int{7}, ActivationNames: []string{"relu"}}
			specs[name] = &s
		}
		c := r
		c.RunName, c.Run = name, specs[name]
		copies = append(copies, c)
	}
	p, err := CDPlot(append(results, copies...), nil, "t", "test_loss")
	if err != nil {
		t.Fatal(err)
	}
	if want := "(the first of 2 groups of paired runs: a, b, c; list one group in the block's runs)"; !strings.Contains(p.Title.Text, want) {
		t.Errorf("title %q lacks %q", p.Title.Text, want)
	}
	if p, _ = CDPlot(results, nil, "t", "test_loss"); strings.Contains(p.Title.Text, "groups") {
		t.Errorf("one group, title %q", p.Title.Text)
	}
}

// TestCDPlotFromStoredRanks: results read back from the CSVs no longer
// say which runs are paired, so nnexp plot draws the diagram from the
// tests ranks.csv stored, read back exactly, for the runs a block names
// in any order; runs that are not one stored group still say why.
func TestCDPlotFromStoredRanks(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteRanksCSV(&buf, pairedFixture()); err != nil {
		t.Fatal(err)
	}
	stored, err := readRanksCSV(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := RankTests(pairedFixture())
	if len(stored) != len(want) {
		t.Fatalf("%d tests read back, want %d", len(stored), len(want))
	}
	same := func(a, b float64) bool { return a == b || math.IsNaN(a) && math.IsNaN(b) }
	for i, w := range want {
		s := stored[i]
		if s.Metric != w.Metric || s.N != w.N || strings.Join(s.Runs, " ") != strings.Join(w.Runs, " ") ||
			!same(s.ChiSq, w.ChiSq) || !same(s.P, w.P) || !same(s.F, w.F) || !same(s.FP, w.FP) || !same(s.CD, w.CD) {
			t.Errorf("test %d read back as %+v, want %+v", i, s, w)
		}
		for k := range w.AvgRanks {
			if s.AvgRanks[k] != w.AvgRanks[k] {
				t.Errorf("test %d run %s rank %v, want %v", i, w.Runs[k], s.AvgRanks[k], w.AvgRanks[k])
			}
		}
	}
	unpaired := pairedFixture()
	for i := range unpaired {
		unpaired[i].Run = nil
	}
	ran, _ := CDPlot(pairedFixture(), []string{"a", "b", "c"}, "t", "test_loss")
	redrawn, err := cdPlot(unpaired, []string{"c", "a", "b"}, stored, "t", "test_loss")
	if err != nil || redrawn.X.Label.Text != ran.X.Label.Text || redrawn.Title.Text != ran.Title.Text {
		t.Errorf("redrawn %q / %q (%v), want %q / %q", redrawn.Title.Text, redrawn.X.Label.Text, err, ran.Title.Text, ran.X.Label.Text)
	}
	if p, _ := cdPlot(unpaired, []string{"a", "b"}, stored, "t", "test_loss"); !strings.Contains(p.Title.Text, "nothing to rank") {
		t.Errorf("runs a and b are no stored group, title %q", p.Title.Text)
	}
}

// One paired start is no sample: Friedman's p, Iman and Davenport's F and
// its p are empty (NaN), not the chi-square's or F's numbers for a
// statistic fixed by that start's ties.
func TestRanksOfOneStart(t *testing.T) {
	var c []runJobs
	for k, name := range []string{"a", "b", "c"} {
		c = append(c, runJobs{name: name, jobs: []runner.Result{{Job: runner.Job{RunName: name}, Status: runner.StatusCompleted, TestLoss: float64(k)}}})
	}
	rt := rankTest(c, "test_loss", func(r runner.Result) float64 { return r.TestLoss })
	if rt.N != 1 || rt.ChiSq != 2 || !math.IsNaN(rt.P) || !math.IsNaN(rt.F) || !math.IsNaN(rt.FP) {
		t.Errorf("n %d, chi2 %v, p %v, F %v, F's p %v; want 1, 2, and the rest empty", rt.N, rt.ChiSq, rt.P, rt.F, rt.FP)
	}
}
